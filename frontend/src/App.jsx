import { Route, Routes } from 'react-router-dom';
import Layout from './components/Layout';
import RequireRole from './auth/RequireRole';
import Login from './pages/Login';
import Register from './pages/Register';
import Catalogo from './pages/Catalogo';
import ProductoDetalle from './pages/ProductoDetalle';
import Carrito from './pages/Carrito';
import Checkout from './pages/Checkout';
import Pedidos from './pages/Pedidos';
import Perfil from './pages/Perfil';
import NotFound from './pages/NotFound';
import ProductosGestion from './pages/staff/ProductosGestion';
import CategoriasGestion from './pages/staff/CategoriasGestion';
import ProveedoresGestion from './pages/staff/ProveedoresGestion';
import Inventario from './pages/staff/Inventario';
import Movimientos from './pages/staff/Movimientos';
import VentasGestion from './pages/staff/VentasGestion';
import Cupones from './pages/staff/Cupones';
import Usuarios from './pages/admin/Usuarios';
import Reportes from './pages/admin/Reportes';

const STAFF = ['ADMIN', 'EMPLOYEE'];
const ADMIN = ['ADMIN'];

const guard = (element, roles) => <RequireRole roles={roles}>{element}</RequireRole>;

export default function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/login" element={<Login />} />
        <Route path="/registro" element={<Register />} />
        <Route path="/" element={guard(<Catalogo />)} />
        <Route path="/productos/:id" element={guard(<ProductoDetalle />)} />
        <Route path="/carrito" element={guard(<Carrito />)} />
        <Route path="/checkout" element={guard(<Checkout />)} />
        <Route path="/pedidos" element={guard(<Pedidos />)} />
        <Route path="/perfil" element={guard(<Perfil />)} />
        <Route path="/gestion/productos" element={guard(<ProductosGestion />, STAFF)} />
        <Route path="/gestion/categorias" element={guard(<CategoriasGestion />, STAFF)} />
        <Route path="/gestion/proveedores" element={guard(<ProveedoresGestion />, STAFF)} />
        <Route path="/gestion/inventario" element={guard(<Inventario />, STAFF)} />
        <Route path="/gestion/movimientos" element={guard(<Movimientos />, STAFF)} />
        <Route path="/gestion/ventas" element={guard(<VentasGestion />, STAFF)} />
        <Route path="/gestion/cupones" element={guard(<Cupones />, STAFF)} />
        <Route path="/gestion/usuarios" element={guard(<Usuarios />, ADMIN)} />
        <Route path="/gestion/reportes" element={guard(<Reportes />, ADMIN)} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
