import CrudPage from '../../components/CrudPage';
import { formatDateTime, formatMoney } from '../../format';
import { toInputDecimal } from '../../numero';

// <input type="datetime-local"> speaks local time without zone; the API speaks ISO 8601.
function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function toIso(local) {
  if (!local) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

const MES = 30 * 24 * 3600 * 1000;

export default function Cupones() {
  // A new coupon is valid from now for a month unless the person says otherwise.
  const ahora = new Date();
  const initial = {
    codigo: '',
    tipo: 'PORCENTAJE',
    valor: '',
    valido_desde: toLocalInput(ahora.toISOString()),
    valido_hasta: toLocalInput(new Date(ahora.getTime() + MES).toISOString()),
    activo: true,
    usos_maximos: '',
  };
  return (
    <CrudPage
      title="Cupones"
      singular="cupón"
      endpoint="/cupones/"
      itemLabel={(c) => c.codigo}
      initial={initial}
      toForm={(c) => ({
        codigo: c.codigo,
        tipo: c.tipo,
        valor: toInputDecimal(c.valor),
        valido_desde: toLocalInput(c.valido_desde),
        valido_hasta: toLocalInput(c.valido_hasta),
        activo: Boolean(c.activo),
        usos_maximos: c.usos_maximos == null ? '' : String(c.usos_maximos),
      })}
      toBody={(f) => ({
        codigo: f.codigo,
        tipo: f.tipo,
        valor: f.valor,
        valido_desde: toIso(f.valido_desde),
        valido_hasta: toIso(f.valido_hasta),
        activo: Boolean(f.activo),
        usos_maximos: f.usos_maximos === '' ? null : Number(f.usos_maximos),
      })}
      fields={[
        { name: 'codigo', label: 'Código', required: true },
        {
          name: 'tipo',
          label: 'Tipo',
          type: 'select',
          options: [
            { value: 'PORCENTAJE', label: 'Porcentaje' },
            { value: 'MONTO', label: 'Importe fijo' },
          ],
        },
        {
          name: 'valor',
          label: 'Valor',
          numeric: { decimals: 2, min: 0.01 },
          required: true,
          hint: 'Porcentaje (por ejemplo 10) o importe en euros (por ejemplo 5,50).',
        },
        { name: 'valido_desde', label: 'Válido desde', type: 'datetime-local', required: true },
        { name: 'valido_hasta', label: 'Válido hasta', type: 'datetime-local', required: true, hint: 'Por defecto, un mes.' },
        { name: 'usos_maximos', label: 'Usos máximos', numeric: { decimals: 0, min: 1 }, hint: 'Vacío: sin límite.' },
        { name: 'activo', label: 'Activo', type: 'checkbox' },
      ]}
      columns={[
        { label: 'Código', render: (c) => c.codigo },
        { label: 'Descuento', render: (c) => (c.tipo === 'PORCENTAJE' ? `${toInputDecimal(c.valor).replace(/,00$/, '')} %` : formatMoney(c.valor)) },
        { label: 'Validez', render: (c) => `${formatDateTime(c.valido_desde)} – ${formatDateTime(c.valido_hasta)}` },
        { label: 'Usos', render: (c) => `${c.usos}${c.usos_maximos != null ? ` / ${c.usos_maximos}` : ''}` },
        { label: 'Activo', render: (c) => (c.activo ? 'Sí' : 'No') },
      ]}
    />
  );
}
