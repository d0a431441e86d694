import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import Inventario from './Inventario';
import Movimientos from './Movimientos';
import { mockApi, pathOf } from '../../test/mockApi';

let mock;
afterEach(() => mock?.restore());
const page = (results) => [200, { count: results.length, next: null, previous: null, results }];

describe('Inventario', () => {
  it('asks the server for the low-stock rows of the whole inventory', async () => {
    mock = mockApi((config) =>
      config.params?.stock_bajo === 'true'
        ? page([{ id: 2, producto: 9, producto_nombre: 'Producto 9.000', cantidad: 1, stock_minimo: 5, bajo_minimo: true, ultima_actualizacion: null }])
        : page([{ id: 1, producto: 1, producto_nombre: 'Café', cantidad: 50, stock_minimo: 5, bajo_minimo: false, ultima_actualizacion: null }]),
    );
    const user = userEvent.setup();
    render(
      <MemoryRouter>
        <Inventario />
      </MemoryRouter>,
    );
    expect(await screen.findByText('Café')).toBeInTheDocument();
    await user.click(screen.getByLabelText('Mostrar solo stock bajo'));
    expect(await screen.findByText('Producto 9.000')).toBeInTheDocument();
    expect(screen.getByText('1 producto con stock bajo en todo el inventario.')).toBeInTheDocument();
    expect(mock.calls.at(-1).params).toMatchObject({ stock_bajo: 'true', page: 1 });
  });
});

describe('Movimientos', () => {
  it('finds a product by searching the whole catalogue and says the reason in words', async () => {
    mock = mockApi((config) => {
      const path = pathOf(config);
      if (path === '/productos/') {
        return config.params?.search === 'lejano'
          ? page([{ id: 9876, nombre: 'Producto lejano' }])
          : page([{ id: 1, nombre: 'Café' }]);
      }
      return page([{ id: 5, fecha: null, producto: 1, producto_nombre: 'Café', delta: 5, cantidad_resultante: 55, motivo: 'AJUSTE', username: 'empleado', venta: null }]);
    });
    const user = userEvent.setup();
    render(
      <MemoryRouter>
        <Movimientos />
      </MemoryRouter>,
    );
    expect(await screen.findByText('Ajuste manual')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Buscar producto'), 'lejano');
    await waitFor(() => expect(screen.getByRole('option', { name: 'Producto lejano' })).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText('Producto'), 'Producto lejano');
    await waitFor(() => expect(mock.calls.some((c) => pathOf(c) === '/inventario/movimientos/' && c.params.producto === '9876')).toBe(true));
  });
});
