import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * Feedback that is always on screen: a message fixed at the bottom of the window, announced
 * to screen readers (role="status" for confirmations, role="alert" for refusals), whatever
 * the scroll position where the action happened. A toast belongs to the page that gave it:
 * going to another page removes it. A confirmation goes by itself after a few seconds; a
 * refusal stays until it is closed, so it can be read. `ok(message, {siguientePagina: true})`
 * is said on the page the person is sent to next (e.g. the login page after a password change,
 * whichever redirect takes them there).
 */
const ToastContext = createContext(null);
const NOOP = { ok: () => {}, error: () => {}, limpiar: () => {} };
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

  // Another page: what was said on the last one no longer applies; what was said for this one now belongs to it.
  useEffect(() => {
    setToasts((list) =>
      list.some((t) => t.page !== pathname)
        ? list.filter((t) => t.page === pathname || t.page === null).map((t) => (paraEsta(t, pathname) ? { ...t, page: pathname } : t))
        : list,
    );
  }, [pathname]);

  // A confirmation on screen goes after OK_VISIBLE_MS (counted from when its page shows it).
  useEffect(() => {
    toasts.forEach((t) => {
      if (t.kind === 'ok' && t.page !== null && !timers.current.has(t.id)) {
        timers.current.set(t.id, setTimeout(() => close(t.id), OK_VISIBLE_MS));
      }
    });
  }, [toasts, close]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  const push = useCallback((kind, message, { siguientePagina = false } = {}) => {
    if (!message) return;
    const id = ++seq.current;
    // At most three, a message never twice, and one confirmation at a time (the newest).
    const toast = { id, kind, message, page: siguientePagina ? null : page.current, desde: page.current };
    setToasts((list) => [...list.filter((t) => t.message !== message && !(kind === 'ok' && t.kind === 'ok')).slice(-2), toast]);
  }, []);
  // The person starts something else on the page (opens a form): the old messages would only cover it.
  const limpiar = useCallback(() => setToasts((list) => list.filter((t) => t.page === null)), []);
  const api = useMemo(() => ({ ok: (m, o) => push('ok', m, o), error: (m, o) => push('error', m, o), limpiar }), [push, limpiar]);
  // Shown in the very render that brings the next page (not one effect later).
  const shown = toasts.filter((t) => t.page === pathname || paraEsta(t, pathname));

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

/** A message for the next page, and this is it (any page but the one where it was given). */
function paraEsta(toast, pathname) {
  return toast.page === null && toast.desde !== pathname;
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
 * { ok(message, options), error(message, options), limpiar() } for the calling component; does nothing outside a ToastProvider
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
    () =>
      ctx
        ? { ok: (m, o) => mounted.current && ctx.ok(m, o), error: (m, o) => mounted.current && ctx.error(m, o), limpiar: ctx.limpiar }
        : NOOP,
    [ctx],
  );
}
