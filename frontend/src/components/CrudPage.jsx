import { useRef, useState } from 'react';
import api from '../api/client';
import { etiqueta, parseApiError, rechazo } from '../api/errors';
import DataTable from './DataTable';
import Empty from './Empty';
import ErrorBanner from './ErrorBanner';
import Field, { checkFields } from './Field';
import Loading from './Loading';
import Pagination from './Pagination';
import { useToast } from './Toast';
import useApi from '../useApi';
import useDocumentTitle from '../useDocumentTitle';

const PAGE_SIZE = 20;

/** Spanish words that agree with the noun: genero 'f' (la categoría) or 'm' (el producto). */
export function palabras(singular, genero = 'm') {
  const f = genero === 'f';
  const Singular = singular.charAt(0).toUpperCase() + singular.slice(1);
  return {
    nuevo: `${f ? 'Nueva' : 'Nuevo'} ${singular}`,
    creado: (label) => `${Singular} «${label}» ${f ? 'creada' : 'creado'}.`,
    guardado: (label) => `${Singular} «${label}» ${f ? 'guardada' : 'guardado'}.`,
    eliminado: (label) => `${Singular} «${label}» ${f ? 'eliminada' : 'eliminado'}.`,
    noEliminado: (label) => `No se ha eliminado ${f ? 'la' : 'el'} ${singular} «${label}».`,
    ninguno: `No hay ${f ? 'ninguna' : 'ningún'} ${singular} todavía.`,
    preguntaEliminar: (label) => `¿Eliminar ${f ? 'la' : 'el'} ${singular} «${label}»?`,
    cambiadoPorOtro: `Alguien ha cambiado ${f ? 'esta' : 'este'} ${singular} mientras lo editabas. Te mostramos los datos actuales: revisa tus cambios y vuelve a guardar.`,
  };
}

/**
 * List + create/edit form + delete for one REST collection.
 * fields: [{name, label, type, options, required, hint, createOnly, numeric, ...inputProps}]
 * toBody(form, isNew, original): the request body; `original` is the form as it was opened,
 * so a page can send only what the person changed. With `concurrency`, the edit form loads
 * the item with its ETag and saves with If-Match; a 412 reloads the item and says why.
 */
export default function CrudPage({
  title,
  singular,
  genero = 'm',
  endpoint,
  columns,
  fields,
  initial,
  toForm = (item) => ({ ...item }),
  toBody = (form) => form,
  itemLabel = (item) => item.nombre || `#${item.id}`,
  searchable = false,
  extraParams = {},
  concurrency = false,
  bodyOptions,
}) {
  useDocumentTitle(title);
  const w = palabras(singular, genero);
  const toast = useToast();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const { data, loading, error: loadError, reload } = useApi(endpoint, { page, page_size: PAGE_SIZE, search: query, ...extraParams });
  const [editing, setEditing] = useState(null); // null | 'new' | item
  const [form, setForm] = useState(initial);
  const [original, setOriginal] = useState(initial);
  const [etag, setEtag] = useState(null);
  const [formError, setFormError] = useState(null);
  const [saving, setSaving] = useState(false);
  // Editing with concurrency: the form opens with the list's row, read-only until the item's
  // current copy and its ETag arrive (what is typed before would be overwritten by it, or saved
  // over a newer version). `apertura` tells a late answer for an earlier opening from this one's.
  const [cargando, setCargando] = useState(false);
  const apertura = useRef(0);
  const formRef = useRef(null);

  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));
  const visibleFields = fields.filter((f) => !(f.createOnly && editing !== 'new'));

  function fillFrom(item) {
    const next = item ? { ...initial, ...toForm(item) } : { ...initial };
    setForm(next);
    setOriginal(next);
  }

  const focusFirstField = () => setTimeout(() => formRef.current?.querySelector('input, select, textarea')?.focus(), 0);

  async function open(item) {
    const esta = ++apertura.current;
    toast.limpiar();
    setEditing(item || 'new');
    fillFrom(item);
    setEtag(null);
    setFormError(null);
    if (!item || !concurrency) {
      setCargando(false);
      focusFirstField();
      return;
    }
    setCargando(true);
    try {
      const res = await api.get(`${endpoint}${item.id}/`);
      if (esta !== apertura.current) return;
      setEditing(res.data);
      fillFrom(res.data);
      setEtag(res.headers?.etag || null);
    } catch (err) {
      if (esta !== apertura.current) return;
      setFormError(parseApiError(err));
    }
    setCargando(false);
    focusFirstField();
  }

  /**
   * After a change that is not the form's (a photo upload), take the item's current version
   * only if none of the fields the form shows has changed meanwhile; otherwise keep the old
   * version so that saving still answers 412 and shows what changed.
   */
  async function refreshVersion() {
    if (!concurrency || !editing || editing === 'new') return;
    try {
      const res = await api.get(`${endpoint}${editing.id}/`);
      const same = JSON.stringify(toForm(res.data)) === JSON.stringify(toForm(editing));
      if (same) setEtag(res.headers?.etag || null);
    } catch {
      // Saving will say what is wrong.
    }
  }

  function close() {
    apertura.current += 1;
    setCargando(false);
    setEditing(null);
    setFormError(null);
  }

  function showFormError(parsed) {
    setFormError(parsed);
    // Bring the message to the person: focus the first field marked wrong, else the banner.
    setTimeout(() => {
      const target = formRef.current?.querySelector('[aria-invalid="true"]') || formRef.current?.querySelector('[role="alert"]');
      target?.focus?.();
      target?.scrollIntoView?.({ block: 'center' });
    }, 0);
  }

  async function save(e) {
    e.preventDefault();
    setFormError(null);
    const { values, errors } = checkFields(visibleFields, form);
    if (Object.keys(errors).length) {
      const names = Object.keys(errors);
      const label = (n) => visibleFields.find((f) => f.name === n)?.label || etiqueta(n);
      showFormError({
        message: names.length === 1 ? `${label(names[0])}: ${errors[names[0]][0]}` : `Revisa estos datos: ${names.map(label).join(', ')}.`,
        fields: errors,
      });
      return;
    }
    setSaving(true);
    const isNew = editing === 'new';
    try {
      const body = toBody({ ...form, ...values }, isNew, original);
      let saved;
      if (isNew) saved = await api.post(endpoint, body, bodyOptions);
      else {
        const headers = concurrency && etag ? { 'If-Match': etag } : undefined;
        saved = await api.patch(`${endpoint}${editing.id}/`, body, { ...bodyOptions, headers });
      }
      setEditing(null);
      await reload();
      const label = itemLabel(saved.data || editing);
      toast.ok(isNew ? w.creado(label) : w.guardado(label));
    } catch (err) {
      const parsed = parseApiError(err);
      if (parsed.status === 412 || parsed.codigo === 'precondicion_fallida' || parsed.codigo === 'version_obsoleta') {
        showFormError({ ...parsed, message: w.cambiadoPorOtro });
        const fresh = await api.get(`${endpoint}${editing.id}/`).catch(() => null);
        if (fresh) {
          setEditing(fresh.data);
          fillFrom(fresh.data);
          setEtag(fresh.headers?.etag || null);
        }
        reload();
      } else {
        showFormError(parsed);
      }
    } finally {
      setSaving(false);
    }
  }

  async function remove(item) {
    const label = itemLabel(item);
    if (!window.confirm(w.preguntaEliminar(label))) return;
    try {
      await api.delete(`${endpoint}${item.id}/`);
      toast.ok(w.eliminado(label));
      if (editing && editing !== 'new' && editing.id === item.id) setEditing(null);
      reload();
    } catch (err) {
      toast.error(rechazo(err, `«${label}»`, w.noEliminado(label)));
    }
  }

  const rows = data?.results || [];
  const actions = {
    label: 'Acciones',
    hideLabel: true,
    className: 'row-actions',
    render: (item) => (
      <>
        <button type="button" onClick={() => open(item)} aria-label={`Editar ${itemLabel(item)}`}>
          Editar
        </button>
        <button type="button" className="danger" onClick={() => remove(item)} aria-label={`Eliminar ${itemLabel(item)}`}>
          Eliminar
        </button>
      </>
    ),
  };
  return (
    <section className="page">
      <div className="page-head">
        <h1>{title}</h1>
        <button type="button" className="primary" onClick={() => open(null)}>
          {w.nuevo}
        </button>
      </div>

      {editing && (
        <form ref={formRef} className="card form crud-form" onSubmit={save} noValidate aria-label={editing === 'new' ? w.nuevo : `Editar ${singular}`}>
          <h2>{editing === 'new' ? w.nuevo : `Editar ${singular}: ${itemLabel(editing)}`}</h2>
          <ErrorBanner error={formError} />
          {cargando && <Loading text={`Cargando la versión actual de ${itemLabel(editing)}…`} />}
          <fieldset className="form-grid" disabled={cargando}>
            {visibleFields.map(({ createOnly, render, ...f }) =>
              render ? (
                <div key={f.name} className="field-wide">
                  {render({ editing, form, set, errors: formError?.fields, refreshVersion })}
                </div>
              ) : (
                <Field key={f.name} {...f} value={form[f.name]} onChange={set(f.name)} errors={formError?.fields} />
              ),
            )}
          </fieldset>
          <div className="actions">
            <button type="submit" className="primary" disabled={saving || cargando}>
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
      {data && rows.length === 0 && <Empty>{query ? `Ninguna coincidencia con «${query}».` : w.ninguno}</Empty>}
      {rows.length > 0 && <DataTable caption={title} columns={[...columns, actions]} rows={rows} />}
      {data && <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={setPage} />}
    </section>
  );
}
