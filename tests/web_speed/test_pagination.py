"""A page of a list counts the whole list only when the page itself cannot tell."""

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.pagination import paginate
from tests.factories import UserFactory
from tests.web_speed.test_page_cache import counted_queries


@pytest.fixture
def five_people(app, session):
    app.config["PAGE_SIZE"] = 2
    UserFactory.create_batch(5)
    db.session.commit()
    yield select(User).order_by(User.id)
    app.config["PAGE_SIZE"] = 20


def page_of(app, query, number):
    with app.test_request_context(f"/?page={number}"), counted_queries() as queries:
        page = paginate(query)
        return page.total, len(page.items), page.pages, len(queries)


@pytest.mark.parametrize(
    ("number", "total", "rows", "pages", "queries"),
    [
        (1, 5, 2, 3, 2),  # a full page: the list may go on, so it is counted
        (2, 5, 2, 3, 2),
        (3, 5, 1, 3, 1),  # a short page with rows is the end: no count
        (4, 5, 0, 3, 2),  # past the end: counted, so the pager still shows the real pages
    ],
)
def test_a_page_is_counted_only_when_it_cannot_tell(
    app, five_people, number, total, rows, pages, queries
):
    assert page_of(app, five_people, number) == (total, rows, pages, queries)


def test_a_short_first_page_is_the_whole_list(app, five_people):
    app.config["PAGE_SIZE"] = 20
    assert page_of(app, five_people, 1) == (5, 5, 1, 1)


def test_an_empty_list_is_one_query(app, session):
    assert page_of(app, select(User).where(User.id < 0), 1) == (0, 0, 0, 1)


def test_a_total_given_is_used(app, five_people):
    with app.test_request_context("/?page=1"), counted_queries() as queries:
        assert paginate(five_people, total=41).total == 41
    assert len(queries) == 1
