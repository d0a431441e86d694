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

  return (
    <NavLink to="/notificaciones" className="bell" data-testid="campana">
      <span aria-hidden="true">🔔</span>
      <span className="sr-only">Notificaciones</span>
      {noLeidas > 0 && (
        <span className="cart-count" data-testid="no-leidas">
          {' '}
          {noLeidas}
          <span className="sr-only"> sin leer</span>
        </span>
      )}
    </NavLink>
  );
}
