"""A resident registers, asks for help through every step and sends a message, using only
the keyboard; focus is visible at every stop and moves forwards through each page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from marketplace.accounts.mail_links import fill_secret_link
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.postings.models import Posting, PostingStatus
from tests.browser.keyboard import Keyboard
from tests.factories import PASSWORD, ResponseFactory, person


def _confirmation_path(user: User) -> str:
    mail = db.session.scalars(
        select(Notification).where(Notification.recipient_id == user.id)
    ).first()
    assert mail, "no confirmation e-mail was written"
    # The stored mail has a placeholder; the worker puts in the token as it sends it.
    body = fill_secret_link(db.session, mail.kind, mail.recipient_id, mail.to_email, mail.body)
    link = re.search(r"https?://\S+/bevestigen/\S+", body)
    assert link, body
    return urlsplit(link.group(0)).path


def test_a_resident_registers_asks_for_help_and_sends_a_message_by_keyboard(visit, world):
    page = visit("anonymous", "nl", 1280)
    keys = Keyboard(page)
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main", (
        "the first Tab should reach the skip link"
    )
    page.evaluate("() => { window.__previousFocus = document.activeElement; }")

    # Register
    assert keys.press_and_wait("a[href='/registreren']") == 200
    keys.type_into("[name=display_name]", "Truus Bakker")
    keys.type_into("[name=email]", "truus@example.org")
    keys.type_into("[name=password]", PASSWORD)
    keys.type_into("[name=password_again]", PASSWORD)
    assert keys.submit() == 200
    db.session.expire_all()
    truus = db.session.scalars(select(User).where(User.email == "truus@example.org")).one()
    page.goto(_confirmation_path(truus))  # the link in the e-mail
    page.evaluate("() => { window.__previousFocus = null; }")

    # Ask for help: what, where, when, check
    assert keys.press_and_wait("nav a[href^='/oproepen/vragen']") == 200
    keys.choose("category_id", str(world.request.category_id))
    keys.type_into("[name=title]", "Wie haalt mijn boodschappen?")
    keys.type_into("[name=description]", "Ik loop slecht. Wie gaat dinsdag met mij naar de winkel?")
    assert keys.submit() == 200
    keys.type_into("[name=postcode]", "3011 AB")
    assert keys.submit() == 200
    keys.choose("timing", "flexible")
    assert keys.submit() == 200
    assert "/controleren" in page.url
    assert keys.submit() == 200
    db.session.expire_all()
    posting = db.session.scalars(select(Posting).where(Posting.author_id == truus.id)).one()
    assert posting.status == PostingStatus.PENDING
    assert posting.title == "Wie haalt mijn boodschappen?"

    # A neighbour answers (after a moderator approved); Truus replies from her messages.
    posting.status = PostingStatus.PUBLISHED
    helper = person(display_name="Henk")
    response = ResponseFactory(posting=posting, responder=helper)
    assert keys.press_and_wait("nav a[href='/berichten/']") == 200
    assert keys.press_and_wait(f"main a[href='/berichten/{response.id}']") == 200
    keys.type_into("main textarea", "Dank u wel! Dinsdag om tien uur past mij goed.")
    assert keys.submit() == 200
    db.session.expire_all()
    assert any(m.body.startswith("Dank u wel!") for m in response.messages)

    assert not keys.problems, "\n".join(dict.fromkeys(keys.problems))
