"""Every page type under axe-core (WCAG 2.1 A and AA), in Dutch and English, on a desktop
(1280 px) and a phone (360 px), as every person who sees it; forms with their errors too.
On the phone no page may scroll sideways (scrollWidth <= innerWidth) or squeeze its text."""

from __future__ import annotations

import pytest
from flask import url_for
from playwright.sync_api import Page

from tests.browser.conftest import LANGUAGES, ROLES, WIDTHS
from tests.browser.helpers import (
    overflow_problem,
    page_problems,
    page_url,
    send_form_empty,
)
from tests.browser.pages import GUESSED_ARGS, NOT_PAGES, PAGES, case_id, cases

DESKTOP, PHONE = WIDTHS["desktop"], WIDTHS["mobile"]


def _resize(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})


@pytest.mark.parametrize("case", cases(), ids=map(case_id, cases()))
def test_page_has_no_accessibility_problems(case, quick_visit, world, live_app):
    page_type, role = case
    url = page_url(live_app, page_type, world)
    problems: list[str] = []
    for lang in LANGUAGES:
        page = quick_visit(role, lang, DESKTOP)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response.status}"
        problems += page_problems(page, lang, f"{lang} {DESKTOP}px")
        _resize(page, PHONE)
        problems += page_problems(page, lang, f"{lang} {PHONE}px")
        problems += overflow_problem(page, f"{lang} {PHONE}px")
        if page_type.form:
            status = send_form_empty(page, page_type.invalid_input)
            assert status == 422, f"{url} sent empty gave {status}, expected 422 with errors"
            problems += page_problems(page, lang, f"{lang} {PHONE}px, form errors")
            problems += overflow_problem(page, f"{lang} {PHONE}px, form errors")
            _resize(page, DESKTOP)
            problems += page_problems(page, lang, f"{lang} {DESKTOP}px, form errors")
    assert not problems, f"{url} as {role}:\n" + "\n".join(problems)


def test_error_page_has_no_accessibility_problems(quick_visit):
    problems: list[str] = []
    for lang in LANGUAGES:
        page = quick_visit("anonymous", lang, PHONE)
        response = page.goto("/bestaat-niet")
        assert response is not None and response.status == 404
        problems += page_problems(page, lang, f"{lang} 404")
        problems += overflow_problem(page, f"{lang} 404")
    assert not problems, "\n".join(problems)


# The unlisted pages are many; in parts, test workers can share them out.
UNLISTED_PARTS = 4


@pytest.mark.parametrize("part", range(UNLISTED_PARTS))
def test_pages_not_listed_here_are_checked_too(part, quick_visit, world, live_app):
    """A page another feature added is checked as the first person who may open it (with
    guessed URL arguments; a page nobody can open is checked as the error page it shows)."""
    listed = {p.endpoint for p in PAGES} | NOT_PAGES
    unlisted = sorted(
        (
            rule
            for rule in live_app.url_map.iter_rules()
            if "GET" in (rule.methods or ()) and rule.endpoint not in listed
        ),
        key=lambda rule: rule.rule,
    )[part::UNLISTED_PARTS]
    problems: list[str] = []
    pages: dict[str, Page] = {}  # one a person, for all the pages she tries
    for rule in unlisted:
        if any(arg not in GUESSED_ARGS for arg in rule.arguments):
            problems.append(f"{rule.endpoint} ({rule.rule}): list it in tests/browser/pages.py")
            continue
        with live_app.test_request_context():
            url = url_for(rule.endpoint, **{a: GUESSED_ARGS[a](world) for a in rule.arguments})
        for role in dict.fromkeys(("anonymous", "admin", "staff", "resident", *ROLES)):
            if role not in pages:
                pages[role] = quick_visit(role, "nl", DESKTOP)
            page = pages[role]
            _resize(page, DESKTOP)
            response = page.goto(url)
            assert response is not None
            if response.status >= 500:
                problems.append(f"{url} as {role}: {response.status}")
            if response.status == 200 and page.url.endswith(url):
                break
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        where = f"{rule.endpoint} {page.url} ({response.status}) as {role}"
        problems += page_problems(page, "nl", f"{where}, {DESKTOP}px")
        _resize(page, PHONE)
        problems += page_problems(page, "nl", f"{where}, {PHONE}px")
        problems += overflow_problem(page, f"{where}, {PHONE}px")
    assert not problems, "\n".join(problems)
