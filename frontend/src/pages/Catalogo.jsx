import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import api from '../api/client';
import { rechazo } from '../api/errors';
import { useAuth } from '../auth/AuthContext';
import Empty from '../components/Empty';
import ErrorBanner from '../components/ErrorBanner';
import ProductImage from '../components/ProductImage';
import { useToast } from '../components/Toast';
import { useCartCount } from '../cart';
import Field from '../components/Field';
import Loading from '../components/Loading';
import Pagination from '../components/Pagination';
import { formatMoney } from '../format';
import { parseDecimal, toInputDecimal } from '../numero';
import useApi, { useOptions } from '../useApi';
import useDocumentTitle from '../useDocumentTitle';

const PAGE_SIZE = 12;
const FILTROS = ['search', 'categoria', 'precio_min', 'precio_max', 'en_stock', 'ordering'];

export const ORDENES = [
  { value: '', label: 'Sin orden' },
  { value: 'precio', label: 'Precio: de menor a mayor' },
  { value: '-precio', label: 'Precio: de mayor a menor' },
  { value: 'nombre', label: 'Nombre: A-Z' },
  { value: '-nombre', label: 'Nombre: Z-A' },
];

/** The filter boxes for a URL's query (prices written with a comma). */
function formFrom(search) {
  const values = Object.fromEntries(FILTROS.map((k) => [k, new URLSearchParams(search).get(k) || '']));
  return {
    ...values,
    precio_min: values.precio_min && parseDecimal(values.precio_min).ok ? toInputDecimal(values.precio_min) : values.precio_min,
    precio_max: values.precio_max && parseDecimal(values.precio_max).ok ? toInputDecimal(values.precio_max) : values.precio_max,
  };
}

export default function Catalogo() {
  useDocumentTitle('Catálogo');
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(FILTROS.map((k) => [k, params.get(k) || '']));
  const page = Number(params.get('page') || 1);
  const [form, setForm] = useState(() => formFrom(params));
  const [formError, setFormError] = useState(null);
  const toast = useToast();
  const cart = useCartCount();
  // Back/Forward and links change the URL: the filter boxes follow it, not only the results.
  const paramsKey = params.toString();
  useEffect(() => {
    setForm(formFrom(paramsKey));
    setFormError(null);
  }, [paramsKey]);
  // Back right after a search: React may never render the search left (the two navigations merge),
  // so the URL it shows did not change, but the boxes still hold what was typed.
  useEffect(() => {
    const onBack = () => {
      setForm(formFrom(window.location.search));
      setFormError(null);
    };
    window.addEventListener('popstate', onBack);
    return () => window.removeEventListener('popstate', onBack);
  }, []);
  const categorias = useOptions('/categorias/');
  // Staff manage the shop; only clients have a cart in the menu.
  const canBuy = user?.rol === 'CLIENT';

  const { data, loading, error: loadError } = useApi('/productos/', {
    ...current,
    en_stock: current.en_stock === 'true' ? 'true' : '',
    page,
    page_size: PAGE_SIZE,
  });
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));

  function apply(next, nextPage = 1) {
    const p = new URLSearchParams();
    Object.entries(next).forEach(([k, v]) => {
      if (v !== '' && v !== false && v != null) p.set(k, String(v));
    });
    if (nextPage > 1) p.set('page', String(nextPage));
    setParams(p);
  }

  function submit(e) {
    e.preventDefault();
    const next = { ...form, en_stock: form.en_stock === true || form.en_stock === 'true' ? 'true' : '' };
    const fields = {};
    for (const k of ['precio_min', 'precio_max']) {
      if (String(form[k]).trim() === '') continue;
      const r = parseDecimal(form[k], { decimals: 2, min: 0 });
      if (r.ok) next[k] = r.value;
      else fields[k] = [r.error];
    }
    if (!fields.precio_max && next.precio_min && next.precio_max && Number(next.precio_max) < Number(next.precio_min)) {
      fields.precio_max = ['El precio máximo es menor que el mínimo.'];
    }
    if (Object.keys(fields).length) {
      setFormError({ fields });
      return;
    }
    setFormError(null);
    apply(next);
  }

  function clear() {
    const empty = Object.fromEntries(FILTROS.map((k) => [k, '']));
    setForm(empty);
    setFormError(null);
    apply(empty);
  }

  async function addOne(producto) {
    try {
      await api.post('/carrito-item/', { producto: producto.id, cantidad: 1 });
      toast.ok(`«${producto.nombre}» añadido al carrito.`);
      cart.refresh();
    } catch (err) {
      toast.error(rechazo(err, `«${producto.nombre}»`, `No se ha añadido «${producto.nombre}» al carrito.`));
    }
  }

  const results = data?.results || [];
  return (
    <section className="page">
      <h1>Catálogo</h1>
      <form className="card filters" onSubmit={submit} role="search" aria-label="Filtrar productos">
        <Field label="Buscar" name="search" type="search" value={form.search} onChange={set('search')} placeholder="Nombre o descripción" />
        <Field
          label="Categoría"
          name="categoria"
          type="select"
          value={form.categoria}
          onChange={set('categoria')}
          options={[{ value: '', label: 'Todas' }, ...categorias.list.map((c) => ({ value: String(c.id), label: c.nombre }))]}
        />
        <Field label="Precio mínimo (€)" name="precio_min" numeric={{ decimals: 2, min: 0, unit: '€', eco: 'Desde' }} value={form.precio_min} onChange={set('precio_min')} errors={formError?.fields} />
        <Field label="Precio máximo (€)" name="precio_max" numeric={{ decimals: 2, min: 0, unit: '€', eco: 'Hasta' }} value={form.precio_max} onChange={set('precio_max')} errors={formError?.fields} />
        <Field label="Ordenar por" name="ordering" type="select" value={form.ordering} onChange={set('ordering')} options={ORDENES} />
        <Field label="Solo con stock" name="en_stock" type="checkbox" value={form.en_stock === true || form.en_stock === 'true'} onChange={set('en_stock')} />
        <div className="filter-actions">
          <button type="submit" className="primary">
            Aplicar filtros
          </button>
          <button type="button" onClick={clear}>
            Limpiar
          </button>
        </div>
      </form>

      <ErrorBanner error={loadError} />

      {loading && <Loading text="Cargando productos…" />}
      {!loading && !loadError && results.length === 0 && <Empty>No hay productos que coincidan con la búsqueda.</Empty>}
      {!loading && results.length > 0 && (
        <>
          <p className="muted" aria-live="polite">
            {data.count} producto{data.count === 1 ? '' : 's'}
          </p>
          <ul className="product-grid" aria-label="Productos">
            {results.map((p) => (
              <li key={p.id} className="card product-card">
                <ProductImage src={p.miniatura} />
                <h2>
                  <Link to={`/productos/${p.id}`}>{p.nombre}</Link>
                </h2>
                <p className="muted">{p.categoria?.nombre}</p>
                <p className="price">{formatMoney(p.precio)}</p>
                <p className={p.stock > 0 ? 'stock' : 'stock out'}>{p.stock > 0 ? `${p.stock} en stock` : 'Agotado'}</p>
                {canBuy && (
                  <button type="button" onClick={() => addOne(p)} disabled={p.stock <= 0} aria-label={`Añadir ${p.nombre} al carrito`}>
                    Añadir
                  </button>
                )}
              </li>
            ))}
          </ul>
          <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(n) => apply(current, n)} />
        </>
      )}
    </section>
  );
}
