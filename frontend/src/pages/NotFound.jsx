import { Link } from 'react-router-dom';

export default function NotFound() {
  return (
    <section className="page narrow">
      <h1>Página no encontrada</h1>
      <p>
        La dirección no existe. <Link to="/">Ir al catálogo</Link>
      </p>
    </section>
  );
}
