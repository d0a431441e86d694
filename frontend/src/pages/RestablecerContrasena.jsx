import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import api from '../api/client';
import { parseApiError } from '../api/errors';
import ErrorBanner, { SuccessBanner } from '../components/ErrorBanner';
import Field from '../components/Field';
import useDocumentTitle from '../useDocumentTitle';

export default function RestablecerContrasena() {
  useDocumentTitle('Nueva contraseña');
  const [params] = useSearchParams();
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [hecho, setHecho] = useState(null);
  const [sending, setSending] = useState(false);

  async function submit(e) {
    e.preventDefault();
    setSending(true);
    setError(null);
    try {
      const { data } = await api.post('/password-reset/confirm/', {
        uid: params.get('uid') || '',
        token: params.get('token') || '',
        password,
      });
      setHecho(data.mensaje);
    } catch (err) {
      setError(parseApiError(err));
    } finally {
      setSending(false);
    }
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
