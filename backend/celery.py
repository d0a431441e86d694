"""The Celery application: tasks of every app, settings from Django's CELERY_* names."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("tienda")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's tasks.py, plus the project-wide periodic tasks.
app.autodiscover_tasks()
app.conf.include = ["backend.tareas"]
