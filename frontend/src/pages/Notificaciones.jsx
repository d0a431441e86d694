import { useState } from 'react';
import { Link } from 'react-router-dom';
import api from '../api/client';
import { parseApiError } from '../api/errors';
import ErrorBanner from '../components/ErrorBanner';
import Loading from '../components/Loading';
import { formatDateTime } from '../format';
import useApi from '../useApi';
import useDocumentTitle from '../useDocumentTitle';

/** Where a notification leads: the buyer's order or, for staff, the inventory row. */
export function enlaceDe(n) {
  // The low-stock view of the inventory, where the product's row is flagged.
  if (n.tipo === 'stock_bajo') return '/gestion/inventario?stock_bajo=true';
  if (n.datos?.venta) return `/pedidos?venta=${n.datos.venta}`;
  return null;
}

export default function Notificaciones() {
  useDocumentTitle('Notificaciones');
  const [soloNoLeidas, setSoloNoLeidas] = useState(false);
  const { data, loading, error, reload } = useApi('/notificaciones/', { no_leidas: soloNoLeidas });
  const [accionError, setAccionError] = useState(null);

  async function marcar(n) {
    try {
      await api.post(`/notificaciones/${n.id}/leida/`, {});
      reload();
      window.dispatchEvent(new Event('notificaciones-cambio'));
    } catch (err) {
      setAccionError(parseApiError(err));
    }
  }

  async function leerTodas() {
    try {
      await api.post('/notificaciones/leer-todas/', {});
      reload();
      window.dispatchEvent(new Event('notificaciones-cambio'));
    } catch (err) {
      setAccionError(parseApiError(err));
    }
  }

  const lista = data?.results || [];
  return (
    <section className="page">
      <h1>Notificaciones</h1>
      <ErrorBanner error={error || accionError} />
      <p>
        <label>
          <input type="checkbox" checked={soloNoLeidas} onChange={(e) => setSoloNoLeidas(e.target.checked)} /> Solo las
          no leídas
        </label>{' '}
        <button type="button" onClick={leerTodas}>
          Marcar todas como leídas
        </button>
      </p>
      {loading && <Loading />}
      {!loading && lista.length === 0 && <p>No tienes notificaciones.</p>}
      <ul className="notificaciones" data-testid="notificaciones">
        {lista.map((n) => {
          const enlace = enlaceDe(n);
          return (
            <li key={n.id} className={`card ${n.leida ? 'leida' : 'no-leida'}`}>
              <strong>{n.titulo}</strong> <small>{formatDateTime(n.fecha)}</small>
              <p>{n.mensaje}</p>
              {enlace && <Link to={enlace}>Ver</Link>}{' '}
              {!n.leida && (
                <button type="button" onClick={() => marcar(n)}>
                  Marcar como leída
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
