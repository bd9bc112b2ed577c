"""Lasting contact: started by an accepted response, a weekly rhythm, reminders, check-ins,
ending it, telling the welfare organisation, reopening, and the figures."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.lasting_contact.figures import figures_per_wijk
from marketplace.lasting_contact.models import CheckIn, LastingContact
from marketplace.lasting_contact.reminders import ask_check_ins, remind_batch
from marketplace.my_data.export import collect_my_data
from marketplace.notifications.models import Notification
from marketplace.postings.models import Posting, PostingStatus
from marketplace.timestamps import LOCAL_TIME, local_today, utcnow
from tests.conftest import log_in
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PostingFactory,
    ResponseFactory,
    person,
)
from worker.lasting_contact import remind_and_check_in


def _walk(**kwargs):
    author = person(display_name="Mevrouw Bakker")
    posting = PostingFactory(published=True, author=author, lasting="walk", **kwargs)
    response = ResponseFactory(posting=posting, responder=person(display_name="Sanne"))
    db.session.commit()
    return posting, response


def _accepted(client):
    posting, response = _walk()
    log_in(client, posting.author)
    client.post(f"/berichten/{response.id}/accepteren")
    contact = db.session.scalars(select(LastingContact)).one()
    return posting, response, contact


def _count(kind, user=None):
    query = select(func.count(Notification.id)).where(Notification.kind == kind)
    if user is not None:
        query = query.where(Notification.recipient_id == user.id)
    return db.session.scalar(query)


def _welfare(wijk="Stadsdriehoek"):
    organisation = OrganisationFactory(neighbourhoods=wijk)
    staff = MembershipFactory(organisation=organisation).user
    db.session.commit()
    return staff


def test_the_request_steps_ask_whether_it_is_for_a_lasting_contact(client):
    author = person()
    draft = PostingFactory(draft=True, author=author)
    db.session.commit()
    log_in(client, author)
    page = client.get(f"/oproepen/vragen/{draft.id}/wanneer")
    assert "Zoekt u een vast contact?" in page.text
    client.post(
        f"/oproepen/vragen/{draft.id}/wanneer", data={"timing": "flexible", "lasting": "phone"}
    )
    assert db.session.get(Posting, draft.id).lasting == "phone"


def test_accepting_a_volunteer_for_a_weekly_walk_starts_the_lasting_contact(client):
    posting, response, contact = _accepted(client)
    assert (contact.posting_id, contact.volunteer_id) == (posting.id, response.responder_id)
    assert contact.neighbourhood == "Stadsdriehoek"
    page = client.get(f"/berichten/{response.id}")
    assert f"/vast-contact/{contact.id}" in page.text


def test_a_request_for_help_once_starts_no_lasting_contact(client):
    posting = PostingFactory(published=True, author=person())
    response = ResponseFactory(posting=posting)
    db.session.commit()
    log_in(client, posting.author)
    client.post(f"/berichten/{response.id}/accepteren")
    assert db.session.scalars(select(LastingContact)).first() is None


def test_either_side_sets_the_rhythm_and_the_other_is_told(client):
    _posting, response, contact = _accepted(client)
    log_in(client, response.responder)
    result = client.post(
        f"/vast-contact/{contact.id}/ritme", data={"weekday": "2", "at_time": "10:30"}
    )
    assert result.status_code == 302
    assert (contact.weekday, contact.at_time) == (2, time(10, 30))
    assert _count("lasting_contact", contact.posting.author) == 1
    assert "Elke woensdag om 10:30" in client.get(f"/vast-contact/{contact.id}").text


def test_a_rhythm_without_a_time_shows_the_error(client):
    _posting, _response, contact = _accepted(client)
    result = client.post(f"/vast-contact/{contact.id}/ritme", data={"weekday": "2"})
    assert result.status_code == 422
    assert "Vul een tijd in" in result.text


def test_someone_else_cannot_see_the_contact(client):
    _posting, _response, contact = _accepted(client)
    log_in(client, person())
    assert client.get(f"/vast-contact/{contact.id}").status_code == 404


def test_both_are_reminded_the_day_before_and_a_second_run_changes_nothing(client):
    _posting, _response, contact = _accepted(client)
    tomorrow = local_today() + timedelta(days=1)
    contact.weekday, contact.at_time = tomorrow.weekday(), time(10)
    db.session.commit()
    assert remind_batch(db.session, utcnow()) == 1
    assert _count("lasting_reminder") == 2
    assert remind_batch(db.session, utcnow()) == 0
    assert _count("lasting_reminder") == 2
    assert contact.reminded_for == tomorrow


def test_the_check_ins_go_to_both_after_one_week_and_only_once(client):
    _posting, _response, contact = _accepted(client)
    contact.started_at = utcnow() - timedelta(days=8)
    db.session.commit()
    assert ask_check_ins(db.session, utcnow()) == 2
    assert ask_check_ins(db.session, utcnow()) == 0
    weeks = db.session.scalars(select(CheckIn.week).order_by(CheckIn.id)).all()
    assert weeks == [1, 1]
    assert _count("lasting_check_in") == 2


def test_the_beat_task_run_twice_asks_and_reminds_once(app, client):
    _posting, _response, contact = _accepted(client)
    contact.started_at = utcnow() - timedelta(days=43)
    db.session.commit()
    first = remind_and_check_in()
    assert first == 4  # week 1 and week 6, to both
    assert remind_and_check_in() == 0
    assert db.session.scalar(select(func.count(CheckIn.id))) == 4


def test_a_check_in_saying_it_stopped_ends_it_and_the_welfare_worker_is_told(client):
    staff = _welfare()
    _posting, response, contact = _accepted(client)
    contact.started_at = utcnow() - timedelta(days=8)
    db.session.commit()
    ask_check_ins(db.session, utcnow())
    db.session.commit()
    mine = db.session.scalar(select(CheckIn).where(CheckIn.user_id == response.responder_id))
    log_in(client, response.responder)
    page = client.get(f"/vast-contact/{contact.id}")
    assert "Gaat het goed?" in page.text
    client.post(f"/vast-contact/{contact.id}/gaat-het-goed/{mine.id}", data={"answer": "stopped"})
    assert contact.ended_at is not None and contact.end_reason == "check_in"
    assert _count("lasting_contact", staff) == 1


def test_ending_in_one_click_tells_the_other_and_the_welfare_organisation(client):
    staff = _welfare()
    _posting, response, contact = _accepted(client)
    log_in(client, response.responder)
    client.post(f"/vast-contact/{contact.id}/stoppen")
    assert contact.ended_at is not None and contact.ended_by_id == response.responder_id
    assert _count("lasting_contact", contact.posting.author) == 1
    assert _count("lasting_contact", staff) == 1
    assert _count("lasting_contact", response.responder) == 0


def test_the_welfare_worker_reopens_the_request_with_one_click(client):
    staff = _welfare()
    posting, response, contact = _accepted(client)
    client.post(f"/vast-contact/{contact.id}/stoppen")
    log_in(client, staff)
    page = client.get(f"/vast-contact/{contact.id}")
    assert "Oproep weer openzetten" in page.text
    client.post(f"/vast-contact/{contact.id}/opnieuw-zoeken")
    assert db.session.get(Posting, posting.id).status == PostingStatus.PUBLISHED
    assert response.status == "withdrawn"


def test_staff_of_an_organisation_elsewhere_cannot_see_the_contact(client):
    staff = _welfare("Kralingen-West")
    _posting, _response, contact = _accepted(client)
    log_in(client, staff)
    assert client.get(f"/vast-contact/{contact.id}").status_code == 404


def test_the_figures_count_per_wijk_and_hide_small_numbers(session):
    now = datetime(2026, 12, 1, 12, tzinfo=LOCAL_TIME)
    for months_ago, ended_after_days in [(7, None)] * 5 + [(4, 30)] * 2:
        posting, response = _walk()
        db.session.add(
            LastingContact(
                posting=posting,
                response=response,
                volunteer_id=response.responder_id,
                neighbourhood="Stadsdriehoek",
                started_at=now - timedelta(days=30 * months_ago),
                ended_at=None
                if ended_after_days is None
                else now - timedelta(days=30 * months_ago) + timedelta(days=ended_after_days),
            )
        )
    db.session.commit()
    [row] = figures_per_wijk(db.session, now)
    assert (row.wijk, row.started, row.after_3_months, row.after_6_months) == (
        "Stadsdriehoek",
        7,
        5,
        5,
    )


def test_the_municipality_dashboard_shows_the_section(client):
    from tests.factories import UserFactory

    log_in(client, UserFactory(municipality=True))
    page = client.get("/dashboard/")
    assert "Vaste contacten per wijk" in page.text


def test_the_export_holds_the_contact_and_her_own_answers(client):
    _posting, response, _contact = _accepted(client)
    data = collect_my_data(db.session, response.responder)
    assert [c["volunteer"] for c in data["lasting_contacts"]] == ["Sanne"]


def test_a_check_in_asking_for_help_tells_the_welfare_worker_and_the_contact_goes_on(client):
    staff = _welfare()
    _posting, _response, contact = _accepted(client)
    contact.started_at = utcnow() - timedelta(days=8)
    db.session.commit()
    ask_check_ins(db.session, utcnow())
    db.session.commit()
    mine = db.session.scalar(select(CheckIn).where(CheckIn.user_id == contact.posting.author_id))
    client.post(f"/vast-contact/{contact.id}/gaat-het-goed/{mine.id}", data={"answer": "help"})
    assert mine.answer == "help"
    assert contact.ended_at is None
    assert _count("lasting_contact", staff) == 1


def test_nobody_answers_someone_elses_check_in(client):
    _posting, response, contact = _accepted(client)
    contact.started_at = utcnow() - timedelta(days=8)
    db.session.commit()
    ask_check_ins(db.session, utcnow())
    db.session.commit()
    theirs = db.session.scalar(select(CheckIn).where(CheckIn.user_id == response.responder_id))
    result = client.post(
        f"/vast-contact/{contact.id}/gaat-het-goed/{theirs.id}", data={"answer": "stopped"}
    )
    assert result.status_code == 404
    assert theirs.answer is None and contact.ended_at is None
