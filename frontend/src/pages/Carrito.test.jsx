import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import Carrito from './Carrito';
import { formatMoney } from '../format';

// toHaveTextContent collapses the no-break space Intl puts before the euro sign.
const eur = (n) => formatMoney(n).replace(/\s/g, ' ');
import { bodyOf, mockApi, pathOf } from '../test/mockApi';

let mock;
afterEach(() => mock?.restore());

const cart = (cantidad) => ({
  usuario: 3,
  items: [
    { id: 10, carrito: 1, producto: 1, cantidad, producto_nombre: 'Laptop Gamer', precio_unitario: '1200.00', subtotal: (1200 * cantidad).toFixed(2) },
    { id: 11, carrito: 1, producto: 2, cantidad: 2, producto_nombre: 'Ratón', precio_unitario: '25.50', subtotal: '51.00' },
  ],
  total: (1200 * cantidad + 51).toFixed(2),
});

describe('Carrito', () => {
  it('shows each line and the server total formatted in euros', async () => {
    mock = mockApi(() => [200, cart(1)]);
    render(
      <MemoryRouter>
        <Carrito />
      </MemoryRouter>,
    );
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('Laptop Gamer');
    expect(rows[1]).toHaveTextContent(eur(1200));
    expect(rows[2]).toHaveTextContent(eur(51));
    expect(screen.getByTestId('cart-total')).toHaveTextContent(eur(1251));
    expect(formatMoney('1251.00')).toMatch(/1251,00\s€/);
  });

  it('keeps what is typed as soon as the box appears', async () => {
    mock = mockApi(() => [200, cart(1)]);
    // The keystroke lands right after the box is drawn (a MutationObserver runs before React's
    // next task): nothing the page does after drawing it may put the old quantity back.
    const typed = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const input = screen.queryByLabelText('Cantidad de Laptop Gamer');
        if (!input) return;
        observer.disconnect();
        fireEvent.change(input, { target: { value: '4' } });
        resolve(input);
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    render(
      <MemoryRouter>
        <Carrito />
      </MemoryRouter>,
    );
    const input = await typed;
    // Whatever React still had to run after that render (its effects) runs here.
    await act(async () => {});
    expect(input).toHaveValue(4);
  });

  it('changes a quantity with PATCH and shows the new total', async () => {
    let current = cart(1);
    mock = mockApi((config) => {
      if (config.method === 'patch') {
        current = cart(bodyOf(config).cantidad);
        return [200, { id: 10, cantidad: bodyOf(config).cantidad }];
      }
      return [200, current];
    });
    const user = userEvent.setup();
    render(
      <MemoryRouter>
        <Carrito />
      </MemoryRouter>,
    );
    const input = await screen.findByLabelText('Cantidad de Laptop Gamer');
    await user.clear(input);
    await user.type(input, '3{Enter}');
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent(eur(3651)));
    const patch = mock.calls.find((c) => c.method === 'patch');
    expect(pathOf(patch)).toBe('/carrito-item/10/');
    expect(bodyOf(patch)).toEqual({ cantidad: 3 });
  });

  it('shows the empty state for an empty cart', async () => {
    mock = mockApi(() => [200, { usuario: 3, items: [], total: '0.00' }]);
    render(
      <MemoryRouter>
        <Carrito />
      </MemoryRouter>,
    );
    expect(await screen.findByText(/Tu carrito está vacío/)).toBeInTheDocument();
  });

  it('shows a 409 from the API in the banner', async () => {
    mock = mockApi((config) =>
      config.method === 'patch' ? [409, { error: 'No hay stock suficiente de «Laptop Gamer».', codigo: 'stock_insuficiente', campos: {} }] : [200, cart(1)],
    );
    const user = userEvent.setup();
    render(
      <MemoryRouter>
        <Carrito />
      </MemoryRouter>,
    );
    const input = await screen.findByLabelText('Cantidad de Laptop Gamer');
    await user.clear(input);
    await user.type(input, '99{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('No hay stock suficiente de «Laptop Gamer».');
    // The box shows what the cart holds, not the refused quantity.
    await waitFor(() => expect(input).toHaveValue(1));
    expect(input).toHaveAccessibleDescription('No hay stock suficiente de «Laptop Gamer».');
  });

  it('sends one update when Enter is followed by leaving the box', async () => {
    let current = cart(1);
    let release;
    mock = mockApi(async (config) => {
      if (config.method === 'patch') {
        await new Promise((r) => {
          release = r;
        });
        current = cart(bodyOf(config).cantidad);
        return [200, { id: 10, cantidad: bodyOf(config).cantidad }];
      }
      return [200, current];
    });
    const user = userEvent.setup();
    render(
      <MemoryRouter>
        <Carrito />
      </MemoryRouter>,
    );
    const input = await screen.findByLabelText('Cantidad de Laptop Gamer');
    await user.clear(input);
    await user.type(input, '4{Enter}');
    await user.tab();
    await waitFor(() => expect(release).toBeTypeOf('function'));
    release();
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent(eur(4851)));
    await user.click(input);
    await user.tab();
    expect(mock.calls.filter((c) => c.method === 'patch')).toHaveLength(1);
  });
});
