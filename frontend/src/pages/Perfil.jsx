import { useEffect, useState } from 'react';
import api from '../api/client';
import { parseApiError } from '../api/errors';
import { useAuth } from '../auth/AuthContext';
import CambioPassword from '../components/CambioPassword';
import ErrorBanner, { SuccessBanner } from '../components/ErrorBanner';
import Field from '../components/Field';
import Loading from '../components/Loading';
import { ROLES } from '../format';
import useDocumentTitle from '../useDocumentTitle';
import useEnvio from '../useEnvio';

export default function Perfil() {
  useDocumentTitle('Mi perfil');
  const { setUser } = useAuth();
  const [me, setMe] = useState(null);
  const [form, setForm] = useState({ email: '', first_name: '', last_name: '', notificaciones_email: true });
  const { enviar, sending, error, setError, aviso } = useEnvio();
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));

  useEffect(() => {
    api
      .get('/me/')
      .then(({ data }) => {
        setMe(data);
        setForm({
          email: data.email || '',
          first_name: data.first_name || '',
          last_name: data.last_name || '',
          notificaciones_email: data.notificaciones_email !== false,
        });
      })
      .catch((err) => setError(parseApiError(err)));
  }, []);

  function submit(e) {
    e.preventDefault();
    enviar(async () => {
      const { data } = await api.patch('/me/', form);
      setMe(data);
      setUser((u) => ({ ...u, ...data }));
      return 'Perfil actualizado.';
    });
  }

  return (
    <section className="page narrow">
      <h1>Mi perfil</h1>
      <SuccessBanner>{aviso}</SuccessBanner>
      <ErrorBanner error={error} />
      {!me && !error && <Loading />}
      {me && (
        <form className="card form" onSubmit={submit} noValidate>
          <p>
            Usuario: <strong>{me.username}</strong> · Rol: <strong>{ROLES[me.rol] || me.rol}</strong>
          </p>
          <Field label="Correo electrónico" name="email" type="email" value={form.email} onChange={set('email')} errors={error?.fields} autoComplete="email" />
          <Field label="Nombre" name="first_name" value={form.first_name} onChange={set('first_name')} errors={error?.fields} autoComplete="given-name" />
          <Field label="Apellidos" name="last_name" value={form.last_name} onChange={set('last_name')} errors={error?.fields} autoComplete="family-name" />
          <label>
            <input
              type="checkbox"
              name="notificaciones_email"
              checked={form.notificaciones_email}
              onChange={(e) => set('notificaciones_email')(e.target.checked)}
            />{' '}
            Recibir las notificaciones también por email
          </label>
          <button type="submit" className="primary" disabled={sending}>
            Guardar cambios
          </button>
        </form>
      )}
      {me && <CambioPassword />}
    </section>
  );
}
