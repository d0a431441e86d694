"""Catalogue search (issue 14.3), PostgreSQL only: the normalised text and the tsvector become stored
generated columns, indexed, instead of expression indexes.

With expression indexes every matching row had to be unaccented and stemmed again (the bitmap
recheck, then ts_rank for the order): about 0.1 ms a row, 0.6 s for `cafe` on 20,000 products. Stored,
they are read. PostgreSQL keeps them in step on every INSERT and on an UPDATE of `nombre` or
`descripcion` (not of `stock`), whoever writes: services, admin, raw SQL. Django does not know these
columns (they are not model fields), so SQLite has none (productos/filters.py searches it otherwise).
"""

from django.db import migrations

CREAR = """
DROP INDEX IF EXISTS producto_busqueda_trgm_idx;
DROP INDEX IF EXISTS producto_busqueda_fts_idx;
ALTER TABLE productos_producto
    ADD COLUMN busqueda_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('productos_es'::regconfig, nombre), 'A')
        || setweight(to_tsvector('productos_es'::regconfig, descripcion), 'B')
    ) STORED,
    ADD COLUMN busqueda_texto text GENERATED ALWAYS AS (productos_normalizar(nombre || ' ' || descripcion)) STORED;
CREATE INDEX producto_busqueda_fts_idx ON productos_producto USING gin (busqueda_vector);
CREATE INDEX producto_busqueda_trgm_idx ON productos_producto USING gin (busqueda_texto gin_trgm_ops);
"""

BORRAR = """
DROP INDEX IF EXISTS producto_busqueda_trgm_idx;
DROP INDEX IF EXISTS producto_busqueda_fts_idx;
ALTER TABLE productos_producto DROP COLUMN IF EXISTS busqueda_vector, DROP COLUMN IF EXISTS busqueda_texto;
CREATE INDEX producto_busqueda_fts_idx ON productos_producto USING gin ((
    setweight(to_tsvector('productos_es'::regconfig, nombre), 'A')
    || setweight(to_tsvector('productos_es'::regconfig, descripcion), 'B')
));
CREATE INDEX producto_busqueda_trgm_idx ON productos_producto
    USING gin ((productos_normalizar(nombre || ' ' || descripcion)) gin_trgm_ops);
"""


def ejecutar(sql):
    def operacion(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operacion


class Migration(migrations.Migration):
    dependencies = [
        ("productos", "0003_busqueda"),
    ]

    operations = [migrations.RunPython(ejecutar(CREAR), ejecutar(BORRAR))]
