import { formatDateTime, formatMoney } from '../format';

export function VentaLines({ detalles }) {
  if (!detalles?.length) return null;
  return (
    <div className="table-wrap">
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Producto</th>
            <th scope="col" className="num">Cantidad</th>
            <th scope="col" className="num">Precio unitario</th>
            <th scope="col" className="num">Importe</th>
          </tr>
        </thead>
        <tbody>
          {detalles.map((d, i) => (
            <tr key={`${d.producto}-${i}`}>
              <td data-label="Producto">{d.producto_nombre || `Producto ${d.producto}`}</td>
              <td data-label="Cantidad" className="num">{d.cantidad}</td>
              <td data-label="Precio unitario" className="num">{formatMoney(d.precio_unitario)}</td>
              <td data-label="Importe" className="num">{formatMoney(Number(d.precio_unitario) * Number(d.cantidad))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Historial({ historial }) {
  if (!historial?.length) return null;
  return (
    <details className="historial">
      <summary>Historial de estados</summary>
      <ol>
        {historial.map((h, i) => (
          <li key={i}>
            {formatDateTime(h.fecha)}: {h.desde || '—'} → {h.hasta}
            {h.username ? ` (${h.username})` : ''}
          </li>
        ))}
      </ol>
    </details>
  );
}
