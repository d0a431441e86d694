import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import DataTable from '../../components/DataTable';
import Empty from '../../components/Empty';
import ErrorBanner from '../../components/ErrorBanner';
import Loading from '../../components/Loading';
import Pagination from '../../components/Pagination';
import ProductPicker from '../../components/ProductPicker';
import { formatDateTime } from '../../format';
import useApi from '../../useApi';
import useDocumentTitle from '../../useDocumentTitle';

const PAGE_SIZE = 50;

/** Why the stock moved, in words (the API's `motivo` codes). */
export const MOTIVOS = {
  INICIAL: 'Stock inicial',
  AJUSTE: 'Ajuste manual',
  VENTA: 'Venta',
  CANCELACION: 'Cancelación de venta',
};

const COLUMNS = [
  { label: 'Fecha', render: (m) => formatDateTime(m.fecha) },
  { label: 'Producto', render: (m) => m.producto_nombre },
  { label: 'Cambio', num: true, className: (m) => (m.delta < 0 ? 'neg' : 'pos'), render: (m) => (m.delta > 0 ? `+${m.delta}` : m.delta) },
  { label: 'Resultado', num: true, render: (m) => m.cantidad_resultante },
  { label: 'Motivo', render: (m) => MOTIVOS[m.motivo] || m.motivo },
  { label: 'Usuario', render: (m) => m.username || '—' },
  { label: 'Venta', render: (m) => (m.venta ? `#${m.venta}` : '—') },
];

export default function Movimientos() {
  useDocumentTitle('Movimientos de inventario');
  const [params, setParams] = useSearchParams();
  const producto = params.get('producto') || '';
  const [page, setPage] = useState(1);
  const { data, loading, error } = useApi('/inventario/movimientos/', { producto, page, page_size: PAGE_SIZE });
  const rows = data?.results || [];

  return (
    <section className="page">
      <h1>Movimientos de inventario</h1>
      <div className="toolbar">
        <ProductPicker
          value={producto}
          onChange={(v) => {
            setPage(1);
            setParams(v ? { producto: v } : {});
          }}
        />
      </div>
      <ErrorBanner error={error} />
      {loading && !data && <Loading text="Cargando movimientos…" />}
      {data && rows.length === 0 && <Empty>No hay movimientos registrados.</Empty>}
      {rows.length > 0 && <DataTable caption="Movimientos de inventario" columns={COLUMNS} rows={rows} />}
      {data && <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={setPage} />}
    </section>
  );
}
