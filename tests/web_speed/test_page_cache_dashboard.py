"""The dashboard's figures and form are kept like the list's results: the same for every
official who asks for the same wijk and period; a form with mistakes is never kept."""

import re

from marketplace.extensions import db
from tests.conftest import log_in
from tests.dashboard.helpers import at, posting
from tests.factories import UserFactory
from tests.web_speed.conftest import get
from tests.web_speed.test_page_cache import counted_queries

Q1 = "/dashboard/?period=custom&date_from=1-1-2025&date_to=31-3-2025"
Q2 = "/dashboard/?period=custom&date_from=1-4-2025&date_to=30-6-2025"
SIGNALS = "Zorgmeldingen per wijk"


def official(app):
    return log_in(app.test_client(), UserFactory(municipality=True))


def requests_posted(response) -> str:
    """The first figure of the summary table: requests posted in the period."""
    row = re.search(
        r'<th scope="row">[^<]+</th>\s*<td class="number[^"]*">([^<]+)</td>', response.text
    )
    assert row, "no summary row"
    return row.group(1)


def test_a_second_official_gets_the_kept_figures_without_their_queries(app, page_cache_on):
    for day in ("2025-01-10", "2025-02-10", "2025-03-10", "2025-03-11", "2025-03-12"):
        posting(at(day), published=at(day))
    db.session.commit()
    anna, bert = official(app), official(app)
    first = get(anna, Q1)
    with counted_queries() as queries:
        second = get(bert, Q1)
    assert second.status_code == 200
    assert SIGNALS in second.text
    assert requests_posted(second) == requests_posted(first) == "5"
    # Not the report's, nor the signals' figures, nor the wijk list for the form.
    assert not [q for q in queries if "FROM postings" in q or "FROM signals" in q]


def test_another_period_gets_its_own_figures_and_form(app, page_cache_on):
    for day in ("2025-01-10", "2025-02-10", "2025-03-10", "2025-03-11", "2025-03-12"):
        posting(at(day), published=at(day))
    db.session.commit()
    client = official(app)
    assert requests_posted(get(client, Q1)) == "5"
    other = get(client, Q2)
    assert requests_posted(other) == "0"
    assert 'value="1-4-2025"' in other.text


def test_a_form_with_a_mistake_keeps_what_was_typed_and_is_not_kept(app, page_cache_on):
    client = official(app)
    wrong = get(client, "/dashboard/?period=custom&date_from=31-2-2025&date_to=31-3-2025")
    assert wrong.status_code == 422
    assert 'value="31-2-2025"' in wrong.text
    right = get(client, Q1)
    assert right.status_code == 200
    assert "31-2-2025" not in right.text
    assert 'value="1-1-2025"' in right.text
