"""The WSGI entry point for gunicorn: ``gunicorn marketplace.wsgi:app``."""

from marketplace import create_app
from marketplace.templating import compile_all_templates

app = create_app()
compile_all_templates(app)  # once, before gunicorn forks the workers (gunicorn.conf.py)
