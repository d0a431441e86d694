"""The benchmark's HTTP ceiling: a plain Django view (all of settings.MIDDLEWARE, no DRF, no database)
returning a pre-built JSON body the size of the product list page.

Routed at /api/bench/ceiling/ only by the benchmark's own URL module (bench/urls.py, through
DJANGO_SETTINGS_MODULE=bench.settings); the body is read from the file named by BENCH_CEILING_BODY.
"""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

_cuerpo: bytes | None = None


def ceiling(request):
    global _cuerpo
    if _cuerpo is None:
        _cuerpo = Path(os.environ["BENCH_CEILING_BODY"]).read_bytes()
    return HttpResponse(_cuerpo, content_type="application/json")


app_name = "bench"
urlpatterns = [path("ceiling/", ceiling, name="ceiling")]
