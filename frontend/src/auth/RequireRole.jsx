import { Link, Navigate, useLocation } from 'react-router-dom';
import { useAuth } from './AuthContext';
import Loading from '../components/Loading';

export function NoAutorizado() {
  return (
    <section className="page narrow" aria-labelledby="no-autorizado">
      <h1 id="no-autorizado">No autorizado</h1>
      <p>No tienes permiso para ver esta página con tu rol actual.</p>
      <p>
        <Link to="/">Volver al catálogo</Link>
      </p>
    </section>
  );
}

/** Renders children only for a logged-in user whose rol is in `roles` (any rol when omitted). */
export default function RequireRole({ roles, children }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (roles && !roles.includes(user.rol)) return <NoAutorizado />;
  return children;
}
