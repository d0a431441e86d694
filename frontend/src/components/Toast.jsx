import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * Feedback that is always on screen: a message fixed at the bottom of the window, announced
 * to screen readers (role="status" for confirmations, role="alert" for refusals), whatever
 * the scroll position where the action happened. A toast belongs to the page that gave it:
 * going to another page removes every toast. A confirmation goes by itself after a few
 * seconds; a refusal stays until it is closed, so it can be read.
 */
const ToastContext = createContext(null);
const NOOP = { ok: () => {}, error: () => {} };
export const OK_VISIBLE_MS = 5000;

export function ToastProvider({ children }) {
  const [toasts, setToasts] = useState([]);
  const seq = useRef(0);
  const timers = useRef(new Map());
  const { pathname } = useLocation();
  // The page a toast is given on (read during render: a new page may speak in its first effects).
  const page = useRef(pathname);
  page.current = pathname;

  const close = useCallback((id) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((list) => list.filter((t) => t.id !== id));
  }, []);

  // Another page: what was said on the last one no longer applies (a pending timer then closes nothing).
  useEffect(() => {
    setToasts((list) => (list.some((t) => t.page !== pathname) ? list.filter((t) => t.page === pathname) : list));
  }, [pathname]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  const push = useCallback(
    (kind, message) => {
      if (!message) return;
      const id = ++seq.current;
      // At most three, a message never twice, and one confirmation at a time (the newest).
      setToasts((list) => [...list.filter((t) => t.message !== message && !(kind === 'ok' && t.kind === 'ok')).slice(-2), { id, kind, message, page: page.current }]);
      if (kind === 'ok') timers.current.set(id, setTimeout(() => close(id), OK_VISIBLE_MS));
    },
    [close],
  );
  const api = useMemo(() => ({ ok: (m) => push('ok', m), error: (m) => push('error', m) }), [push]);
  const shown = toasts.filter((t) => t.page === pathname);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts">
        <div role="status" aria-live="polite">
          {shown
            .filter((t) => t.kind === 'ok')
            .map((t) => (
              <Toast key={t.id} toast={t} onClose={close} />
            ))}
        </div>
        <div role="alert" aria-live="assertive">
          {shown
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

/**
 * { ok(message), error(message) } for the calling component; does nothing outside a ToastProvider
 * (unit tests of one page), nor once that component is gone: an answer that arrives after the person
 * has left the page says nothing over the next one.
 */
export function useToast() {
  const ctx = useContext(ToastContext);
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return useMemo(
    () => (ctx ? { ok: (m) => mounted.current && ctx.ok(m), error: (m) => mounted.current && ctx.error(m) } : NOOP),
    [ctx],
  );
}
