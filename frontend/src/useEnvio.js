import { useCallback, useState } from 'react';
import { parseApiError } from './api/errors';

/**
 * One form submission: `enviar(accion)` clears the banners, runs `accion()` (which returns the success
 * message, or nothing), and shows the API's error otherwise. Returns {enviar, sending, error, setError,
 * aviso, setAviso}.
 */
export default function useEnvio() {
  const [error, setError] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [sending, setSending] = useState(false);

  const enviar = useCallback(async (accion) => {
    setSending(true);
    setError(null);
    setAviso(null);
    try {
      const mensaje = await accion();
      if (mensaje) setAviso(mensaje);
    } catch (err) {
      setError(parseApiError(err));
    } finally {
      setSending(false);
    }
  }, []);

  return { enviar, sending, error, setError, aviso, setAviso };
}
