import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import ProductosGestion from './ProductosGestion';
import { bodyOf, mockApi, pathOf } from '../../test/mockApi';

let mock;
afterEach(() => mock?.restore());

const cafe = (version, extra = {}) => ({
  id: 7,
  nombre: 'Café 1kg',
  descripcion: '',
  precio: '18.75',
  stock: 49,
  categoria: { id: 1, nombre: 'Hogar' },
  proveedor: null,
  version,
  imagen: null,
  miniatura: null,
  calificacion_media: null,
  numero_calificaciones: 0,
  ...extra,
});

function api(onPatch) {
  let current = cafe('v1');
  return mockApi(async (config) => {
    const path = pathOf(config);
    if (config.method === 'patch') return onPatch(config, (next) => (current = next));
    if (path === '/productos/7/') return [200, current, { etag: `"${current.version}"` }];
    if (path === '/productos/7/imagenes/') return [200, []];
    if (path === '/productos/') return [200, { count: 1, next: null, previous: null, results: [current] }];
    return [200, { count: 1, next: null, previous: null, results: [{ id: 1, nombre: 'Hogar' }] }];
  });
}

/** The page, with the edit form of «Café 1kg» just opened (its current copy may still be loading). */
async function abrirFormulario(user) {
  render(
    <MemoryRouter>
      <ProductosGestion />
    </MemoryRouter>,
  );
  await user.click(await screen.findByRole('button', { name: 'Editar Café 1kg' }));
  return screen.findByRole('form', { name: 'Editar producto' });
}

async function openEdit(user) {
  const form = await abrirFormulario(user);
  // Read-only until the product's current copy (and its ETag) arrives.
  await waitFor(() => expect(within(form).getByLabelText('Precio (€)')).toBeEnabled());
  expect(within(form).getByLabelText('Precio (€)')).toHaveValue('18,75');
  return form;
}

describe('ProductosGestion', () => {
  it('keeps the form read-only until the current copy arrives, then shows that copy', async () => {
    let llega;
    const copia = new Promise((resolve) => (llega = resolve));
    mock = mockApi(async (config) => {
      const path = pathOf(config);
      if (path === '/productos/7/') {
        await copia;
        return [200, cafe('v2', { precio: '19.00' }), { etag: '"v2"' }];
      }
      if (path === '/productos/7/imagenes/') return [200, []];
      if (path === '/productos/') return [200, { count: 1, next: null, previous: null, results: [cafe('v1')] }];
      return [200, { count: 1, next: null, previous: null, results: [{ id: 1, nombre: 'Hogar' }] }];
    });
    const form = await abrirFormulario(userEvent.setup());
    const precio = within(form).getByLabelText('Precio (€)');
    expect(precio).toHaveValue('18,75');
    expect(precio).toBeDisabled();
    expect(within(form).getByRole('button', { name: 'Guardar' })).toBeDisabled();
    expect(within(form).getByRole('status')).toHaveTextContent('Cargando la versión actual de Café 1kg…');

    llega();
    await waitFor(() => expect(precio).toBeEnabled());
    expect(precio).toHaveValue('19,00');
    await waitFor(() => expect(within(form).getByLabelText('Nombre')).toHaveFocus());
    expect(within(form).queryByText(/Cargando la versión actual/)).not.toBeInTheDocument();
  });

  it('saves "12,5" as 12.50 with If-Match and without the stock it did not touch', async () => {
    mock = api((config, set) => {
      set(cafe('v2', { precio: '12.50' }));
      return [200, cafe('v2', { precio: '12.50' })];
    });
    const user = userEvent.setup();
    const form = await openEdit(user);
    const precio = within(form).getByLabelText('Precio (€)');
    await user.clear(precio);
    await user.type(precio, '12,5');
    expect(within(form).getByText('Se guardará: 12,50 €')).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Guardar' }));
    await waitFor(() => expect(mock.calls.some((c) => c.method === 'patch')).toBe(true));
    const patch = mock.calls.find((c) => c.method === 'patch');
    expect(bodyOf(patch)).toEqual({ nombre: 'Café 1kg', descripcion: '', precio: '12.50', categoria: 1, proveedor: null });
    expect(patch.headers['If-Match']).toBe('"v1"');
  });

  it('refuses an ambiguous price without sending anything', async () => {
    mock = api(() => [200, cafe('v2')]);
    const user = userEvent.setup();
    const form = await openEdit(user);
    const precio = within(form).getByLabelText('Precio (€)');
    await user.clear(precio);
    await user.type(precio, '1.234,5');
    await user.click(within(form).getByRole('button', { name: 'Guardar' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Precio (€):');
    expect(precio).toHaveAttribute('aria-invalid', 'true');
    expect(mock.calls.filter((c) => c.method === 'patch')).toHaveLength(0);
  });

  it('on 412 says why and reloads the product into the form', async () => {
    mock = api((config, set) => {
      set(cafe('v9', { stock: 46 }));
      return [412, { error: 'Este producto ha cambiado desde que lo abriste.', codigo: 'producto_modificado', campos: {} }];
    });
    const user = userEvent.setup();
    const form = await openEdit(user);
    const stock = within(form).getByLabelText('Stock');
    await user.clear(stock);
    await user.type(stock, '60');
    await user.click(within(form).getByRole('button', { name: 'Guardar' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Alguien ha cambiado este producto');
    await waitFor(() => expect(within(form).getByLabelText('Stock')).toHaveValue('46'));
    expect(bodyOf(mock.calls.find((c) => c.method === 'patch')).stock).toBe(60);
  });
});
