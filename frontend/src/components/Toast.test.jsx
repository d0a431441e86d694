import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Link, MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OK_VISIBLE_MS, ToastProvider, useToast } from './Toast';

/** A page that gives a confirmation, a refusal, or (through `later`) a message after it may be gone. */
function Ventas({ later }) {
  const toast = useToast();
  return (
    <>
      <h1>Ventas</h1>
      <button type="button" onClick={() => toast.ok('Pedido #5 pasado a «Enviado».')}>
        Cambiar
      </button>
      <button type="button" onClick={() => toast.error('Ese cambio de estado no está permitido.')}>
        Cambiar mal
      </button>
      <button type="button" onClick={() => later.push((m) => toast.ok(m))}>
        Cambiar despacio
      </button>
      <Link to="/gestion/productos">Productos</Link>
    </>
  );
}

function App() {
  const [later] = useState([]);
  return (
    <MemoryRouter initialEntries={['/gestion/ventas']}>
      <ToastProvider>
        <Routes>
          <Route path="/gestion/ventas" element={<Ventas later={later} />} />
          <Route
            path="/gestion/productos"
            element={
              <>
                <h1>Productos</h1>
                <button type="button" onClick={() => later.forEach((say) => say('Pedido #5 pasado a «Enviado».'))}>
                  Llega la respuesta
                </button>
              </>
            }
          />
        </Routes>
      </ToastProvider>
    </MemoryRouter>
  );
}

const toasts = () => screen.queryAllByTestId('toast').map((t) => t.textContent);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Toast', () => {
  it('lets a confirmation go by itself and keeps a refusal until it is closed', () => {
    render(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'Cambiar' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cambiar mal' }));
    expect(screen.getByRole('status')).toHaveTextContent('Pedido #5 pasado a «Enviado».');
    expect(screen.getByRole('alert')).toHaveTextContent('Ese cambio de estado no está permitido.');

    act(() => vi.advanceTimersByTime(OK_VISIBLE_MS));
    expect(toasts()).toEqual(['Ese cambio de estado no está permitido.×']);
    act(() => vi.advanceTimersByTime(10 * OK_VISIBLE_MS));
    expect(toasts()).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Cerrar aviso' }));
    expect(toasts()).toEqual([]);
  });

  it('says nothing of the last page on the next one', () => {
    render(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'Cambiar' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cambiar mal' }));
    expect(toasts()).toHaveLength(2);

    fireEvent.click(screen.getByRole('link', { name: 'Productos' }));
    expect(screen.getByRole('heading', { name: 'Productos' })).toBeInTheDocument();
    expect(toasts()).toEqual([]);
  });

  it('drops an answer that arrives after the person has left the page', () => {
    render(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'Cambiar despacio' }));
    fireEvent.click(screen.getByRole('link', { name: 'Productos' }));
    fireEvent.click(screen.getByRole('button', { name: 'Llega la respuesta' }));
    expect(toasts()).toEqual([]);
  });
});
