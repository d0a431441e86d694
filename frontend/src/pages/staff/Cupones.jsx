import CrudPage from '../../components/CrudPage';
import { formatDateTime, formatMoney } from '../../format';

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

export default function Cupones() {
  return (
    <CrudPage
      title="Cupones"
      singular="cupón"
      endpoint="/cupones/"
      itemLabel={(c) => c.codigo}
      initial={{ codigo: '', tipo: 'PORCENTAJE', valor: '', valido_desde: '', valido_hasta: '', activo: true, usos_maximos: '' }}
      toForm={(c) => ({
        codigo: c.codigo,
        tipo: c.tipo,
        valor: String(c.valor ?? ''),
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
        { name: 'valor', label: 'Valor', type: 'number', min: '0', step: '0.01', required: true },
        { name: 'valido_desde', label: 'Válido desde', type: 'datetime-local' },
        { name: 'valido_hasta', label: 'Válido hasta', type: 'datetime-local' },
        { name: 'usos_maximos', label: 'Usos máximos', type: 'number', min: '1', step: '1', hint: 'Vacío: sin límite.' },
        { name: 'activo', label: 'Activo', type: 'checkbox' },
      ]}
      columns={[
        { label: 'Código', render: (c) => c.codigo },
        { label: 'Descuento', render: (c) => (c.tipo === 'PORCENTAJE' ? `${Number(c.valor)} %` : formatMoney(c.valor)) },
        { label: 'Validez', render: (c) => `${formatDateTime(c.valido_desde)} – ${formatDateTime(c.valido_hasta)}` },
        { label: 'Usos', render: (c) => `${c.usos ?? 0}${c.usos_maximos != null ? ` / ${c.usos_maximos}` : ''}` },
        { label: 'Activo', render: (c) => (c.activo ? 'Sí' : 'No') },
      ]}
    />
  );
}
