"""Project settings: every value comes from the environment (see .env.example)."""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from backend.cache import configurar_caches

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Secrets are read raw: django-environ would treat a value starting with "$" as a reference.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off (see .env.example).")
    # Development only: a random key in memory, put in the environment so runserver's autoreloaded
    # processes (which inherit it) keep signing with it and tokens survive a reload. Importing the
    # settings writes no file; `make run` keeps one key across restarts in the ignored .dev-secret-key.
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"] = get_random_secret_key()

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "usuarios",
    "productos",
    "inventario",
    "ventas",
    "notificaciones",
    "pagos",
]

MIDDLEWARE = [
    "backend.middleware.DatabaseUnavailableMiddleware",
    "backend.audit.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "backend.seguridad.PoliticaContenidoSPAMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast (and answer 503) instead of hanging when the server is unreachable.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DB_CONNECT_TIMEOUT", default=3)
    # Cap what one statement may cost (a search, a report): PostgreSQL cancels it past this many ms and
    # the request answers a JSON 503 (backend/middleware.py). 0 turns it off, e.g. for a long migration.
    _limite_consulta_ms = env.int("DB_STATEMENT_TIMEOUT_MS", default=5000)
    if _limite_consulta_ms:
        _opciones = DATABASES["default"]["OPTIONS"]
        _opciones["options"] = f"{_opciones.get('options', '')} -c statement_timeout={_limite_consulta_ms}".strip()
    # Catalogue search: a word at least this close (trigram strict_word_similarity) to one of a product's
    # words counts as a typo of it, `labtop` -> `Laptop` (productos/filters.py; pg_trgm's default is 0.5).
    _opciones = DATABASES["default"]["OPTIONS"]
    _opciones["options"] = f"{_opciones.get('options', '')} -c pg_trgm.strict_word_similarity_threshold=0.4".strip()
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "usuarios.Usuario"

REDIS_URL = env.str("REDIS_URL", default="")
# Without Redis the cache is per process: throttling counters are not shared between workers.
# With it, a Redis outage degrades instead of failing (backend/cache.py, README "Operations").
CACHES = configurar_caches(
    REDIS_URL,
    prefijo=env.str("CACHE_KEY_PREFIX", default="tienda"),
    timeout=env.float("CACHE_TIMEOUT", default=0.25),
)
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "backend.cache"
# During a cache outage every process counts throttles alone; login-type limits are divided by
# this many processes (all instances x workers) so the outage opens no brute-force window.
THROTTLE_RESERVA_PROCESOS = env.int("THROTTLE_RESERVA_PROCESOS", default=4)
# Whole-response cache of catalogue reads (productos/cache.py) and of the user behind an access
# token (usuarios/authentication.py), in seconds; 0 turns each off. Both need a store shared by every
# worker (Redis), since a write invalidates them: without REDIS_URL they are off by default.
CATALOGO_CACHE_SEGUNDOS = env.int("CATALOGO_CACHE_SEGUNDOS", default=300 if REDIS_URL else 0)
USUARIO_CACHE_SEGUNDOS = env.int("USUARIO_CACHE_SEGUNDOS", default=60 if REDIS_URL else 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("DJANGO_LANGUAGE_CODE", default="es")
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Madrid")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded product photos (README "Product photos"): local files under MEDIA_ROOT by default, served
# by Django only with DEBUG on; MEDIA_STORAGE=s3 stores them in an S3-compatible bucket instead.
MEDIA_URL = env.str("DJANGO_MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Django itself serves MEDIA_URL with DEBUG off too: only for a single-host demo (make serve-prod,
# the e2e server). A real deployment lets nginx or S3 serve the photos and leaves this off.
SERVIR_MEDIA = env.bool("DJANGO_SERVIR_MEDIA", default=False)
if env.str("MEDIA_STORAGE", default="local") == "s3":
    # Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a role...).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "location": env.str("AWS_LOCATION", default="media"),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
        },
    }
# Where the SPA may load images from (its Content-Security-Policy, backend/seguridad.py).
CSP_IMG_SRC = env.list(
    "CSP_IMG_SRC",
    default=["'self'", "data:", "blob:", *(["https:"] if env.str("MEDIA_STORAGE", default="local") == "s3" else [])],
)
PRODUCTO_IMAGEN_MAX_BYTES = env.int("PRODUCTO_IMAGEN_MAX_BYTES", default=5 * 1024 * 1024)
PRODUCTO_IMAGEN_MAX_PIXELES = env.int("PRODUCTO_IMAGEN_MAX_PIXELES", default=25_000_000)

# The built React SPA (frontend/dist) is served from the site root.
SPA_DIR = BASE_DIR / "frontend" / "dist"
WHITENOISE_ROOT = SPA_DIR if SPA_DIR.is_dir() else None

DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_MAX_BODY_BYTES", default=1024 * 1024)

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=["http://localhost:5173", "http://127.0.0.1:5173"])
CORS_EXPOSE_HEADERS = ["Retry-After", "ETag"]
CORS_ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "idempotency-key",
    "if-match",
    "origin",
    "user-agent",
    "x-requested-with",
)

# --- Security (see README "Security"). Values are production defaults when DEBUG is off.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Number of reverse proxies in front of the app whose X-Forwarded-For may be trusted.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
# Only behind a declared TLS-terminating proxy is X-Forwarded-Proto believed (otherwise any client
# could claim "https" over plain HTTP). Declared with DJANGO_BEHIND_PROXY=1, or NUM_PROXIES > 0.
if env.bool("DJANGO_BEHIND_PROXY", default=NUM_PROXIES > 0):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "usuarios.authentication.JWTAutenticacion",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["backend.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["backend.parsers.JSONParserSeguro"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "backend.filters.BusquedaAcotada",  # SearchFilter with bounded terms (backend/filters.py)
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "backend.pagination.Paginacion",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "backend.exceptions.exception_handler",
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_THROTTLE_CLASSES": [
        # DRF's anon/user rates, falling back to per-process counters while Redis is down.
        "usuarios.throttling.AnonThrottle",
        "usuarios.throttling.UsuarioThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="300/min"),
        "user": env.str("THROTTLE_USER", default="1200/min"),
        "login": env.str("THROTTLE_LOGIN", default="10/min"),
        "login_usuario": env.str("THROTTLE_LOGIN_USUARIO", default="5/min"),
        "register": env.str("THROTTLE_REGISTER", default="20/hour"),
        "checkout": env.str("THROTTLE_CHECKOUT", default="30/min"),
        "password_reset": env.str("THROTTLE_PASSWORD_RESET", default="10/hour"),
        "password_reset_email": env.str("THROTTLE_PASSWORD_RESET_EMAIL", default="3/hour"),
        "webhook": env.str("THROTTLE_WEBHOOK", default="120/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=50)),
    "REFRESH_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_REFRESH_MINUTES", default=1440)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": os.environ.get("JWT_SIGNING_KEY") or SECRET_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "CHECK_REVOKE_TOKEN": True,
    "TOKEN_OBTAIN_SERIALIZER": "usuarios.serializers.LoginSerializer",
    "TOKEN_REFRESH_SERIALIZER": "usuarios.serializers.RefreshSerializer",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tienda API",
    "DESCRIPTION": "API REST de la tienda en línea: cuentas, catálogo, inventario, carrito y ventas.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/",
    # Every operation also lists the error answers it can give (backend/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "backend.schema.documentar_errores"],
    "ENUM_NAME_OVERRIDES": {
        "RolEnum": "usuarios.models.Usuario.Rol",
        "EstadoVentaEnum": "ventas.models.Venta.Estado",
    },
}

# --- Shop rules.
TIENDA_TASA_IMPUESTO = Decimal(env.str("TIENDA_TASA_IMPUESTO", default="0"))
TIENDA_COSTO_ENVIO = Decimal(env.str("TIENDA_COSTO_ENVIO", default="0"))
TIENDA_ENVIO_GRATIS_DESDE = Decimal(env.str("TIENDA_ENVIO_GRATIS_DESDE", default="0"))
IDEMPOTENCY_KEY_TTL_HOURS = env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24)
# An in-progress key whose worker died is taken over after this lease (longer than GUNICORN_TIMEOUT).
IDEMPOTENCIA_LEASE_SEGUNDOS = env.int("IDEMPOTENCIA_LEASE_SEGUNDOS", default=60)

# --- Background work (backend/celery.py, backend/tareas.py; README "Background worker").
# Unset: tasks run in the web process right after commit, so `make run` needs no broker.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Acknowledge after the task ran, and hand a task back when its worker dies: tasks are idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis: an unacknowledged task (its worker was killed) is delivered again after this long.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 0,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic jobs, run by `celery beat` (make worker starts it beside the worker).
CELERY_BEAT_SCHEDULE = {
    "purgar-idempotencia": {"task": "backend.purgar_idempotencia", "schedule": 3600.0},
    "reencolar-notificaciones": {
        "task": "notificaciones.reencolar_pendientes",
        "schedule": env.float("NOTIFICACIONES_REENCOLAR_SEGUNDOS", default=60.0),
    },
    "expirar-ventas-impagadas": {"task": "pagos.expirar_ventas_impagadas", "schedule": 300.0},
    "reembolsar-ventas-canceladas": {"task": "pagos.reembolsar_ventas_canceladas", "schedule": 60.0},
    "compactar-resumenes": {"task": "ventas.compactar_resumenes", "schedule": 3600.0},
}

# --- Payments (pagos/; README "Payments"). A provider is offered when its settings are present.
TIENDA_MONEDA = env.str("TIENDA_MONEDA", default="EUR").upper()
# Unpaid PENDIENTE sales are cancelled after this many minutes; 0 = never.
PAGO_PLAZO_MINUTOS = env.int("PAGO_PLAZO_MINUTOS", default=60)
# First wait before retrying a refund the provider failed; it doubles on each retry.
PAGOS_REINTENTO_SEGUNDOS = env.int("PAGOS_REINTENTO_SEGUNDOS", default=10)
# The simulated provider (no account, no network): on in development, refused in production unless set.
PAGOS_SIMULADO = env.bool("PAGOS_SIMULADO", default=DEBUG)
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
PAYPAL_CLIENT_ID = env.str("PAYPAL_CLIENT_ID", default="")
PAYPAL_CLIENT_SECRET = os.environ.get("PAYPAL_CLIENT_SECRET", "")
PAYPAL_WEBHOOK_ID = env.str("PAYPAL_WEBHOOK_ID", default="")
PAYPAL_API_BASE = env.str("PAYPAL_API_BASE", default="https://api-m.sandbox.paypal.com")

# --- Email (console in development). EMAIL_URL e.g. smtp://user:pass@host:587 or smtp+tls://...
_correo = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _correo["EMAIL_BACKEND"]
EMAIL_HOST = _correo.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _correo.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _correo.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _correo.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_correo.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_correo.get("EMAIL_USE_SSL"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tienda <no-responder@tienda.local>")
TIENDA_NOMBRE = env.str("TIENDA_NOMBRE", default="Tienda")
# Public address of the SPA, for links in emails.
TIENDA_URL_PUBLICA = env.str("TIENDA_URL_PUBLICA", default="http://127.0.0.1:8000").rstrip("/")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)
# Outbox: a sender's claim on an email expires after this (longer than one SMTP send), pending
# emails older than NOTIFICACIONES_REENCOLAR_ANTIGUEDAD are re-queued, up to this many attempts.
NOTIFICACIONES_RECLAMO_SEGUNDOS = env.int("NOTIFICACIONES_RECLAMO_SEGUNDOS", default=120)
NOTIFICACIONES_REENCOLAR_ANTIGUEDAD = env.int("NOTIFICACIONES_REENCOLAR_ANTIGUEDAD", default=30)
NOTIFICACIONES_MAX_INTENTOS = env.int("NOTIFICACIONES_MAX_INTENTOS", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "backend.logging.JsonFormatter"}},
    "filters": {"una_por_minuto": {"()": "backend.cache.UnaVezPorIntervalo", "segundos": 60}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "loggers": {
        "audit": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        # Cache outages: one line per minute and process, not one per request.
        "backend.cache": {
            "handlers": ["stdout"],
            "level": "WARNING",
            "filters": ["una_por_minuto"],
            "propagate": False,
        },
    },
}
