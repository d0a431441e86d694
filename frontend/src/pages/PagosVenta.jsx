import { Link } from 'react-router-dom';
import { estadoPago, formatDateTime, formatMoney } from '../format';
import useApi from '../useApi';

const PROVEEDORES = { stripe: 'con tarjeta', paypal: 'con PayPal', simulado: 'simulado' };

/** A sale's payments (buyer or staff) and, for the buyer of a pending sale, the way to pay or retry. */
export default function PagosVenta({ venta, comprador = false }) {
  const { data } = useApi(`/ventas/${venta.id}/pagos/`);
  const pagos = data?.results || [];
  const fallido = pagos[0]?.estado === 'FALLIDO';
  return (
    <div className="pagos" role="group" aria-label={`Pagos del pedido ${venta.id}`}>
      {pagos.length > 0 && (
        <ul className="lines" data-testid="pagos">
          {pagos.map((p) => (
            <li key={p.id}>
              Pago {PROVEEDORES[p.proveedor] || p.proveedor} de {formatMoney(p.monto)}: <strong data-testid="estado-pago">{estadoPago(p.estado)}</strong>{' '}
              <span className="muted">{formatDateTime(p.creado)}</span>
            </li>
          ))}
        </ul>
      )}
      {comprador && venta.estado === 'PENDIENTE' && (
        <Link to={`/pedidos/${venta.id}/pagar`} className="button primary">
          {fallido ? 'Reintentar el pago' : 'Pagar'}
        </Link>
      )}
    </div>
  );
}
