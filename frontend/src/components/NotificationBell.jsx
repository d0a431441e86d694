import { useEffect, useState } from 'react';
import { NavLink } from 'react-router-dom';
import api from '../api/client';

const INTERVALO_MS = 30000;

/** The header bell: unread count, polled every 30 s and refreshed when a page marks some read. */
export default function NotificationBell() {
  const [noLeidas, setNoLeidas] = useState(0);

  useEffect(() => {
    let vivo = true;
    const cargar = () =>
      api
        .get('/notificaciones/resumen/')
        .then(({ data }) => vivo && setNoLeidas(data.no_leidas))
        .catch(() => {});
    cargar();
    const id = setInterval(cargar, INTERVALO_MS);
    window.addEventListener('notificaciones-cambio', cargar);
    return () => {
      vivo = false;
      clearInterval(id);
      window.removeEventListener('notificaciones-cambio', cargar);
    };
  }, []);

  const etiqueta = noLeidas > 0 ? `Notificaciones: ${noLeidas} sin leer` : 'Notificaciones';
  return (
    <NavLink to="/notificaciones" className="bell" data-testid="campana" aria-label={etiqueta} title={etiqueta}>
      {/* An inline icon: the bell emoji is an empty box on systems without a colour emoji font. */}
      <svg className="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path
          d="M12 2a1 1 0 0 1 1 1v1.07A7 7 0 0 1 19 11v3.59l1.7 1.7A1 1 0 0 1 20 18H4a1 1 0 0 1-.7-1.7L5 14.58V11a7 7 0 0 1 6-6.93V3a1 1 0 0 1 1-1zm-2 17h4a2 2 0 0 1-4 0z"
          fill="currentColor"
        />
      </svg>
      {noLeidas > 0 && (
        <span className="cart-count" data-testid="no-leidas" aria-hidden="true">
          {' '}
          {noLeidas}
        </span>
      )}
    </NavLink>
  );
}
