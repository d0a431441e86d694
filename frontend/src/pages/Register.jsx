import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import api from '../api/client';
import { useAuth } from '../auth/AuthContext';
import ErrorBanner from '../components/ErrorBanner';
import Field from '../components/Field';
import { useToast } from '../components/Toast';
import useDocumentTitle from '../useDocumentTitle';
import useEnvio, { errorDeCampo } from '../useEnvio';

export default function Register() {
  useDocumentTitle('Crear cuenta');
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const toast = useToast();
  const [form, setForm] = useState({ username: '', email: '', password: '', password2: '' });
  const { enviar, sending, error } = useEnvio();
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));

  if (user && !sending) return <Navigate to="/" replace />;

  function submit(e) {
    e.preventDefault();
    enviar(
      () =>
        api.post(
          '/register/',
          { username: form.username, email: form.email, password: form.password },
          { skipAuth: true, skipAuthRefresh: true },
        ),
      {
        validar: () => form.password !== form.password2 && errorDeCampo('password2', 'Las contraseñas no coinciden.'),
        // The account exists: enter with it, or say so on the login page if that fails.
        alTerminar: () =>
          login(form.username, form.password).then(
            () => navigate('/', { replace: true }),
            () => {
              toast.ok('Cuenta creada. Ya puedes entrar.', { siguientePagina: true });
              navigate('/login', { replace: true });
            },
          ),
      },
    );
  }

  return (
    <section className="page narrow">
      <h1>Crear cuenta</h1>
      <ErrorBanner error={error} />
      <form onSubmit={submit} className="card form" noValidate>
        <Field label="Usuario" name="username" value={form.username} onChange={set('username')} errors={error?.fields} autoComplete="username" required />
        <Field label="Correo electrónico" name="email" type="email" value={form.email} onChange={set('email')} errors={error?.fields} autoComplete="email" required />
        <Field label="Contraseña" name="password" type="password" value={form.password} onChange={set('password')} errors={error?.fields} autoComplete="new-password" required />
        <Field label="Repite la contraseña" name="password2" type="password" value={form.password2} onChange={set('password2')} errors={error?.fields} autoComplete="new-password" required />
        <button type="submit" className="primary" disabled={sending}>
          {sending ? 'Creando…' : 'Crear cuenta'}
        </button>
      </form>
      <p>
        ¿Ya tienes cuenta? <Link to="/login">Iniciar sesión</Link>
      </p>
    </section>
  );
}
