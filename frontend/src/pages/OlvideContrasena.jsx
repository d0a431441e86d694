import { useState } from 'react';
import api from '../api/client';
import { parseApiError } from '../api/errors';
import ErrorBanner, { SuccessBanner } from '../components/ErrorBanner';
import Field from '../components/Field';
import useDocumentTitle from '../useDocumentTitle';

export default function OlvideContrasena() {
  useDocumentTitle('Recuperar contraseña');
  const [email, setEmail] = useState('');
  const [error, setError] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [sending, setSending] = useState(false);

  async function submit(e) {
    e.preventDefault();
    setSending(true);
    setError(null);
    try {
      const { data } = await api.post('/password-reset/', { email });
      setAviso(data.mensaje);
    } catch (err) {
      setError(parseApiError(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="page narrow">
      <h1>¿Olvidaste tu contraseña?</h1>
      <SuccessBanner>{aviso}</SuccessBanner>
      <ErrorBanner error={error} />
      <form className="card form" onSubmit={submit} noValidate>
        <Field label="Correo electrónico" name="email" type="email" value={email} onChange={setEmail} errors={error?.fields} autoComplete="email" />
        <button type="submit" disabled={sending}>
          Enviarme un enlace
        </button>
      </form>
    </section>
  );
}
