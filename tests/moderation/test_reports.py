"""Reporting a posting, a person or a message, and handling reports, through HTTP."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.audit import AuditEvent
from marketplace.moderation.models import Report
from marketplace.timestamps import utcnow
from tests.conftest import log_in
from tests.factories import MessageFactory, PostingFactory, ReportFactory, UserFactory, person


def page_text(response):
    return response.get_data(as_text=True)


def flashes(client):
    with client.session_transaction() as flask_session:
        return [message for _, message in flask_session.get("_flashes", [])]


def report_paths():
    """One path of each kind of report page, with the thing it reports."""
    message = MessageFactory()
    return {
        "posting": f"/melden/oproep/{PostingFactory(published=True).id}",
        "user": f"/melden/persoon/{person().id}",
        "message": f"/melden/bericht/{message.id}",
    }, message


# --- reporting: who may ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["posting", "user", "message"])
def test_a_visitor_is_sent_to_log_in_before_reporting(client, kind):
    paths, _ = report_paths()
    for response in (client.get(paths[kind]), client.post(paths[kind], data={"reason": "X"})):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/inloggen")


@pytest.mark.parametrize(
    "path", ["/melden/oproep/999", "/melden/persoon/999", "/melden/bericht/999"]
)
def test_reporting_something_unknown_is_404(client, path):
    log_in(client, person())
    assert client.get(path).status_code == 404
    assert client.post(path, data={"reason": "Raar."}).status_code == 404


def test_a_posting_that_is_not_public_cannot_be_reported(client):
    log_in(client, person())
    for posting in (PostingFactory(), PostingFactory(published=True, is_hidden=True)):
        assert client.get(f"/melden/oproep/{posting.id}").status_code == 404


def test_a_message_cannot_be_reported_by_someone_outside_the_conversation(client, session):
    message = MessageFactory()
    log_in(client, person())
    assert client.get(f"/melden/bericht/{message.id}").status_code == 404
    response = client.post(f"/melden/bericht/{message.id}", data={"reason": "Ik lees mee."})
    assert response.status_code == 404
    assert session.scalars(select(Report)).all() == []


# --- reporting: the form -------------------------------------------------------------------


def test_the_report_form_asks_what_is_going_on(client):
    posting = PostingFactory(published=True, title="Gratis iPhone")
    log_in(client, person())
    page = page_text(client.get(f"/melden/oproep/{posting.id}"))
    assert "<h1>Klacht over een oproep</h1>" in page
    assert "Gratis iPhone" in page
    assert "Wat is er aan de hand?" in page


def test_reporting_a_posting_thanks_and_goes_back(client, session):
    reporter = person()
    posting = PostingFactory(published=True)
    log_in(client, reporter)
    response = client.post(f"/melden/oproep/{posting.id}", data={"reason": "Dit is reclame."})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/oproepen/{posting.id}"
    assert any("Bedankt voor uw klacht" in m for m in flashes(client))
    report = session.scalars(select(Report)).one()
    assert (report.posting_id, report.reporter_id, report.reason) == (
        posting.id,
        reporter.id,
        "Dit is reclame.",
    )


def test_reporting_a_person_goes_back_to_their_profile(client, session):
    user = person()
    log_in(client, person())
    response = client.post(f"/melden/persoon/{user.id}", data={"reason": "Doet zich anders voor."})
    assert response.headers["Location"] == f"/profiel/{user.id}"
    assert session.scalars(select(Report.reported_user_id)).all() == [user.id]


@pytest.mark.parametrize("who", ["responder", "author"])
def test_both_sides_of_a_conversation_may_report_a_message(client, session, who):
    message = MessageFactory()
    response_row = message.response
    reporter = response_row.responder if who == "responder" else response_row.posting.author
    if who == "responder":  # the responder reports the author's message
        message = MessageFactory(response=response_row, sender=response_row.posting.author)
    log_in(client, reporter)
    assert client.get(f"/melden/bericht/{message.id}").status_code == 200
    response = client.post(f"/melden/bericht/{message.id}", data={"reason": "Onbeleefd."})
    assert response.headers["Location"] == f"/berichten/{response_row.id}"
    assert session.scalars(select(Report.message_id)).all() == [message.id]


def test_a_report_without_text_keeps_the_form(client, session):
    posting = PostingFactory(published=True)
    log_in(client, person())
    response = client.post(f"/melden/oproep/{posting.id}", data={"reason": ""})
    assert response.status_code == 422
    assert "Schrijf wat er aan de hand is" in page_text(response)
    assert session.scalars(select(Report)).all() == []


def test_a_report_that_is_too_long_is_kept_with_an_error(client):
    posting = PostingFactory(published=True)
    log_in(client, person())
    reason = "Héél vreemd 🤔. " * 150
    response = client.post(f"/melden/oproep/{posting.id}", data={"reason": reason})
    assert response.status_code == 422
    assert "hooguit 2000 tekens" in page_text(response)
    assert "Héél vreemd 🤔." in page_text(response)


def test_reporting_your_own_posting_explains_why_not(client, session):
    posting = PostingFactory(published=True)
    log_in(client, posting.author)
    response = client.post(f"/melden/oproep/{posting.id}", data={"reason": "Test."})
    assert response.status_code == 302
    assert any("Dit is van uzelf" in m for m in flashes(client))
    assert session.scalars(select(Report)).all() == []


def test_reporting_the_same_posting_twice_makes_one_report(client, session):
    posting = PostingFactory(published=True)
    log_in(client, person())
    client.post(f"/melden/oproep/{posting.id}", data={"reason": "Reclame."})
    client.post(f"/melden/oproep/{posting.id}", data={"reason": "Echt reclame."})
    assert any("U heeft hierover al een klacht gestuurd" in m for m in flashes(client))
    assert len(session.scalars(select(Report)).all()) == 1


# --- the moderators' list of reports -------------------------------------------------------


def test_a_visitor_cannot_see_the_reports(client):
    response = client.get("/moderatie/meldingen")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")


def test_a_plain_user_cannot_see_or_resolve_reports(client, session):
    report = ReportFactory()
    log_in(client, person())
    assert client.get("/moderatie/meldingen").status_code == 403
    response = client.post(
        f"/moderatie/meldingen/{report.id}/afhandelen",
        data={f"report-{report.id}-resolution": "Weg ermee."},
    )
    assert response.status_code == 403
    session.expire_all()
    assert session.get(Report, report.id).resolved_at is None


def test_the_reports_list_shows_open_reports_oldest_first(client, moderator):
    ReportFactory(reason="Tweede melding", created_at=utcnow() - timedelta(hours=1))
    ReportFactory(reason="Eerste melding", created_at=utcnow() - timedelta(days=1))
    ReportFactory(reason="Al afgehandeld", resolved_at=utcnow(), resolution="Klaar.")
    log_in(client, moderator)
    page = page_text(client.get("/moderatie/meldingen"))
    assert "2 open klachten" in page
    assert page.index("Eerste melding") < page.index("Tweede melding")
    assert "Al afgehandeld" not in page


def test_the_reports_list_shows_what_was_reported_and_by_whom(client, moderator):
    reporter = person(display_name="Melder Marie")
    posting = PostingFactory(published=True, title="Verdachte oproep")
    ReportFactory(reporter=reporter, posting=posting)
    message = MessageFactory(body="Een heel onaardig bericht")
    ReportFactory(reporter=message.response.posting.author, posting=None, message=message)
    target = person(display_name="Vervelende Victor")
    ReportFactory(posting=None, reported_user=target)
    log_in(client, moderator)
    page = page_text(client.get("/moderatie/meldingen"))
    assert "Melder Marie" in page
    assert f'href="/moderatie/oproepen/{posting.id}"' in page
    assert "Verdachte oproep" in page
    assert "Een heel onaardig bericht" in page
    assert "Vervelende Victor" in page
    assert f'href="/moderatie/gebruikers/{target.id}/blokkeren"' in page


def test_an_admin_sees_the_reports(client, admin):
    ReportFactory()
    log_in(client, admin)
    assert client.get("/moderatie/meldingen").status_code == 200


def test_resolving_a_report_closes_it_and_is_audited(client, session, moderator):
    report = ReportFactory()
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/meldingen/{report.id}/afhandelen",
        data={f"report-{report.id}-resolution": "Niets aan de hand."},
    )
    assert response.headers["Location"] == "/moderatie/meldingen"
    session.expire_all()
    report = session.get(Report, report.id)
    assert report.resolution == "Niets aan de hand."
    assert report.resolved_by_id == moderator.id
    event = session.scalars(select(AuditEvent)).one()
    assert (event.action, event.target_id, event.reason) == (
        "report.resolve",
        report.id,
        "Niets aan de hand.",
    )


def test_resolving_without_saying_what_was_done_keeps_the_form(client, session, moderator):
    report = ReportFactory(reason="Reclame voor een kapper")
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/meldingen/{report.id}/afhandelen",
        data={f"report-{report.id}-resolution": ""},
    )
    assert response.status_code == 422
    page = page_text(response)
    assert "Schrijf kort wat u heeft gedaan" in page
    assert "Reclame voor een kapper" in page
    session.expire_all()
    assert session.get(Report, report.id).resolved_at is None


def test_resolving_a_report_twice_gives_a_clear_message(client, moderator):
    report = ReportFactory(resolved_at=utcnow(), resolution="Klaar.")
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/meldingen/{report.id}/afhandelen",
        data={f"report-{report.id}-resolution": "Ook klaar."},
        follow_redirects=True,
    )
    assert "al afgehandeld" in page_text(response)


def test_resolving_an_unknown_report_is_404(client, moderator):
    log_in(client, moderator)
    assert client.get("/moderatie/meldingen/999/afhandelen").status_code == 404
    assert client.post("/moderatie/meldingen/999/afhandelen").status_code == 404


def test_a_moderator_cannot_resolve_a_report_about_their_own_posting(client, session, moderator):
    report = ReportFactory(posting=PostingFactory(published=True, author=moderator))
    log_in(client, moderator)
    response = client.post(
        f"/moderatie/meldingen/{report.id}/afhandelen",
        data={f"report-{report.id}-resolution": "Onzin."},
        follow_redirects=True,
    )
    assert "Deze klacht gaat over uzelf" in page_text(response)
    session.expire_all()
    assert session.get(Report, report.id).resolved_at is None


def test_the_report_pages_work_for_a_person_without_a_profile(client):
    posting = PostingFactory(published=True)
    log_in(client, UserFactory())
    assert client.get(f"/melden/oproep/{posting.id}").status_code == 200
