import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Register from './Register';
import Login from './Login';
import { AuthContext } from '../auth/AuthContext';
import { ToastProvider } from '../components/Toast';
import { bodyOf, mockApi, pathOf } from '../test/mockApi';

let mock;
afterEach(() => mock?.restore());

/** `Toasts` is ToastProvider where a test reads a message said on the next page (its regions are roles too). */
function renderIt(login, Toasts = ({ children }) => children) {
  render(
    <AuthContext.Provider value={{ user: null, login }}>
      <MemoryRouter initialEntries={['/registro']}>
        <Toasts>
          <Routes>
            <Route path="/registro" element={<Register />} />
            <Route path="/login" element={<Login />} />
            <Route path="/" element={<h1>Catálogo</h1>} />
          </Routes>
        </Toasts>
      </MemoryRouter>
    </AuthContext.Provider>,
  );
}

async function fill(user, password2 = 'Compra-Segura-2026!') {
  await user.type(screen.getByLabelText('Usuario'), 'ana');
  await user.type(screen.getByLabelText('Correo electrónico'), 'ana@example.com');
  await user.type(screen.getByLabelText('Contraseña'), 'Compra-Segura-2026!');
  await user.type(screen.getByLabelText('Repite la contraseña'), password2);
  await user.click(screen.getByRole('button', { name: 'Crear cuenta' }));
}

describe('Register', () => {
  it('creates the account and enters with it', async () => {
    mock = mockApi(() => [201, { id: 9, username: 'ana' }]);
    const login = vi.fn(async () => ({ id: 9 }));
    const user = userEvent.setup();
    renderIt(login);
    await fill(user);
    expect(await screen.findByRole('heading', { name: 'Catálogo' })).toBeInTheDocument();
    expect(pathOf(mock.calls[0])).toBe('/register/');
    expect(bodyOf(mock.calls[0])).toEqual({ username: 'ana', email: 'ana@example.com', password: 'Compra-Segura-2026!' });
    expect(login).toHaveBeenCalledWith('ana', 'Compra-Segura-2026!');
  });

  it('says the account exists on the login page when entering fails', async () => {
    mock = mockApi(() => [201, { id: 9, username: 'ana' }]);
    const user = userEvent.setup();
    renderIt(vi.fn(async () => Promise.reject(new Error('sin conexión'))), ToastProvider);
    await fill(user);
    expect(await screen.findByRole('heading', { name: 'Iniciar sesión' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Cuenta creada. Ya puedes entrar.');
  });

  it('refuses two different passwords on the field, without asking the API', async () => {
    mock = mockApi(() => [201, {}]);
    const user = userEvent.setup();
    renderIt(vi.fn());
    await fill(user, 'Otra-2026-larga');
    expect(await screen.findByRole('alert')).toHaveTextContent('Repite la contraseña: Las contraseñas no coinciden.');
    expect(screen.getByLabelText('Repite la contraseña')).toHaveAttribute('aria-invalid', 'true');
    expect(mock.calls).toHaveLength(0);
  });

  it('shows the API refusal and can be sent again', async () => {
    mock = mockApi(() => [400, { error: 'Ese usuario ya existe.', codigo: 'validacion', campos: { username: ['Ese usuario ya existe.'] } }]);
    const user = userEvent.setup();
    renderIt(vi.fn());
    await fill(user);
    expect(await screen.findByRole('alert')).toHaveTextContent('Usuario: Ese usuario ya existe.');
    expect(screen.getByRole('button', { name: 'Crear cuenta' })).toBeEnabled();
  });
});
