import { useAuth } from '../../auth/AuthContext';
import CrudPage from '../../components/CrudPage';
import { ROLES } from '../../format';

// The API refuses (409) to delete your own account and to delete, demote or deactivate the last
// active administrator; its message says why and the page shows it in the toast or the form.
const AVISO_ADMIN = 'La tienda necesita siempre un administrador activo, y nadie puede eliminar su propia cuenta.';

export default function Usuarios() {
  const { user } = useAuth();
  return (
    <CrudPage
      title="Usuarios"
      singular="usuario"
      endpoint="/usuarios/"
      itemLabel={(u) => u.username}
      initial={{ username: '', email: '', rol: 'CLIENT', is_active: true, password: '' }}
      toForm={(u) => ({ username: u.username, email: u.email || '', rol: u.rol, is_active: u.is_active !== false, password: '' })}
      toBody={(f) => {
        const body = { username: f.username, email: f.email, rol: f.rol, is_active: Boolean(f.is_active) };
        if (f.password) body.password = f.password;
        return body;
      }}
      fields={[
        { name: 'username', label: 'Usuario', required: true, autoComplete: 'off' },
        { name: 'email', label: 'Correo electrónico', type: 'email' },
        { name: 'rol', label: 'Rol', type: 'select', options: Object.entries(ROLES).map(([value, label]) => ({ value, label })), hint: AVISO_ADMIN },
        { name: 'password', label: 'Contraseña', type: 'password', autoComplete: 'new-password', hint: 'Déjala vacía para no cambiarla.' },
        { name: 'is_active', label: 'Activo', type: 'checkbox' },
      ]}
      columns={[
        { label: 'Usuario', render: (u) => (u.id === user?.id ? `${u.username} (tú)` : u.username) },
        { label: 'Correo', render: (u) => u.email || '—' },
        { label: 'Rol', render: (u) => ROLES[u.rol] || u.rol },
        { label: 'Activo', render: (u) => (u.is_active === false ? 'No' : 'Sí') },
      ]}
    />
  );
}
