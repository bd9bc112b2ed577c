"""The list's filter form without per-request work: the category and wijk lists made once per
process (marketplace.choice_memo) and forgotten when they change, and their options rendered
by ``ChoiceListSelect`` exactly as WTForms renders them."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask, g, request
from flask_babel import refresh
from sqlalchemy import event, update
from wtforms import Form, SelectChoice, SelectField
from wtforms.widgets import Select

from marketplace import choice_memo
from marketplace.categories import Category
from marketplace.extensions import db
from marketplace.form_fields import ChoiceListSelect
from marketplace.postings.forms import SearchForm
from marketplace.postings.models import Posting, PostingStatus
from tests.conftest import log_in
from tests.factories import PostingFactory, category, person


@pytest.fixture
def queries() -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    event.remove(db.engine, "before_cursor_execute", count)


def get(client, path="/oproepen/"):
    g.pop("csrf_token", None)
    refresh()
    return client.get(path)


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def in_wijk(wijk: str) -> Posting:
    return PostingFactory(published=True, neighbourhood=wijk)


# --- the same markup as WTForms ----------------------------------------------------------


class _Both(Form):
    plain = SelectField(validate_choice=False, widget=Select())
    memo = SelectField(validate_choice=False, widget=ChoiceListSelect())


@pytest.mark.parametrize("chosen", [None, "", "b", "<x>", "onbekend"])
def test_the_options_are_rendered_as_wtforms_renders_them(chosen):
    choices = [
        SelectChoice("", "Alle wijken"),
        SelectChoice("b", "Bloemhof & Hillesluis"),
        SelectChoice("<x>", '"Oud" <Noord>'),
        SelectChoice("c", None),
    ]
    for _ in range(2):  # the second time from what the first made
        form = _Both(data={"plain": chosen, "memo": chosen})
        form.plain.choices = list(choices)
        form.memo.choices = list(choices)
        plain = form.plain(**{"class": "utrecht-select", "aria-invalid": "true"})
        memo = form.memo(**{"class": "utrecht-select", "aria-invalid": "true"})
        assert str(memo) == str(plain).replace('name="plain"', 'name="memo"').replace(
            'id="plain"', 'id="memo"'
        )


def test_options_with_their_own_attributes_are_left_to_wtforms():
    form = _Both()
    form.memo.choices = [SelectChoice("a", "A", render_kw={"disabled": True})]
    assert str(form.memo()) == str(Select()(form.memo))
    assert "disabled" in str(form.memo())


def test_the_search_form_marks_the_chosen_wijk_and_category(app: Flask):
    with app.test_request_context("/oproepen/?wijk=Cool&category=tuin"):
        form = SearchForm(formdata=request.args)
        form.set_categories([("boodschappen", "Boodschappen"), ("tuin", "Tuin")])
        form.set_neighbourhoods(["Cool", "Delfshaven"])
        form.validate()
        assert '<option selected value="Cool">Cool</option>' in str(form.wijk())
        assert '<option value="Delfshaven">Delfshaven</option>' in str(form.wijk())
        assert '<option selected value="tuin">Tuin</option>' in str(form.category())


# --- made once, forgotten when they change ------------------------------------------------


def test_the_lists_are_not_queried_again_for_each_request(client, queries):
    category("boodschappen")
    in_wijk("Cool")
    db.session.commit()
    get(client)
    queries.clear()
    get(client)
    assert not [q for q in queries if "FROM categories" in q]
    assert not [q for q in queries if "DISTINCT" in q]


def test_the_list_page_for_a_logged_in_person_needs_few_queries(client, queries):
    volunteer = person("3011")
    in_wijk("Cool")
    db.session.commit()
    log_in(client, volunteer)
    get(client)
    queries.clear()
    response = get(client)
    assert response.status_code == 200
    # the session, the page of postings, their number, the unread notifications, the menu's
    # home visits: nothing for the filter form's lists
    assert len(queries) <= 5, "\n".join(q[:70].replace("\n", " ") for q in queries)


def test_a_renamed_or_hidden_category_shows_at_once(client):
    tuin = category("tuin")
    get(client)
    tuin.name_nl = "Tuin en balkon"
    db.session.commit()
    assert "Tuin en balkon" in options(get(client).text, "category")
    tuin.is_active = False
    db.session.commit()
    assert "Tuin en balkon" not in options(get(client).text, "category")


def test_a_category_changed_in_bulk_shows_at_once(client):
    category("tuin")
    get(client)
    db.session.execute(update(Category).where(Category.slug == "tuin").values(name_nl="Groen"))
    db.session.commit()
    assert "Groen" in options(get(client).text, "category")


def test_a_wijk_comes_and_goes_with_its_postings(client):
    in_wijk("Cool")
    db.session.commit()
    assert options(get(client).text, "wijk")[1:] == ["Cool"]
    delfshaven = in_wijk("Delfshaven")
    db.session.commit()
    assert options(get(client).text, "wijk")[1:] == ["Cool", "Delfshaven"]
    delfshaven.status = PostingStatus.CLOSED
    db.session.commit()
    assert options(get(client).text, "wijk")[1:] == ["Cool"]
    db.session.execute(update(Posting).values(status=PostingStatus.CLOSED))
    db.session.commit()
    assert options(get(client).text, "wijk")[1:] == []


def test_languages_have_their_own_category_names(client):
    category("tuin")
    assert "Tuin" in options(get(client).text, "category")
    client.set_cookie("lang", "en")
    assert "Garden" in options(get(client).text, "category")


def test_a_list_expires_after_its_seconds(app, client, monkeypatch):
    in_wijk("Cool")
    db.session.commit()
    get(client)
    # changed behind the memo's back (another process): seen once the seconds are over
    with db.engine.begin() as connection:
        connection.execute(update(Posting).values(neighbourhood="Kralingen"))
    assert options(get(client).text, "wijk")[1:] == ["Cool"]
    after_its_seconds(app, monkeypatch)
    assert options(get(client).text, "wijk")[1:] == ["Kralingen"]


def test_switched_off_it_queries_every_time(app, client, queries):
    category("tuin")
    app.config["CHOICE_MEMO_SECONDS"] = 0
    try:
        get(client)
        queries.clear()
        get(client)
        assert [q for q in queries if "FROM categories" in q]
    finally:
        app.config["CHOICE_MEMO_SECONDS"] = 60


# --- the filter form rendered once per state ----------------------------------------------


def chosen_option(page: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    found = re.search(r'<option selected value="([^"]*)"', select.group(1))
    return found.group(1) if found else None


def test_the_filter_form_follows_each_requests_state(client):
    in_wijk("Cool")
    in_wijk("Delfshaven")
    db.session.commit()
    for _ in range(2):  # the second round from what the first rendered
        assert chosen_option(get(client, "/oproepen/?wijk=Cool").text, "wijk") == "Cool"
        page = get(client, "/oproepen/?wijk=Delfshaven&km=99").text
        assert chosen_option(page, "wijk") == "Delfshaven"
        assert "Deze keuze kennen we niet" in page  # km=99 is refused, beside its field
        assert chosen_option(get(client, "/oproepen/").text, "wijk") is None
        assert 'value="boodschappen"' in get(client, "/oproepen/?q=boodschappen").text


def test_the_filter_form_shows_a_logged_in_persons_postcode(client):
    in_wijk("Cool")
    db.session.commit()
    get(client)
    log_in(client, person("3072"))
    assert 'name="postcode" type="text" value="3072"' in get(client).text


def test_a_renamed_category_is_in_the_filter_form_at_once(client):
    tuin = category("tuin")
    get(client)
    tuin.name_nl = "Groen en tuin"
    db.session.commit()
    assert ">Groen en tuin</option>" in get(client).text


def asking(app: Flask, memo: choice_memo.Memo, key: str, make, answers: list) -> threading.Thread:
    """A started thread that asks ``memo`` for ``key`` as a request would; notes the answer."""

    def ask() -> None:
        with app.app_context():
            answers.append(memo.get(key, make))

    thread = threading.Thread(target=ask)
    thread.start()
    return thread


def after_its_seconds(app: Flask, monkeypatch) -> None:
    later = choice_memo.monotonic() + app.config["CHOICE_MEMO_SECONDS"] + 1
    monkeypatch.setattr(choice_memo, "monotonic", lambda: later)


class SlowMaker:
    """Makes ``value`` once the test lets it finish (``may_finish``); ``making`` is set as
    soon as it started: a slow report, still being made while others ask."""

    def __init__(self, value: str) -> None:
        self.value = value
        self.making = threading.Event()
        self.may_finish = threading.Event()

    def __call__(self) -> str:
        self.making.set()
        self.may_finish.wait(5)
        return self.value


def test_threads_asking_at_once_wait_for_one_to_make_it(app: Flask):
    memo = choice_memo.Memo("test_one_maker", watch=())
    made = []
    started = threading.Event()

    def make() -> str:
        made.append(threading.get_ident())
        started.set()
        time.sleep(0.3)  # a slow report: the other threads arrive while it is made
        return "report"

    answers: list[str] = []
    first = asking(app, memo, "city", make, answers)
    started.wait(5)
    others = [asking(app, memo, "city", make, answers) for _ in range(3)]
    for thread in [first, *others]:
        thread.join(5)
    assert answers == ["report"] * 4
    assert len(made) == 1


def test_when_its_seconds_ran_out_the_others_take_the_old_value_while_one_makes_it(
    app: Flask, monkeypatch
):
    memo = choice_memo.Memo("test_stale_while_made", watch=())
    memo.get("city", lambda: "last minute's report")
    after_its_seconds(app, monkeypatch)
    make = SlowMaker("this minute's report")
    answers: list[str] = []
    maker = asking(app, memo, "city", make, answers)
    assert make.making.wait(5)
    with app.app_context():
        assert memo.get("city", make) == "last minute's report"  # at once, not waiting
    make.may_finish.set()
    maker.join(5)
    assert answers == ["this minute's report"]
    with app.app_context():
        assert memo.get("city", make) == "this minute's report"


def test_after_a_change_nobody_is_given_the_old_value(app: Flask, monkeypatch):
    memo = choice_memo.Memo("test_no_stale_after_change", watch=("categories",))
    memo.get("all", lambda: "before the change")
    after_its_seconds(app, monkeypatch)
    make_slowly = SlowMaker("made before the change was seen")
    answers: list[str] = []
    maker = asking(app, memo, "all", make_slowly, answers)
    assert make_slowly.making.wait(5)
    category("tuin")  # a flush that touches the watched table, while the list is made
    asker = asking(app, memo, "all", lambda: "after the change", answers)
    asker.join(0.3)
    assert answers == []  # waits for the maker instead of taking the old value
    make_slowly.may_finish.set()
    for thread in (maker, asker):
        thread.join(5)
    assert answers == ["made before the change was seen", "after the change"]
