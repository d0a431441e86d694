import { Route, Routes } from 'react-router-dom';
import Layout from './components/Layout';
import RequireRole from './auth/RequireRole';
import NotFound from './pages/NotFound';
import { ANY, GUEST, PUBLIC, ROUTES } from './routes';

const guard = (element, roles) => <RequireRole roles={roles === ANY ? undefined : roles}>{element}</RequireRole>;

export default function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        {ROUTES.map(({ path, roles, element }) => (
          <Route
            key={path}
            path={path}
            element={roles === GUEST || roles === PUBLIC ? element : guard(element, roles)}
          />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
