import DataTable from './DataTable';
import ProductImage from './ProductImage';
import { estadoVenta, formatDateTime, formatMoney } from '../format';

export function VentaLines({ detalles }) {
  if (!detalles.length) return null;
  return (
    <DataTable
      caption="Productos del pedido"
      compact
      rows={detalles}
      rowKey={(d) => d.id}
      columns={[
        {
          label: 'Producto',
          render: (d) => (
            <span className="linea-producto">
              <ProductImage src={d.miniatura} size="tiny" /> {d.producto_nombre}
            </span>
          ),
        },
        { label: 'Cantidad', num: true, render: (d) => d.cantidad },
        { label: 'Precio unitario', num: true, render: (d) => formatMoney(d.precio_unitario) },
        { label: 'Importe', num: true, render: (d) => formatMoney(d.subtotal) },
      ]}
    />
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
            {formatDateTime(h.fecha)}: {h.desde ? `${estadoVenta(h.desde)} → ${estadoVenta(h.hasta)}` : `pedido creado (${estadoVenta(h.hasta)})`}
            {h.username ? ` (${h.username})` : ''}
          </li>
        ))}
      </ol>
    </details>
  );
}
