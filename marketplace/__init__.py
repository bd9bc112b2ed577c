"""Buurthulp: the web application."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from sqlalchemy.orm import configure_mappers
from werkzeug.middleware.proxy_fix import ProxyFix

from marketplace.config import PROJECT_ROOT, load_config


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from environment settings, optionally overridden by ``config``."""
    settings = load_config()
    settings.update(config or {})
    app = Flask(
        __name__,
        instance_path=settings["INSTANCE_PATH"],
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(settings)
    if app.config.get("TRUSTED_PROXIES"):
        # Behind a reverse proxy: take the client's address (rate limits) and scheme from
        # the proxy's headers, trusting only as many hops as configured.
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    from marketplace import (
        choice_memo,
        encryption,
        errors,
        i18n,
        menu_figures,
        outbox,
        page_cache,
        routing,
        search,
        security_log,
        slots,
        sqlite_pragmas,
        static_files,
        templating,
    )
    from marketplace.extensions import csrf, db, limiter, login_manager, migrate
    from marketplace.observability import init_app as init_observability
    from marketplace.security_headers import init_app as init_security_headers
    from worker.celery_app import init_celery

    encryption.init_app(app)  # a malformed DATA_ENCRYPTION_KEYS stops the start here
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    login_manager.init_app(app)
    templating.init_app(app)
    slots.init_app(app)
    menu_figures.init_app(app)
    init_security_headers(app)  # CSP, HSTS, no-store: on every response
    errors.init_app(app)
    security_log.init_app(app)
    routing.init_app(app)  # before blueprints: their rules take the converter when added
    sqlite_pragmas.init_app(app)
    outbox.init_app(app)
    search.init_app(app)  # keeps the SQLite full-text index after each flush
    page_cache.init_app(app)  # anonymous list pages, invalidated when a posting changes
    choice_memo.init_app(app)  # the filters' category and wijk lists, once per process
    static_files.init_app(app)  # ?v=<hash> in static links; those are cached for a year
    init_celery(app)
    init_observability(app)  # /healthz, /readyz, metrics, request ids, logs (after Celery)

    from marketplace import cli, models  # noqa: F401  (models: register every table)
    from marketplace.accounts import login  # noqa: F401  (registers the user loader)
    from marketplace.accounts.views import bp as accounts_bp
    from marketplace.admin.views import bp as admin_bp
    from marketplace.agenda.views import bp as agenda_bp
    from marketplace.carers.views import bp as carers_bp
    from marketplace.dashboard.views import bp as dashboard_bp
    from marketplace.escalation.views import bp as escalation_bp
    from marketplace.followups.views import bp as followups_bp
    from marketplace.home_visits.views import bp as home_visits_bp
    from marketplace.intake.views import bp as intake_bp
    from marketplace.lasting_contact.views import bp as lasting_contact_bp
    from marketplace.map.views import bp as map_bp
    from marketplace.matching.views import bp as matching_bp
    from marketplace.matchmaking.views import bp as matchmaking_bp
    from marketplace.moderation.views import bp as moderation_bp
    from marketplace.my_data.views import bp as my_data_bp
    from marketplace.notifications.views import bp as notifications_bp
    from marketplace.organisations.views import bp as organisations_bp
    from marketplace.pages.views import bp as pages_bp
    from marketplace.posting_steps.views import bp as posting_steps_bp
    from marketplace.postings.views import bp as postings_bp
    from marketplace.privacy.views import bp as privacy_bp
    from marketplace.profiles.views import bp as profiles_bp
    from marketplace.responses.views import bp as responses_bp
    from marketplace.signals.views import bp as signals_bp
    from marketplace.sociale_kaart.views import bp as sociale_kaart_bp

    for blueprint in (
        pages_bp,
        accounts_bp,
        profiles_bp,
        postings_bp,
        responses_bp,
        matching_bp,
        notifications_bp,
        moderation_bp,
        organisations_bp,
        intake_bp,
        home_visits_bp,
        admin_bp,
        escalation_bp,
        followups_bp,
        dashboard_bp,
        posting_steps_bp,
        map_bp,
        my_data_bp,
        privacy_bp,
        signals_bp,
        sociale_kaart_bp,
        agenda_bp,
        matchmaking_bp,
        carers_bp,
        lasting_contact_bp,
    ):
        app.register_blueprint(blueprint)

    # Features subscribe to the core's events and fill its slots (DEVELOPERS.md, "Layers").
    from marketplace.accounts import hooks as accounts_hooks
    from marketplace.agenda import hooks as agenda_hooks
    from marketplace.escalation import hooks as escalation_hooks
    from marketplace.home_visits import hooks as home_visits_hooks
    from marketplace.intake import hooks as intake_hooks
    from marketplace.lasting_contact import hooks as lasting_contact_hooks
    from marketplace.matching import hooks as matching_hooks
    from marketplace.matchmaking import hooks as matchmaking_hooks
    from marketplace.notifications import hooks as notifications_hooks
    from marketplace.organisations import hooks as organisations_hooks
    from marketplace.responses import hooks as responses_hooks
    from marketplace.signals import hooks as signals_hooks
    from marketplace.sociale_kaart import hooks as sociale_kaart_hooks

    for hooks in (
        notifications_hooks,
        accounts_hooks,
        responses_hooks,
        matching_hooks,
        intake_hooks,
        organisations_hooks,
        escalation_hooks,
        home_visits_hooks,
        signals_hooks,
        sociale_kaart_hooks,
        agenda_hooks,
        matchmaking_hooks,
        lasting_contact_hooks,
    ):
        hooks.init_app(app)
    cli.init_app(app)
    # Every model is imported now: set up their relationships here, in one thread. Done
    # lazily, the first query did it: in gunicorn's master that can be the metrics thread,
    # and a worker forked while it was busy inherited SQLAlchemy's "configuring" flag and
    # failed its first query with a RecursionError (seen once in the production test).
    configure_mappers()
    return app
