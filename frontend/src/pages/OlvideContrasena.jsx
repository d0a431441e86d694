import { useState } from 'react';
import api from '../api/client';
import ErrorBanner, { SuccessBanner } from '../components/ErrorBanner';
import Field from '../components/Field';
import useDocumentTitle from '../useDocumentTitle';
import useEnvio from '../useEnvio';

export default function OlvideContrasena() {
  useDocumentTitle('Recuperar contraseña');
  const [email, setEmail] = useState('');
  const { enviar, sending, error, aviso } = useEnvio();

  function submit(e) {
    e.preventDefault();
    enviar(async () => (await api.post('/password-reset/', { email })).data.mensaje);
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
