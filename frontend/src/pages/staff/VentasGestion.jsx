import { useState } from 'react';
import api from '../../api/client';
import Amounts from '../../components/Amounts';
import Empty from '../../components/Empty';
import DataTable from '../../components/DataTable';
import ErrorBanner from '../../components/ErrorBanner';
import EstadoBadge from '../../components/EstadoBadge';
import Field from '../../components/Field';
import Loading from '../../components/Loading';
import Pagination from '../../components/Pagination';
import { useToast } from '../../components/Toast';
import { Historial, VentaLines } from '../../components/VentaLines';
import PagosVenta from '../PagosVenta';
import { ESTADOS, TRANSICIONES, estadoVenta, formatDateTime, formatMoney } from '../../format';
import useApi from '../../useApi';
import useDocumentTitle from '../../useDocumentTitle';
import useEnvio from '../../useEnvio';

const PAGE_SIZE = 20;
const EMPTY = { estado: '', desde: '', hasta: '', usuario: '' };

/** The question asked before a staff status change; cancelling says what it undoes. */
export function preguntaCambio(venta, estado) {
  if (estado === 'CANCELADA') {
    return `¿Cancelar el pedido #${venta.id} de ${venta.username}? Se devolverá el stock de sus productos y, si estaba pagado, se reembolsará el pago. No se puede deshacer.`;
  }
  return `¿Pasar el pedido #${venta.id} de «${estadoVenta(venta.estado)}» a «${estadoVenta(estado)}»?`;
}

function CambioEstado({ venta, onChanged }) {
  const opciones = TRANSICIONES[venta.estado] || [];
  const [estado, setEstado] = useState(opciones[0] || '');
  const { enviar, sending: saving, error } = useEnvio();
  if (!opciones.length) return <span className="muted">Sin cambios posibles</span>;

  function submit(e) {
    e.preventDefault();
    if (!window.confirm(preguntaCambio(venta, estado))) return;
    enviar(async () => {
      const { data } = await api.post(`/ventas/${venta.id}/estado/`, { estado });
      onChanged(data, estado);
    });
  }

  return (
    <form className="inline-form" onSubmit={submit}>
      <Field
        label={`Nuevo estado del pedido #${venta.id}`}
        name="estado"
        type="select"
        value={estado}
        onChange={setEstado}
        options={opciones.map((o) => ({ value: o, label: estadoVenta(o) }))}
        className="compact-label"
      />
      <button type="submit" disabled={saving} aria-label={`Cambiar estado del pedido #${venta.id}`}>
        Cambiar
      </button>
      {error && (
        <p className="field-errors" role="alert">
          {error.message}
        </p>
      )}
    </form>
  );
}

export default function VentasGestion() {
  useDocumentTitle('Ventas');
  const [filters, setFilters] = useState(EMPTY);
  const [applied, setApplied] = useState(EMPTY);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(null);
  const [rangeError, setRangeError] = useState(null);
  const toast = useToast();
  // The client filter lists clients only (the API filters users by role).
  const { data: clientes } = useApi('/usuarios/', { rol: 'CLIENT', page_size: 100, ordering: 'username' });
  const { data, loading, error, reload } = useApi('/ventas/', { ...applied, page, page_size: PAGE_SIZE });
  const set = (name) => (value) => setFilters((f) => ({ ...f, [name]: value }));
  const ventas = data?.results || [];

  return (
    <section className="page">
      <h1>Ventas</h1>
      <form
        className="card filters"
        aria-label="Filtrar ventas"
        onSubmit={(e) => {
          e.preventDefault();
          if (filters.desde && filters.hasta && filters.hasta < filters.desde) {
            setRangeError('«Hasta» es anterior a «Desde»: elige un final posterior al inicio.');
            return;
          }
          setRangeError(null);
          setPage(1);
          setApplied(filters);
        }}
      >
        <Field label="Estado" name="estado" type="select" value={filters.estado} onChange={set('estado')} options={[{ value: '', label: 'Todos' }, ...ESTADOS.map((s) => ({ value: s, label: estadoVenta(s) }))]} />
        <Field label="Desde" name="desde" type="date" value={filters.desde} onChange={set('desde')} />
        <Field label="Hasta" name="hasta" type="date" value={filters.hasta} onChange={set('hasta')} />
        <Field
          label="Cliente"
          name="usuario"
          type="select"
          value={filters.usuario}
          onChange={set('usuario')}
          options={[{ value: '', label: 'Todos' }, ...(clientes?.results || []).map((u) => ({ value: String(u.id), label: u.username }))]}
        />
        {rangeError && (
          <p className="field-errors filter-error" role="alert">
            {rangeError}
          </p>
        )}
        <div className="filter-actions">
          <button type="submit" className="primary">
            Filtrar
          </button>
          <button
            type="button"
            onClick={() => {
              setRangeError(null);
              setFilters(EMPTY);
              setApplied(EMPTY);
              setPage(1);
            }}
          >
            Limpiar
          </button>
        </div>
      </form>
      <ErrorBanner error={error} />
      {loading && !data && <Loading text="Cargando ventas…" />}
      {data && ventas.length === 0 && <Empty>No hay ventas con estos filtros.</Empty>}
      {ventas.length > 0 && (
        <DataTable
          caption="Ventas"
          rows={ventas}
          rowLabel={(v) => `Pedido #${v.id}`}
          detail={(v) =>
            open === v.id && (
              <>
                <VentaLines detalles={v.detalles} />
                <Amounts data={v} label={`Importes del pedido ${v.id}`} />
                <Historial historial={v.historial} />
                <PagosVenta venta={v} />
              </>
            )
          }
          columns={[
            {
              label: 'Pedido',
              render: (v) => (
                <button type="button" className="link-button" aria-expanded={open === v.id} onClick={() => setOpen(open === v.id ? null : v.id)}>
                  #{v.id}
                </button>
              ),
            },
            { label: 'Fecha', render: (v) => formatDateTime(v.fecha) },
            { label: 'Cliente', render: (v) => v.username },
            { label: 'Estado', testid: 'estado', render: (v) => <EstadoBadge estado={v.estado} /> },
            { label: 'Total', num: true, render: (v) => formatMoney(v.total) },
            {
              label: 'Acciones',
              render: (v) => (
                <CambioEstado
                  key={v.estado}
                  venta={v}
                  onChanged={(_, estado) => {
                    toast.ok(`Pedido #${v.id} pasado a «${estadoVenta(estado)}».`);
                    reload();
                  }}
                />
              ),
            },
          ]}
        />
      )}
      {data && <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={setPage} />}
    </section>
  );
}
