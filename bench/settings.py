"""The benchmark server's settings: the production settings plus the ceiling view's URL module.

Only `make bench` runs with DJANGO_SETTINGS_MODULE=bench.settings; the production URL
configuration (backend/urls.py) never mounts the ceiling view.
"""

from backend.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
