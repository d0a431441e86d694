import CrudPage from '../../components/CrudPage';

export default function CategoriasGestion() {
  return (
    <CrudPage
      title="Categorías"
      singular="categoría"
      genero="f"
      endpoint="/categorias/"
      initial={{ nombre: '' }}
      fields={[{ name: 'nombre', label: 'Nombre', required: true }]}
      columns={[
        { label: 'ID', render: (c) => c.id },
        { label: 'Nombre', render: (c) => c.nombre },
      ]}
    />
  );
}
