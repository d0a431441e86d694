import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { palabras } from './CrudPage';
import { ToastProvider } from './Toast';
import CategoriasGestion from '../pages/staff/CategoriasGestion';
import { mockApi, pathOf } from '../test/mockApi';

let mock;
afterEach(() => {
  mock?.restore();
  vi.restoreAllMocks();
});

/** The categories page with one category, «Jardín», whose DELETE answers `answer`. */
async function deleteJardin(answer) {
  mock = mockApi((config) =>
    config.method === 'delete' && pathOf(config) === '/categorias/3/'
      ? answer
      : [200, { count: 1, next: null, previous: null, results: [{ id: 3, nombre: 'Jardín', descripcion: '' }] }],
  );
  vi.spyOn(window, 'confirm').mockReturnValue(true);
  const user = userEvent.setup();
  render(
    <MemoryRouter>
      <ToastProvider>
        <CategoriasGestion />
      </ToastProvider>
    </MemoryRouter>,
  );
  await user.click(await screen.findByRole('button', { name: 'Eliminar Jardín' }));
  // The refusals' region is on the page from the start (empty): wait for the message in it.
  return (await within(screen.getByRole('alert')).findByTestId('toast')).textContent;
}

describe('CrudPage wording', () => {
  it('agrees in gender', () => {
    const f = palabras('categoría', 'f');
    expect(f.nuevo).toBe('Nueva categoría');
    expect(f.creado('Jardín')).toBe('Categoría «Jardín» creada.');
    expect(f.eliminado('Jardín')).toBe('Categoría «Jardín» eliminada.');
    expect(f.ninguno).toBe('No hay ninguna categoría todavía.');
    expect(f.preguntaEliminar('Jardín')).toBe('¿Eliminar la categoría «Jardín»?');
    const m = palabras('producto');
    expect(m.nuevo).toBe('Nuevo producto');
    expect(m.guardado('Café')).toBe('Producto «Café» guardado.');
  });

  it('says "Nueva categoría" on the categories page', async () => {
    mock = mockApi(() => [200, { count: 0, next: null, previous: null, results: [] }]);
    render(
      <MemoryRouter>
        <CategoriasGestion />
      </MemoryRouter>,
    );
    expect(screen.getByRole('button', { name: 'Nueva categoría' })).toBeInTheDocument();
    expect(await screen.findByText('No hay ninguna categoría todavía.')).toBeInTheDocument();
  });

  it('names the category once when the API already does', async () => {
    const said = await deleteJardin([409, { error: 'No se puede eliminar «Jardín»: la usan 3 productos.', codigo: 'registro_protegido', campos: {} }]);
    expect(said).toBe('No se puede eliminar «Jardín»: la usan 3 productos.×');
  });

  it('puts the name into a refusal that does not say it', async () => {
    const said = await deleteJardin([409, { error: 'No se puede eliminar: se usa en productos. Bórralos o cámbialos antes.', codigo: 'registro_protegido', campos: {} }]);
    expect(said).toBe('No se puede eliminar «Jardín»: se usa en productos. Bórralos o cámbialos antes.×');
  });

  it('says every required box left empty at once, without asking the API', async () => {
    mock = mockApi(() => [200, { count: 0, next: null, previous: null, results: [] }]);
    const user = userEvent.setup();
    render(
      <MemoryRouter>
        <CategoriasGestion />
      </MemoryRouter>,
    );
    await user.click(screen.getByRole('button', { name: 'Nueva categoría' }));
    await user.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Nombre: Este dato es obligatorio.')).toBeInTheDocument();
    expect(screen.getByLabelText('Nombre')).toHaveAttribute('aria-invalid', 'true');
    expect(mock.calls.filter((c) => c.method === 'post')).toHaveLength(0);
  });

  it('takes the refusal away when the person opens a form, so it does not cover it', async () => {
    await deleteJardin([409, { error: 'No se puede eliminar «Jardín»: la usan 3 productos.', codigo: 'registro_protegido', campos: {} }]);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Editar Jardín' }));
    expect(await screen.findByRole('form', { name: 'Editar categoría' })).toBeInTheDocument();
    expect(screen.queryByTestId('toast')).not.toBeInTheDocument();
  });

  it('says what did not happen before a reason that is not about it', async () => {
    const said = await deleteJardin([404, { error: 'No encontrado.', codigo: 'not_found', campos: {} }]);
    expect(said).toBe('No se ha eliminado la categoría «Jardín». No encontrado.×');
  });
});
