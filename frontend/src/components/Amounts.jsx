import { formatMoney } from '../format';

/** The subtotal / discount / tax / shipping / total block of a sale or a preview. */
export default function Amounts({ data, label = 'Importes' }) {
  if (!data) return null;
  const rows = [
    ['Subtotal', data.subtotal],
    ['Descuento', data.descuento != null && Number(data.descuento) !== 0 ? -Number(data.descuento) : data.descuento],
    ['Impuestos', data.impuesto],
    ['Envío', data.envio],
  ].filter(([, v]) => v != null);
  return (
    <dl className="amounts" aria-label={label}>
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{formatMoney(v)}</dd>
        </div>
      ))}
      <div className="amount-total">
        <dt>Total</dt>
        <dd>{formatMoney(data.total)}</dd>
      </div>
    </dl>
  );
}
