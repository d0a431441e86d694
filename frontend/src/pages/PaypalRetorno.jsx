import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import api from '../api/client';
import { parseApiError } from '../api/errors';
import ErrorBanner from '../components/ErrorBanner';
import Loading from '../components/Loading';
import useDocumentTitle from '../useDocumentTitle';

/** Where PayPal sends the buyer back: capture the approved order once. */
export default function PaypalRetorno() {
  const { id } = useParams();
  useDocumentTitle('Pago con PayPal');
  const [pago, setPago] = useState(null);
  const [error, setError] = useState(null);
  const hecho = useRef(false);

  useEffect(() => {
    if (hecho.current) return;
    hecho.current = true;
    api
      .post(`/pagos/${id}/capturar/`, {})
      .then(({ data }) => setPago(data))
      .catch((err) => setError(parseApiError(err)));
  }, [id]);

  return (
    <section className="page narrow">
      <h1>Pago con PayPal</h1>
      <ErrorBanner error={error} />
      {!pago && !error && <Loading text="Confirmando el pago con PayPal…" />}
      {pago?.estado === 'EXITOSO' && (
        <div className="banner banner-ok" role="status">
          Pago recibido. ¡Gracias! Tu pedido #{pago.venta} está pagado.
        </div>
      )}
      {pago && pago.estado !== 'EXITOSO' && (
        <div className="banner banner-error" role="alert">
          PayPal no ha completado el pago. <Link to={`/pedidos/${pago.venta}/pagar`}>Inténtalo de nuevo</Link>
        </div>
      )}
      <p>
        <Link to="/pedidos">Ver mis pedidos</Link>
      </p>
    </section>
  );
}
