import { useCallback, useState } from 'react';
import { etiqueta, parseApiError } from './api/errors';

/** A form's own refusal of one field, worded like the API's: "Cantidad: Escribe un número entero." */
export function errorDeCampo(campo, mensaje, nombre = etiqueta(campo)) {
  return { message: `${nombre}: ${mensaje}`, fields: { [campo]: [mensaje] } };
}

/**
 * One form submission, the one way every form sends. `enviar(accion, {validar, alTerminar})` clears the
 * banners; `validar()` may return an error to show instead of sending (e.g. `errorDeCampo(...)`); then
 * `accion()` sends and returns the success message, shown as `aviso`. With `alTerminar(resultado)`, the
 * result of `accion` goes there instead and the form is done (it navigates away or closes): `sending`
 * stays true so it cannot be sent twice on its way out. An error of `accion` or `alTerminar` is shown
 * as the API's. Returns {enviar, sending, error, setError, aviso}.
 */
export default function useEnvio() {
  const [error, setError] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [sending, setSending] = useState(false);

  const enviar = useCallback(async (accion, { validar, alTerminar } = {}) => {
    setError(null);
    setAviso(null);
    const invalido = validar?.();
    if (invalido) {
      setError(invalido);
      return;
    }
    setSending(true);
    try {
      const resultado = await accion();
      if (alTerminar) {
        await alTerminar(resultado);
        return;
      }
      if (resultado) setAviso(resultado);
    } catch (err) {
      setError(parseApiError(err));
    }
    setSending(false);
  }, []);

  return { enviar, sending, error, setError, aviso };
}
