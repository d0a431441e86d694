import { useRef, useState } from 'react';
import api from '../api/client';
import { parseApiError } from '../api/errors';
import ErrorBanner from './ErrorBanner';
import ProductImage from './ProductImage';
import useApi from '../useApi';

const ACCEPT = 'image/jpeg,image/png,image/webp';
const MAX_BYTES = 5 * 1024 * 1024;

/** Staff: the photos of one product (the first is the main one), upload and delete. */
export default function ProductPhotos({ producto, onChanged }) {
  const { data, reload } = useApi(producto ? `/productos/${producto.id}/imagenes/` : null);
  const [error, setError] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [sending, setSending] = useState(false);
  const input = useRef(null);

  if (!producto) {
    return <p className="muted">Guarda el producto para poder añadirle fotos.</p>;
  }

  async function upload() {
    const files = [...(input.current?.files || [])];
    if (!files.length) return;
    setError(null);
    setAviso(null);
    const big = files.find((f) => f.size > MAX_BYTES);
    if (big) {
      setError({ message: `Fotos: «${big.name}» ocupa más de 5 MB.`, fields: {} });
      return;
    }
    setSending(true);
    let ok = 0;
    try {
      for (const file of files) {
        const fd = new FormData();
        fd.append('imagen', file);
        // The instance defaults to JSON: say multipart so axios keeps the FormData (the browser adds the boundary).
        await api.post(`/productos/${producto.id}/imagenes/`, fd, { headers: { 'Content-Type': 'multipart/form-data' } });
        ok += 1;
      }
    } catch (err) {
      const parsed = parseApiError(err);
      setError({ ...parsed, message: `No se ha subido la foto. ${parsed.fields.imagen?.[0] || parsed.message}` });
    } finally {
      setSending(false);
      if (input.current) input.current.value = '';
      if (ok) setAviso(ok === 1 ? 'Foto añadida.' : `${ok} fotos añadidas.`);
      reload();
      if (ok) onChanged?.();
    }
  }

  async function remove(img) {
    if (!window.confirm('¿Eliminar esta foto?')) return;
    setError(null);
    setAviso(null);
    try {
      await api.delete(`/productos/${producto.id}/imagenes/${img.id}/`);
      setAviso('Foto eliminada.');
      reload();
      onChanged?.();
    } catch (err) {
      setError(parseApiError(err));
    }
  }

  const fotos = data || [];
  return (
    <fieldset className="photos">
      <legend>Fotos</legend>
      <ErrorBanner error={error} />
      {aviso && (
        <p className="banner banner-ok" role="status">
          {aviso}
        </p>
      )}
      {fotos.length === 0 ? (
        <p className="muted">Este producto aún no tiene fotos.</p>
      ) : (
        <ul className="photo-list">
          {fotos.map((img, i) => (
            <li key={img.id}>
              <ProductImage src={img.miniatura} />
              <span className="muted">{i === 0 ? 'Principal' : `Foto ${i + 1}`}</span>
              <button type="button" className="danger" onClick={() => remove(img)} aria-label={`Eliminar la foto ${i + 1}`}>
                Eliminar
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`fotos-${producto.id}`}>Añadir fotos (JPEG, PNG o WebP, hasta 5 MB)</label>
        <input id={`fotos-${producto.id}`} ref={input} type="file" accept={ACCEPT} multiple onChange={upload} disabled={sending} />
      </div>
      {sending && <p className="muted">Subiendo…</p>}
    </fieldset>
  );
}
