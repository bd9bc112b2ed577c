# gunicorn reads this file from the folder it starts in: the Procfile (make run), the Docker
# image and docker compose all start it here, so these settings hold everywhere. Every
# choice can be changed through the environment without a new image.
import glob
import os
import tempfile

# Where to listen is given on the command line (--bind): 127.0.0.1 for `make run`, every
# address inside the container.
# Workers are processes: they use both cores (the GIL holds one thread per process). Two per
# core is the usual start; on our 2-core machines 2 processes x 4 threads served the most
# pages per second with the least memory (issue 17's measurements).
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads (gthread) keep a process serving while a request waits for the database, Redis or
# SMTP: most of a page's time is waiting, not Python.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker silent for this long is stuck (pages take milliseconds; slow work belongs to the
# Celery worker): the master kills it and starts a new one instead of letting it hang.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On a deploy or scale-down, requests in progress get this long to finish before the
# worker is stopped.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Keep a visitor's connection open between requests (a page, then its CSS and scripts);
# short, so idle connections do not hold the threads.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A worker restarts after this many requests, so memory that grows slowly (fragmentation)
# is given back; the jitter spreads the restarts so the workers never all restart at once.
# Not too often: a new worker starts cold (no kept pages, choice lists or connections). At
# 1,000 a busy worker (200 pages a second) restarted every few seconds and served less
# than half of what it serves warm (issue 17's measurements); our caches are bounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
# Load the app once in the master, before forking: a broken configuration stops the start
# at once (not in every worker over and over), workers start faster and share the app's
# memory. Nothing connects to the database at import, so no connection is shared by forks.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() not in {"0", "false", "no"}

accesslog = "-"
# The access log writes "[token]" instead of the tokens in links (reset, invitations).
logger_class = "marketplace.access_log.TokenHidingLogger"
# The request id (X-Request-ID) ends each access line, to find the app's lines for it.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
)

# Production logs one JSON object per line (LOG_FORMAT, as marketplace/config.py decides):
# gunicorn's own error and access lines too, so a collector reads one format.
_production = os.environ.get("APP_ENV") == "production"
if (os.environ.get("LOG_FORMAT") or ("json" if _production else "text")).lower() == "json":
    _json_handler = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "filters": ["request_id"],
    }
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "marketplace.observability.logs.JsonFormatter"}},
        "filters": {"request_id": {"()": "marketplace.observability.logs.RequestIdFilter"}},
        "handlers": {
            "console": {**_json_handler, "stream": "ext://sys.stderr"},
            "error_console": {**_json_handler, "stream": "ext://sys.stderr"},
            "access_console": {**_json_handler, "stream": "ext://sys.stdout"},
        },
        # The app puts its own handler on the root logger (marketplace.observability.logs).
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["access_console"],
                "propagate": False,
            },
        },
    }

# Metrics: each worker process writes its values to files in this folder; the master adds
# them up and serves them on METRICS_PORT (default 9100, "off" to switch off), bound to
# METRICS_HOST (127.0.0.1 unless set): never on the public port. Set here, before the app
# (and prometheus_client) is loaded; emptied at each start.
_port = (os.environ.get("METRICS_PORT") or "9100").strip().lower()
_metrics_port = None if _port in {"0", "off", "false", "no"} else int(_port)
_metrics_host = os.environ.get("METRICS_HOST") or "127.0.0.1"
_metrics_dir = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="buurthulp-metrics-")
)
os.makedirs(_metrics_dir, exist_ok=True)
for _old in glob.glob(os.path.join(_metrics_dir, "*.db")):  # an earlier run's values
    os.unlink(_old)


def when_ready(server):
    # In the master, once it listens: the metrics server is a thread of the master, so it
    # lives as long as gunicorn does, whichever workers come and go.
    if _metrics_port is None:
        return
    from marketplace.observability.metrics import serve
    from marketplace.wsgi import app

    serve(app, _metrics_port, _metrics_host)


def child_exit(server, worker):
    # A worker that stopped (max_requests, a crash): its gauges' files no longer count.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
