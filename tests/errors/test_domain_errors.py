"""A domain error no view handled: the one handler in marketplace.errors answers it."""

from __future__ import annotations

from flask import get_flashed_messages

from marketplace.accounts.permissions import PermissionDenied
from marketplace.domain_errors import DomainError
from marketplace.responses.errors import PostingNotOpen


def answer(app, error, referrer=None):
    headers = {"Referer": referrer} if referrer else {}
    with app.test_request_context("/oproepen/1/reageren", method="POST", headers=headers):
        response = app.make_response(app.handle_user_exception(error))
        return response, get_flashed_messages(with_categories=True)


def test_a_refusal_shows_its_message_on_the_page_the_person_came_from(app):
    response, flashed = answer(app, PostingNotOpen(), "http://localhost/oproepen/1")
    assert response.status_code == 302
    assert response.location == "/oproepen/1"
    assert flashed == [("error", str(PostingNotOpen.message))]


def test_a_refusal_never_sends_the_person_to_another_site(app):
    response, _ = answer(app, DomainError(), "https://elders.example/")
    assert response.location == "/"


def test_a_permission_refused_is_the_403_page(app):
    response, flashed = answer(app, PermissionDenied("not staff"), "http://localhost/oproepen/1")
    assert response.status_code == 403
    assert "U mag deze pagina niet bekijken" in response.get_data(as_text=True)
    assert flashed == []
