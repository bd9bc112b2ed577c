"""The Celery app, made from the Flask app's config; every task runs in an app context.

Start a worker with ``celery -A worker.celery_app worker`` and beat with
``celery -A worker.celery_app beat``.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask

TASK_MODULES = [
    "worker.notifications",
    "worker.matching",
    "worker.housekeeping",
    "worker.digests",
    "worker.lifecycle",
    "worker.signals",
    "worker.sociale_kaart",
    "worker.agenda",
    "worker.matchmaking",
    "worker.lasting_contact",
]


def init_celery(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    # Beat keeps its schedule in the instance folder, which production does not make itself
    # (a fresh folder stopped beat at start: "No such file or directory").
    Path(app.config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    broker_url = app.config["CELERY_BROKER_URL"]
    celery.conf.update(
        broker_url=broker_url,
        task_ignore_result=True,
        # At-least-once delivery, as Celery advises for Redis: a task is acknowledged only
        # after it ran (acks_late), and a task whose worker process died is put back on the
        # queue instead of being acknowledged as failed (task_reject_on_worker_lost). Tasks
        # are idempotent by the state of their rows, so a second run finds the work done.
        # Neither setting covers everything (kombu's SQLite transport never re-delivers a
        # message taken by a killed worker; Redis does so only after the visibility
        # timeout), so the beat's outbox sweep is the safety net that re-publishes whatever
        # is still pending in the database: the database, not the broker, is the record.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # One message at a time per process: a killed worker strands at most one task
        # (until the sweep or the visibility timeout), and a slow task blocks no others.
        worker_prefetch_multiplier=1,
        # Beat's crontab entries (the digests at 07:00) are in Dutch time, summer and winter.
        timezone="Europe/Amsterdam",
        enable_utc=True,
        task_serializer="json",
        accept_content=["json"],
        # The worker and beat outlive a broker restart: they retry the connection at start
        # and after losing it, for as long as it takes (Celery's default gives up after 100
        # tries and the worker exits, leaving the queue unserved until someone restarts it).
        broker_connection_retry_on_startup=True,
        broker_connection_retry=True,
        broker_connection_max_retries=None,
        broker_transport_options=_transport_options(broker_url),
        beat_schedule={
            "sweep-outbox": {"task": "housekeeping.sweep_outbox", "schedule": 60.0},
            "expire-postings": {
                "task": "housekeeping.expire_postings",
                "schedule": timedelta(hours=1),
            },
            # The digest covers the day (or Monday-to-Sunday week) before; see worker.digests.
            "daily-digest": {
                "task": "digests.send_digests",
                "schedule": crontab(minute=0, hour=7),
                "args": ["daily"],
            },
            "weekly-digest": {
                "task": "digests.send_digests",
                "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
                "args": ["weekly"],
            },
            # Requests nobody answered: a wider circle on day 3 and 5, the staff list on day 7.
            "escalate-unanswered": {
                "task": "lifecycle.escalate_unanswered",
                "schedule": timedelta(hours=1),
            },
            # Personal data past its retention period (marketplace.retention.policy), at night.
            "enforce-retention": {
                "task": "housekeeping.enforce_retention",
                "schedule": crontab(minute=30, hour=3),
            },
            # Concern signals past their first-contact time: the coordinators hear of it.
            "report-overdue-signals": {
                "task": "signals.report_overdue",
                "schedule": timedelta(minutes=15),
            },
            # Sociale kaart: "klopt deze dienst nog?" six months after the last check.
            "remind-sociale-kaart": {
                "task": "sociale_kaart.send_reminders",
                "schedule": crontab(minute=0, hour=9),
            },
            # A week after a referral ("verwijzen"): how did it go?
            "ask-referral-outcomes": {
                "task": "sociale_kaart.ask_referral_outcomes",
                "schedule": crontab(minute=30, hour=9),
            },
            # Wijkagenda: a reminder the day before a date someone signed up for.
            "send-activity-reminders": {
                "task": "agenda.send_reminders",
                "schedule": timedelta(hours=1),
            },
            # Lasting contact: the reminder the day before, and "Gaat het goed?".
            "lasting-contact-reminders": {
                "task": "lasting_contact.remind_and_check_in",
                "schedule": timedelta(hours=1),
            },
            # "Is het gelukt?" questions go out in daytime only.
            "send-followups": {
                "task": "lifecycle.send_followups",
                "schedule": crontab(minute=15, hour="7-19"),
            },
            # Matchmakers: reminders set in a case log (from 08:00), and the daily mail about
            # requests that landed on "Hulp gezocht" in one's wijken yesterday.
            "send-case-reminders": {
                "task": "matchmaking.send_case_reminders",
                "schedule": crontab(minute=0, hour="8-17"),
            },
            "send-unanswered-mail": {
                "task": "matchmaking.send_unanswered_mail",
                "schedule": crontab(minute=45, hour=7),
            },
        },
        beat_schedule_filename=f"{app.config['INSTANCE_PATH']}/celerybeat-schedule",
        imports=TASK_MODULES,
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def _transport_options(broker_url: str) -> dict[str, Any]:
    if broker_url.startswith("redis"):
        # Celery's Redis guidance: the visibility timeout must be longer than the longest
        # task, or Redis hands a running task to a second worker. Our longest is a digest
        # run at 100,000 volunteers (about two minutes; a delivery batch takes seconds), so
        # an hour leaves ample room; a task stranded by a killed worker comes back after it,
        # and the outbox sweep usually gets there first. Short socket timeouts make a
        # publish from the web fail fast when Redis is down instead of hanging a request
        # (publish also passes retry=False, and max_retries=0 stops kombu from retrying the
        # connect for broker_connection_timeout); the rows wait in the outbox for the sweep.
        # The worker is unaffected: it reconnects with its own broker_connection_* settings.
        return {
            "visibility_timeout": 3600,
            "socket_timeout": 3,
            "socket_connect_timeout": 2,
            "retry_on_timeout": False,
            "max_retries": 0,
        }
    return {}


@cache
def _make_default() -> Celery:
    from marketplace import create_app

    return create_app().extensions["celery"]


def __getattr__(name: str) -> Any:
    # ``celery -A worker.celery_app`` looks up ``celery`` here: build the app only then,
    # so importing this module from create_app does not recurse.
    if name in {"celery", "app"}:
        return _make_default()
    raise AttributeError(name)
