import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { palabras } from './CrudPage';
import CategoriasGestion from '../pages/staff/CategoriasGestion';
import { mockApi } from '../test/mockApi';

let mock;
afterEach(() => mock?.restore());

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
});
