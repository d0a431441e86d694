import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import api from '../api/client';
import { parseApiError } from '../api/errors';
import Empty from '../components/Empty';
import ErrorBanner from '../components/ErrorBanner';
import Loading from '../components/Loading';
import { formatMoney } from '../format';
import useApi from '../useApi';
import useDocumentTitle from '../useDocumentTitle';

export function lineSubtotal(item) {
  if (item.subtotal != null) return item.subtotal;
  if (item.precio_unitario != null) return Number(item.precio_unitario) * Number(item.cantidad);
  return null;
}

function QuantityInput({ item, onSave, disabled }) {
  const [value, setValue] = useState(String(item.cantidad));
  useEffect(() => setValue(String(item.cantidad)), [item.cantidad]);
  const nombre = item.producto_nombre || `producto ${item.producto}`;

  function commit() {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      setValue(String(item.cantidad));
      return;
    }
    if (n !== Number(item.cantidad)) onSave(item, n);
  }

  return (
    <>
      <label className="sr-only" htmlFor={`cantidad-${item.id}`}>
        Cantidad de {nombre}
      </label>
      <input
        id={`cantidad-${item.id}`}
        className="qty"
        type="number"
        min="1"
        step="1"
        value={value}
        disabled={disabled}
        onChange={(e) => setValue(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
    </>
  );
}

export default function Carrito() {
  useDocumentTitle('Carrito');
  const { data, loading, error: loadError, reload } = useApi('/carrito/');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function run(action) {
    setBusy(true);
    setError(null);
    try {
      await action();
      await reload();
    } catch (err) {
      setError(parseApiError(err));
      await reload();
    } finally {
      setBusy(false);
    }
  }

  const updateQty = (item, cantidad) => run(() => api.patch(`/carrito-item/${item.id}/`, { cantidad }));
  const remove = (item) => run(() => api.delete(`/carrito-item/${item.id}/`));
  const empty = () => run(() => api.delete('/carrito/'));

  const items = data?.items || [];
  return (
    <section className="page">
      <h1>Carrito</h1>
      <ErrorBanner error={error || loadError} />
      {loading && !data && <Loading text="Cargando carrito…" />}
      {data && items.length === 0 && (
        <Empty>
          Tu carrito está vacío. <Link to="/">Ver el catálogo</Link>
        </Empty>
      )}
      {items.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Productos en el carrito</caption>
              <thead>
                <tr>
                  <th scope="col">Producto</th>
                  <th scope="col" className="num">Precio</th>
                  <th scope="col">Cantidad</th>
                  <th scope="col" className="num">Subtotal</th>
                  <th scope="col"><span className="sr-only">Acciones</span></th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id}>
                    <td data-label="Producto">
                      <Link to={`/productos/${item.producto}`}>{item.producto_nombre || `Producto ${item.producto}`}</Link>
                    </td>
                    <td data-label="Precio" className="num">{formatMoney(item.precio_unitario)}</td>
                    <td data-label="Cantidad">
                      <QuantityInput item={item} onSave={updateQty} disabled={busy} />
                    </td>
                    <td data-label="Subtotal" className="num">{formatMoney(lineSubtotal(item))}</td>
                    <td>
                      <button type="button" className="danger" onClick={() => remove(item)} disabled={busy} aria-label={`Eliminar ${item.producto_nombre || 'producto'}`}>
                        Eliminar
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="cart-footer card">
            <p className="total" data-testid="cart-total">
              Total: <strong>{formatMoney(data.total)}</strong>
            </p>
            <p className="muted">Los impuestos, el envío y los descuentos se calculan al tramitar el pedido.</p>
            <div className="actions">
              <button type="button" onClick={empty} disabled={busy}>
                Vaciar carrito
              </button>
              <Link to="/checkout" className="button primary">
                Tramitar pedido
              </Link>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
