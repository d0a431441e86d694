import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';

/**
 * Feedback that is always on screen: a message fixed at the bottom of the window, announced
 * to screen readers (role="status" for confirmations, role="alert" for refusals), whatever
 * the scroll position where the action happened.
 */
const ToastContext = createContext(null);
const NOOP = { ok: () => {}, error: () => {} };
const VISIBLE_MS = 7000;

export function ToastProvider({ children }) {
  const [toasts, setToasts] = useState([]);
  const seq = useRef(0);

  const close = useCallback((id) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (kind, message) => {
      if (!message) return;
      const id = ++seq.current;
      setToasts((list) => [...list.filter((t) => t.message !== message && !(kind === 'ok' && t.kind === 'ok')).slice(-2), { id, kind, message }]);
      setTimeout(() => close(id), kind === 'ok' ? VISIBLE_MS : 2 * VISIBLE_MS);
    },
    [close],
  );
  const api = useMemo(() => ({ ok: (m) => push('ok', m), error: (m) => push('error', m) }), [push]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts">
        <div role="status" aria-live="polite">
          {toasts
            .filter((t) => t.kind === 'ok')
            .map((t) => (
              <Toast key={t.id} toast={t} onClose={close} />
            ))}
        </div>
        <div role="alert" aria-live="assertive">
          {toasts
            .filter((t) => t.kind === 'error')
            .map((t) => (
              <Toast key={t.id} toast={t} onClose={close} />
            ))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

function Toast({ toast, onClose }) {
  return (
    <div className={`toast toast-${toast.kind}`} data-testid="toast">
      <span>{toast.message}</span>
      <button type="button" className="link-button" onClick={() => onClose(toast.id)} aria-label="Cerrar aviso">
        ×
      </button>
    </div>
  );
}

/** { ok(message), error(message) }; does nothing outside a ToastProvider (unit tests of one page). */
export function useToast() {
  return useContext(ToastContext) || NOOP;
}
