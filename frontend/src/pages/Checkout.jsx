import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import api, { newIdempotencyKey } from '../api/client';
import { parseApiError } from '../api/errors';
import Amounts from '../components/Amounts';
import Empty from '../components/Empty';
import ErrorBanner from '../components/ErrorBanner';
import EstadoBadge from '../components/EstadoBadge';
import Field from '../components/Field';
import Loading from '../components/Loading';
import ProductImage from '../components/ProductImage';
import { formatMoney } from '../format';
import useDocumentTitle from '../useDocumentTitle';
import { useCartCount } from '../cart';

export default function Checkout() {
  useDocumentTitle('Tramitar pedido');
  const [cart, setCart] = useState(null);
  const [resumen, setResumen] = useState(null);
  const [loading, setLoading] = useState(true);
  const [codigo, setCodigo] = useState('');
  const [cupon, setCupon] = useState(null);
  const [error, setError] = useState(null);
  const [couponError, setCouponError] = useState(null);
  const [submitting, setSubmitting] = useState(false);
  const [venta, setVenta] = useState(null);
  // One key per checkout attempt: a network retry of the same attempt reuses it.
  const attempt = useRef(null);
  const cartCount = useCartCount();

  const loadResumen = useCallback(async (code) => {
    try {
      const { data } = await api.get('/venta/resumen/', { params: code ? { cupon: code } : {} });
      setResumen(data);
      return { ok: true };
    } catch (err) {
      return { ok: false, error: parseApiError(err) };
    }
  }, []);

  useEffect(() => {
    (async () => {
      try {
        const { data } = await api.get('/carrito/');
        setCart(data);
        if (data.items?.length) await loadResumen(null);
      } catch (err) {
        setError(parseApiError(err));
      } finally {
        setLoading(false);
      }
    })();
  }, [loadResumen]);

  async function applyCoupon(e) {
    e.preventDefault();
    const code = codigo.trim();
    setCouponError(null);
    if (!code) {
      setCouponError({ message: 'Escribe un código de cupón.', fields: { cupon: ['Escribe un código de cupón.'] } });
      return;
    }
    const result = await loadResumen(code);
    if (result.ok) {
      setCupon(code);
    } else {
      const msg = result.error.fields.cupon ? result.error : { ...result.error, fields: { cupon: [result.error.message] } };
      setCouponError(msg);
    }
  }

  async function removeCoupon() {
    setCupon(null);
    setCodigo('');
    setCouponError(null);
    await loadResumen(null);
  }

  async function confirm() {
    if (submitting) return;
    const body = cupon ? { cupon } : {};
    // The total the buyer is looking at: if prices changed meanwhile, nothing is bought (409).
    if (resumen) body.total_esperado = resumen.total;
    const bodyKey = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== bodyKey) {
      attempt.current = { key: newIdempotencyKey(), body: bodyKey };
    }
    setSubmitting(true);
    setError(null);
    try {
      const { data } = await api.post('/venta/', body, { headers: { 'Idempotency-Key': attempt.current.key } });
      setVenta(data);
      attempt.current = null;
      cartCount.refresh();
    } catch (err) {
      const parsed = parseApiError(err);
      // A definite answer ends this attempt; a lost connection keeps the key for a safe retry.
      if (parsed.status) attempt.current = null;
      if (parsed.codigo === 'precio_cambiado' && parsed.data.totales) {
        // Show the new amounts; the next confirmation sends the new total.
        setResumen(parsed.data.totales);
        api.get('/carrito/').then(({ data }) => setCart(data), () => {});
        setError({
          ...parsed,
          message: `${parsed.message} Nuevo total: ${formatMoney(parsed.data.totales.total)} (antes ${formatMoney(parsed.data.total_esperado)}). Si estás de acuerdo, confirma de nuevo.`,
        });
      } else {
        setError(parsed);
      }
      if (parsed.fields.cupon) setCouponError(parsed);
    } finally {
      setSubmitting(false);
    }
  }

  if (venta) {
    return (
      <section className="page narrow">
        <h1>Pedido confirmado</h1>
        <div className="card">
          <p>
            Pedido <strong>#{venta.id}</strong> <EstadoBadge estado={venta.estado} />
          </p>
          <ul className="lines">
            {venta.detalles.map((d) => (
              <li key={d.id}>
                <ProductImage src={d.miniatura} size="tiny" /> {d.cantidad} × {d.producto_nombre} — {formatMoney(d.precio_unitario)}
              </li>
            ))}
          </ul>
          <Amounts data={venta} label="Importes del pedido" />
          <p>
            <Link to={`/pedidos/${venta.id}/pagar`} className="button primary">
              Pagar ahora
            </Link>{' '}
            <Link to="/pedidos" className="button">
              Ver mis pedidos
            </Link>
          </p>
        </div>
      </section>
    );
  }

  const items = cart?.items || [];
  return (
    <section className="page narrow">
      <h1>Tramitar pedido</h1>
      <ErrorBanner error={error} />
      {loading && <Loading />}
      {!loading && cart && items.length === 0 && (
        <Empty>
          No hay nada que comprar: tu carrito está vacío. <Link to="/">Ver el catálogo</Link>
        </Empty>
      )}
      {!loading && items.length > 0 && (
        <div className="card">
          <h2>Resumen</h2>
          <ul className="lines">
            {items.map((i) => (
              <li key={i.id}>
                <ProductImage src={i.miniatura} size="tiny" /> {i.cantidad} × {i.producto_nombre} — {formatMoney(i.subtotal)}
              </li>
            ))}
          </ul>
          <form className="inline-form" onSubmit={applyCoupon}>
            <Field label="Cupón" name="cupon" value={codigo} onChange={setCodigo} errors={couponError?.fields} disabled={Boolean(cupon)} autoComplete="off" />
            {cupon ? (
              <button type="button" onClick={removeCoupon}>
                Quitar cupón
              </button>
            ) : (
              <button type="submit">Aplicar cupón</button>
            )}
          </form>
          {cupon && (
            <p className="banner banner-ok" role="status">
              Cupón «{cupon}» aplicado.
            </p>
          )}
          <Amounts data={resumen} label="Importes previstos" />
          <button type="button" className="primary wide" onClick={confirm} disabled={submitting || !resumen} aria-busy={submitting}>
            {submitting ? 'Procesando…' : 'Confirmar compra'}
          </button>
          <p>
            <Link to="/carrito">Volver al carrito</Link>
          </p>
        </div>
      )}
    </section>
  );
}
