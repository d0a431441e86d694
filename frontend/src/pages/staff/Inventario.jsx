import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import api from '../../api/client';
import DataTable from '../../components/DataTable';
import Empty from '../../components/Empty';
import ErrorBanner from '../../components/ErrorBanner';
import Field from '../../components/Field';
import Loading from '../../components/Loading';
import Pagination from '../../components/Pagination';
import { useToast } from '../../components/Toast';
import { formatDateTime } from '../../format';
import { parseDecimal } from '../../numero';
import useApi from '../../useApi';
import useDocumentTitle from '../../useDocumentTitle';
import useEnvio, { errorDeCampo } from '../../useEnvio';

const PAGE_SIZE = 50;

// The server says whether a row is at or under its minimum (the same rule as ?stock_bajo=true).
export const isLow = (row) => row.bajo_minimo;

function AdjustForm({ row, onSaved, onCancel }) {
  const [cantidad, setCantidad] = useState(String(row.cantidad));
  const { enviar, sending: saving, error } = useEnvio();

  function submit(e) {
    e.preventDefault();
    const n = parseDecimal(cantidad, { decimals: 0, min: 0 });
    enviar(async () => (await api.patch(`/inventario/${row.id}/`, { cantidad: n.number })).data, {
      validar: () => !n.ok && errorDeCampo('cantidad', n.error, 'Nueva cantidad'),
      alTerminar: onSaved,
    });
  }

  return (
    <form className="inline-form adjust" onSubmit={submit} aria-label={`Ajustar stock de ${row.producto_nombre}`}>
      <ErrorBanner error={error} />
      <Field
        label="Nueva cantidad"
        name="cantidad"
        numeric={{ decimals: 0, min: 0 }}
        value={cantidad}
        onChange={setCantidad}
        errors={error?.fields}
        autoFocus
      />
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
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const soloBajo = params.get('stock_bajo') === 'true';
  const [page, setPage] = useState(1);
  // The server filters the whole inventory (not only this page) by low stock.
  const { data, loading, error, reload } = useApi('/inventario/', { page, page_size: PAGE_SIZE, stock_bajo: soloBajo ? 'true' : '' });
  const [editing, setEditing] = useState(null);

  const rows = data?.results || [];
  const columns = [
    {
      label: 'Producto',
      render: (row) => (
        <>
          {row.producto_nombre}
          {isLow(row) && <span className="badge badge-warn">Stock bajo</span>}
        </>
      ),
    },
    { label: 'Cantidad', num: true, testid: 'cantidad', render: (row) => row.cantidad },
    { label: 'Stock mínimo', num: true, render: (row) => row.stock_minimo ?? '—' },
    { label: 'Última actualización', render: (row) => formatDateTime(row.ultima_actualizacion) },
    {
      label: 'Acciones',
      hideLabel: true,
      className: 'row-actions',
      render: (row) =>
        editing === row.id ? (
          <AdjustForm
            row={row}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              setEditing(null);
              toast.ok(`Stock de «${row.producto_nombre}» ajustado a ${saved.cantidad}.`);
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
        ),
    },
  ];
  return (
    <section className="page">
      <h1>Inventario</h1>
      <ErrorBanner error={error} />
      <div className="toolbar">
        <p className="muted" aria-live="polite">
          {data && soloBajo && `${data.count} producto${data.count === 1 ? '' : 's'} con stock bajo en todo el inventario.`}
        </p>
        <Field
          label="Mostrar solo stock bajo"
          name="solo_bajo"
          type="checkbox"
          value={soloBajo}
          onChange={(v) => {
            setPage(1);
            setParams(v ? { stock_bajo: 'true' } : {});
          }}
        />
      </div>
      {loading && !data && <Loading text="Cargando inventario…" />}
      {data && rows.length === 0 && <Empty>{soloBajo ? 'Ningún producto tiene stock bajo.' : 'No hay registros de inventario.'}</Empty>}
      {rows.length > 0 && (
        <DataTable
          caption="Inventario"
          columns={columns}
          rows={rows}
          rowLabel={(row) => row.producto_nombre}
          rowClass={(row) => (isLow(row) ? 'low-stock' : '')}
        />
      )}
      {data && <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={setPage} />}
    </section>
  );
}
