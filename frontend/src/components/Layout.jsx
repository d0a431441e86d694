import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { ROLES } from '../format';
import { menuFor } from '../routes';
import { useCartCount } from '../cart';
import NotificationBell from './NotificationBell';

export { menuFor };

export default function Layout() {
  const { user, logout } = useAuth();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const { count } = useCartCount();
  const toggleRef = useRef(null);

  useEffect(() => setOpen(false), [location.pathname]);

  // Escape closes the phone menu and gives the focus back to its button.
  useEffect(() => {
    if (!open) return undefined;
    const onKey = (e) => {
      if (e.key === 'Escape') {
        setOpen(false);
        toggleRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

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
            ref={toggleRef}
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
                    {item.to === '/carrito' && count > 0 && (
                      <span className="cart-count" data-testid="cart-count">
                        {' '}
                        {count}
                        <span className="sr-only"> {count === 1 ? 'unidad' : 'unidades'}</span>
                      </span>
                    )}
                  </NavLink>
                </li>
              ))}
            </ul>
            {user && (
              <div className="session">
                <NotificationBell />
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
