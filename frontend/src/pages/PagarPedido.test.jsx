import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PagarPedido from './PagarPedido';
import { SIN_STRIPE } from './PagoStripe';
import { bodyOf, mockApi, pathOf } from '../test/mockApi';

vi.mock('@stripe/stripe-js', () => ({
  loadStripe: () => Promise.reject(new Error('Failed to load Stripe.js')),
}));

let mock;
afterEach(() => mock?.restore());

const venta = (estado) => ({ id: 7, estado, subtotal: '20.00', descuento: '0.00', impuesto: '0.00', envio: '0.00', total: '20.00', detalles: [], historial: [] });

function api(estadoTrasPagar) {
  let estado = 'PENDIENTE';
  return mockApi(async (config) => {
    const path = pathOf(config);
    if (path === '/ventas/7/') return [200, venta(estado)];
    if (path === '/pagos/proveedores/')
      return [
        200,
        [
          { codigo: 'stripe', nombre: 'Tarjeta (Stripe)', clave_publica: 'pk_test_x' },
          { codigo: 'paypal', nombre: 'PayPal' },
          { codigo: 'simulado', nombre: 'Pago simulado' },
        ],
      ];
    if (path === '/ventas/7/pagos/') {
      const proveedor = bodyOf(config).proveedor;
      const url_aprobacion = proveedor === 'paypal' ? 'https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T' : '';
      return [201, { id: 3, venta: 7, proveedor, estado: 'PENDIENTE', monto: '20.00', client_secret: proveedor === 'stripe' ? 'pi_1_secret_2' : '', url_aprobacion }];
    }
    if (path === '/pagos/3/simular/') {
      estado = estadoTrasPagar;
      return [200, { id: 3, venta: 7, proveedor: 'simulado', estado: bodyOf(config).resultado === 'exito' ? 'EXITOSO' : 'FALLIDO' }];
    }
    return [404, {}];
  });
}

const renderPage = () =>
  render(
    <MemoryRouter initialEntries={['/pedidos/7/pagar']}>
      <Routes>
        <Route path="/pedidos/:id/pagar" element={<PagarPedido />} />
      </Routes>
    </MemoryRouter>,
  );

describe('PagarPedido', () => {
  it('pays with the simulated provider and shows the order paid', async () => {
    mock = api('PAGADA');
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Pago simulado' }));
    await user.click(await screen.findByRole('button', { name: 'Pagar' }));
    expect(await screen.findByText(/Pago recibido/)).toBeInTheDocument();
    expect(await screen.findByText('Pagado')).toBeInTheDocument();
    const pagos = mock.calls.filter((c) => pathOf(c) === '/ventas/7/pagos/');
    expect(pagos).toHaveLength(1);
    expect(pagos[0].headers['Idempotency-Key']).toBeTruthy();
  });

  it('lets the buyer retry after a rejected simulated payment', async () => {
    mock = api('PENDIENTE');
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Pago simulado' }));
    await user.click(await screen.findByRole('button', { name: 'Rechazar' }));
    expect(await screen.findByText(/rechazado/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pago simulado' })).toBeEnabled();
  });

  it('sends the buyer to PayPal with every button off until the browser has left, and on again after Back', async () => {
    mock = api('PENDIENTE');
    const assign = vi.fn();
    const original = window.location;
    Object.defineProperty(window, 'location', { configurable: true, value: { ...original, assign } });
    try {
      const user = userEvent.setup();
      renderPage();
      await user.click(await screen.findByRole('button', { name: 'PayPal' }));
      expect(await screen.findByText('Te llevamos a PayPal para aprobar el pago…')).toBeInTheDocument();
      expect(assign).toHaveBeenCalledWith('https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T');
      for (const nombre of ['Tarjeta (Stripe)', 'PayPal', 'Pago simulado']) expect(screen.getByRole('button', { name: nombre })).toBeDisabled();

      // Back from PayPal restores this page from the browser's cache.
      act(() => window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true })));
      expect(screen.getByRole('button', { name: 'PayPal' })).toBeEnabled();
      expect(screen.queryByText('Te llevamos a PayPal para aprobar el pago…')).not.toBeInTheDocument();
    } finally {
      Object.defineProperty(window, 'location', { configurable: true, value: original });
    }
  });

  it('says clearly when Stripe.js cannot load', async () => {
    mock = api('PENDIENTE');
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Tarjeta (Stripe)' }));
    expect(await screen.findByText(SIN_STRIPE)).toBeInTheDocument();
  });
});
