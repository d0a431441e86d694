import { useState } from 'react';
import api from '../../api/client';
import { parseApiError } from '../../api/errors';
import Amounts from '../../components/Amounts';
import Empty from '../../components/Empty';
import ErrorBanner, { SuccessBanner } from '../../components/ErrorBanner';
import EstadoBadge from '../../components/EstadoBadge';
import Field from '../../components/Field';
import Loading from '../../components/Loading';
import Pagination from '../../components/Pagination';
import { Historial, VentaLines } from '../../components/VentaLines';
import { ESTADOS, TRANSICIONES, formatDateTime, formatMoney } from '../../format';
import useApi, { useOptions } from '../../useApi';
import useDocumentTitle from '../../useDocumentTitle';

const PAGE_SIZE = 20;
const EMPTY = { estado: '', desde: '', hasta: '', usuario: '' };

function CambioEstado({ venta, onChanged }) {
  const opciones = TRANSICIONES[venta.estado] || [];
  const [estado, setEstado] = useState(opciones[0] || '');
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  if (!opciones.length) return <span className="muted">Sin cambios posibles</span>;

  async function submit(e) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const { data } = await api.post(`/ventas/${venta.id}/estado/`, { estado });
      onChanged(data, estado);
    } catch (err) {
      setError(parseApiError(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit}>
      <Field
        label={`Nuevo estado del pedido #${venta.id}`}
        name="estado"
        type="select"
        value={estado}
        onChange={setEstado}
        options={opciones.map((o) => ({ value: o, label: o }))}
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
  const [aviso, setAviso] = useState(null);
  const [open, setOpen] = useState(null);
  const usuarios = useOptions('/usuarios/');
  const { data, loading, error, reload } = useApi('/ventas/', { ...applied, page, page_size: PAGE_SIZE });
  const set = (name) => (value) => setFilters((f) => ({ ...f, [name]: value }));
  const nombres = Object.fromEntries(usuarios.list.map((u) => [u.id, u.username]));
  const ventas = data?.results || [];

  return (
    <section className="page">
      <h1>Ventas</h1>
      <form
        className="card filters"
        aria-label="Filtrar ventas"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setApplied(filters);
        }}
      >
        <Field label="Estado" name="estado" type="select" value={filters.estado} onChange={set('estado')} options={[{ value: '', label: 'Todos' }, ...ESTADOS.map((s) => ({ value: s, label: s }))]} />
        <Field label="Desde" name="desde" type="date" value={filters.desde} onChange={set('desde')} />
        <Field label="Hasta" name="hasta" type="date" value={filters.hasta} onChange={set('hasta')} />
        <Field
          label="Cliente"
          name="usuario"
          type="select"
          value={filters.usuario}
          onChange={set('usuario')}
          options={[{ value: '', label: 'Todos' }, ...usuarios.list.map((u) => ({ value: String(u.id), label: u.username }))]}
        />
        <div className="filter-actions">
          <button type="submit" className="primary">
            Filtrar
          </button>
          <button
            type="button"
            onClick={() => {
              setFilters(EMPTY);
              setApplied(EMPTY);
              setPage(1);
            }}
          >
            Limpiar
          </button>
        </div>
      </form>
      <SuccessBanner>{aviso}</SuccessBanner>
      <ErrorBanner error={error} />
      {loading && !data && <Loading text="Cargando ventas…" />}
      {data && ventas.length === 0 && <Empty>No hay ventas con estos filtros.</Empty>}
      {ventas.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Ventas</caption>
            <thead>
              <tr>
                <th scope="col">Pedido</th>
                <th scope="col">Fecha</th>
                <th scope="col">Cliente</th>
                <th scope="col">Estado</th>
                <th scope="col" className="num">Total</th>
                <th scope="col">Acciones</th>
              </tr>
            </thead>
            <tbody>
              {ventas.map((v) => (
                <FragmentRow key={v.id} v={v} open={open === v.id} onToggle={() => setOpen(open === v.id ? null : v.id)} cliente={v.username || nombres[v.usuario] || `#${v.usuario}`}>
                  <CambioEstado
                    key={v.estado}
                    venta={v}
                    onChanged={(_, estado) => {
                      setAviso(`Pedido #${v.id} pasado a ${estado}.`);
                      reload();
                    }}
                  />
                </FragmentRow>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={setPage} />}
    </section>
  );
}

function FragmentRow({ v, open, onToggle, cliente, children }) {
  return (
    <>
      <tr aria-label={`Pedido #${v.id}`}>
        <td data-label="Pedido">
          <button type="button" className="link-button" aria-expanded={open} onClick={onToggle}>
            #{v.id}
          </button>
        </td>
        <td data-label="Fecha">{formatDateTime(v.fecha)}</td>
        <td data-label="Cliente">{cliente}</td>
        <td data-label="Estado" data-testid="estado">
          <EstadoBadge estado={v.estado} />
        </td>
        <td data-label="Total" className="num">{formatMoney(v.total)}</td>
        <td data-label="Acciones">{children}</td>
      </tr>
      {open && (
        <tr className="detail-row">
          <td colSpan={6}>
            <VentaLines detalles={v.detalles} />
            <Amounts data={v} label={`Importes del pedido ${v.id}`} />
            <Historial historial={v.historial} />
          </td>
        </tr>
      )}
    </>
  );
}
