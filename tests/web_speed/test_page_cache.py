"""The shared page cache (marketplace.page_cache): whole pages only for visitors who are not
logged in, with their own CSRF token and nonce, gone when a posting changes, and HTTP
revalidation; the list's results (not the menu around them) for logged-in people too."""

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from flask import g
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event

from marketplace.extensions import db
from marketplace.moderation.services import approve_posting
from marketplace.page_cache import Entry, LocalStore, RedisStore, cached_fragment
from marketplace.postings.models import Posting
from tests.conftest import log_in
from tests.factories import PostingFactory, UserFactory, person
from tests.web_speed.conftest import get


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    event.remove(db.engine, "before_cursor_execute", count)


def titles(response):
    return re.findall(r'class="posting-title"><a href="[^"]+">([^<]+)</a>', response.text)


def csrf_tokens(response):
    return set(re.findall(r'name="csrf_token" value="([^"]+)"', response.text))


def nonces(response):
    return set(re.findall(r'nonce="([^"]+)"', response.text))


def test_the_second_visit_is_served_from_the_cache(app, page_cache_on):
    PostingFactory(published=True, title="Boodschappen gezocht")
    db.session.commit()
    first = get(app.test_client())
    second = get(app.test_client())
    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == "hit"
    assert titles(second) == titles(first) == ["Boodschappen gezocht"]


def test_other_filters_and_languages_are_other_pages(app, page_cache_on):
    get(app.test_client())
    assert get(app.test_client(), "/oproepen/?kind=offer").headers["X-Page-Cache"] == "miss"
    english = app.test_client()
    english.set_cookie("lang", "en")
    response = get(english, "/oproepen/", **{"Accept-Language": "en"})
    assert response.headers["X-Page-Cache"] == "miss"
    assert 'lang="en"' in response.text


def test_an_approved_posting_shows_at_once(app, page_cache_on):
    moderator = UserFactory(moderator=True)
    waiting = PostingFactory(title="Net goedgekeurd")
    db.session.commit()
    assert titles(get(app.test_client())) == []
    assert get(app.test_client()).headers["X-Page-Cache"] == "hit"

    approve_posting(db.session, moderator, db.session.get(Posting, waiting.id))
    db.session.commit()

    response = get(app.test_client())
    assert response.headers["X-Page-Cache"] == "miss"
    assert titles(response) == ["Net goedgekeurd"]


def test_a_changed_title_shows_at_once(app, page_cache_on):
    posting = PostingFactory(published=True, title="Oude titel")
    db.session.commit()
    get(app.test_client())
    posting.title = "Nieuwe titel"
    db.session.commit()
    assert titles(get(app.test_client())) == ["Nieuwe titel"]


def test_a_rolled_back_change_keeps_the_cache(app, page_cache_on):
    posting = PostingFactory(published=True, title="Blijft")
    db.session.commit()
    get(app.test_client())
    posting.title = "Nooit bewaard"
    db.session.flush()
    db.session.rollback()
    assert get(app.test_client()).headers["X-Page-Cache"] == "hit"


def test_a_logged_in_person_never_gets_or_makes_a_cached_page(app, page_cache_on):
    PostingFactory(published=True, title="Boodschappen gezocht")
    db.session.commit()
    get(app.test_client())  # cached for visitors
    volunteer = log_in(app.test_client(), person(postcode="3011", volunteer=True))
    response = get(volunteer)
    assert "X-Page-Cache" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_a_page_rendered_for_a_logged_in_person_is_not_stored(app, page_cache_on):
    volunteer = log_in(app.test_client(), person(postcode="3011", volunteer=True))
    get(volunteer)
    assert get(app.test_client()).headers["X-Page-Cache"] == "miss"


def test_a_logged_in_persons_results_are_kept_but_her_menu_is_hers(app, page_cache_on):
    PostingFactory(published=True, title="Boodschappen gezocht")
    db.session.commit()
    anna = log_in(app.test_client(), person(postcode="3011", volunteer=True))
    bert = log_in(app.test_client(), person(postcode="3011", volunteer=True))
    get(anna)
    with counted_queries() as queries:
        response = get(bert)
    assert titles(response) == ["Boodschappen gezocht"]
    assert not [query for query in queries if "FROM postings" in query]  # the kept results
    assert csrf_tokens(response) and csrf_tokens(response).isdisjoint(csrf_tokens(get(anna)))


def test_a_logged_in_person_sees_an_approved_posting_at_once(app, page_cache_on):
    moderator = UserFactory(moderator=True)
    waiting = PostingFactory(title="Net goedgekeurd")
    db.session.commit()
    volunteer = log_in(app.test_client(), person(postcode="3011", volunteer=True))
    assert titles(get(volunteer)) == []
    approve_posting(db.session, moderator, db.session.get(Posting, waiting.id))
    db.session.commit()
    assert titles(get(volunteer)) == ["Net goedgekeurd"]


def test_a_part_that_holds_the_csrf_token_is_not_kept(app, page_cache_on):
    rendered = []

    def render():
        rendered.append(1)
        return f'<input name="csrf_token" value="{generate_csrf()}">'

    with app.test_request_context():
        cached_fragment("form", "same", render)
        cached_fragment("form", "same", render)
        cached_fragment("plain", "same", lambda: "<p>public</p>")
        assert cached_fragment("plain", "same", lambda: "<p>changed</p>") == "<p>public</p>"
    assert len(rendered) == 2


def test_a_page_with_a_flashed_message_is_not_cached(app, page_cache_on):
    visitor = app.test_client()
    with visitor.session_transaction() as flask_session:
        flask_session["_flashes"] = [("success", "Uw oproep is verstuurd.")]
    response = get(visitor)
    assert "Uw oproep is verstuurd." in response.text
    assert "X-Page-Cache" not in response.headers
    assert "Uw oproep is verstuurd." not in get(app.test_client()).text


def test_each_visitor_gets_their_own_csrf_token_and_nonce(app, page_cache_on):
    first = get(app.test_client())
    second = get(app.test_client())
    assert second.headers["X-Page-Cache"] == "hit"
    assert csrf_tokens(first) and csrf_tokens(second)
    assert csrf_tokens(first).isdisjoint(csrf_tokens(second))
    assert nonces(second) and nonces(first).isdisjoint(nonces(second))
    (nonce,) = nonces(second)
    assert f"'nonce-{nonce}'" in second.headers["Content-Security-Policy"]
    assert "\u2063" not in second.text


def test_the_token_on_a_cached_page_is_accepted(app, page_cache_on, csrf_enabled):
    get(app.test_client())  # the page is cached by someone else
    visitor = app.test_client()
    page = get(visitor)
    assert page.headers["X-Page-Cache"] == "hit"
    (token,) = csrf_tokens(page)
    g.pop("csrf_token", None)
    response = visitor.post("/taal", data={"lang": "en", "next": "/", "csrf_token": token})
    assert response.status_code == 302


def test_an_unchanged_page_is_answered_304(app, page_cache_on):
    visitor = app.test_client()
    page = get(visitor)
    assert page.headers["Cache-Control"] == "no-cache"
    assert page.last_modified is not None
    again = get(visitor, **{"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_a_changed_page_is_sent_again_whole(app, page_cache_on):
    visitor = app.test_client()
    page = get(visitor)
    PostingFactory(published=True, title="Nieuw")
    db.session.commit()
    again = get(visitor, **{"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 200
    assert titles(again) == ["Nieuw"]


def test_another_session_does_not_reuse_a_copy_with_someone_elses_token(app, page_cache_on):
    page = get(app.test_client())
    stranger = get(app.test_client(), **{"If-None-Match": page.headers["ETag"]})
    assert stranger.status_code == 200


def test_the_map_points_are_cached_too(app, page_cache_on):
    PostingFactory(published=True)
    db.session.commit()
    assert get(app.test_client(), "/kaart/punten.json").headers["X-Page-Cache"] == "miss"
    response = get(app.test_client(), "/kaart/punten.json")
    assert response.headers["X-Page-Cache"] == "hit"
    assert response.mimetype == "application/json"
    assert response.json["points"]


def test_the_cache_is_off_unless_switched_on(app):
    get(app.test_client())
    assert "X-Page-Cache" not in get(app.test_client()).headers


def test_a_local_entry_expires(monkeypatch):
    store = LocalStore()
    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    store.put("page", Entry(body="x", mimetype="text/html", stored_at=0.0), seconds=30)
    now[0] += 29
    assert store.get("page") is not None
    now[0] += 2
    assert store.get("page") is None


@pytest.fixture
def redis_url() -> Iterator[str]:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("needs TEST_REDIS_URL")
    redis.Redis.from_url(url).flushdb()
    yield url
    redis.Redis.from_url(url).flushdb()


def test_another_process_reads_the_page_from_redis_and_then_keeps_its_body(redis_url):
    month = "<p>De maand \u2063page-cache-nonce\u2063 ü</p>" * 1000
    RedisStore(redis_url).put("page", Entry(month, "text/html", 1.0), seconds=30)
    other_process = RedisStore(redis_url)
    found = other_process.get("page")
    assert found is not None and (found.body, found.stored_at) == (month, 1.0)
    # From now on a hit reads only the small key: the body is this process's own copy.
    redis.Redis.from_url(redis_url).delete(f"page:{found.digest}")
    assert other_process.get("page") == found


def test_a_page_another_process_changed_is_fetched_again(redis_url):
    reader, writer = RedisStore(redis_url), RedisStore(redis_url)
    writer.put("page", Entry("<p>oud</p>", "text/html", 1.0), seconds=30)
    assert reader.get("page").body == "<p>oud</p>"
    writer.put("page", Entry("<p>nieuw</p>", "text/html", 2.0), seconds=30)
    assert reader.get("page").body == "<p>nieuw</p>"


def test_a_page_whose_body_expired_first_is_not_served(redis_url):
    RedisStore(redis_url).put("page", Entry("<p>x</p>", "text/html", 1.0), seconds=30)
    redis.Redis.from_url(redis_url).delete(f"page:{Entry('<p>x</p>', 'text/html', 1.0).digest}")
    assert RedisStore(redis_url).get("page") is None


def test_a_change_another_process_made_shows_within_a_second(redis_url, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    this_process, other_process = RedisStore(redis_url), RedisStore(redis_url)
    before = this_process.generation()
    other_process.next_generation()
    assert this_process.generation() == before  # read less than a second ago
    now[0] += 1.0
    assert this_process.generation() == before + 1
    this_process.next_generation()
    assert this_process.generation() == before + 2  # its own change: at once


def test_pages_are_served_when_the_cache_cannot_be_reached(app, page_cache_on):
    app.config["PAGE_CACHE_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    PostingFactory(published=True, title="Toch zichtbaar")
    db.session.commit()
    for _ in range(2):
        response = get(app.test_client())
        assert response.status_code == 200
        assert titles(response) == ["Toch zichtbaar"]


def test_a_posting_page_is_cached_for_visitors_and_a_hidden_one_goes_at_once(app, page_cache_on):
    posting = PostingFactory(published=True, title="Hulp bij de tuin")
    db.session.commit()
    path = f"/oproepen/{posting.id}"
    assert get(app.test_client(), path).headers["X-Page-Cache"] == "miss"
    assert "Hulp bij de tuin" in get(app.test_client(), path).text
    posting.is_hidden = True  # a moderator hides it
    db.session.commit()
    assert get(app.test_client(), path).status_code == 404


def test_the_author_sees_her_own_posting_page_not_the_cached_one(app, page_cache_on):
    author = person(postcode="3011")
    posting = PostingFactory(published=True, author=author)
    db.session.commit()
    path = f"/oproepen/{posting.id}"
    get(app.test_client(), path)
    response = get(log_in(app.test_client(), author), path)
    assert "X-Page-Cache" not in response.headers
    assert f"/oproepen/{posting.id}/wijzigen" in response.text
