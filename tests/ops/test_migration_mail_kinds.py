"""a12notifykinds on existing data: people keep what they chose."""

from __future__ import annotations

import flask_migrate
import pytest
from sqlalchemy import text

from marketplace.extensions import db
from tests.ops.test_migrations import DIALECTS, empty_database


@pytest.mark.parametrize("dialect", DIALECTS)
def test_existing_people_keep_their_choice_and_get_every_kind_on(tmp_path, dialect):
    from tests.factories import person

    with empty_database(tmp_path, dialect):
        flask_migrate.upgrade()
        on_digest = person(notification_preference="daily").id
        instant = person(notification_preference="instant").id
        db.session.commit()
        db.session.remove()
        flask_migrate.downgrade(revision="a11enums")  # before the switches existed
        flask_migrate.upgrade()

        rows = db.session.execute(
            text(
                "SELECT user_id, notification_preference, urgent_alerts, mail_matches,"
                " mail_messages, mail_reminders, mail_organisations FROM profiles"
            )
        )
        found = {row[0]: (row[1], *(bool(value) for value in row[2:])) for row in rows}
    assert found[on_digest] == ("daily", False, True, True, True, True)
    assert found[instant] == ("instant", False, True, True, True, True)
