/**
 * The one route table of the SPA, read by App.jsx (the routes) and Layout (the menu).
 *
 * Each row: { path, roles, label?, menu?, end?, element }
 *  - roles: GUEST (public; shown in the menu only when nobody is logged in), PUBLIC (public, never
 *    in the menu unless it has a label), ANY (any logged-in user) or an array of roles.
 *  - label: the menu text; rows without a label are routes only (detail pages, checkout...).
 *  - menu: the roles that see the menu entry when it differs from `roles` (e.g. the cart is
 *    reachable by anyone logged in but listed only for clients).
 *  - end: NavLink's `end` (the entry is active only on the exact path).
 * The menu follows the order of this table. Add a page by adding one row.
 */
import Login from './pages/Login';
import Register from './pages/Register';
import Catalogo from './pages/Catalogo';
import ProductoDetalle from './pages/ProductoDetalle';
import Carrito from './pages/Carrito';
import Checkout from './pages/Checkout';
import Pedidos from './pages/Pedidos';
import PagarPedido from './pages/PagarPedido';
import PaypalRetorno from './pages/PaypalRetorno';
import Perfil from './pages/Perfil';
import Notificaciones from './pages/Notificaciones';
import OlvideContrasena from './pages/OlvideContrasena';
import RestablecerContrasena from './pages/RestablecerContrasena';
import ProductosGestion from './pages/staff/ProductosGestion';
import CategoriasGestion from './pages/staff/CategoriasGestion';
import ProveedoresGestion from './pages/staff/ProveedoresGestion';
import Inventario from './pages/staff/Inventario';
import Movimientos from './pages/staff/Movimientos';
import VentasGestion from './pages/staff/VentasGestion';
import Cupones from './pages/staff/Cupones';
import Usuarios from './pages/admin/Usuarios';
import Reportes from './pages/admin/Reportes';

export const GUEST = 'GUEST';
export const PUBLIC = 'PUBLIC';
export const ANY = 'ANY';
export const CLIENT = ['CLIENT'];
export const STAFF = ['ADMIN', 'EMPLOYEE'];
export const ADMIN = ['ADMIN'];

export const ROUTES = [
  { path: '/login', roles: GUEST, label: 'Iniciar sesión', element: <Login /> },
  { path: '/registro', roles: GUEST, label: 'Crear cuenta', element: <Register /> },
  { path: '/', roles: ANY, label: 'Catálogo', end: true, element: <Catalogo /> },
  { path: '/productos/:id', roles: ANY, element: <ProductoDetalle /> },
  { path: '/carrito', roles: ANY, menu: CLIENT, label: 'Carrito', element: <Carrito /> },
  { path: '/checkout', roles: ANY, element: <Checkout /> },
  { path: '/pedidos', roles: ANY, menu: CLIENT, label: 'Mis pedidos', element: <Pedidos /> },
  { path: '/pedidos/:id/pagar', roles: ANY, element: <PagarPedido /> },
  { path: '/pagos/:id/paypal', roles: ANY, element: <PaypalRetorno /> },
  { path: '/gestion/productos', roles: STAFF, label: 'Productos', element: <ProductosGestion /> },
  { path: '/gestion/categorias', roles: STAFF, label: 'Categorías', element: <CategoriasGestion /> },
  { path: '/gestion/proveedores', roles: STAFF, label: 'Proveedores', element: <ProveedoresGestion /> },
  { path: '/gestion/inventario', roles: STAFF, label: 'Inventario', element: <Inventario /> },
  { path: '/gestion/movimientos', roles: STAFF, label: 'Movimientos', element: <Movimientos /> },
  { path: '/gestion/ventas', roles: STAFF, label: 'Ventas', element: <VentasGestion /> },
  { path: '/gestion/cupones', roles: STAFF, label: 'Cupones', element: <Cupones /> },
  { path: '/gestion/usuarios', roles: ADMIN, label: 'Usuarios', element: <Usuarios /> },
  { path: '/gestion/reportes', roles: ADMIN, label: 'Reportes', element: <Reportes /> },
  { path: '/perfil', roles: ANY, label: 'Mi perfil', element: <Perfil /> },
  { path: '/notificaciones', roles: ANY, element: <Notificaciones /> },
  { path: '/olvide-contrasena', roles: PUBLIC, element: <OlvideContrasena /> },
  { path: '/restablecer-contrasena', roles: PUBLIC, element: <RestablecerContrasena /> },
];

/** Whether `user` (null when logged out) may see a menu entry for `roles`. */
export function visibleTo(roles, user) {
  if (roles === GUEST) return !user;
  if (roles === PUBLIC) return true;
  if (!user) return false;
  if (roles === ANY) return true;
  return roles.includes(user.rol);
}

/** The menu entries for `user`, in table order: [{ to, label, end }]. */
export function menuFor(user) {
  return ROUTES.filter((r) => r.label && visibleTo(r.menu || r.roles, user)).map((r) => ({
    to: r.path,
    label: r.label,
    end: r.end,
  }));
}
