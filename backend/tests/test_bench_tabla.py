"""README's benchmark table is the one bench.tabla writes from the committed bench/results/latest.json."""

import copy
import json
from datetime import timedelta

import pytest
from django.db import connection

from bench import tabla


def _latest() -> dict:
    return json.loads(tabla.LATEST.read_text())


def test_readme_table_is_generated_from_latest_json():
    """A hand edit of the README figures, or a new latest.json without `python -m bench.tabla`, fails here."""
    assert tabla.seccion(tabla.README.read_text()) == tabla.generar(_latest()), (
        "README.md's benchmark table differs from bench/results/latest.json: run `python -m bench.tabla`"
    )


def test_check_mode_fails_on_a_stale_readme(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(tabla.README.read_text())
    assert tabla.main(["--readme", str(readme), "--check"]) == 0
    datos = _latest()
    datos["main"]["endpoints"]["productos_lista"]["rps"] += 1
    otro = tmp_path / "latest.json"
    otro.write_text(json.dumps(datos))
    assert tabla.main(["--readme", str(readme), "--json", str(otro), "--check"]) == 1
    assert tabla.main(["--readme", str(readme), "--json", str(otro)]) == 0
    assert tabla.main(["--readme", str(readme), "--json", str(otro), "--check"]) == 0


def test_targets_follow_the_issue_table_and_missing_figures_show_a_dash():
    datos = copy.deepcopy(_latest())
    ep = datos["main"]["endpoints"]
    ep["productos_lista"]["ratio_ceiling"] = 0.55
    ep["productos_lista_p3"] = {**ep["productos_lista"], "ratio_ceiling": 0.45}
    texto = tabla.generar(datos)
    fila = next(linea for linea in texto.splitlines() if "page 1 / page 3" in linea)
    assert "55% / 45%" in fila and fila.endswith("| NO |")  # page 3 below 50% fails the target
    ep["productos_lista_p3"]["ratio_ceiling"] = 0.5
    fila = next(linea for linea in tabla.generar(datos).splitlines() if "page 1 / page 3" in linea)
    assert fila.endswith("| yes |")
    del datos["growth"]
    fila = next(linea for linea in tabla.generar(datos).splitlines() if "whole history" in linea)
    assert fila.endswith("| — | — |")


def test_the_bench_cleanup_splits_days_as_the_app_does():
    # bench/seed.py takes its own sales out of the summaries with raw SQL, fragment by fragment.
    from bench.seed import FRAGMENTOS_DIA as DEL_BENCH
    from ventas.models import FRAGMENTOS_DIA

    assert DEL_BENCH == FRAGMENTOS_DIA


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bench/seed.py's SQL is PostgreSQL's")
def test_the_bench_cleanup_leaves_the_summaries_as_the_remaining_sales_give_them(db):
    """The bench deletes its checkouts' sales with raw SQL, after taking them out of every summary
    table; also of a day already folded into fragment 0 (compactar_resumenes)."""
    from django.conf import settings
    from django.utils import timezone

    from bench.seed import borrar_ventas
    from usuarios.tests.factories import UsuarioFactory
    from ventas.models import Venta
    from ventas.services import cambiar_estado_venta, compactar_resumenes
    from ventas.tests.factories import crear_venta
    from ventas.tests.test_resumenes import _calculados_de_las_ventas, _resumenes

    compradores = UsuarioFactory.create_batch(3)
    ventas = [crear_venta(usuario=compradores[n % 3]) for n in range(20)]
    cambiar_estado_venta(venta_id=ventas[5].pk, estado=Venta.Estado.CANCELADA, usuario=None)
    hoy = timezone.localdate()
    # Half the bench's sales before the day is folded, half after (their fragments are gone then).
    del_bench = [v.pk for v in ventas[:12]]
    with connection.cursor() as cur:
        borrar_ventas(cur, del_bench[:6], settings.TIME_ZONE)
    assert _resumenes() == _calculados_de_las_ventas()
    assert compactar_resumenes(antes_de=hoy + timedelta(days=1)) > 0
    with connection.cursor() as cur:
        borrar_ventas(cur, del_bench[6:], settings.TIME_ZONE)
    assert Venta.objects.count() == 8
    assert _resumenes() == _calculados_de_las_ventas()
