import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import PaypalRetorno from './PaypalRetorno';
import { mockApi, pathOf } from '../test/mockApi';

let mock;
afterEach(() => mock?.restore());

const renderPage = () =>
  render(
    <MemoryRouter initialEntries={['/pagos/5/paypal']}>
      <Routes>
        <Route path="/pagos/:id/paypal" element={<PaypalRetorno />} />
      </Routes>
    </MemoryRouter>,
  );

describe('PaypalRetorno', () => {
  it('captures the approved order once and says the order is paid', async () => {
    mock = mockApi(async (config) =>
      pathOf(config) === '/pagos/5/capturar/' ? [200, { id: 5, venta: 9, proveedor: 'paypal', estado: 'EXITOSO' }] : [404, {}],
    );
    renderPage();
    expect(await screen.findByText(/Tu pedido #9 está pagado/)).toBeInTheDocument();
    expect(mock.calls.filter((c) => pathOf(c) === '/pagos/5/capturar/')).toHaveLength(1);
  });

  it('offers a retry when PayPal did not complete the payment', async () => {
    mock = mockApi(async () => [409, { error: 'El proveedor rechazó la operación.', codigo: 'pago_rechazado', campos: {} }]);
    renderPage();
    expect(await screen.findByText('El proveedor rechazó la operación.')).toBeInTheDocument();
  });
});
