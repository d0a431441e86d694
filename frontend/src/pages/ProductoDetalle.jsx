import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import api from '../api/client';
import ErrorBanner, { SuccessBanner } from '../components/ErrorBanner';
import Field from '../components/Field';
import Loading from '../components/Loading';
import ProductImage from '../components/ProductImage';
import { useCartCount } from '../cart';
import { parseDecimal } from '../numero';
import { formatMoney } from '../format';
import { useAuth } from '../auth/AuthContext';
import useApi from '../useApi';
import useDocumentTitle from '../useDocumentTitle';
import useEnvio, { errorDeCampo } from '../useEnvio';

export default function ProductoDetalle() {
  const { id } = useParams();
  const { user } = useAuth();
  const { data: p, loading, error: loadError } = useApi(`/productos/${id}/`);
  useDocumentTitle(p?.nombre || 'Producto');
  const [cantidad, setCantidad] = useState('1');
  const { enviar, sending, error, aviso } = useEnvio();
  const cart = useCartCount();

  function add(e) {
    e.preventDefault();
    const n = parseDecimal(cantidad, { decimals: 0, min: 1 });
    enviar(
      async () => {
        await api.post('/carrito-item/', { producto: Number(id), cantidad: n.number });
        cart.refresh();
        return `Añadido al carrito: ${n.number} × ${p.nombre}.`;
      },
      { validar: () => !n.ok && errorDeCampo('cantidad', n.error) },
    );
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
        <ProductImage src={p.imagen} size="large" />
        <h1>{p.nombre}</h1>
        <p className="muted">{p.categoria.nombre}</p>
        <p className="price big">{formatMoney(p.precio)}</p>
        <Valoracion producto={p} />
        <p>{p.descripcion || 'Sin descripción.'}</p>
        <p className={p.stock > 0 ? 'stock' : 'stock out'}>{p.stock > 0 ? `${p.stock} ${p.stock === 1 ? 'unidad' : 'unidades'} en stock` : 'Agotado'}</p>
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
            numeric={{ decimals: 0, min: 1 }}
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

/** The average of the ratings of the sales that contain this product (a sale's rating counts for each product in it). */
export function Valoracion({ producto }) {
  const n = producto.numero_calificaciones;
  if (!n) return <p className="muted rating-summary">Este producto aún no tiene valoraciones.</p>;
  const media = Number(producto.calificacion_media);
  const texto = media.toLocaleString('es-ES', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (
    <p className="rating-summary">
      <span className="stars" aria-hidden="true">
        {'★'.repeat(Math.round(media))}
        <span className="stars-off">{'★'.repeat(5 - Math.round(media))}</span>
      </span>{' '}
      <strong>{texto} de 5</strong> ({n} {n === 1 ? 'valoración' : 'valoraciones'})
      <br />
      <small className="muted">
        Media de las valoraciones de los pedidos que incluyen este producto: la valoración de un pedido cuenta para cada
        producto que contiene.
      </small>
    </p>
  );
}
