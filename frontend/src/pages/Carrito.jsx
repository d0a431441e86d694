import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import api from '../api/client';
import { parseApiError } from '../api/errors';
import DataTable from '../components/DataTable';
import Empty from '../components/Empty';
import ErrorBanner from '../components/ErrorBanner';
import Loading from '../components/Loading';
import ProductImage from '../components/ProductImage';
import { useCartCount } from '../cart';
import { formatMoney } from '../format';
import { parseDecimal } from '../numero';
import useApi from '../useApi';
import useDocumentTitle from '../useDocumentTitle';

/**
 * One quantity box. One person's action (Enter, or leaving the box) sends at most one update:
 * Enter followed by the blur it causes does not send the same quantity twice. Whatever the
 * answer, the box then shows what the cart holds (`version` changes after every reload, so a
 * refused quantity goes back to the line's real one).
 */
function QuantityInput({ item, onSave, disabled, version, error }) {
  const [value, setValue] = useState(String(item.cantidad));
  // The box goes back to the cart's quantity in the render that brings a new one or a reload, not in
  // an effect after it: an effect could run after the person has started typing and undo it.
  const [shown, setShown] = useState({ cantidad: item.cantidad, version });
  if (shown.cantidad !== item.cantidad || shown.version !== version) {
    setShown({ cantidad: item.cantidad, version });
    setValue(String(item.cantidad));
  }
  // The quantity sent and not yet answered (a reload, i.e. a new version, answers it).
  const pending = useRef(null);
  const errId = `cantidad-${item.id}-err`;

  function commit() {
    const r = parseDecimal(value, { decimals: 0, min: 1 });
    if (!r.ok) {
      setValue(String(item.cantidad));
      return;
    }
    if (r.number === Number(item.cantidad) || (pending.current?.version === version && pending.current.number === r.number)) return;
    pending.current = { number: r.number, version };
    onSave(item, r.number);
  }

  return (
    <>
      <label className="sr-only" htmlFor={`cantidad-${item.id}`}>
        Cantidad de {item.producto_nombre}
      </label>
      <input
        id={`cantidad-${item.id}`}
        className="qty"
        type="number"
        min="1"
        step="1"
        value={value}
        disabled={disabled}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errId : undefined}
        onChange={(e) => setValue(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
      {error && (
        <p id={errId} className="field-errors line-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

export default function Carrito() {
  useDocumentTitle('Carrito');
  const { data, loading, error: loadError, reload } = useApi('/carrito/');
  const { setFromCart } = useCartCount();
  const [error, setError] = useState(null);
  const [lineError, setLineError] = useState(null); // { id, message }: shown on that line
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (data) setFromCart(data);
  }, [data, setFromCart]);

  async function run(action, item) {
    setBusy(true);
    setError(null);
    setLineError(null);
    try {
      await action();
    } catch (err) {
      const parsed = parseApiError(err);
      if (item) setLineError({ id: item.id, message: parsed.message });
      else setError(parsed);
    }
    await reload();
    setVersion((v) => v + 1);
    setBusy(false);
  }

  const updateQty = (item, cantidad) => run(() => api.patch(`/carrito-item/${item.id}/`, { cantidad }), item);
  const remove = (item) => run(() => api.delete(`/carrito-item/${item.id}/`), item);
  const empty = () => run(() => api.delete('/carrito/'));

  const items = data?.items || [];
  const columns = [
    {
      label: 'Producto',
      render: (item) => (
        <>
          <ProductImage src={item.miniatura} size="tiny" /> <Link to={`/productos/${item.producto}`}>{item.producto_nombre}</Link>
        </>
      ),
    },
    { label: 'Precio', num: true, render: (item) => formatMoney(item.precio_unitario) },
    {
      label: 'Cantidad',
      render: (item) => (
        <QuantityInput
          item={item}
          onSave={updateQty}
          disabled={busy}
          version={version}
          error={lineError?.id === item.id ? lineError.message : null}
        />
      ),
    },
    { label: 'Subtotal', num: true, render: (item) => formatMoney(item.subtotal) },
    {
      label: 'Acciones',
      hideLabel: true,
      render: (item) => (
        <button type="button" className="danger" onClick={() => remove(item)} disabled={busy} aria-label={`Eliminar ${item.producto_nombre}`}>
          Eliminar
        </button>
      ),
    },
  ];
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
          <DataTable caption="Productos en el carrito" columns={columns} rows={items} />
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
