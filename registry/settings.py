"""Settings for the registry, read from the environment (twelve-factor).

DATABASE_URL  database; default: SQLite file db.sqlite3 in the project
SECRET_KEY    required unless DEBUG is on
DEBUG         off unless set to true
ALLOWED_HOSTS comma-separated; default: localhost only
CONN_MAX_AGE  seconds a database connection is kept for reuse; default 60
REDIS_URL     the shared cache, e.g. redis://127.0.0.1:6379/0; default: a database table
REGISTRY_CACHE false turns the answer cache off; default on
TRUSTED_PROXIES how many proxies in front set X-Forwarded-For (throttling); default 0
DOWNLOADS_RATE downloads (/data/ files, API exports) per client; default 120/hour
LOG_LEVEL     of the JSON log lines on stderr; default WARNING
SITE_URL      the registry's public address, for links in files built without a request
FEED_TAG_AUTHORITY the name in the Atom feed's tag: ids; default lsg-registry.kg (never change it)
IATI_REPORTING_ORG_REF, IATI_REPORTING_ORG_TYPE  the registry's IATI organisation identifier
              and type, once it has them; default empty (initiatives/iati.py)
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=true locally).")
    SECRET_KEY = "insecure-key-for-local-development-only"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "initiatives",
]

MIDDLEWARE = [
    "registry.operations.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the answer cache, so cached answers carry the headers too.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost: answers come from the cache of the registry's current version, and the
    # middleware above still adds its headers to them (initiatives/caching.py).
    "initiatives.caching.RegistryCacheMiddleware",
    # Last, as django-axes asks: answers a locked-out login.
    "axes.middleware.AxesMiddleware",
]

# Login protection (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account
# from one address, that pair is locked out for AXES_COOLOFF_HOURS. Staff are unlocked with
# `manage.py axes_reset_username <username>` (or `axes_reset` for everyone), or in the
# admin under Axes > Access attempts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A connection is kept for CONN_MAX_AGE seconds (a new PostgreSQL connection per request costs
# more than most pages) and checked before it is reused, so a restarted server is survived.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query whose estimated cost passes jit_above_cost, and a page's
    # query over every initiative passes it as the registry grows: compiling took 35 of its
    # 71 ms at 5,000 initiatives (EXPLAIN ANALYZE), and no query here runs long enough to win
    # that back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every worker: Redis when REDIS_URL is set (several app servers), else a
# table in the database (the embedded default needs no other server). It holds answers keyed
# by registry version (initiatives/caching.py) and the API's throttle counts.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "registry_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}
REGISTRY_CACHE = env.bool("REGISTRY_CACHE", default=True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Russian is the registry's working language; Kyrgyz and English follow. The order matters:
# translated fields are created per language in this order, and empty ones fall back along it.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("ky", _("Kyrgyz")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The country's official name in every language (django-countries would say «Киргизия»).
COUNTRIES_OVERRIDE = {"KG": _("Kyrgyz Republic")}
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True

# Files the registry writes: the download snapshots (initiatives/snapshots.py).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var")
# The site's address (https://registry.example.kg), for links in a file built without a
# request, such as the IATI export's; empty, they are relative to the site.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
# The authority of the feed's `tag:` ids (RFC 4151; initiatives/feeds.py): a fixed name, not
# the host a reader fetched the feed from, so ids survive a move. Changing it changes every id.
FEED_TAG_AUTHORITY = env.str("FEED_TAG_AUTHORITY", default="lsg-registry.kg")
# The registry reports to IATI as a secondary reporter (initiatives/iati.py). It has no IATI
# organisation identifier yet: set these once it is registered; nothing is made up before.
IATI_REPORTING_ORG_REF = env.str("IATI_REPORTING_ORG_REF", default="")
IATI_REPORTING_ORG_TYPE = env.str("IATI_REPORTING_ORG_TYPE", default="")

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Files served at the site's root by WhiteNoise: /favicon.ico, which browsers and crawlers
# ask for whatever a page links to (scripts/favicon builds it from the SVG in static).
WHITENOISE_ROOT = BASE_DIR / "registry" / "root_files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The REST API (initiatives/api/): anyone reads published records; staff write with a token
# (manage.py drf_create_token USER) or their admin session, within their model permissions.
# Every log line to stderr as one JSON object with the request's id; errors with their
# traceback (django.request logs each 5xx with the exception).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "registry.operations.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stderr"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

REST_FRAMEWORK = {
    # The client's address for throttling: REMOTE_ADDR, unless this many proxies in front
    # are trusted to set X-Forwarded-For (a client could send any address in it).
    "NUM_PROXIES": env.int("TRUSTED_PROXIES", default=0),
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON in, so types arrive as sent: a form field cannot tell true from "true".
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "initiatives.api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="60/minute"),
        "user": env.str("API_USER_RATE", default="600/minute"),
        # /data/ files and the API's exports, together (initiatives/throttling.py).
        "downloads": env.str("DOWNLOADS_RATE", default="120/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "initiatives.api.schema.RegistrySchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LSG reform registry API",
    "DESCRIPTION": (
        "Local self-government reform in Kyrgyzstan: initiatives and their progress, "
        "organizations, people, events, donor projects, documents, territories, topics and "
        "the published sources every fact comes from. Published records only for anonymous "
        "readers; personal contact details are never served."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActivityStatusEnum": "initiatives.models.choices.ActivityStatus",
        "InitiativeKindEnum": "initiatives.models.initiatives.Initiative.Kind",
        "OrganisationRoleEnum": "initiatives.models.choices.OrganisationRole",
        "EventRoleEnum": "initiatives.models.choices.EventRole",
        "EventStatusEnum": "initiatives.models.events.Event.Status",
        "CountryEnum": "django_countries.countries",
        "SourceKindEnum": "initiatives.models.sources.Source.Kind",
        "RecordTextColumnEnum": "initiatives.models.base.RECORD_TEXT_COLUMNS",
        "PositionTextColumnEnum": "initiatives.models.people.POSITION_TEXT_COLUMNS",
        "RecordStatementColumnEnum": "initiatives.models.base.RECORD_STATEMENT_COLUMNS",
        "OrganizationStatementColumnEnum": (
            "initiatives.models.organizations.ORGANIZATION_STATEMENT_COLUMNS"
        ),
        "TerritoryStatementColumnEnum": "initiatives.models.places.TERRITORY_STATEMENT_COLUMNS",
        # A territory's kind, and the kind a coverage indicator or a membership filter names.
        "TerritoryKindEnum": "initiatives.models.places.Territory.Kind",
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # HTTPS only, and browsers told to keep to it. SECURE_SSL_REDIRECT=false when a proxy in
    # front already redirects (it still sets X-Forwarded-Proto); /health/ answers over plain
    # HTTP for a load balancer's checks.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # The preload token only allows submitting the domain to browsers' HTTPS-only lists; it
    # enrols nothing by itself. SECURE_HSTS_PRELOAD=false for a host that must keep HTTP.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Content-Security-Policy (django-csp): scripts, styles and images from this site only, no
# inline script anywhere (the API docs use drf-spectacular's split SwaggerUI view for it);
# SwaggerUI draws its icons as data: images. No plugins, no framing, forms post here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): the registry uses none of these features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
