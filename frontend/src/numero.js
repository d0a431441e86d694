/**
 * Numbers typed by people in Spain: "12,5" and "12.5" both mean twelve and a half.
 *
 * The rule (documented in frontend/README.md):
 *  - one decimal separator, a comma or a point, followed by at most `decimals` digits;
 *  - no thousands separators: "1.234,5", "1,234.5", "1 234" and "1.234" (for money: three
 *    digits after the separator) are refused as ambiguous instead of guessed, so "12,5" can
 *    never become 125 and "1.234" never becomes 1,23 or 1234 by accident;
 *  - quantities (`decimals: 0`) are whole numbers: "2" yes, "2,5" and "1.000" no;
 *  - an empty box is `{ empty: true }`, and the page decides whether that is allowed.
 * The result carries `value`, the canonical string the API receives ("12.50"), and `shown`,
 * what will be saved written the Spanish way ("12,50").
 */
export function parseDecimal(text, { decimals = 2, min = null, max = null } = {}) {
  const raw = String(text ?? '').trim();
  if (raw === '') return { ok: false, empty: true, error: 'Escribe un número.' };
  const m = raw.match(/^(-?)(\d*)(?:([.,])(\d*))?$/);
  if (!m || (m[2] === '' && !m[4])) {
    const ambiguous = /^-?[\d.,\s]+$/.test(raw);
    return {
      ok: false,
      error: ambiguous
        ? decimals
          ? `Escribe el número sin separador de miles y con una sola coma para los decimales (por ejemplo 1234,50).`
          : 'Escribe un número entero, sin puntos ni comas (por ejemplo 1000).'
        : decimals
          ? 'Escribe solo cifras y, si hace falta, una coma para los decimales.'
          : 'Escribe solo cifras, un número entero (por ejemplo 3).',
    };
  }
  const [, sign, whole, sep, frac = ''] = m;
  if (sep && decimals === 0) {
    return { ok: false, error: 'Escribe un número entero, sin puntos ni comas (por ejemplo 1000).' };
  }
  if (frac.length > decimals) {
    return {
      ok: false,
      error:
        frac.length === 3
          ? `«${raw}» es ambiguo: escribe como mucho ${decimals} decimales y no uses separador de miles (por ejemplo 1234 o 12,50).`
          : `Escribe como mucho ${decimals} decimales.`,
    };
  }
  const intPart = (whole || '0').replace(/^0+(?=\d)/, '');
  const fracPart = decimals ? frac.padEnd(decimals, '0') : '';
  const value = `${sign}${intPart}${decimals ? `.${fracPart}` : ''}`;
  const n = Number(value);
  if (min != null && n < min) return { ok: false, error: `Debe ser como mínimo ${formatDecimal(min, decimals)}.` };
  if (max != null && n > max) return { ok: false, error: `Debe ser como máximo ${formatDecimal(max, decimals)}.` };
  return { ok: true, value, number: n, shown: value.replace('.', ',') };
}

/** A value from the API ("12.50" or 12.5) written for a Spanish input box ("12,50"). */
export function toInputDecimal(value, decimals = 2) {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return n.toFixed(decimals).replace('.', ',');
}

function formatDecimal(n, decimals) {
  return Number(n).toFixed(decimals).replace('.', ',');
}
