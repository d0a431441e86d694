import CrudPage from '../../components/CrudPage';
import ProductImage from '../../components/ProductImage';
import ProductPhotos from '../../components/ProductPhotos';
import { formatMoney } from '../../format';
import { toInputDecimal } from '../../numero';
import { useOptions } from '../../useApi';

/**
 * The product form. Stock goes in the body only when the person changed it (a concurrent
 * sale must not be undone by saving a price), and the edit is saved with If-Match against
 * the version that was opened (a 412 reloads the product and says why).
 */
export function productBody(f, isNew, original) {
  const body = {
    nombre: f.nombre,
    descripcion: f.descripcion,
    precio: f.precio,
    categoria: f.categoria ? Number(f.categoria) : null,
    proveedor: f.proveedor ? Number(f.proveedor) : null,
  };
  if (isNew || String(f.stock) !== String(original.stock)) body.stock = Number(f.stock);
  return body;
}

export default function ProductosGestion() {
  const categorias = useOptions('/categorias/');
  const proveedores = useOptions('/proveedores/');
  return (
    <CrudPage
      title="Productos"
      singular="producto"
      endpoint="/productos/"
      searchable
      concurrency
      initial={{ nombre: '', descripcion: '', precio: '', stock: '0', categoria: '', proveedor: '' }}
      toForm={(p) => ({
        nombre: p.nombre,
        descripcion: p.descripcion,
        precio: toInputDecimal(p.precio),
        stock: String(p.stock),
        categoria: String(p.categoria.id),
        proveedor: p.proveedor != null ? String(p.proveedor) : '',
      })}
      toBody={productBody}
      fields={[
        { name: 'nombre', label: 'Nombre', required: true },
        { name: 'descripcion', label: 'Descripción', type: 'textarea', rows: 3 },
        { name: 'precio', label: 'Precio (€)', numeric: { decimals: 2, min: 0.01, unit: '€' }, required: true, hint: 'Con coma o punto: 12,50.' },
        {
          name: 'stock',
          label: 'Stock',
          numeric: { decimals: 0, min: 0 },
          required: true,
          hint: 'Solo se guarda si lo cambias; para ajustes del día a día usa Inventario.',
        },
        {
          name: 'categoria',
          label: 'Categoría',
          type: 'select',
          required: true,
          options: [{ value: '', label: 'Elige una categoría' }, ...categorias.list.map((c) => ({ value: String(c.id), label: c.nombre }))],
        },
        {
          name: 'proveedor',
          label: 'Proveedor',
          type: 'select',
          options: [{ value: '', label: 'Sin proveedor' }, ...proveedores.list.map((p) => ({ value: String(p.id), label: p.nombre }))],
        },
        { name: 'fotos', render: ({ editing, refreshVersion }) => <ProductPhotos producto={editing === 'new' ? null : editing} onChanged={refreshVersion} /> },
      ]}
      columns={[
        { label: 'Foto', hideLabel: true, render: (p) => <ProductImage src={p.miniatura} size="tiny" /> },
        { label: 'Nombre', render: (p) => p.nombre },
        { label: 'Categoría', render: (p) => p.categoria.nombre },
        { label: 'Precio', num: true, render: (p) => formatMoney(p.precio) },
        { label: 'Stock', num: true, render: (p) => p.stock },
      ]}
    />
  );
}
