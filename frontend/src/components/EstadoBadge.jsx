export default function EstadoBadge({ estado }) {
  return <span className={`badge estado-${String(estado || '').toLowerCase()}`}>{estado}</span>;
}
