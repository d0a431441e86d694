export default function Loading({ text = 'Cargando…' }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {text}
    </p>
  );
}
