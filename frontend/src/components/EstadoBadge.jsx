import { estadoVenta } from '../format';

/** An order's status as a coloured badge, in words ("Pendiente de pago", "Pagado"...). */
export default function EstadoBadge({ estado }) {
  return <span className={`badge estado-${String(estado || '').toLowerCase()}`}>{estadoVenta(estado)}</span>;
}
