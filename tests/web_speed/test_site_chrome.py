"""The header and footer are kept per state in the process (marketplace.site_chrome): every
page still carries its own person's menu, unread count, CSRF token and way back."""

import re

from marketplace.extensions import db
from tests.conftest import log_in
from tests.factories import NotificationFactory, UserFactory
from tests.web_speed.conftest import get

LOGOUT = re.compile(
    r'<form method="post" action="/uitloggen"[^>]*>\s*'
    r'<input type="hidden" name="csrf_token" value="([^"]+)">'
)


def header(response) -> str:
    return response.text.split("</header>")[0]


def test_each_person_gets_their_own_token_in_the_kept_header(app, csrf_enabled):
    anna, bert = log_in(app.test_client(), UserFactory()), log_in(app.test_client(), UserFactory())
    annas_token = LOGOUT.search(get(anna).text).group(1)
    bert_page = get(bert)
    berts_token = LOGOUT.search(bert_page.text).group(1)
    assert annas_token != berts_token
    # The header's forms carry this request's token: Bert logs out with his, Anna's fails.
    refused = bert.post("/uitloggen", data={"csrf_token": annas_token})
    assert refused.status_code == 400
    assert "Uitloggen" in header(get(bert, "/voor-u/"))
    bert.post("/uitloggen", data={"csrf_token": berts_token})
    assert "Inloggen" in header(get(bert))


def test_the_menu_follows_the_persons_roles_and_unread_count(app, session):
    volunteer = UserFactory()
    moderator = UserFactory(moderator=True)
    as_volunteer = log_in(app.test_client(), volunteer)
    as_moderator = log_in(app.test_client(), moderator)
    assert "Moderatie" in header(get(as_moderator))
    assert "Moderatie" not in header(get(as_volunteer))
    assert 'class="badge"' not in header(get(as_volunteer))
    NotificationFactory(recipient=volunteer)
    db.session.commit()
    assert re.search(r'class="badge">1<', header(get(as_volunteer)))
    assert 'class="badge"' not in header(get(as_moderator))


def test_the_way_back_after_a_switch_is_this_pages_own_and_escaped(app):
    client = app.test_client()
    first = header(get(client, '/oproepen/?q="><b>x'))
    assert 'name="next" value="/oproepen/?q=&#34;&gt;&lt;b&gt;x"' in first
    assert "<b>" not in first
    second = header(get(client, "/oproepen/?q=tuin"))
    assert 'name="next" value="/oproepen/?q=tuin"' in second
    assert "&lt;b&gt;" not in second
