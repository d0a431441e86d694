import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { isStaff, useAuth } from '../auth/AuthContext';
import { ROLES } from '../format';

export function menuFor(user) {
  if (!user) {
    return [
      { to: '/login', label: 'Iniciar sesión' },
      { to: '/registro', label: 'Crear cuenta' },
    ];
  }
  const items = [{ to: '/', label: 'Catálogo', end: true }];
  if (user.rol === 'CLIENT') {
    items.push({ to: '/carrito', label: 'Carrito' }, { to: '/pedidos', label: 'Mis pedidos' });
  }
  if (isStaff(user)) {
    items.push(
      { to: '/gestion/productos', label: 'Productos' },
      { to: '/gestion/categorias', label: 'Categorías' },
      { to: '/gestion/proveedores', label: 'Proveedores' },
      { to: '/gestion/inventario', label: 'Inventario' },
      { to: '/gestion/movimientos', label: 'Movimientos' },
      { to: '/gestion/ventas', label: 'Ventas' },
      { to: '/gestion/cupones', label: 'Cupones' },
    );
  }
  if (user.rol === 'ADMIN') {
    items.push({ to: '/gestion/usuarios', label: 'Usuarios' }, { to: '/gestion/reportes', label: 'Reportes' });
  }
  items.push({ to: '/perfil', label: 'Mi perfil' });
  return items;
}

export default function Layout() {
  const { user, logout } = useAuth();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();

  useEffect(() => setOpen(false), [location.pathname]);

  async function handleLogout() {
    await logout();
    navigate('/login');
  }

  return (
    <>
      <a className="skip-link" href="#contenido">
        Saltar al contenido
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <NavLink to="/" className="brand">
            Tienda
          </NavLink>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={open}
            aria-controls="menu-principal"
            onClick={() => setOpen((o) => !o)}
          >
            Menú
          </button>
          <nav id="menu-principal" aria-label="Principal" className={open ? 'open' : ''}>
            <ul>
              {menuFor(user).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
            {user && (
              <div className="session">
                <span className="who">
                  {user.username} <small>({ROLES[user.rol] || user.rol})</small>
                </span>
                <button type="button" onClick={handleLogout}>
                  Cerrar sesión
                </button>
              </div>
            )}
          </nav>
        </div>
      </header>
      <main id="contenido" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
