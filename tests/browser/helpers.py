"""What the browser tests check on every page."""

from __future__ import annotations

import pyotp
from flask import Flask, url_for
from playwright.sync_api import Page
from sqlalchemy import select

from marketplace.extensions import db
from tests.browser.conftest import World, axe_violations, horizontal_overflow
from tests.browser.pages import PageType

# The main POST form on the page: the first form in <main> that has fields.
MAIN_FORM = """[...document.querySelectorAll('main form')].find(f =>
    f.method.toLowerCase() === 'post' &&
    f.querySelector('textarea, select, ' +
      'input:not([type=hidden]):not([type=submit]):not([type=button])'))"""

# Empties that form, past the browser's own checks, so the server's error messages show.
EMPTY_FORM = f"""() => {{
  const form = {MAIN_FORM};
  if (!form) return false;
  form.noValidate = true;
  for (const el of form.querySelectorAll('textarea, input')) {{
    if (['hidden', 'submit', 'button'].includes(el.type)) continue;
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = false; else el.value = '';
  }}
  return true;
}}"""

SEND_FORM = f"""() => {{
  const form = {MAIN_FORM};
  const submit = [...form.querySelectorAll('[type=submit]')]
    .find(b => !/back|terug|vorige/i.test((b.name || '') + (b.value || '')));
  form.requestSubmit(submit || null);
}}"""


# In one round trip: the page's language, title and h1 count, and text squeezed into a
# column a few letters wide (it reflows, but nobody can read it).
PAGE_FACTS = """() => ({
  lang: document.documentElement.lang,
  title: document.title.trim(),
  h1: document.querySelectorAll('h1').length,
  squeezed: [...document.querySelectorAll(
      'main label, main p, main a, main button, main li, main dt, main dd, main legend, main h2')]
    .filter(el => {
      const text = el.innerText.trim();
      const box = el.getBoundingClientRect();
      const em = parseFloat(getComputedStyle(el).fontSize);
      return text.length > 8 && box.height > 2 * em && box.width < 3 * em;
    })
    .map(el => `${el.tagName.toLowerCase()} "${el.innerText.trim().slice(0, 30)}"`),
})"""


def page_url(app: Flask, page_type: PageType, world: World) -> str:
    with app.test_request_context():
        return url_for(page_type.endpoint, **page_type.args(world), **page_type.query)


def page_problems(page: Page, lang: str, where: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA findings, plus language, title and heading checks."""
    problems = [f"{where}: {v}" for v in axe_violations(page)]
    facts = page.evaluate(PAGE_FACTS)
    if facts["lang"] != lang:
        problems.append(f"{where}: <html lang={facts['lang']!r}>, expected {lang!r}")
    if not facts["title"]:
        problems.append(f"{where}: the page has no title")
    for squeezed in facts["squeezed"]:
        problems.append(f"{where}: {squeezed} is squeezed into a narrow column")
    if facts["h1"] != 1:
        problems.append(f"{where}: {facts['h1']} <h1> headings, expected 1")
    return problems


def overflow_problem(page: Page, where: str) -> list[str]:
    overflow = horizontal_overflow(page)
    return [f"{where}: scrolls sideways by {overflow}px"] if overflow > 0 else []


def send_form_empty(page: Page, then: str = "") -> int:
    """Send the page's main form empty (after running the JavaScript ``then``, which can
    choose an answer that needs more); the status of the page that comes back."""
    assert page.evaluate(EMPTY_FORM), f"{page.url} has no form to send"
    if then:
        page.evaluate(then)
    with page.expect_navigation() as navigation:
        page.evaluate(SEND_FORM)
    response = navigation.value
    assert response is not None
    return response.status


def click_to(page: Page, selector: str) -> int:
    """Click a link or button and wait for the page it leads to; that page's status."""
    with page.expect_navigation() as navigation:
        page.locator(selector).first.click()
    response = navigation.value
    assert response is not None
    return response.status


def submit_main_form(page: Page) -> int:
    return click_to(page, "main form button[type=submit]")


def log_in_with_form(page: Page, email: str, password: str) -> int:
    """Log in through the form as a person would. Someone with two-factor log-in then
    types the code their app shows now (read from the database: tests only)."""
    page.goto("/inloggen")
    page.fill("[name=email]", email)
    page.fill("[name=password]", password)
    status = submit_main_form(page)
    if page.url.endswith("/inloggen/code"):
        from marketplace.accounts.models import TwoFactor, User

        db.session.expire_all()
        user = db.session.scalars(select(User).where(User.email == email)).one()
        record = db.session.get(TwoFactor, user.id)
        assert record is not None
        page.fill("[name=code]", pyotp.TOTP(record.secret).now())
        status = submit_main_form(page)
    return status
