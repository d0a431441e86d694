import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BarChart } from './Charts';

describe('BarChart', () => {
  it('lists every row as label and value, bars sized against the largest', () => {
    render(<BarChart title="Unidades por producto" data={[{ label: 'Café 1kg', value: 4 }, { label: 'Auriculares', value: 2 }]} />);
    const figura = screen.getByRole('figure', { name: 'Unidades por producto' });
    const filas = within(figura).getAllByRole('listitem');
    expect(filas.map((f) => f.textContent)).toEqual(['Café 1kg: 4', 'Auriculares: 2']);
    const barras = figura.querySelectorAll('.barchart-bar');
    expect([...barras].map((b) => b.style.width)).toEqual(['100%', '50%']);
  });

  it('draws nothing without data', () => {
    const { container } = render(<BarChart title="Vacío" data={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
