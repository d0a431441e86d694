import CrudPage from '../../components/CrudPage';
import { formatMoney } from '../../format';
import { useOptions } from '../../useApi';

const idOf = (v) => (v && typeof v === 'object' ? v.id : v);

export default function ProductosGestion() {
  const categorias = useOptions('/categorias/');
  const proveedores = useOptions('/proveedores/');
  return (
    <CrudPage
      title="Productos"
      singular="producto"
      endpoint="/productos/"
      searchable
      initial={{ nombre: '', descripcion: '', precio: '', stock: '0', categoria: '', proveedor: '' }}
      toForm={(p) => ({
        nombre: p.nombre,
        descripcion: p.descripcion || '',
        precio: String(p.precio ?? ''),
        stock: String(p.stock ?? 0),
        categoria: idOf(p.categoria) != null ? String(idOf(p.categoria)) : '',
        proveedor: idOf(p.proveedor) != null ? String(idOf(p.proveedor)) : '',
      })}
      toBody={(f) => ({
        nombre: f.nombre,
        descripcion: f.descripcion,
        precio: f.precio,
        stock: f.stock === '' ? f.stock : Number(f.stock),
        categoria: f.categoria ? Number(f.categoria) : null,
        proveedor: f.proveedor ? Number(f.proveedor) : null,
      })}
      fields={[
        { name: 'nombre', label: 'Nombre', required: true },
        { name: 'descripcion', label: 'Descripción', type: 'textarea', rows: 3 },
        { name: 'precio', label: 'Precio (€)', type: 'number', min: '0.01', step: '0.01', required: true },
        { name: 'stock', label: 'Stock', type: 'number', min: '0', step: '1', required: true },
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
      ]}
      columns={[
        { label: 'Nombre', render: (p) => p.nombre },
        { label: 'Categoría', render: (p) => p.categoria?.nombre || '—' },
        { label: 'Precio', num: true, render: (p) => formatMoney(p.precio) },
        { label: 'Stock', num: true, render: (p) => p.stock },
      ]}
    />
  );
}
