"""The migrations build exactly the schema the models describe (`make migrations-check`).

A fresh database is upgraded by ``flask db upgrade`` and then compared with the models the
way ``flask db migrate`` would; any difference means a model changed without a migration
(or the other way round). Runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is
set (in a schema of its own, so the test database itself is untouched).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask, current_app
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from marketplace import create_app
from marketplace.extensions import db
from marketplace.search.fulltext import is_search_object
from tests.conftest import test_config as base_test_config


def as_utc(value: datetime | str | None) -> datetime | None:
    """A timestamp read with plain SQL (text on SQLite) as an aware UTC datetime."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC)


SCHEMA = "migrations_check"


@contextmanager
def app_with_database(
    tmp_path: Path, url: str, engine_options: dict[str, Any] | None = None
) -> Iterator[Flask]:
    """A second app on another database, inside its own app context.

    create_app makes its Celery app the current and default one; the test app's Celery is
    put back afterwards, so tasks called by later tests run against the test database.
    """
    test_celery = current_app.extensions["celery"]
    config = {**base_test_config(tmp_path), "SQLALCHEMY_DATABASE_URI": url}
    if engine_options:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options
    app = create_app(config)
    try:
        with app.app_context():
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()
    finally:
        test_celery.set_current()
        test_celery.set_default()


@contextmanager
def empty_database(tmp_path: Path, dialect: str) -> Iterator[Flask]:
    if dialect == "sqlite":
        with app_with_database(tmp_path, f"sqlite:///{tmp_path / 'migrated.db'}") as app:
            yield app
        return
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    try:
        options = {"connect_args": {"options": f"-csearch_path={SCHEMA}"}}
        with app_with_database(tmp_path, url, options) as app:
            yield app
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        admin.dispose()


def describe(differences: list[Any]) -> str:
    """One line per difference: what alembic would do, and to what."""
    lines = []
    for difference in differences:
        # Column changes come as a list of tuples, everything else as one tuple.
        for change in difference if isinstance(difference, list) else [difference]:
            operation, *details = change
            names = [getattr(d, "name", None) or str(d) for d in details if d is not None]
            lines.append(f"  {operation}: {', '.join(names)[:200]}")
    return "\n".join(lines)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    return not is_search_object(name)


DIALECTS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.mark.parametrize("dialect", DIALECTS)
def test_migrations_create_exactly_the_tables_of_the_models(tmp_path, dialect):
    with empty_database(tmp_path, dialect):
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            # The full-text index is kept by marketplace/search, not by the models.
            opts = {"compare_type": True, "include_name": include_name}
            context = MigrationContext.configure(connection, opts=opts)
            differences = compare_metadata(context, db.metadata)
    assert differences == [], (
        "The models and migrations/ disagree. Run `flask db migrate -m '...'`, check the "
        "new revision, and commit it. Differences:\n" + describe(differences)
    )


@pytest.mark.parametrize("dialect", DIALECTS)
def test_migrations_go_down_to_nothing_and_up_again(tmp_path, dialect):
    with empty_database(tmp_path, dialect):
        flask_migrate.upgrade()
        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        flask_migrate.upgrade()
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())


@pytest.mark.parametrize("dialect", DIALECTS)
def test_existing_postings_get_their_milestones_from_their_responses(tmp_path, dialect):
    from tests.factories import PostingFactory, ResponseFactory

    first, done, closed = (datetime(2025, 3, day, 12, tzinfo=UTC) for day in (2, 4, 9))
    with empty_database(tmp_path, dialect):
        flask_migrate.upgrade()
        answered = PostingFactory(matched=True, closed_at=closed)
        ResponseFactory(posting=answered, created_at=first, completed_at=done)
        ResponseFactory(posting=answered, created_at=closed)
        closed_after_match = PostingFactory(matched=True, closed_at=closed).id
        unanswered = PostingFactory(published=True).id
        answered_id = answered.id
        db.session.remove()
        flask_migrate.downgrade(revision="5eb4c09511b5")  # before the milestones existed
        flask_migrate.upgrade()

        rows = db.session.execute(
            text("SELECT id, first_response_at, helped_at FROM postings ORDER BY id")
        )
        milestones = {id_: (as_utc(a), as_utc(h)) for id_, a, h in rows}
    assert milestones[answered_id] == (first, done)
    assert milestones[closed_after_match] == (None, closed)
    assert milestones[unanswered] == (None, None)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_an_intake_note_in_the_description_moves_out_of_sight(tmp_path, dialect):
    from tests.factories import PostingFactory
    from tests.intake.helpers import ClientFactory

    with empty_database(tmp_path, dialect):
        flask_migrate.upgrade()
        client = ClientFactory()
        posting_id = PostingFactory(
            client_id=client.id, description="Boodschappen doen.", volunteer_note="Bel twee keer."
        ).id
        db.session.remove()
        flask_migrate.downgrade(revision="b98d739a4f1b")  # the note was part of the text then
        old = db.session.execute(text("SELECT description FROM postings")).scalar_one()
        assert old == "Boodschappen doen.\n\nNoot voor de vrijwilliger: Bel twee keer."
        db.session.remove()
        flask_migrate.upgrade()

        row = db.session.execute(
            text("SELECT description, volunteer_note FROM postings WHERE id = :id"),
            {"id": posting_id},
        ).one()
    assert tuple(row) == ("Boodschappen doen.", "Bel twee keer.")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_accepted_and_placed_are_made_to_agree(tmp_path, dialect):
    from marketplace.organisations.models import Application
    from tests.factories import PostingFactory, ResponseFactory

    decided = datetime(2025, 3, 2, 12, tzinfo=UTC)
    with empty_database(tmp_path, dialect):
        # Rows made with today's models, then taken back to before they were kept in step.
        flask_migrate.upgrade()
        vacancy = PostingFactory(published=True, kind="vacancy")
        accepted = ResponseFactory(posting=vacancy, accepted=True, decided_at=decided)
        waiting = ResponseFactory(posting=vacancy)
        db.session.add_all(
            [
                Application(response=accepted, status="contacted"),
                Application(response=waiting, status="placed", placed_at=decided),
            ]
        )
        db.session.commit()
        ids = accepted.id, waiting.id
        db.session.remove()
        flask_migrate.downgrade(revision="ea1648cd81d6")
        flask_migrate.upgrade()

        rows = db.session.execute(
            text(
                "SELECT r.id, r.status, a.status, a.placed_at FROM responses r "
                "JOIN applications a ON a.response_id = r.id ORDER BY r.id"
            )
        ).all()
    assert [(id_, r, a, as_utc(p)) for id_, r, a, p in rows] == [
        (ids[0], "accepted", "placed", decided),
        (ids[1], "accepted", "placed", decided),
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_migrations_make_the_check_constraints_of_the_models(tmp_path, dialect):
    from tests.ops.checked_columns import (
        check_constraints_in_database,
        check_constraints_of_models,
    )

    with empty_database(tmp_path, dialect):
        flask_migrate.upgrade()
        # Alembic's comparison above leaves CHECK constraints out: names and values here.
        assert check_constraints_in_database() == check_constraints_of_models()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_migrated_database_refuses_unknown_statuses_kinds_and_roles(tmp_path, dialect):
    from tests.ops.checked_columns import checked_columns, one_row_in_each_table, unknown_value

    with empty_database(tmp_path, dialect):
        flask_migrate.upgrade()
        one_row_in_each_table()
        for table, column in checked_columns():
            with pytest.raises(IntegrityError):
                db.session.execute(
                    text(f"UPDATE {table} SET {column} = :value"),
                    {"value": unknown_value(table, column)},
                )
            db.session.rollback()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_statuses_written_another_way_are_repaired_and_unknown_ones_stop_the_check(
    tmp_path, dialect
):
    from tests.ops.checked_columns import one_row_in_each_table

    with empty_database(tmp_path, dialect):
        flask_migrate.upgrade()
        moderator_id = one_row_in_each_table().id
        db.session.remove()
        flask_migrate.downgrade(revision="a10abuse")  # before the values were checked
        db.session.execute(text("UPDATE postings SET status = ' Published'"))
        db.session.execute(text("UPDATE responses SET status = 'misschien'"))
        # The same role twice, once written another way: one row stays.
        db.session.execute(
            text(
                "INSERT INTO role_grants (user_id, role, granted_at) "
                "VALUES (:id, 'Moderator', :now)"
            ),
            {"id": moderator_id, "now": datetime(2025, 3, 2, tzinfo=UTC)},
        )
        db.session.commit()
        db.session.remove()

        with pytest.raises(SystemExit):  # Flask-Migrate's way of saying the upgrade failed
            flask_migrate.upgrade()
        db.session.remove()
        statuses = db.session.execute(text("SELECT status FROM postings")).scalars().all()
        assert statuses == [" Published"]  # nothing was changed
        db.session.execute(text("UPDATE responses SET status = 'pending'"))
        db.session.commit()
        db.session.remove()

        flask_migrate.upgrade()
        posting_status = db.session.execute(text("SELECT status FROM postings")).scalar_one()
        roles = db.session.execute(text("SELECT user_id, role FROM role_grants")).all()
    assert posting_status == "published"
    assert [tuple(row) for row in roles] == [(moderator_id, "moderator")]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_old_credentials_setting_becomes_rules(tmp_path, dialect):
    """What CREDENTIALS_BY_CATEGORY held is copied into credential_rules (a24credentialrules),
    so a request in such a category still needs the credential."""
    from tests.factories import category

    with empty_database(tmp_path, dialect) as app:
        flask_migrate.upgrade()
        gezelschap = category("gezelschap").id
        db.session.remove()
        flask_migrate.downgrade(revision="a23carers")
        app.config["CREDENTIALS_BY_CATEGORY"] = {"gezelschap": ["vog", "dementia"], "x": ["vog"]}
        flask_migrate.upgrade()
        rules = db.session.execute(
            text("SELECT category_id, kind FROM credential_rules ORDER BY kind")
        ).all()
    assert [tuple(rule) for rule in rules] == [(gezelschap, "dementia"), (gezelschap, "vog")]
