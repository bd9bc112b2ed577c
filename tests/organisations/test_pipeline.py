"""The applicant pipeline: board and list, moving applications, notes, withdrawing,
the volunteer's own view, and the CSV export."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.audit import AuditEvent
from marketplace.notifications.models import Notification
from marketplace.organisations.errors import TransitionNotAllowed
from marketplace.organisations.models import Application, ApplicationNote
from marketplace.organisations.pipeline import (
    add_note,
    applicant_status_text,
    application_for_response,
    move_application,
    withdraw_application,
)
from marketplace.responses.models import ResponseStatus
from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, person
from tests.organisations.conftest import client_for, make_vacancy

NOTE = "Klinkt goed, maar heeft pas in maart tijd."


def board_url(posting):
    return f"/organisaties/vacatures/{posting.id}/bord"


def list_url(posting):
    return f"/organisaties/vacatures/{posting.id}/aanmeldingen"


def application_url(application):
    return f"/organisaties/aanmeldingen/{application.id}"


def move_url(application):
    return f"/organisaties/aanmeldingen/{application.id}/status"


def status_of(session, application):
    session.expire_all()
    return session.get(Application, application.id).status


@pytest.fixture
def with_note(session, application, staff_member):
    add_note(session, staff_member, application, NOTE)
    session.commit()
    return application


# --- who sees the pipeline --------------------------------------------------------------


@pytest.mark.parametrize("url", [board_url, list_url])
def test_pipeline_pages_ask_a_visitor_to_log_in(client, vacancy, url):
    assert "/inloggen" in client.get(url(vacancy)).headers["Location"]


@pytest.mark.parametrize("url", [board_url, list_url])
def test_pipeline_pages_are_404_for_a_plain_user(client, vacancy, plain_user, url):
    log_in(client, plain_user)
    assert client.get(url(vacancy)).status_code == 404


@pytest.mark.parametrize("url", [board_url, list_url])
def test_pipeline_pages_are_404_for_staff_of_another_organisation(
    client, vacancy, other_staff, url
):
    log_in(client, other_staff)
    assert client.get(url(vacancy)).status_code == 404


@pytest.mark.parametrize("url", [board_url, list_url])
def test_pipeline_pages_are_404_for_an_admin_who_does_not_work_there(client, vacancy, admin, url):
    log_in(client, admin)
    assert client.get(url(vacancy)).status_code == 404


def test_board_is_404_for_a_request(client, staff_member):
    log_in(client, staff_member)
    assert client.get(board_url(PostingFactory(published=True))).status_code == 404


def test_board_shows_each_applicant_in_the_new_column(client, response, staff_member):
    log_in(client, staff_member)
    page = client.get(board_url(response.posting)).get_data(as_text=True)
    assert "Vera Vrijwilliger" in page
    assert 'id="column-new"' in page
    assert "Naar: Contact gehad" in page


def test_opening_the_board_makes_the_missing_applications(client, session, response, coordinator):
    log_in(client, coordinator)
    client.get(board_url(response.posting))
    application = session.scalar(select(Application))
    assert application.response_id == response.id
    assert application.status == "new"


def test_list_can_be_filtered_by_step(client, session, vacancy, application, staff_member):
    other = ResponseFactory(posting=vacancy, responder=person(display_name="Otto Ander"))
    move_application(session, staff_member, application_for_response(session, other), "contacted")
    session.commit()
    log_in(client, staff_member)
    page = client.get(list_url(vacancy) + "?status=contacted").get_data(as_text=True)
    assert "Otto Ander" in page
    assert "Vera Vrijwilliger" not in page


def test_an_unknown_filter_is_ignored(client, application, staff_member):
    log_in(client, staff_member)
    response = client.get(list_url(application.response.posting) + "?status=<script>")
    assert response.status_code == 200
    assert "Vera Vrijwilliger" in response.get_data(as_text=True)


def test_application_page_is_404_for_others(app, application, plain_user, other_staff, admin):
    for user in (plain_user, other_staff, admin, application.response.responder):
        assert client_for(app, user).get(application_url(application)).status_code == 404


def test_application_page_of_an_unknown_application_is_404(client, staff_member):
    log_in(client, staff_member)
    assert client.get("/organisaties/aanmeldingen/999999").status_code == 404


def test_application_page_shows_the_message_and_a_link_to_the_conversation(
    client, application, staff_member
):
    log_in(client, staff_member)
    page = client.get(application_url(application)).get_data(as_text=True)
    assert "Ik wil graag helpen." in page
    assert f"/berichten/{application.response_id}" in page


def test_application_page_shows_no_contact_details(client, application, staff_member):
    log_in(client, staff_member)
    page = client.get(application_url(application)).get_data(as_text=True)
    assert application.response.responder.email not in page
    assert "06 1234 5678" not in page


# --- moving -----------------------------------------------------------------------------


def test_staff_move_an_application_and_the_volunteer_is_told_in_plain_words(
    client, session, application, staff_member, applicant
):
    log_in(client, staff_member)
    response = client.post(move_url(application), data={"status": "contacted", "back": "bord"})
    assert response.headers["Location"] == board_url(application.response.posting)
    assert status_of(session, application) == "contacted"
    notification = session.scalar(
        select(Notification).where(Notification.recipient_id == applicant.id)
    )
    assert "De organisatie heeft contact met u opgenomen" in notification.body
    assert notification.link_path == "/organisaties/mijn-aanmeldingen"


def test_placing_an_applicant_also_says_yes_in_the_conversation(
    client, session, application, staff_member
):
    log_in(client, staff_member)
    client.post(move_url(application), data={"status": "placed", "back": "bord"})
    session.refresh(application)
    assert application.status == "placed" and application.placed_at is not None
    session.refresh(application.response)
    assert application.response.status == ResponseStatus.ACCEPTED
    assert application.response.decided_at == application.placed_at


def test_saying_yes_in_the_conversation_places_the_applicant(
    client, session, application, staff_member
):
    log_in(client, staff_member)
    client.post(f"/berichten/{application.response_id}/accepteren")
    session.refresh(application)
    assert application.status == "placed" and application.placed_at is not None
    volunteers = client.get(
        f"/organisaties/{application.response.posting.organisation_id}/vrijwilligers"
    )
    assert "Vera Vrijwilliger" in volunteers.get_data(as_text=True)


def test_an_accepted_answer_from_before_the_pipeline_counts_as_placed(session, vacancy):
    accepted = ResponseFactory(posting=vacancy, accepted=True)
    application = application_for_response(session, accepted)
    assert application.status == "placed"
    assert application.placed_at == accepted.decided_at


def test_a_move_writes_an_audit_event(client, session, application, coordinator):
    log_in(client, coordinator)
    client.post(move_url(application), data={"status": "intake_planned"})
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "application.move"))
    assert event.actor_id == coordinator.id
    assert event.target_id == application.id
    assert event.details == {"previous_status": "new", "status": "intake_planned"}


def test_placing_records_when(session, application, staff_member):
    move_application(session, staff_member, application, "placed")
    assert application.placed_at is not None


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("placed", "new"),
        ("placed", "contacted"),
        ("withdrawn", "contacted"),
        ("new", "withdrawn"),
        ("intake_planned", "new"),
        ("not_suitable", "placed"),
    ],
)
def test_moves_that_are_not_allowed_raise(session, application, staff_member, start, target):
    application.status = start
    with pytest.raises(TransitionNotAllowed):
        move_application(session, staff_member, application, target)


def test_a_move_that_is_not_allowed_changes_nothing_and_says_so(
    client, session, application, staff_member
):
    application.status = "placed"
    session.commit()
    log_in(client, staff_member)
    page = client.post(
        move_url(application), data={"status": "new"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Deze stap kan niet vanaf hier" in page
    assert status_of(session, application) == "placed"


def test_an_unknown_status_changes_nothing(client, session, application, staff_member):
    log_in(client, staff_member)
    response = client.post(move_url(application), data={"status": "baas"})
    assert response.status_code == 302
    assert status_of(session, application) == "new"


def test_staff_of_another_organisation_cannot_move(client, session, application, other_staff):
    log_in(client, other_staff)
    assert client.post(move_url(application), data={"status": "placed"}).status_code == 404
    assert status_of(session, application) == "new"


def test_the_applicant_cannot_move_their_own_application(client, session, application, applicant):
    log_in(client, applicant)
    assert client.post(move_url(application), data={"status": "placed"}).status_code == 404


def test_moving_is_post_only(client, application, staff_member):
    log_in(client, staff_member)
    assert client.get(move_url(application)).status_code == 405


# --- notes ------------------------------------------------------------------------------


def test_staff_add_a_note(client, session, application, staff_member):
    log_in(client, staff_member)
    client.post(f"{application_url(application)}/notities", data={"body": NOTE})
    note = session.scalar(select(ApplicationNote))
    assert note.body == NOTE
    assert note.author_id == staff_member.id
    page = client.get(application_url(application)).get_data(as_text=True)
    assert NOTE in page


def test_an_empty_note_gets_a_message(client, application, staff_member):
    log_in(client, staff_member)
    response = client.post(f"{application_url(application)}/notities", data={"body": " "})
    assert response.status_code == 422
    assert "Schrijf eerst een notitie." in response.get_data(as_text=True)


def test_a_too_long_note_gets_a_message(client, session, application, staff_member):
    log_in(client, staff_member)
    response = client.post(f"{application_url(application)}/notities", data={"body": "x" * 2001})
    assert response.status_code == 422
    assert session.scalar(select(ApplicationNote)) is None


def test_staff_of_another_organisation_cannot_add_notes(client, session, application, other_staff):
    log_in(client, other_staff)
    response = client.post(f"{application_url(application)}/notities", data={"body": NOTE})
    assert response.status_code == 404
    assert session.scalar(select(ApplicationNote)) is None


def test_the_applicant_never_sees_notes(app, with_note, applicant):
    browser = client_for(app, applicant)
    for url in (
        "/organisaties/mijn-aanmeldingen",
        f"/berichten/{with_note.response_id}",
        f"/oproepen/{with_note.response.posting_id}",
        f"/profiel/{applicant.id}",
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert NOTE not in response.get_data(as_text=True), url


def test_others_never_see_notes(app, client, with_note, plain_user, other_staff):
    for browser in (client, client_for(app, plain_user), client_for(app, other_staff)):
        for url in (
            application_url(with_note),
            f"/oproepen/{with_note.response.posting_id}",
            "/organisaties/buurtwerk-noord",
        ):
            assert NOTE not in browser.get(url).get_data(as_text=True), url


def test_notes_are_not_in_the_csv(client, with_note, staff_member):
    log_in(client, staff_member)
    text = client.get(
        f"/organisaties/{with_note.response.posting.organisation_id}/aanmeldingen.csv"
    )
    assert NOTE not in text.get_data(as_text=True)


# --- the volunteer's side ---------------------------------------------------------------


def test_my_applications_asks_a_visitor_to_log_in(client):
    assert "/inloggen" in client.get("/organisaties/mijn-aanmeldingen").headers["Location"]


def test_my_applications_shows_a_plain_language_status(client, session, response, applicant):
    log_in(client, applicant)
    page = client.get("/organisaties/mijn-aanmeldingen").get_data(as_text=True)
    assert "Maatje gezocht" in page
    assert "Buurtwerk Noord" in page
    assert "Uw aanmelding is binnen." in page
    assert session.scalar(select(Application)).response_id == response.id


def test_my_applications_shows_the_new_status_after_a_move(
    client, session, application, staff_member, applicant
):
    move_application(session, staff_member, application, "intake_planned")
    session.commit()
    log_in(client, applicant)
    page = client.get("/organisaties/mijn-aanmeldingen").get_data(as_text=True)
    assert "kennismakingsgesprek" in page


def test_my_applications_leaves_out_responses_to_requests(client, applicant):
    ResponseFactory(responder=applicant, posting=PostingFactory(published=True, title="Boodschap"))
    log_in(client, applicant)
    page = client.get("/organisaties/mijn-aanmeldingen").get_data(as_text=True)
    assert "Boodschap" not in page
    assert "U heeft zich nog niet aangemeld" in page


def test_the_applicant_withdraws(client, session, application, applicant):
    log_in(client, applicant)
    response = client.post(f"/organisaties/mijn-aanmeldingen/{application.id}/intrekken")
    assert response.headers["Location"] == "/organisaties/mijn-aanmeldingen"
    assert status_of(session, application) == "withdrawn"
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "application.withdraw"))


def test_withdrawing_after_not_suitable_is_refused(session, application, staff_member, applicant):
    move_application(session, staff_member, application, "not_suitable")
    with pytest.raises(TransitionNotAllowed):
        withdraw_application(session, applicant, application)


def test_someone_else_cannot_withdraw(client, session, application, plain_user, staff_member):
    for user in (plain_user, staff_member):
        log_in(client, user)
        response = client.post(f"/organisaties/mijn-aanmeldingen/{application.id}/intrekken")
        assert response.status_code == 404
    assert status_of(session, application) == "new"


def test_application_for_response_is_none_for_a_request(session):
    assert application_for_response(session, ResponseFactory()) is None


def test_application_for_response_makes_one_only_once(session, response):
    first = application_for_response(session, response)
    assert application_for_response(session, response) is first


def test_a_declined_response_starts_as_not_suitable(session, vacancy):
    response = ResponseFactory(posting=vacancy, status="declined")
    assert application_for_response(session, response).status == "not_suitable"


# --- CSV export -------------------------------------------------------------------------


def export_url(organisation):
    return f"/organisaties/{organisation.id}/aanmeldingen.csv"


def test_the_export_is_in_the_security_log(client, organisation, application, staff_member):
    from marketplace.security_log import read_security_events

    log_in(client, staff_member)
    before = len(read_security_events())
    client.get(export_url(organisation))
    [event] = [e for e in read_security_events()[before:] if e["event"] == "data.export"]
    assert event["user_id"] == staff_member.id
    assert (event["what"], event["organisation_id"]) == ("applicants", organisation.id)


def test_export_is_a_csv_for_excel(client, organisation, application, staff_member):
    log_in(client, staff_member)
    response = client.get(export_url(organisation))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith("\ufeff".encode())
    lines = response.data.decode("utf-8-sig").splitlines()
    assert (
        lines[0]
        == "Vacature;Naam;E-mailadres;Telefoon;Aangemeld op;Status;Status sinds;Geplaatst op;Uren"
    )
    assert lines[1].startswith("Maatje gezocht;Vera Vrijwilliger;;;")
    assert ";Nieuw;" in lines[1]


def test_export_shows_contact_details_only_of_placed_volunteers(
    client, session, organisation, application, staff_member, applicant
):
    move_application(session, staff_member, application, "placed")
    session.commit()
    log_in(client, staff_member)
    text = client.get(export_url(organisation)).data.decode("utf-8-sig")
    assert f";{applicant.email};06 1234 5678;" in text


def test_export_defuses_spreadsheet_formulas(client, session, organisation, staff_member):
    sneaky = person(display_name="=HYPERLINK(1)")
    ResponseFactory(posting=make_vacancy(organisation), responder=sneaky)
    log_in(client, staff_member)
    text = client.get(export_url(organisation)).data.decode("utf-8-sig")
    assert ";'=HYPERLINK(1);" in text


def test_export_holds_only_this_organisations_applicants(
    client, organisation, application, other_staff
):
    log_in(client, other_staff)
    assert client.get(export_url(organisation)).status_code == 404


def test_export_is_404_for_a_plain_user_and_asks_a_visitor_to_log_in(
    client, organisation, plain_user
):
    assert "/inloggen" in client.get(export_url(organisation)).headers["Location"]
    log_in(client, plain_user)
    assert client.get(export_url(organisation)).status_code == 404


def test_export_is_403_for_an_admin_who_does_not_work_there(client, organisation, admin):
    log_in(client, admin)
    assert client.get(export_url(organisation)).status_code == 403


def test_coordinator_may_export(client, organisation, application, coordinator):
    log_in(client, coordinator)
    assert client.get(export_url(organisation)).status_code == 200


def test_the_conversation_page_can_show_the_plain_status(session, application, staff_member):
    move_application(session, staff_member, application, "placed")
    text = applicant_status_text(session, application.response)
    assert str(text) == "U doet dit vrijwilligerswerk. Welkom, en veel plezier!"


def test_the_conversation_page_of_a_request_has_no_application_status(session):
    assert applicant_status_text(session, ResponseFactory()) is None
