import { useId } from 'react';

/**
 * A labelled form control with the API's field errors (`campos[name]`) under it.
 * type: text | email | password | number | date | datetime-local | textarea | select | checkbox
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
  ...rest
}) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const list = errors && errors[name] ? errors[name] : [];
  const describedBy = [list.length ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
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
  } else {
    control = <input {...common} type={type} value={value ?? ''} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className={`field ${type === 'checkbox' ? 'field-check' : ''} ${list.length ? 'has-error' : ''} ${className}`}>
      <label htmlFor={id}>{label}</label>
      {control}
      {hint && (
        <small id={hintId} className="hint">
          {hint}
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
