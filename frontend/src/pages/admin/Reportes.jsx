import { useCallback, useEffect, useState } from 'react';
import api from '../../api/client';
import { parseApiError } from '../../api/errors';
import { BarChart, ColumnChart } from '../../components/Charts';
import DataTable from '../../components/DataTable';
import Empty from '../../components/Empty';
import ErrorBanner from '../../components/ErrorBanner';
import Field from '../../components/Field';
import Loading from '../../components/Loading';
import { formatDate, formatMoney, isoDay } from '../../format';
import useDocumentTitle from '../../useDocumentTitle';

function defaultRange() {
  const hasta = new Date();
  const desde = new Date();
  desde.setDate(desde.getDate() - 30);
  return { desde: isoDay(desde), hasta: isoDay(hasta) };
}

export default function Reportes() {
  useDocumentTitle('Reportes');
  const [range, setRange] = useState(defaultRange);
  const [form, setForm] = useState(range);
  const [state, setState] = useState({ loading: true, error: null, ventas: null, productos: [], usuarios: [] });

  const load = useCallback(async (r) => {
    if (r.desde && r.hasta && r.hasta < r.desde) {
      // An empty range is a mistake, not "0 ventas": say so and show no figures.
      const msg = '«Hasta» es anterior a «Desde»: elige una fecha final igual o posterior a la inicial.';
      setState({ loading: false, ventas: null, productos: [], usuarios: [], error: { message: msg, fields: { hasta: [msg] } } });
      return;
    }
    setState((s) => ({ ...s, loading: true, error: null }));
    const params = Object.fromEntries(Object.entries(r).filter(([, v]) => v));
    try {
      const [ventas, productos, usuarios] = await Promise.all([
        api.get('/ventas/reporte/ventas/', { params }),
        api.get('/ventas/reporte/productos-mas-vendidos/', { params: { ...params, limite: 10 } }),
        api.get('/ventas/reporte/ventas-usuario/', { params }),
      ]);
      setState({ loading: false, error: null, ventas: ventas.data, productos: productos.data, usuarios: usuarios.data });
    } catch (err) {
      setState({ loading: false, ventas: null, productos: [], usuarios: [], error: parseApiError(err) });
    }
  }, []);

  useEffect(() => {
    load(range);
  }, [range, load]);

  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));
  const { ventas, productos, usuarios, loading, error } = state;
  const porDia = ventas?.por_dia || [];

  return (
    <section className="page">
      <h1>Reportes</h1>
      <form
        className="card filters"
        aria-label="Rango de fechas"
        onSubmit={(e) => {
          e.preventDefault();
          setRange({ ...form });
        }}
      >
        <Field label="Desde" name="desde" type="date" value={form.desde} onChange={set('desde')} errors={error?.fields} />
        <Field label="Hasta" name="hasta" type="date" value={form.hasta} onChange={set('hasta')} errors={error?.fields} />
        <div className="filter-actions">
          <button type="submit" className="primary">
            Actualizar
          </button>
        </div>
      </form>
      <ErrorBanner error={error} />
      {loading && <Loading text="Calculando reportes…" />}
      {ventas && (
        <>
          <div className="kpis">
            <div className="card kpi">
              <span>Número de ventas</span>
              <strong data-testid="numero-ventas">{ventas.numero_ventas}</strong>
            </div>
            <div className="card kpi">
              <span>Total vendido</span>
              <strong>{formatMoney(ventas.total_ventas)}</strong>
            </div>
            <div className="card kpi">
              <span>Ticket promedio</span>
              <strong>{formatMoney(ventas.ticket_promedio)}</strong>
            </div>
          </div>

          <section className="card" aria-labelledby="r-dia">
            <h2 id="r-dia">Ventas por día</h2>
            {porDia.length === 0 ? (
              <Empty>No hay ventas en este periodo.</Empty>
            ) : (
              <ColumnChart
                title="Total vendido por día"
                format={(v) => formatMoney(v)}
                data={porDia.map((d) => ({ label: `${formatDate(d.fecha)} (${d.numero_ventas} ventas)`, short: String(d.fecha).slice(5, 10).split('-').reverse().join('/'), value: d.total }))}
              />
            )}
          </section>

          <div className="report-grid">
            <section className="card" aria-labelledby="r-prod">
              <h2 id="r-prod">Productos más vendidos</h2>
              {productos.length === 0 ? (
                <Empty>Sin datos en este periodo.</Empty>
              ) : (
                <>
                  <BarChart title="Unidades vendidas por producto" data={productos.map((p) => ({ label: p.nombre, value: p.cantidad_vendida }))} />
                  <DataTable
                    caption="Productos más vendidos"
                    compact
                    rows={productos}
                    rowKey={(p) => p.producto}
                    columns={[
                      { label: 'Producto', render: (p) => p.nombre },
                      { label: 'Unidades', num: true, render: (p) => p.cantidad_vendida },
                      { label: 'Ingresos', num: true, render: (p) => formatMoney(p.ingresos) },
                    ]}
                  />
                </>
              )}
            </section>

            <section className="card" aria-labelledby="r-usu">
              <h2 id="r-usu">Ventas por cliente</h2>
              {usuarios.length === 0 ? (
                <Empty>Sin datos en este periodo.</Empty>
              ) : (
                <>
                  <BarChart title="Total comprado por cliente" format={(v) => formatMoney(v)} data={usuarios.map((u) => ({ label: u.username, value: u.total }))} />
                  <DataTable
                    caption="Ventas por cliente"
                    compact
                    rows={usuarios}
                    rowKey={(u) => u.usuario}
                    columns={[
                      { label: 'Cliente', render: (u) => u.username },
                      { label: 'Ventas', num: true, render: (u) => u.numero_ventas },
                      { label: 'Total', num: true, render: (u) => formatMoney(u.total) },
                    ]}
                  />
                </>
              )}
            </section>
          </div>
        </>
      )}
    </section>
  );
}
