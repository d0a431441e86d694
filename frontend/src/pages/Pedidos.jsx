import { useState } from 'react';
import { Link } from 'react-router-dom';
import api from '../api/client';
import { rechazo } from '../api/errors';
import Amounts from '../components/Amounts';
import Empty from '../components/Empty';
import ErrorBanner from '../components/ErrorBanner';
import EstadoBadge from '../components/EstadoBadge';
import Field from '../components/Field';
import Loading from '../components/Loading';
import Pagination from '../components/Pagination';
import PagosVenta from './PagosVenta';
import { useToast } from '../components/Toast';
import { Historial, VentaLines } from '../components/VentaLines';
import { formatDateTime } from '../format';
import useApi from '../useApi';
import useDocumentTitle from '../useDocumentTitle';
import useEnvio, { errorDeCampo } from '../useEnvio';

const PAGE_SIZE = 10;

function Stars({ value }) {
  const n = Number(value) || 0;
  return (
    <span className="stars" aria-label={`${n} de 5 estrellas`}>
      {'★'.repeat(n)}
      <span className="stars-off">{'★'.repeat(Math.max(0, 5 - n))}</span>
    </span>
  );
}

function RatingForm({ venta, onDone }) {
  const [calificacion, setCalificacion] = useState('');
  const [comentario, setComentario] = useState('');
  const { enviar, sending, error, setError } = useEnvio();

  function submit(e) {
    e.preventDefault();
    enviar(async () => (await api.post('/ventas/calificaciones/', { venta: venta.id, calificacion: Number(calificacion), comentario })).data, {
      validar: () => !calificacion && errorDeCampo('calificacion', 'Elige de 1 a 5 estrellas.'),
      alTerminar: onDone,
    });
  }

  const errs = error?.fields?.calificacion || [];
  return (
    <form className="rating-form" onSubmit={submit} aria-label={`Calificar pedido ${venta.id}`}>
      <ErrorBanner error={error} />
      <fieldset className="stars-input" aria-invalid={errs.length ? 'true' : undefined}>
        <legend>Calificación del pedido #{venta.id}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={Number(calificacion) >= n ? 'on' : ''}>
            <input
              type="radio"
              name={`calificacion-${venta.id}`}
              value={n}
              checked={Number(calificacion) === n}
              onChange={() => {
                setCalificacion(String(n));
                // The "choose 1 to 5 stars" reminder goes once a star is chosen.
                setError((e) => (e?.fields?.calificacion ? null : e));
              }}
            />
            <span aria-hidden="true">★</span>
            <span className="sr-only">
              {n} {n === 1 ? 'estrella' : 'estrellas'}
            </span>
          </label>
        ))}
        {errs.length > 0 && <p className="field-errors">{errs.join(' ')}</p>}
      </fieldset>
      <Field label="Comentario" name="comentario" type="textarea" value={comentario} onChange={setComentario} errors={error?.fields} rows={2} />
      <button type="submit" disabled={sending}>
        Enviar calificación
      </button>
    </form>
  );
}

export default function Pedidos() {
  useDocumentTitle('Mis pedidos');
  const [page, setPage] = useState(1);
  const { data, loading, error: loadError, reload } = useApi('/ventas/', { page, page_size: PAGE_SIZE });
  const toast = useToast();
  const [rated, setRated] = useState({});

  async function cancel(venta) {
    if (!window.confirm(`¿Cancelar el pedido #${venta.id}? Se devolverán sus productos al stock.`)) return;
    try {
      await api.post(`/ventas/${venta.id}/estado/`, { estado: 'CANCELADA' });
      toast.ok(`Pedido #${venta.id} cancelado.`);
      reload();
    } catch (err) {
      toast.error(rechazo(err, `el pedido #${venta.id}`, `No se ha cancelado el pedido #${venta.id}.`));
    }
  }

  const ventas = data?.results || [];
  return (
    <section className="page">
      <h1>Mis pedidos</h1>
      <ErrorBanner error={loadError} />
      {loading && !data && <Loading text="Cargando pedidos…" />}
      {data && ventas.length === 0 && (
        <Empty>
          Aún no has hecho ningún pedido. <Link to="/">Ver el catálogo</Link>
        </Empty>
      )}
      <ul className="orders">
        {ventas.map((v) => {
          const calificacion = v.calificacion || rated[v.id];
          return (
            <li key={v.id} className="card order" aria-labelledby={`pedido-${v.id}`}>
              <header className="order-head">
                <h2 id={`pedido-${v.id}`}>Pedido #{v.id}</h2>
                <EstadoBadge estado={v.estado} />
                <span className="muted">{formatDateTime(v.fecha)}</span>
              </header>
              <VentaLines detalles={v.detalles} />
              <Amounts data={v} label={`Importes del pedido ${v.id}`} />
              <Historial historial={v.historial} />
              <PagosVenta venta={v} comprador />
              {v.estado === 'PENDIENTE' && (
                <button type="button" className="danger" onClick={() => cancel(v)}>
                  Cancelar pedido
                </button>
              )}
              {calificacion ? (
                <p className="rating">
                  Tu calificación: <Stars value={calificacion.calificacion} /> {calificacion.comentario && <q>{calificacion.comentario}</q>}
                </p>
              ) : (
                v.estado !== 'CANCELADA' && (
                  <RatingForm
                    venta={v}
                    onDone={(c) => {
                      setRated((r) => ({ ...r, [v.id]: c }));
                      toast.ok(`Gracias por calificar el pedido #${v.id}.`);
                    }}
                  />
                )
              )}
            </li>
          );
        })}
      </ul>
      {data && <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={setPage} />}
    </section>
  );
}
