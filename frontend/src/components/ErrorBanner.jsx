export default function ErrorBanner({ error, onClose }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  if (!message) return null;
  return (
    <div className="banner banner-error" role="alert">
      <span>{message}</span>
      {onClose && (
        <button type="button" className="link-button" onClick={onClose} aria-label="Cerrar aviso">
          ×
        </button>
      )}
    </div>
  );
}

export function SuccessBanner({ children }) {
  if (!children) return null;
  return (
    <div className="banner banner-ok" role="status">
      {children}
    </div>
  );
}
