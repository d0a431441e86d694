import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import api from '../api/client';
import { useAuth } from '../auth/AuthContext';
import useEnvio, { errorDeCampo } from '../useEnvio';
import ErrorBanner from './ErrorBanner';
import Field from './Field';
import { useToast } from './Toast';

const EMPTY = { password_actual: '', password_nuevo: '', password_repetida: '' };

/** "Mi perfil": change your own password (POST /api/me/password/); every session then ends. */
export default function CambioPassword() {
  const { logout } = useAuth();
  const navigate = useNavigate();
  const toast = useToast();
  const [form, setForm] = useState(EMPTY);
  const { enviar, sending, error } = useEnvio();
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));

  function submit(e) {
    e.preventDefault();
    enviar(async () => (await api.post('/me/password/', { password_actual: form.password_actual, password_nuevo: form.password_nuevo })).data.mensaje, {
      validar: () => form.password_nuevo !== form.password_repetida && errorDeCampo('password_repetida', 'Las dos contraseñas nuevas no coinciden.'),
      alTerminar: async (mensaje) => {
        // Said on the login page, whether this navigation or the guard of /perfil takes the person there.
        toast.ok(mensaje, { siguientePagina: true });
        await logout();
        navigate('/login', { replace: true });
      },
    });
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="cambio-password">
      <h2 id="cambio-password">Cambiar contraseña</h2>
      <ErrorBanner error={error} />
      <Field label="Contraseña actual" name="password_actual" type="password" value={form.password_actual} onChange={set('password_actual')} errors={error?.fields} autoComplete="current-password" required />
      <Field label="Contraseña nueva" name="password_nuevo" type="password" value={form.password_nuevo} onChange={set('password_nuevo')} errors={error?.fields} autoComplete="new-password" required />
      <Field label="Repite la contraseña nueva" name="password_repetida" type="password" value={form.password_repetida} onChange={set('password_repetida')} errors={error?.fields} autoComplete="new-password" required hint="Al cambiarla se cierran todas tus sesiones y vuelves a entrar con la nueva." />
      <button type="submit" className="primary" disabled={sending}>
        Cambiar contraseña
      </button>
    </form>
  );
}
