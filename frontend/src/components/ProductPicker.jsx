import { useEffect, useState } from 'react';
import Field from './Field';
import useApi from '../useApi';

/**
 * Choose a product from the whole catalogue: a search box asks the server (?search=) and the
 * list shows the first 20 matches, so the 10,000th product is as reachable as the first.
 * value: the product id as a string ('' for none); onChange(id, product).
 */
export default function ProductPicker({ value, onChange, label = 'Producto', emptyLabel = 'Todos los productos' }) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), 300);
    return () => clearTimeout(t);
  }, [text]);
  const { data } = useApi('/productos/', { search: query, page_size: 20, ordering: 'nombre' });
  const selected = useApi(value ? `/productos/${value}/` : null);
  const list = data?.results || [];
  const options = [...list];
  if (selected.data && !options.some((p) => String(p.id) === String(value))) options.unshift(selected.data);
  return (
    <div className="product-picker">
      <Field
        label={`Buscar ${label.toLowerCase()}`}
        name="buscar_producto"
        type="search"
        value={text}
        onChange={setText}
        hint={data ? `${data.count} coincidencia${data.count === 1 ? '' : 's'}${data.count > 20 ? '; se muestran 20, afina la búsqueda' : ''}.` : undefined}
      />
      <Field
        label={label}
        name="producto"
        type="select"
        value={value}
        onChange={(v) => onChange(v, options.find((p) => String(p.id) === v) || null)}
        options={[{ value: '', label: emptyLabel }, ...options.map((p) => ({ value: String(p.id), label: p.nombre }))]}
      />
    </div>
  );
}
