import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import Empty from '../../components/Empty';
import ErrorBanner from '../../components/ErrorBanner';
import Field from '../../components/Field';
import Loading from '../../components/Loading';
import Pagination from '../../components/Pagination';
import { formatDateTime } from '../../format';
import useApi, { useOptions } from '../../useApi';
import useDocumentTitle from '../../useDocumentTitle';

const PAGE_SIZE = 50;

export default function Movimientos() {
  useDocumentTitle('Movimientos de inventario');
  const [params, setParams] = useSearchParams();
  const producto = params.get('producto') || '';
  const [page, setPage] = useState(1);
  const productos = useOptions('/productos/');
  const { data, loading, error } = useApi('/inventario/movimientos/', { producto, page, page_size: PAGE_SIZE });
  const rows = data?.results || (Array.isArray(data) ? data : []);

  return (
    <section className="page">
      <h1>Movimientos de inventario</h1>
      <div className="toolbar">
        <Field
          label="Producto"
          name="producto"
          type="select"
          value={producto}
          onChange={(v) => {
            setPage(1);
            setParams(v ? { producto: v } : {});
          }}
          options={[{ value: '', label: 'Todos los productos' }, ...productos.list.map((p) => ({ value: String(p.id), label: p.nombre }))]}
        />
      </div>
      <ErrorBanner error={error} />
      {loading && !data && <Loading text="Cargando movimientos…" />}
      {data && rows.length === 0 && <Empty>No hay movimientos registrados.</Empty>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Movimientos de inventario</caption>
            <thead>
              <tr>
                <th scope="col">Fecha</th>
                <th scope="col">Producto</th>
                <th scope="col" className="num">Cambio</th>
                <th scope="col" className="num">Resultado</th>
                <th scope="col">Motivo</th>
                <th scope="col">Usuario</th>
                <th scope="col">Venta</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <td data-label="Fecha">{formatDateTime(m.fecha)}</td>
                  <td data-label="Producto">{m.producto_nombre}</td>
                  <td data-label="Cambio" className={`num ${m.delta < 0 ? 'neg' : 'pos'}`}>
                    {m.delta > 0 ? `+${m.delta}` : m.delta}
                  </td>
                  <td data-label="Resultado" className="num">{m.cantidad_resultante}</td>
                  <td data-label="Motivo">{m.motivo}</td>
                  <td data-label="Usuario">{m.username || m.usuario || '—'}</td>
                  <td data-label="Venta">{m.venta ? `#${m.venta}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && !Array.isArray(data) && <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={setPage} />}
    </section>
  );
}
