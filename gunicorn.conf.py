"""gunicorn's settings for serving the registry: `make serve`, or `gunicorn -c gunicorn.conf.py`.

BIND             address to listen on; default 127.0.0.1:8000 (a proxy in front serves HTTPS)
WEB_CONCURRENCY  worker processes; default 2 × cores + 1, at most 8
GUNICORN_TIMEOUT seconds a worker may spend on one request before it is replaced; default 120

The registry's own settings (SECRET_KEY, DATABASE_URL, ...) are read by registry/settings.py.
"""

import multiprocessing
import os

wsgi_app = "registry.wsgi"

bind = [os.environ.get("BIND", "127.0.0.1:8000")]

# Synchronous workers, one request each at a time. Each keeps its own database connection
# (CONN_MAX_AGE) and some 100 MB: more than 8 on one machine costs more than it serves.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))

# The first download of a new registry version builds its snapshot in the request
# (initiatives/snapshots.py): a large registry's takes a minute or more.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
# On SIGTERM (a deploy, a stop), requests under way get this long to finish.
graceful_timeout = 30

# One line per request on stdout; gunicorn's own messages on stderr, beside the registry's
# JSON log lines. The line carries the request id the registry gives every answer, so a line
# leads to the log lines of the same request.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s" %({x-request-id}o)s'

# gunicorn 24+ listens on a control socket in the user's home, one path for every instance
# the account runs: a second registry (a test run, a staging copy) would take it over.
# Nothing here uses it.
control_socket_disable = True
