"""The production URLs with the benchmark's ceiling view in front (/api/bench/ceiling/)."""

from django.urls import include, path

from backend.urls import handler404, handler500
from backend.urls import urlpatterns as urlpatterns_produccion

urlpatterns = [path("api/bench/", include("bench.ceiling")), *urlpatterns_produccion]

__all__ = ["handler404", "handler500", "urlpatterns"]
