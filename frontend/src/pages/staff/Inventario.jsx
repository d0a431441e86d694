import { useState } from 'react';
import { Link } from 'react-router-dom';
import api from '../../api/client';
import { parseApiError } from '../../api/errors';
import Empty from '../../components/Empty';
import ErrorBanner, { SuccessBanner } from '../../components/ErrorBanner';
import Field from '../../components/Field';
import Loading from '../../components/Loading';
import Pagination from '../../components/Pagination';
import { formatDateTime } from '../../format';
import useApi from '../../useApi';
import useDocumentTitle from '../../useDocumentTitle';

const PAGE_SIZE = 50;

export const isLow = (row) => row.stock_minimo != null && Number(row.cantidad) <= Number(row.stock_minimo);

function AdjustForm({ row, onSaved, onCancel }) {
  const [cantidad, setCantidad] = useState(String(row.cantidad));
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);

  async function submit(e) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const { data } = await api.patch(`/inventario/${row.id}/`, { cantidad: Number(cantidad) });
      onSaved(data);
    } catch (err) {
      setError(parseApiError(err));
      setSaving(false);
    }
  }

  return (
    <form className="inline-form adjust" onSubmit={submit} aria-label={`Ajustar stock de ${row.producto_nombre}`}>
      <ErrorBanner error={error} />
      <Field label="Nueva cantidad" name="cantidad" type="number" min="0" step="1" value={cantidad} onChange={setCantidad} errors={error?.fields} autoFocus />
      <button type="submit" className="primary" disabled={saving}>
        Guardar
      </button>
      <button type="button" onClick={onCancel}>
        Cancelar
      </button>
    </form>
  );
}

export default function Inventario() {
  useDocumentTitle('Inventario');
  const [page, setPage] = useState(1);
  const [soloBajo, setSoloBajo] = useState(false);
  const { data, loading, error, reload } = useApi('/inventario/', { page, page_size: PAGE_SIZE });
  const [editing, setEditing] = useState(null);
  const [aviso, setAviso] = useState(null);

  const all = data?.results || [];
  const rows = soloBajo ? all.filter(isLow) : all;
  const low = all.filter(isLow).length;
  return (
    <section className="page">
      <h1>Inventario</h1>
      <SuccessBanner>{aviso}</SuccessBanner>
      <ErrorBanner error={error} />
      {data && (
        <div className="toolbar">
          <p className="muted">
            {low > 0 ? `${low} producto${low === 1 ? '' : 's'} con stock bajo en esta página.` : 'Ningún producto con stock bajo en esta página.'}
          </p>
          <Field label="Mostrar solo stock bajo" name="solo_bajo" type="checkbox" value={soloBajo} onChange={setSoloBajo} />
        </div>
      )}
      {loading && !data && <Loading text="Cargando inventario…" />}
      {data && rows.length === 0 && <Empty>No hay registros de inventario.</Empty>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Inventario</caption>
            <thead>
              <tr>
                <th scope="col">Producto</th>
                <th scope="col" className="num">Cantidad</th>
                <th scope="col" className="num">Stock mínimo</th>
                <th scope="col">Última actualización</th>
                <th scope="col">
                  <span className="sr-only">Acciones</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className={isLow(row) ? 'low-stock' : undefined} aria-label={row.producto_nombre}>
                  <td data-label="Producto">
                    {row.producto_nombre}
                    {isLow(row) && <span className="badge badge-warn">Stock bajo</span>}
                  </td>
                  <td data-label="Cantidad" className="num" data-testid="cantidad">
                    {row.cantidad}
                  </td>
                  <td data-label="Stock mínimo" className="num">{row.stock_minimo ?? '—'}</td>
                  <td data-label="Última actualización">{formatDateTime(row.ultima_actualizacion)}</td>
                  <td className="row-actions">
                    {editing === row.id ? (
                      <AdjustForm
                        row={row}
                        onCancel={() => setEditing(null)}
                        onSaved={(saved) => {
                          setEditing(null);
                          setAviso(`Stock de «${row.producto_nombre}» ajustado a ${saved?.cantidad ?? ''}.`);
                          reload();
                        }}
                      />
                    ) : (
                      <>
                        <button type="button" onClick={() => setEditing(row.id)} aria-label={`Ajustar stock de ${row.producto_nombre}`}>
                          Ajustar
                        </button>
                        <Link to={`/gestion/movimientos?producto=${row.producto}`} aria-label={`Movimientos de ${row.producto_nombre}`}>
                          Movimientos
                        </Link>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={setPage} />}
    </section>
  );
}
