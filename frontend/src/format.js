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

/** An order's status in words: the API answers codes, people read these. */
export const ESTADO_VENTA = {
  PENDIENTE: 'Pendiente de pago',
  PAGADA: 'Pagado',
  ENVIADA: 'Enviado',
  ENTREGADA: 'Entregado',
  CANCELADA: 'Cancelado',
};

/** A payment's status in words. */
export const ESTADO_PAGO = {
  PENDIENTE: 'Pendiente',
  EXITOSO: 'Pagado',
  FALLIDO: 'Rechazado',
  REEMBOLSADO: 'Reembolsado',
  REVISION: 'En revisión',
};

export function estadoVenta(codigo) {
  return ESTADO_VENTA[codigo] || codigo || '—';
}

export function estadoPago(codigo) {
  return ESTADO_PAGO[codigo] || codigo || '—';
}

export const TRANSICIONES = {
  PENDIENTE: ['PAGADA', 'CANCELADA'],
  PAGADA: ['ENVIADA', 'CANCELADA'],
  ENVIADA: ['ENTREGADA'],
  ENTREGADA: [],
  CANCELADA: [],
};

export const ROLES = { ADMIN: 'Administrador', EMPLOYEE: 'Empleado', CLIENT: 'Cliente' };
