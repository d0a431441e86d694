import { useId } from 'react';
import { parseDecimal } from '../numero';

/**
 * What a numeric box will save, checked as the person types: `numeric` is
 * { decimals, min, max, unit, eco }; returns { text, bad } or null for an empty box.
 */
export function numericPreview(value, numeric) {
  if (!numeric || String(value ?? '').trim() === '') return null;
  const r = parseDecimal(value, numeric);
  if (!r.ok) return { text: r.error, bad: true };
  // A whole number typed plainly needs no echo; money always says what will be saved.
  if (!numeric.decimals && !numeric.unit && r.shown === String(value).trim()) return null;
  // `eco` names what the number is for: a filter is not saved ("Desde: 10,00 €").
  return { text: `${numeric.eco ?? 'Se guardará'}: ${r.shown}${numeric.unit ? ` ${numeric.unit}` : ''}`, bad: false };
}

/**
 * Checks a form before sending, in the order of `fields`: a `required` box left empty, and every
 * `numeric` box against its rule. Returns { values: {name: canonical string}, errors: {name: [message]} }
 * (an empty optional box is skipped).
 */
export function checkFields(fields, form) {
  const values = {};
  const errors = {};
  fields
    .filter((f) => f.name && !f.render)
    .forEach((f) => {
      const raw = form[f.name];
      if (String(raw ?? '').trim() === '') {
        if (f.required) errors[f.name] = ['Este dato es obligatorio.'];
        return;
      }
      if (!f.numeric) return;
      const r = parseDecimal(raw, f.numeric);
      if (r.ok) values[f.name] = r.value;
      else errors[f.name] = [r.error];
    });
  return { values, errors };
}

/**
 * A labelled form control with the API's field errors (`campos[name]`) under it.
 * type: text | email | password | number | date | datetime-local | textarea | select | checkbox
 * numeric: { decimals, min, max, unit } makes a text box that takes "12,5" or "12.5" and says
 * under it what will be saved (see numero.js).
 */
export default function Field({
  label,
  name,
  type = 'text',
  value,
  onChange,
  errors,
  options,
  hint,
  className = '',
  numeric,
  ...rest
}) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const previewId = `${id}-preview`;
  const list = errors && errors[name] ? errors[name] : [];
  const preview = numericPreview(value, numeric);
  const describedBy =
    [list.length ? errId : null, hint ? hintId : null, numeric ? previewId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    'aria-invalid': list.length ? 'true' : undefined,
    'aria-describedby': describedBy,
    ...rest,
  };
  let control;
  if (type === 'textarea') {
    control = <textarea {...common} value={value ?? ''} onChange={(e) => onChange(e.target.value)} />;
  } else if (type === 'select') {
    control = (
      <select {...common} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={String(o.value)} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (type === 'checkbox') {
    control = <input {...common} type="checkbox" checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />;
  } else if (numeric) {
    control = (
      <input
        {...common}
        type="text"
        inputMode={numeric.decimals ? 'decimal' : 'numeric'}
        autoComplete="off"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    control = <input {...common} type={type} value={value ?? ''} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className={`field ${type === 'checkbox' ? 'field-check' : ''} ${numeric ? 'field-numeric' : ''} ${list.length ? 'has-error' : ''} ${className}`}>
      <label htmlFor={id}>{label}</label>
      {control}
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {numeric && (
        <small id={previewId} className={preview?.bad ? 'preview bad' : 'preview'} aria-live="polite">
          {/* A refusal listed below says it already. */}
          {(!list.length && preview?.text) || ''}
        </small>
      )}
      {list.length > 0 && (
        <ul id={errId} className="field-errors">
          {list.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
