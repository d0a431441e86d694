const POR_ESTADO = {
  400: 'Los datos enviados no son válidos.',
  401: 'Tu sesión ha caducado. Vuelve a iniciar sesión.',
  403: 'No tienes permiso para realizar esta acción.',
  404: 'No se ha encontrado el recurso solicitado.',
  409: 'La operación entra en conflicto con el estado actual.',
  422: 'La petición no se puede procesar.',
  429: 'Demasiadas peticiones. Espera un momento y vuelve a intentarlo.',
};

const GENERALES = ['non_field_errors', '__all__', 'detail'];

function asList(value) {
  if (value == null) return [];
  if (Array.isArray(value)) return value.flatMap(asList);
  if (typeof value === 'object') return Object.values(value).flatMap(asList);
  return [String(value)];
}

/**
 * Turns an axios error into {message, fields, status, codigo}: `message` is the
 * contract's `error`, `fields` maps each input name to its messages (`campos`).
 */
export function parseApiError(err) {
  const response = err?.response;
  if (!response) {
    return {
      message: err?.message && !err?.isAxiosError ? err.message : 'No se pudo conectar con el servidor.',
      fields: {},
      status: 0,
      codigo: 'sin_conexion',
    };
  }
  const { status } = response;
  const data = response.data && typeof response.data === 'object' ? response.data : {};
  const fields = {};
  const extra = [];
  const campos = data.campos && typeof data.campos === 'object' ? data.campos : {};
  Object.entries(campos).forEach(([name, msgs]) => {
    const list = asList(msgs);
    if (GENERALES.includes(name)) extra.push(...list);
    else if (list.length) fields[name] = list;
  });
  let message = typeof data.error === 'string' && data.error ? data.error : null;
  if (!message && typeof data.detail === 'string') message = data.detail;
  if (!message) message = POR_ESTADO[status] || `Error inesperado del servidor (${status}).`;
  if (extra.length && !extra.includes(message)) message = `${message} ${extra.join(' ')}`;
  return { message, fields, status, codigo: data.codigo || null };
}
