"""The menu's figures (unread notifications, open home visits) come from the features that
own them, all in one query, and a failing query does not take the page down."""

import logging

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from marketplace.extensions import db
from marketplace.home_visits.models import VisitStatus
from tests.conftest import log_in
from tests.factories import NotificationFactory, UserFactory
from tests.home_visits.factories import (
    coordinator,
    organisation_of,
    planned_visit,
    trained_volunteer,
    visit_round,
)
from tests.web_speed.conftest import get
from tests.web_speed.test_page_cache import counted_queries

ROUND_LINK = 'href="/huisbezoeken/mijn-bezoeken"'


def test_a_visitor_has_her_round_in_the_menu_while_a_visit_is_open(app, session):
    organisation = organisation_of(coordinator())
    visitor = trained_volunteer(organisation)
    client = log_in(app.test_client(), visitor)
    assert ROUND_LINK not in get(client, "/menu").text
    visit = planned_visit(visit_round(organisation), visitor)
    assert ROUND_LINK in get(client, "/menu").text
    visit.status = VisitStatus.VISITED
    db.session.commit()
    assert ROUND_LINK not in get(client, "/menu").text


def test_every_figure_is_read_in_one_query(app, session):
    person = UserFactory()
    NotificationFactory(recipient=person)
    db.session.commit()
    client = log_in(app.test_client(), person)
    with counted_queries() as queries:
        page = get(client, "/menu")
    assert 'class="badge">1<' in page.text
    figures = [q for q in queries if "notifications" in q or "home_visits" in q]
    assert len(figures) == 1
    assert "notifications" in figures[0] and "home_visits" in figures[0]


def test_a_visitor_is_asked_no_figures(app, session):
    with counted_queries() as queries:
        assert get(app.test_client(), "/menu").status_code == 200
    assert not [q for q in queries if "notifications" in q]


@pytest.fixture
def figures_fail():
    def fail(_conn, _cursor, statement, *_):
        if "home_visits" in statement:
            raise OperationalError(statement, {}, Exception("the database went away"))

    event.listen(db.engine, "before_cursor_execute", fail)
    yield
    event.remove(db.engine, "before_cursor_execute", fail)


def test_the_page_is_shown_without_figures_when_their_query_fails(
    app, session, figures_fail, caplog
):
    person = UserFactory()
    NotificationFactory(recipient=person)
    db.session.commit()
    client = log_in(app.test_client(), person)
    with caplog.at_level(logging.ERROR, logger="marketplace.menu_figures"):
        page = get(client, "/menu")
    assert page.status_code == 200
    assert "Uitloggen" in page.text
    assert 'class="badge"' not in page.text
    assert "could not read the menu's figures" in caplog.text
