export default function Pagination({ page, pageSize, count, onPage }) {
  const pages = Math.max(1, Math.ceil((count || 0) / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label="Paginación">
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        Anterior
      </button>
      <span>
        Página {page} de {pages}
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        Siguiente
      </button>
    </nav>
  );
}
