import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import ErrorBanner from '../components/ErrorBanner';
import Field from '../components/Field';
import useDocumentTitle from '../useDocumentTitle';
import useEnvio from '../useEnvio';

export default function Login() {
  useDocumentTitle('Iniciar sesión');
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { enviar, sending, error } = useEnvio();

  const destino = location.state?.from || '/';
  if (user && !sending) return <Navigate to={destino} replace />;

  function submit(e) {
    e.preventDefault();
    enviar(() => login(username, password), { alTerminar: () => navigate(destino, { replace: true }) });
  }

  return (
    <section className="page narrow">
      <h1>Iniciar sesión</h1>
      <ErrorBanner error={error} />
      <form onSubmit={submit} className="card form" noValidate>
        <Field label="Usuario" name="username" value={username} onChange={setUsername} errors={error?.fields} autoComplete="username" required />
        <Field label="Contraseña" name="password" type="password" value={password} onChange={setPassword} errors={error?.fields} autoComplete="current-password" required />
        <button type="submit" className="primary" disabled={sending}>
          {sending ? 'Entrando…' : 'Entrar'}
        </button>
      </form>
      <p>
        ¿No tienes cuenta? <Link to="/registro">Crear cuenta</Link> · <Link to="/olvide-contrasena">¿Olvidaste tu contraseña?</Link>
      </p>
    </section>
  );
}
