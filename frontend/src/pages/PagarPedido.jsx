import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import api, { newIdempotencyKey } from '../api/client';
import Amounts from '../components/Amounts';
import ErrorBanner from '../components/ErrorBanner';
import EstadoBadge from '../components/EstadoBadge';
import Loading from '../components/Loading';
import { formatMoney } from '../format';
import useApi from '../useApi';
import useDocumentTitle from '../useDocumentTitle';
import useEnvio from '../useEnvio';
import PagoStripe from './PagoStripe';

/** The buyer pays a pending order: choose a provider, then pay the way that provider needs. */
export default function PagarPedido() {
  const { id } = useParams();
  useDocumentTitle(`Pagar el pedido #${id}`);
  const venta = useApi(`/ventas/${id}/`);
  const proveedores = useApi('/pagos/proveedores/');
  const [pago, setPago] = useState(null);
  const { enviar, sending: ocupado, error } = useEnvio();
  const [resultado, setResultado] = useState(null);
  const intento = useRef(null);
  // On the way to PayPal's page: the buttons stay off until the browser has left (or comes back to
  // this page from its cache with Back, when they are usable again).
  const [aPaypal, setAPaypal] = useState(false);
  useEffect(() => {
    const alVolver = (e) => e.persisted && setAPaypal(false);
    window.addEventListener('pageshow', alVolver);
    return () => window.removeEventListener('pageshow', alVolver);
  }, []);

  function elegir(proveedor) {
    setResultado(null);
    // One key per choice, so a double click or a lost answer never starts two payments.
    if (!intento.current || intento.current.proveedor !== proveedor) {
      intento.current = { proveedor, clave: newIdempotencyKey() };
    }
    enviar(async () => {
      const { data } = await api.post(`/ventas/${id}/pagos/`, { proveedor }, { headers: { 'Idempotency-Key': intento.current.clave } });
      if (data.proveedor === 'paypal' && data.url_aprobacion) {
        setAPaypal(true);
        window.location.assign(data.url_aprobacion);
      } else setPago(data);
    });
  }

  function simular(res) {
    enviar(async () => {
      const { data } = await api.post(`/pagos/${pago.id}/simular/`, { resultado: res });
      setPago(null);
      intento.current = null;
      setResultado(data.estado);
      venta.reload();
    });
  }

  if (venta.loading && !venta.data) return <Loading text="Cargando el pedido…" />;
  if (venta.error) return <ErrorBanner error={venta.error} />;
  const v = venta.data;
  const lista = proveedores.data || [];
  const stripe = lista.find((p) => p.codigo === 'stripe');

  return (
    <section className="page narrow">
      <h1>Pagar el pedido #{id}</h1>
      <div className="card">
        <p>
          Estado: <EstadoBadge estado={v.estado} />
        </p>
        <Amounts data={v} label="Importes del pedido" />
      </div>
      <ErrorBanner error={error} />
      {resultado === 'EXITOSO' && (
        <div className="banner banner-ok" role="status">
          Pago recibido. ¡Gracias! Tu pedido está pagado. <Link to="/pedidos">Ver mis pedidos</Link>
        </div>
      )}
      {resultado === 'FALLIDO' && (
        <div className="banner banner-error" role="alert">
          El pago ha sido rechazado. Puedes intentarlo de nuevo.
        </div>
      )}
      {v.estado !== 'PENDIENTE' && resultado !== 'EXITOSO' && (
        <p>
          Este pedido no está pendiente de pago. <Link to="/pedidos">Volver a mis pedidos</Link>
        </p>
      )}
      {v.estado === 'PENDIENTE' && !pago && (
        <div className="card" aria-label="Medios de pago">
          <h2>Elige cómo pagar {formatMoney(v.total)}</h2>
          {proveedores.loading && <Loading text="Cargando medios de pago…" />}
          {proveedores.data && lista.length === 0 && (
            <p>La tienda no tiene medios de pago en línea. El personal marcará el pedido como pagado al recibir tu pago.</p>
          )}
          <div className="actions">
            {lista.map((p) => (
              <button key={p.codigo} type="button" disabled={ocupado || aPaypal} onClick={() => elegir(p.codigo)}>
                {p.nombre}
              </button>
            ))}
          </div>
          {aPaypal && <Loading text="Te llevamos a PayPal para aprobar el pago…" />}
        </div>
      )}
      {pago?.proveedor === 'simulado' && (
        <div className="card" aria-label="Pago simulado">
          <h2>Pago simulado</h2>
          <p>Sin tarjeta ni conexión: elige qué contestaría el banco para {formatMoney(pago.monto)}.</p>
          <div className="actions">
            <button type="button" className="primary" disabled={ocupado} onClick={() => simular('exito')}>
              Pagar
            </button>
            <button type="button" className="danger" disabled={ocupado} onClick={() => simular('fallo')}>
              Rechazar
            </button>
          </div>
        </div>
      )}
      {pago?.proveedor === 'stripe' && (
        <div className="card" aria-label="Pago con tarjeta">
          <h2>Tarjeta</h2>
          <PagoStripe
            clavePublica={stripe?.clave_publica}
            clientSecret={pago.client_secret}
            ventaId={id}
            onEnviado={() => {
              setPago(null);
              setResultado('ENVIADO');
            }}
          />
          <button type="button" className="link-button" onClick={() => setPago(null)}>
            Elegir otro medio de pago
          </button>
        </div>
      )}
      {resultado === 'ENVIADO' && (
        <div className="banner banner-ok" role="status">
          Pago enviado. Tu pedido quedará pagado en cuanto Stripe lo confirme. <Link to="/pedidos">Ver mis pedidos</Link>
        </div>
      )}
    </section>
  );
}
