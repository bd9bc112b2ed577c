from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.postings.models import Posting, PostingStatus
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import PostingFactory, UserFactory, category, person

STEP1 = {"title": "Wie doet boodschappen?", "description": "Ik kan niet goed lopen."}


def start(client, **extra):
    data = {"category_id": category("boodschappen").id, **STEP1, **extra}
    return client.post("/oproepen/vragen/", data=data)


def only_draft() -> Posting:
    return db.session.scalars(select(Posting)).one()


def test_a_visitor_who_is_not_logged_in_may_start_typing(client):
    response = client.get("/oproepen/vragen/")
    assert response.status_code == 200
    assert "Na deze stap maakt u een account" in response.text


def test_a_visitor_cannot_open_a_later_step(client):
    response = client.get("/oproepen/vragen/1/waar")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_step_one_asks_what_kind_of_help(client):
    log_in(client, person())
    response = client.get("/oproepen/vragen/")
    assert response.status_code == 200
    assert "Stap 1 van 4" in response.text
    assert "Wat voor hulp zoekt u?" in response.text


def test_step_one_saves_a_draft_and_goes_to_step_two(client):
    log_in(client, person())
    response = start(client)
    draft = only_draft()
    assert draft.status == PostingStatus.DRAFT
    assert draft.title == "Wie doet boodschappen?"
    assert response.headers["Location"].endswith(f"/oproepen/vragen/{draft.id}/waar")


def test_step_one_without_a_title_shows_the_error_and_keeps_the_text(client):
    log_in(client, person())
    response = start(client, title="")
    assert response.status_code == 422
    assert "Er ging iets mis" in response.text
    assert 'href="#title"' in response.text
    assert "Ik kan niet goed lopen." in response.text
    assert db.session.scalars(select(Posting)).first() is None


def test_step_one_warns_about_a_phone_number_before_saving(client):
    log_in(client, person())
    response = start(client, description="Bel mij op 06-12345678")
    assert response.status_code == 422
    assert "telefoonnummer" in response.text
    assert "Ik weet het, toch versturen" in response.text
    assert db.session.scalars(select(Posting)).first() is None


def test_step_one_goes_on_when_the_writer_says_send_it_anyway(client):
    log_in(client, person())
    response = start(client, description="Bel mij op 06-12345678", privacy_ok="y")
    assert response.status_code == 302
    assert only_draft().description == "Bel mij op 06-12345678"


def test_step_two_saves_the_postcode_as_a_neighbourhood(client):
    log_in(client, person(postcode="3011"))
    start(client)
    draft = only_draft()
    response = client.post(f"/oproepen/vragen/{draft.id}/waar", data={"postcode": "3012 AB"})
    assert response.headers["Location"].endswith(f"/oproepen/vragen/{draft.id}/wanneer")
    db.session.refresh(draft)
    assert (draft.pc4, draft.neighbourhood) == ("3012", "Cool")


def test_step_two_with_a_wrong_postcode_says_how_to_write_it(client):
    log_in(client, person())
    start(client)
    draft = only_draft()
    response = client.post(f"/oproepen/vragen/{draft.id}/waar", data={"postcode": "hallo"})
    assert response.status_code == 422
    assert "3011 AB" in response.text


def test_step_three_needs_a_date_for_one_time_help(client):
    log_in(client, person())
    start(client)
    draft = only_draft()
    response = client.post(f"/oproepen/vragen/{draft.id}/wanneer", data={"timing": "once"})
    assert response.status_code == 422
    assert "Vul de datum in" in response.text


def test_the_check_page_shows_every_answer_with_a_change_link(client):
    log_in(client, person())
    start(client)
    draft = only_draft()
    client.post(f"/oproepen/vragen/{draft.id}/waar", data={"postcode": "3011"})
    client.post(f"/oproepen/vragen/{draft.id}/wanneer", data={"timing": "flexible"})
    response = client.get(f"/oproepen/vragen/{draft.id}/controleren")
    assert response.status_code == 200
    assert "Wie doet boodschappen?" in response.text
    assert "Stadsdriehoek" in response.text
    assert f"/oproepen/vragen/{draft.id}/waar?terug=controleren" in response.text
    assert response.text.count("Wijzigen") >= 5


def test_changing_an_answer_from_the_check_page_returns_there(client):
    log_in(client, person())
    start(client)
    draft = only_draft()
    response = client.post(
        f"/oproepen/vragen/{draft.id}/waar?terug=controleren", data={"postcode": "3012"}
    )
    assert response.headers["Location"].endswith(f"/oproepen/vragen/{draft.id}/controleren")


def test_sending_from_the_check_page_submits_the_posting_for_moderation(client):
    log_in(client, person())
    start(client)
    draft = only_draft()
    client.post(f"/oproepen/vragen/{draft.id}/waar", data={"postcode": "3011"})
    day = (local_today() + timedelta(days=3)).isoformat()
    client.post(
        f"/oproepen/vragen/{draft.id}/wanneer",
        data={"timing": "once", "once_on": day, "once_daypart": "morning"},
    )
    response = client.post(f"/oproepen/vragen/{draft.id}/controleren")
    assert response.headers["Location"].endswith(f"/oproepen/{draft.id}")
    db.session.refresh(draft)
    assert draft.status == PostingStatus.PENDING
    assert draft.once_daypart == "morning"
    assert draft.submitted_at is not None
    assert draft.ends_on is not None


def test_a_sent_posting_can_no_longer_be_changed_through_the_steps(client):
    author = person()
    posting = PostingFactory(author=author)
    log_in(client, author)
    assert client.get(f"/oproepen/vragen/{posting.id}/wat").status_code == 404


def test_someone_elses_draft_is_not_found(client):
    draft = PostingFactory(draft=True)
    log_in(client, person())
    assert client.get(f"/oproepen/vragen/{draft.id}/controleren").status_code == 404
    assert client.post(f"/oproepen/vragen/{draft.id}/controleren").status_code == 404


def test_an_unconfirmed_user_cannot_start(client):
    log_in(client, UserFactory(unconfirmed=True))
    response = client.post("/oproepen/vragen/", data={"title": "x"})
    assert response.status_code == 302
    assert db.session.scalars(select(Posting)).first() is None


def test_going_on_with_a_draft_without_a_postcode_asks_for_it(client):
    author = UserFactory()  # no profile postcode yet
    draft = PostingFactory(draft=True, author=author, postcode="", pc4="")
    log_in(client, author)
    response = client.get(f"/oproepen/vragen/{draft.id}/verder")
    assert response.headers["Location"] == f"/oproepen/vragen/{draft.id}/waar"
