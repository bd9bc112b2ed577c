"""gunicorn's master compiles every template before it forks the workers (marketplace.wsgi)."""

import pytest
from jinja2 import TemplateNotFound

from marketplace.config import PROJECT_ROOT
from marketplace.templating import compile_all_templates


def test_every_template_is_compiled_once_before_the_workers_start(app, monkeypatch):
    files = [
        path for path in (PROJECT_ROOT / "templates").rglob("*") if path.suffix in {".html", ".txt"}
    ]
    assert compile_all_templates(app) == len(files) > 200

    def no_disk(*_args):
        raise TemplateNotFound("read from disk again")

    monkeypatch.setattr(app.jinja_env.loader, "get_source", no_disk)
    assert app.jinja_env.get_template("postings/_results.html") is not None
    with pytest.raises(TemplateNotFound):  # the check can fail: an unknown name goes to disk
        app.jinja_env.get_template("not-a-template.html")
