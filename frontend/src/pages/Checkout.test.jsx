import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import Checkout from './Checkout';
import { formatMoney } from '../format';
import { bodyOf, mockApi, pathOf } from '../test/mockApi';

const eur = (n) => formatMoney(n).replace(/\s/g, ' ');
let mock;
afterEach(() => mock?.restore());

const cart = {
  usuario: 3,
  items: [{ id: 10, carrito: 1, producto: 1, cantidad: 2, producto_nombre: 'Café 1kg', precio_unitario: '10.00', subtotal: '20.00', miniatura: 'http://testserver/media/productos/1/a-min.webp' }],
  total: '20.00',
};
const resumen = (cupon) =>
  cupon ? { subtotal: '20.00', descuento: '2.00', impuesto: '3.78', envio: '5.00', total: '26.78' } : { subtotal: '20.00', descuento: '0.00', impuesto: '4.20', envio: '5.00', total: '29.20' };

const renderPage = () =>
  render(
    <MemoryRouter>
      <Checkout />
    </MemoryRouter>,
  );

describe('Checkout', () => {
  it('previews the coupon and sends one Idempotency-Key while the button is disabled', async () => {
    let release;
    const gate = new Promise((r) => {
      release = r;
    });
    mock = mockApi(async (config) => {
      const path = pathOf(config);
      if (path === '/carrito/') return [200, cart];
      if (path === '/venta/resumen/') return [200, resumen(config.params?.cupon)];
      if (path === '/venta/') {
        await gate;
        return [201, { id: 7, estado: 'PENDIENTE', ...resumen('X'), detalles: [{ id: 1, producto: 1, producto_nombre: 'Café 1kg', cantidad: 2, precio_unitario: '10.00', miniatura: null }] }];
      }
      return [404, {}];
    });
    const user = userEvent.setup();
    renderPage();
    expect(await screen.findByText(eur(29.2))).toBeInTheDocument();
    await user.type(screen.getByLabelText('Cupón'), 'DESC10');
    await user.click(screen.getByRole('button', { name: 'Aplicar cupón' }));
    expect(await screen.findByText(eur(26.78))).toBeInTheDocument();
    expect(screen.getByText(eur(-2))).toBeInTheDocument();

    const button = screen.getByRole('button', { name: 'Confirmar compra' });
    await user.click(button);
    expect(screen.getByRole('button', { name: 'Procesando…' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Procesando…' }));
    release();
    expect(await screen.findByRole('heading', { name: 'Pedido confirmado' })).toBeInTheDocument();
    // The status in words; the line without a photo shows the catalogue's placeholder.
    expect(screen.getByText('Pendiente de pago')).toBeInTheDocument();
    expect(document.querySelector('.lines .product-img.placeholder.tiny')).not.toBeNull();
    const posts = mock.calls.filter((c) => pathOf(c) === '/venta/');
    expect(posts).toHaveLength(1);
    expect(bodyOf(posts[0])).toEqual({ cupon: 'DESC10', total_esperado: '26.78' });
    expect(posts[0].headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the previewed total and shows the new amounts when prices changed', async () => {
    const nuevos = { subtotal: '30.00', descuento: '0.00', impuesto: '6.30', envio: '5.00', total: '41.30' };
    mock = mockApi((config) => {
      const path = pathOf(config);
      if (path === '/carrito/') return [200, cart];
      if (path === '/venta/resumen/') return [200, resumen()];
      const body = bodyOf(config);
      if (body.total_esperado === '41.30') return [201, { id: 8, estado: 'PENDIENTE', ...nuevos, detalles: [] }];
      return [
        409,
        {
          error: 'Los precios han cambiado desde que viste el resumen: revisa el nuevo total.',
          codigo: 'precio_cambiado',
          campos: {},
          total_esperado: body.total_esperado,
          totales: nuevos,
        },
      ];
    });
    const user = userEvent.setup();
    renderPage();
    expect(await screen.findByText(eur(29.2))).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Confirmar compra' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(`Nuevo total: ${eur(41.3)} (antes ${eur(29.2)})`);
    expect(screen.getAllByText(eur(41.3)).length).toBeGreaterThan(0);
    await user.click(screen.getByRole('button', { name: 'Confirmar compra' }));
    expect(await screen.findByRole('heading', { name: 'Pedido confirmado' })).toBeInTheDocument();
    const posts = mock.calls.filter((c) => pathOf(c) === '/venta/').map(bodyOf);
    expect(posts).toEqual([{ total_esperado: '29.20' }, { total_esperado: '41.30' }]);
  });

  it('shows a coupon error next to the coupon field', async () => {
    mock = mockApi((config) => {
      if (pathOf(config) === '/carrito/') return [200, cart];
      if (config.params?.cupon) return [400, { error: 'Cupón no válido.', codigo: 'cupon_invalido', campos: {} }];
      return [200, resumen()];
    });
    const user = userEvent.setup();
    renderPage();
    await user.type(await screen.findByLabelText('Cupón'), 'NOPE');
    await user.click(screen.getByRole('button', { name: 'Aplicar cupón' }));
    await waitFor(() => expect(screen.getByLabelText('Cupón')).toHaveAccessibleDescription('Cupón no válido.'));
  });
});
