const money = new Intl.NumberFormat('es-ES', { style: 'currency', currency: 'EUR' });
const dateTime = new Intl.DateTimeFormat('es-ES', { dateStyle: 'short', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('es-ES', { dateStyle: 'medium' });

export function formatMoney(value) {
  const n = Number(value);
  return Number.isFinite(n) ? money.format(n) : '—';
}

export function formatDateTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateTime.format(d);
}

export function formatDate(value) {
  if (!value) return '—';
  const d = new Date(value.length === 10 ? `${value}T00:00:00` : value);
  return Number.isNaN(d.getTime()) ? String(value) : dateOnly.format(d);
}

/** YYYY-MM-DD of a local date. */
export function isoDay(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export const ESTADOS = ['PENDIENTE', 'PAGADA', 'ENVIADA', 'ENTREGADA', 'CANCELADA'];

export const TRANSICIONES = {
  PENDIENTE: ['PAGADA', 'CANCELADA'],
  PAGADA: ['ENVIADA', 'CANCELADA'],
  ENVIADA: ['ENTREGADA'],
  ENTREGADA: [],
  CANCELADA: [],
};

export const ROLES = { ADMIN: 'Administrador', EMPLOYEE: 'Empleado', CLIENT: 'Cliente' };
