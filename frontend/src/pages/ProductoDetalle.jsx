import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import api from '../api/client';
import { parseApiError } from '../api/errors';
import ErrorBanner, { SuccessBanner } from '../components/ErrorBanner';
import Field from '../components/Field';
import Loading from '../components/Loading';
import { formatMoney } from '../format';
import { useAuth } from '../auth/AuthContext';
import useApi from '../useApi';
import useDocumentTitle from '../useDocumentTitle';

export default function ProductoDetalle() {
  const { id } = useParams();
  const { user } = useAuth();
  const { data: p, loading, error: loadError } = useApi(`/productos/${id}/`);
  useDocumentTitle(p?.nombre || 'Producto');
  const [cantidad, setCantidad] = useState('1');
  const [error, setError] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [sending, setSending] = useState(false);

  async function add(e) {
    e.preventDefault();
    setError(null);
    setAviso(null);
    setSending(true);
    try {
      await api.post('/carrito-item/', { producto: Number(id), cantidad: Number(cantidad) });
      setAviso(`Añadido al carrito: ${cantidad} × ${p.nombre}.`);
    } catch (err) {
      setError(parseApiError(err));
    } finally {
      setSending(false);
    }
  }

  if (loading) return <Loading />;
  if (loadError) {
    return (
      <section className="page">
        <ErrorBanner error={loadError} />
        <Link to="/">Volver al catálogo</Link>
      </section>
    );
  }
  if (!p) return null;
  return (
    <section className="page">
      <p>
        <Link to="/">← Volver al catálogo</Link>
      </p>
      <article className="card detail">
        <h1>{p.nombre}</h1>
        <p className="muted">{p.categoria?.nombre}</p>
        <p className="price big">{formatMoney(p.precio)}</p>
        <p>{p.descripcion || 'Sin descripción.'}</p>
        <p className={p.stock > 0 ? 'stock' : 'stock out'}>{p.stock > 0 ? `${p.stock} unidades en stock` : 'Agotado'}</p>
        <SuccessBanner>
          {aviso && (
            <>
              {aviso} <Link to="/carrito">Ver carrito</Link>
            </>
          )}
        </SuccessBanner>
        <ErrorBanner error={error} />
        {user?.rol === 'CLIENT' && (
        <form onSubmit={add} className="inline-form" noValidate>
          <Field
            label="Cantidad"
            name="cantidad"
            type="number"
            min="1"
            max={p.stock || undefined}
            step="1"
            value={cantidad}
            onChange={setCantidad}
            errors={error?.fields}
          />
          <button type="submit" className="primary" disabled={sending || p.stock <= 0}>
            Añadir al carrito
          </button>
        </form>
        )}
      </article>
    </section>
  );
}
