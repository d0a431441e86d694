import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import NotificationBell from '../components/NotificationBell';
import Notificaciones, { enlaceDe } from './Notificaciones';
import { mockApi, pathOf } from '../test/mockApi';

let mock;
afterEach(() => mock?.restore());

const lista = (leida) => ({
  count: 2,
  next: null,
  previous: null,
  results: [
    { id: 2, tipo: 'stock_bajo', titulo: 'Stock bajo: Café', mensaje: 'Quedan 2', datos: { producto: 7 }, leida, fecha: '2026-12-03T10:00:00Z' },
    { id: 1, tipo: 'venta_confirmada', titulo: 'Pedido #5 confirmado', mensaje: 'Hemos recibido tu pedido', datos: { venta: 5 }, leida: true, fecha: '2026-12-02T10:00:00Z' },
  ],
});

describe('Notificaciones', () => {
  it('lists the notifications with links and marks one read', async () => {
    let leida = false;
    mock = mockApi((config) => {
      if (config.method === 'post' && pathOf(config) === '/notificaciones/2/leida/') {
        leida = true;
        return [200, { ...lista(true).results[0] }];
      }
      return [200, lista(leida)];
    });
    render(
      <MemoryRouter>
        <Notificaciones />
      </MemoryRouter>,
    );
    expect(await screen.findByText('Stock bajo: Café')).toBeInTheDocument();
    expect(screen.getByText('Pedido #5 confirmado')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Marcar como leída' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Marcar como leída' })).not.toBeInTheDocument());
    expect(mock.calls.some((c) => c.method === 'post' && pathOf(c) === '/notificaciones/2/leida/')).toBe(true);
  });

  it('links staff to the inventory row and buyers to their order', () => {
    expect(enlaceDe({ tipo: 'stock_bajo', datos: { producto: 7 } })).toBe('/gestion/inventario?stock_bajo=true');
    expect(enlaceDe({ tipo: 'estado_venta', datos: { venta: 5 } })).toBe('/pedidos?venta=5');
  });

  it('the bell shows the unread count from the summary', async () => {
    mock = mockApi((config) => (pathOf(config) === '/notificaciones/resumen/' ? [200, { no_leidas: 3 }] : [404, {}]));
    render(
      <MemoryRouter>
        <NotificationBell />
      </MemoryRouter>,
    );
    expect(await screen.findByTestId('no-leidas')).toHaveTextContent('3');
    // An inline SVG icon (no emoji, which some browsers draw as an empty box) and a label with the count.
    const enlace = screen.getByRole('link', { name: 'Notificaciones: 3 sin leer' });
    expect(enlace.querySelector('svg[aria-hidden="true"]')).not.toBeNull();
    expect(enlace.textContent).not.toMatch(/\u{1F514}/u);
  });
});
