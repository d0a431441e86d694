import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CambioPassword from './CambioPassword';
import { ToastProvider } from './Toast';
import { AuthContext } from '../auth/AuthContext';
import RequireRole from '../auth/RequireRole';
import Login from '../pages/Login';
import { bodyOf, mockApi, pathOf } from '../test/mockApi';

let mock;
afterEach(() => mock?.restore());

function Session({ children, onLogout }) {
  const [user, setUser] = useState({ id: 3, rol: 'CLIENT' });
  const logout = async () => {
    onLogout();
    setUser(null);
  };
  return <AuthContext.Provider value={{ user, logout }}>{children}</AuthContext.Provider>;
}

function renderIt(logout = vi.fn()) {
  render(
    <Session onLogout={logout}>
      <MemoryRouter initialEntries={['/perfil']}>
        <ToastProvider>
          <Routes>
            <Route
              path="/perfil"
              element={
                <RequireRole>
                  <CambioPassword />
                </RequireRole>
              }
            />
            <Route path="/login" element={<Login />} />
          </Routes>
        </ToastProvider>
      </MemoryRouter>
    </Session>,
  );
  return logout;
}

async function fill(user, actual, nueva, repetida) {
  await user.type(screen.getByLabelText('Contraseña actual'), actual);
  await user.type(screen.getByLabelText('Contraseña nueva'), nueva);
  await user.type(screen.getByLabelText('Repite la contraseña nueva'), repetida);
  await user.click(screen.getByRole('button', { name: 'Cambiar contraseña' }));
}

describe('CambioPassword', () => {
  it('changes the password, then ends the session and the login page says why', async () => {
    mock = mockApi(() => [200, { mensaje: 'Contraseña actualizada. Inicia sesión de nuevo.' }]);
    const user = userEvent.setup();
    const logout = renderIt();
    await fill(user, 'vieja-1234', 'Nueva-Segura-2026', 'Nueva-Segura-2026');
    expect(await screen.findByRole('heading', { name: 'Iniciar sesión' })).toBeInTheDocument();
    // The guard of /perfil sends to /login as soon as the session ends: the message still shows there.
    expect(await screen.findByTestId('toast')).toHaveTextContent('Contraseña actualizada. Inicia sesión de nuevo.');
    expect(pathOf(mock.calls[0])).toBe('/me/password/');
    expect(bodyOf(mock.calls[0])).toEqual({ password_actual: 'vieja-1234', password_nuevo: 'Nueva-Segura-2026' });
    expect(logout).toHaveBeenCalled();
  });

  it('names the wrong field', async () => {
    mock = mockApi(() => [400, { error: 'La contraseña actual no es correcta.', codigo: 'validacion', campos: { password_actual: ['La contraseña actual no es correcta.'] } }]);
    const user = userEvent.setup();
    renderIt();
    await fill(user, 'mala', 'Nueva-Segura-2026', 'Nueva-Segura-2026');
    expect(await screen.findByText('Contraseña actual: La contraseña actual no es correcta.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Contraseña actual')).toHaveAttribute('aria-invalid', 'true'));
  });

  it('refuses two different new passwords without asking the API', async () => {
    mock = mockApi(() => [200, {}]);
    const user = userEvent.setup();
    renderIt();
    await fill(user, 'vieja', 'Una-2026-larga', 'Otra-2026-larga');
    expect(await screen.findByText('Repite la contraseña nueva: Las dos contraseñas nuevas no coinciden.')).toBeInTheDocument();
    expect(screen.getByLabelText('Repite la contraseña nueva')).toHaveAttribute('aria-invalid', 'true');
    expect(mock.calls).toHaveLength(0);
  });
});
