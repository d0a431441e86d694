import CrudPage from '../../components/CrudPage';

export default function ProveedoresGestion() {
  return (
    <CrudPage
      title="Proveedores"
      singular="proveedor"
      endpoint="/proveedores/"
      initial={{ nombre: '', contacto: '', telefono: '' }}
      fields={[
        { name: 'nombre', label: 'Nombre', required: true },
        { name: 'contacto', label: 'Contacto' },
        { name: 'telefono', label: 'Teléfono', type: 'tel' },
      ]}
      columns={[
        { label: 'Nombre', render: (p) => p.nombre },
        { label: 'Contacto', render: (p) => p.contacto || '—' },
        { label: 'Teléfono', render: (p) => p.telefono || '—' },
      ]}
    />
  );
}
