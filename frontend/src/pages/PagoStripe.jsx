import { useEffect, useState } from 'react';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import ErrorBanner from '../components/ErrorBanner';
import Loading from '../components/Loading';

// Stripe.js must come from js.stripe.com (Stripe's rule); without internet it cannot load.
export const SIN_STRIPE =
  'No se ha podido cargar el formulario de tarjeta de Stripe (js.stripe.com no responde: ¿estás sin conexión?). Elige otro medio de pago o inténtalo más tarde.';

function Formulario({ ventaId, onEnviado }) {
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState(null);
  const [enviando, setEnviando] = useState(false);

  async function pagar(e) {
    e.preventDefault();
    if (!stripe || !elements) return;
    setEnviando(true);
    setError(null);
    const { error: fallo } = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: `${window.location.origin}/pedidos?venta=${ventaId}` },
      redirect: 'if_required',
    });
    setEnviando(false);
    if (fallo) setError(fallo.message || 'El pago no se ha completado.');
    else onEnviado();
  }

  return (
    <form onSubmit={pagar} aria-label="Pago con tarjeta">
      <ErrorBanner error={error} />
      <PaymentElement />
      <button type="submit" className="primary" disabled={!stripe || enviando}>
        {enviando ? 'Pagando…' : 'Pagar con tarjeta'}
      </button>
    </form>
  );
}

/** Stripe's Payment Element for a PaymentIntent's client secret; says so when Stripe.js can't load. */
export default function PagoStripe({ clavePublica, clientSecret, ventaId, onEnviado }) {
  const [stripe, setStripe] = useState(null);
  const [fallo, setFallo] = useState(null);

  useEffect(() => {
    let vivo = true;
    if (!clavePublica) {
      setFallo('La tienda no tiene configurada la clave publicable de Stripe.');
      return undefined;
    }
    import('@stripe/stripe-js')
      .then(({ loadStripe }) => loadStripe(clavePublica))
      .then((s) => vivo && (s ? setStripe(s) : setFallo(SIN_STRIPE)))
      .catch(() => vivo && setFallo(SIN_STRIPE));
    return () => {
      vivo = false;
    };
  }, [clavePublica]);

  if (fallo) return <ErrorBanner error={fallo} />;
  if (!stripe) return <Loading text="Cargando el formulario de pago…" />;
  return (
    <Elements stripe={stripe} options={{ clientSecret, locale: 'es' }}>
      <Formulario ventaId={ventaId} onEnviado={onEnviado} />
    </Elements>
  );
}
