import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import api from '../api/client';
import ErrorBanner, { SuccessBanner } from '../components/ErrorBanner';
import Field from '../components/Field';
import useDocumentTitle from '../useDocumentTitle';
import useEnvio from '../useEnvio';

export default function RestablecerContrasena() {
  useDocumentTitle('Nueva contraseña');
  const [params] = useSearchParams();
  const [password, setPassword] = useState('');
  const { enviar, sending, error, aviso: hecho } = useEnvio();

  function submit(e) {
    e.preventDefault();
    enviar(async () => {
      const cuerpo = { uid: params.get('uid') || '', token: params.get('token') || '', password };
      return (await api.post('/password-reset/confirm/', cuerpo)).data.mensaje;
    });
  }

  return (
    <section className="page narrow">
      <h1>Elige una contraseña nueva</h1>
      <SuccessBanner>{hecho}</SuccessBanner>
      <ErrorBanner error={error} />
      {hecho ? (
        <Link to="/login">Iniciar sesión</Link>
      ) : (
        <form className="card form" onSubmit={submit} noValidate>
          <Field label="Contraseña nueva" name="password" type="password" value={password} onChange={setPassword} errors={error?.fields} autoComplete="new-password" />
          <button type="submit" disabled={sending}>
            Guardar contraseña
          </button>
        </form>
      )}
    </section>
  );
}
