import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { AuthContext } from './AuthContext';
import RequireRole from './RequireRole';
import { menuFor } from '../components/Layout';

function renderAt(path, user, { loading = false } = {}) {
  const value = { user, loading, login: async () => {}, logout: async () => {}, setUser: () => {}, reload: async () => {} };
  return render(
    <AuthContext.Provider value={value}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/login" element={<h1>Página de login</h1>} />
          <Route
            path="/gestion/inventario"
            element={
              <RequireRole roles={['ADMIN', 'EMPLOYEE']}>
                <h1>Inventario</h1>
              </RequireRole>
            }
          />
          <Route
            path="/gestion/reportes"
            element={
              <RequireRole roles={['ADMIN']}>
                <h1>Reportes</h1>
              </RequireRole>
            }
          />
          <Route
            path="/pedidos"
            element={
              <RequireRole>
                <h1>Mis pedidos</h1>
              </RequireRole>
            }
          />
        </Routes>
      </MemoryRouter>
    </AuthContext.Provider>,
  );
}

const cliente = { id: 1, username: 'ana', rol: 'CLIENT' };
const empleado = { id: 2, username: 'eva', rol: 'EMPLOYEE' };
const admin = { id: 3, username: 'root', rol: 'ADMIN' };

describe('RequireRole', () => {
  it('sends an anonymous visitor to the login page', () => {
    renderAt('/pedidos', null);
    expect(screen.getByRole('heading', { name: 'Página de login' })).toBeInTheDocument();
  });

  it('shows "No autorizado" to a client on a staff page', () => {
    renderAt('/gestion/inventario', cliente);
    expect(screen.getByRole('heading', { name: 'No autorizado' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Inventario' })).not.toBeInTheDocument();
  });

  it('lets staff into staff pages but keeps employees out of admin pages', () => {
    renderAt('/gestion/inventario', empleado);
    expect(screen.getByRole('heading', { name: 'Inventario' })).toBeInTheDocument();
  });

  it('keeps an employee out of admin pages', () => {
    renderAt('/gestion/reportes', empleado);
    expect(screen.getByRole('heading', { name: 'No autorizado' })).toBeInTheDocument();
  });

  it('lets an admin into admin pages', () => {
    renderAt('/gestion/reportes', admin);
    expect(screen.getByRole('heading', { name: 'Reportes' })).toBeInTheDocument();
  });

  it('lets any logged-in user into pages without roles', () => {
    renderAt('/pedidos', cliente);
    expect(screen.getByRole('heading', { name: 'Mis pedidos' })).toBeInTheDocument();
  });

  it('shows a loading state while the session is being checked', () => {
    renderAt('/pedidos', null, { loading: true });
    expect(screen.getByRole('status')).toHaveTextContent('Cargando');
  });
});

describe('menuFor', () => {
  const labels = (user) => menuFor(user).map((i) => i.label);
  it('follows the role', () => {
    expect(labels(null)).toEqual(['Iniciar sesión', 'Crear cuenta']);
    expect(labels(cliente)).toEqual(['Catálogo', 'Carrito', 'Mis pedidos', 'Mi perfil']);
    expect(labels(empleado)).toContain('Inventario');
    expect(labels(empleado)).not.toContain('Reportes');
    expect(labels(admin)).toEqual(expect.arrayContaining(['Inventario', 'Usuarios', 'Reportes']));
  });
});
