"""Looking right (issue 12): big targets, buttons that say what they are, no red before
anyone typed, results in the first screen, "grotere letters" and "voorlezen"."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.helpers import send_form_empty

ERROR_RED = "rgb(176, 0, 32)"

# Every visible button and choice in <main> (and the header's buttons) with its size.
TARGETS = """() => [...document.querySelectorAll(
    'main button, main .button, main input[type=radio], main input[type=checkbox], header button')]
  .filter(el => el.offsetParent !== null && !el.closest('.table-scroll'))
  .map(el => { const r = el.getBoundingClientRect();
    return {what: el.tagName + ' ' + (el.innerText || el.name || '').trim().slice(0, 30),
            width: r.width, height: r.height}; })"""

# The elements that stick out on the right, to say what makes a page too wide.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(el => !el.closest('.table-scroll') || el.classList.contains('table-scroll'))
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' '
    + Math.round(el.getBoundingClientRect().right))"""

KEY_PAGES = {
    "resident": ["/oproepen/vragen/", "/profiel/meldingen"],
    "volunteer": ["/oproepen/{request}"],
    "moderator": ["/moderatie/oproepen/{pending}"],
}

MAIN_PAGES = {
    "anonymous": ["/", "/oproepen/", "/oproepen/{request}", "/registreren", "/inloggen"],
    "resident": ["/oproepen/vragen/", "/profiel/meldingen", "/berichten/{conversation}"],
    "volunteer": ["/voor-u/", "/meldingen/"],
    "moderator": ["/moderatie/"],
}


def paths(world, template: str) -> str:
    return template.format(
        request=world.request.id, pending=world.pending.id, conversation=world.conversation.id
    )


def background(page: Page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor")


def test_buttons_and_choices_are_at_least_44_pixels_on_key_pages(visit, world):
    problems = []
    for role, templates in KEY_PAGES.items():
        for template in templates:
            page = visit(role, width=360)
            assert page.goto(paths(world, template)).status == 200, template
            for target in page.evaluate(TARGETS):
                if target["width"] < 44 or target["height"] < 44:
                    problems.append(f"{template} as {role}: {target}")
    assert not problems, "\n".join(problems)


def test_button_text_is_as_large_as_body_text(visit, world):
    page = visit("volunteer")
    page.goto(paths(world, "/oproepen/{request}"))
    body = page.eval_on_selector("main p", "el => getComputedStyle(el).fontSize")
    sizes = page.eval_on_selector_all(
        "main .button, main button", "els => els.map(el => getComputedStyle(el).fontSize)"
    )
    assert sizes and set(sizes) == {body}


def test_secondary_and_danger_buttons_look_different_from_the_main_one(visit, world):
    page = visit("moderator")
    page.goto(paths(world, "/moderatie/oproepen/{pending}"))
    main = background(page, "form[action$='/goedkeuren'] button")
    secondary = background(page, "button.secondary")
    danger = background(page, "button.danger")
    assert len({main, secondary, danger}) == 3
    assert danger == ERROR_RED

    page = visit("resident")
    page.goto(paths(world, "/berichten/{conversation}"))
    assert background(page, "main button.secondary") != background(
        page, "main button:not(.secondary):not(.danger):not(.read-aloud)"
    )


def test_empty_required_fields_are_red_only_after_sending(visit, world):
    page = visit("resident")
    page.goto("/oproepen/vragen/")
    borders = page.eval_on_selector_all(
        "main [required]", "els => els.map(el => getComputedStyle(el).borderColor)"
    )
    assert borders and ERROR_RED not in borders
    assert send_form_empty(page) == 422
    assert (
        page.eval_on_selector("main [aria-invalid=true]", "el => getComputedStyle(el).borderColor")
        == ERROR_RED
    )


def test_the_list_shows_results_in_the_first_screen_of_a_laptop(visit, world):
    page = visit("anonymous", width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/oproepen/?q=boodschappen&kind=request")
    top = page.eval_on_selector(".posting-card", "el => el.getBoundingClientRect().top")
    assert top < 768 - 100  # the title of the first card is readable, not just its edge
    assert "oproep" in page.inner_text(".result-count")
    assert "Hulpvragen" in page.inner_text(".active-filters")


def test_larger_text_is_remembered_and_no_main_page_scrolls_sideways_at_360_px(visit, world):
    problems = []
    for role, templates in MAIN_PAGES.items():
        page = visit(role, width=360)
        page.goto("/")
        with page.expect_navigation():
            page.click("header .text-size-switch button")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.classList.contains('large-text')")
        assert (
            page.evaluate("getComputedStyle(document.documentElement).fontSize") == "27px"
        )  # 150% of 18 px
        for template in templates:
            url = paths(world, template)
            assert page.goto(url).status == 200, url
            wide = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if wide > 0:
                problems.append(f"{url} as {role}: {wide}px too wide: {page.evaluate(WIDEST)}")
    assert not problems, "\n".join(problems)


def test_larger_text_switches_off_again(visit, world):
    page = visit("anonymous")
    page.goto("/over")
    with page.expect_navigation():
        page.click("header .text-size-switch button")
    with page.expect_navigation():
        page.click("header .text-size-switch button[aria-pressed=true]")
    assert not page.evaluate("document.documentElement.classList.contains('large-text')")
    assert page.url.endswith("/over")


def test_read_aloud_shows_where_the_browser_can_speak_and_hides_where_not(visit, world):
    page = visit("volunteer")
    page.goto(paths(world, "/oproepen/{request}"))
    if page.evaluate("'speechSynthesis' in window"):
        assert page.is_visible("button.read-aloud")
    mute = visit("volunteer")
    mute.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    mute.goto(paths(world, "/oproepen/{request}"))
    assert not mute.is_visible("button.read-aloud")
