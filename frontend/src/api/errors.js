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

/** The words people see for the API's field names (errors name fields this way). */
export const ETIQUETAS = {
  username: 'Usuario',
  email: 'Correo electrónico',
  password: 'Contraseña',
  password2: 'Repite la contraseña',
  password_actual: 'Contraseña actual',
  password_nuevo: 'Contraseña nueva',
  password_repetida: 'Repite la contraseña nueva',
  first_name: 'Nombre',
  last_name: 'Apellidos',
  rol: 'Rol',
  is_active: 'Activo',
  nombre: 'Nombre',
  descripcion: 'Descripción',
  precio: 'Precio',
  precio_min: 'Precio mínimo',
  precio_max: 'Precio máximo',
  stock: 'Stock',
  stock_minimo: 'Stock mínimo',
  categoria: 'Categoría',
  proveedor: 'Proveedor',
  contacto: 'Contacto',
  telefono: 'Teléfono',
  cantidad: 'Cantidad',
  producto: 'Producto',
  codigo: 'Código',
  tipo: 'Tipo',
  valor: 'Valor',
  valido_desde: 'Válido desde',
  valido_hasta: 'Válido hasta',
  usos_maximos: 'Usos máximos',
  activo: 'Activo',
  cupon: 'Cupón',
  desde: 'Desde',
  hasta: 'Hasta',
  limite: 'Límite',
  estado: 'Estado',
  venta: 'Pedido',
  calificacion: 'Calificación',
  comentario: 'Comentario',
  imagen: 'Imagen',
  total_esperado: 'Total previsto',
};

export const etiqueta = (name) => ETIQUETAS[name] || name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

// Framework wording turned into the shop's plain, informal (tú) Spanish.
const LLANO = [
  [/^Este campo no puede ser nulo\.?$/i, 'Este dato es obligatorio.'],
  [/^Este campo es (requerido|obligatorio)\.?$/i, 'Este dato es obligatorio.'],
  [/^Este campo no puede estar en blanco\.?$/i, 'Este dato no puede quedar vacío.'],
  [/^Se requiere un número válido\.?$/i, 'Escribe un número válido.'],
  [/^Un valor entero válido es requerido\.?$/i, 'Escribe un número entero.'],
  [/^Credenciales inválidas\.?$/i, 'El usuario o la contraseña no son correctos.'],
  [/^Asegúrese de que/i, 'Comprueba que'],
  [/^Asegúrate de que/i, 'Comprueba que'],
  [/\bIntroduzca\b/g, 'Escribe'],
  [/\bIngrese\b/g, 'Escribe'],
  [/\bSeleccione\b/g, 'Elige'],
  [/\bsu\b/g, 'tu'],
  [/\busted\b/g, 'tú'],
];

/** A message from the API in plain words: no framework jargon, tú, decimal comma, field names in words. */
export function enPalabras(message) {
  let m = String(message);
  LLANO.forEach(([re, to]) => {
    m = m.replace(re, to);
  });
  m = m.replace(/(\d)\.(\d)/g, '$1,$2');
  m = m.replace(/\b([a-z]+(?:_[a-z]+)+)\b/g, (name) => (ETIQUETAS[name] ? `«${ETIQUETAS[name]}»` : name));
  return m;
}

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
    const list = asList(msgs).map(enPalabras);
    if (GENERALES.includes(name)) extra.push(...list);
    else if (list.length) fields[name] = list;
  });
  let message = typeof data.error === 'string' && data.error ? enPalabras(data.error) : null;
  if (!message && typeof data.detail === 'string') message = enPalabras(data.detail);
  if (!message) message = POR_ESTADO[status] || `Error inesperado del servidor (${status}).`;
  const names = Object.keys(fields);
  const fieldMessages = names.flatMap((n) => fields[n]);
  const generic = !data.error || data.error === 'Datos no válidos.' || fieldMessages.includes(message);
  if (names.length && generic) {
    // The banner names the field: "Correo electrónico: Este dato es obligatorio."
    message =
      names.length === 1
        ? `${etiqueta(names[0])}: ${fields[names[0]][0]}`
        : `Revisa estos datos: ${names.map(etiqueta).join(', ')}.`;
  } else if (names.length) {
    message = `${message} Revisa: ${names.map(etiqueta).join(', ')}.`;
  }
  if (extra.length && !extra.includes(message)) message = `${message} ${extra.join(' ')}`;
  return { message, fields, status, codigo: data.codigo || null, data };
}

/**
 * The API's refusal of an action on one named thing (`nombre`: «Café 1kg», el pedido #5), naming it once:
 * the API's message alone when it already names it; its "No se puede eliminar: …" with the name put in;
 * otherwise `fallo` ("No se ha eliminado «Café 1kg».") followed by the API's reason.
 */
export function rechazo(err, nombre, fallo) {
  const { message } = parseApiError(err);
  if (message.includes(nombre)) return message;
  const generico = message.match(/^No se puede (\S+): (.+)$/s);
  if (generico) return `No se puede ${generico[1]} ${nombre}: ${generico[2]}`;
  return `${fallo} ${message}`;
}
