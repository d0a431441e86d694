import { useRef, useState } from 'react';
import api from '../api/client';
import { parseApiError } from '../api/errors';
import Empty from './Empty';
import ErrorBanner, { SuccessBanner } from './ErrorBanner';
import Field from './Field';
import Loading from './Loading';
import Pagination from './Pagination';
import useApi from '../useApi';
import useDocumentTitle from '../useDocumentTitle';

const PAGE_SIZE = 20;

/**
 * List + create/edit form + delete for one REST collection.
 * fields: [{name, label, type, options, required, hint, createOnly, ...inputProps}]
 */
export default function CrudPage({
  title,
  singular,
  endpoint,
  columns,
  fields,
  initial,
  toForm = (item) => ({ ...item }),
  toBody = (form) => form,
  itemLabel = (item) => item.nombre || `#${item.id}`,
  searchable = false,
  extraParams = {},
}) {
  useDocumentTitle(title);
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const { data, loading, error: loadError, reload } = useApi(endpoint, { page, page_size: PAGE_SIZE, search: query, ...extraParams });
  const [editing, setEditing] = useState(null); // null | 'new' | item
  const [form, setForm] = useState(initial);
  const [formError, setFormError] = useState(null);
  const [error, setError] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef(null);

  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));

  function open(item) {
    setEditing(item || 'new');
    setForm(item ? { ...initial, ...toForm(item) } : { ...initial });
    setFormError(null);
    setAviso(null);
    setTimeout(() => formRef.current?.querySelector('input, select, textarea')?.focus(), 0);
  }

  function close() {
    setEditing(null);
    setFormError(null);
  }

  async function save(e) {
    e.preventDefault();
    setSaving(true);
    setFormError(null);
    setError(null);
    const isNew = editing === 'new';
    try {
      const body = toBody(form, isNew);
      if (isNew) await api.post(endpoint, body);
      else await api.patch(`${endpoint}${editing.id}/`, body);
      setEditing(null);
      await reload();
      setAviso(isNew ? `${capitalize(singular)} creado correctamente.` : `${capitalize(singular)} guardado correctamente.`);
    } catch (err) {
      setFormError(parseApiError(err));
    } finally {
      setSaving(false);
    }
  }

  async function remove(item) {
    if (!window.confirm(`¿Eliminar ${singular} «${itemLabel(item)}»?`)) return;
    setError(null);
    setAviso(null);
    try {
      await api.delete(`${endpoint}${item.id}/`);
      setAviso(`${capitalize(singular)} «${itemLabel(item)}» eliminado.`);
      if (editing && editing !== 'new' && editing.id === item.id) setEditing(null);
      reload();
    } catch (err) {
      const parsed = parseApiError(err);
      setError({ ...parsed, message: `No se ha eliminado «${itemLabel(item)}». ${parsed.message}` });
    }
  }

  const rows = data?.results || (Array.isArray(data) ? data : []);
  return (
    <section className="page">
      <div className="page-head">
        <h1>{title}</h1>
        <button type="button" className="primary" onClick={() => open(null)}>
          Nuevo {singular}
        </button>
      </div>
      <SuccessBanner>{aviso}</SuccessBanner>
      <ErrorBanner error={error} onClose={() => setError(null)} />

      {editing && (
        <form ref={formRef} className="card form crud-form" onSubmit={save} noValidate aria-label={editing === 'new' ? `Nuevo ${singular}` : `Editar ${singular}`}>
          <h2>{editing === 'new' ? `Nuevo ${singular}` : `Editar ${singular}: ${itemLabel(editing)}`}</h2>
          <ErrorBanner error={formError} />
          <div className="form-grid">
            {fields
              .filter((f) => !(f.createOnly && editing !== 'new'))
              .map(({ createOnly, ...f }) => (
                <Field key={f.name} {...f} value={form[f.name]} onChange={set(f.name)} errors={formError?.fields} />
              ))}
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={saving}>
              {saving ? 'Guardando…' : 'Guardar'}
            </button>
            <button type="button" onClick={close}>
              Cancelar
            </button>
          </div>
        </form>
      )}

      {searchable && (
        <form
          className="inline-form"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setPage(1);
            setQuery(search);
          }}
        >
          <Field label={`Buscar ${singular}`} name="search" type="search" value={search} onChange={setSearch} />
          <button type="submit">Buscar</button>
        </form>
      )}

      <ErrorBanner error={loadError} />
      {loading && !data && <Loading />}
      {data && rows.length === 0 && <Empty>No hay ningún {singular} todavía.</Empty>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
                <th scope="col">
                  <span className="sr-only">Acciones</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((item) => (
                <tr key={item.id}>
                  {columns.map((c) => (
                    <td key={c.label} data-label={c.label} className={c.num ? 'num' : undefined}>
                      {c.render(item)}
                    </td>
                  ))}
                  <td className="row-actions">
                    <button type="button" onClick={() => open(item)} aria-label={`Editar ${itemLabel(item)}`}>
                      Editar
                    </button>
                    <button type="button" className="danger" onClick={() => remove(item)} aria-label={`Eliminar ${itemLabel(item)}`}>
                      Eliminar
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={setPage} />}
    </section>
  );
}

function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
