"""A client can later get an own account, without losing any history."""

from __future__ import annotations

import base64
import re

import pytest
from sqlalchemy import select

from marketplace.accounts.mail_links import LinkNotNeeded
from marketplace.extensions import db
from marketplace.intake.invite_links import fill_invite_link
from marketplace.intake.models import Client, ClientInvite
from marketplace.notifications.models import Notification
from marketplace.responses.models import Message, Response
from tests.conftest import log_in
from tests.factories import MessageFactory, PostingFactory, ResponseFactory, UserFactory, person
from tests.intake.helpers import ClientFactory

CLIENT_EMAIL = "joke@example.org"


@pytest.fixture
def client_record(organisation):
    return ClientFactory(organisation=organisation, name="Joke")


@pytest.fixture
def history(organisation, staff, client_record):
    posting = PostingFactory(
        matched=True,
        author=staff,
        organisation=organisation,
        client_id=client_record.id,
        on_behalf_of="Joke",
        title="Boodschappen voor Joke",
    )
    response = ResponseFactory(posting=posting, accepted=True)
    MessageFactory(response=response)
    return posting


def _invite_link(app, organisation, staff, client_record) -> str:
    http = log_in(app.test_client(), staff)
    answer = http.post(
        f"/intake/{organisation.id}/clienten/{client_record.id}/uitnodigen",
        data={"email": CLIENT_EMAIL},
    )
    assert answer.status_code == 302
    page = http.get(f"/intake/{organisation.id}/clienten/{client_record.id}").get_data(as_text=True)
    return re.search(r"http://localhost(/intake/uitnodiging/[^<\s\"]+)", page).group(1)


def test_staff_make_an_invitation_with_a_link_and_a_ready_e_mail(
    app, organisation, staff, client_record
):
    path = _invite_link(app, organisation, staff, client_record)
    invite = db.session.scalars(select(ClientInvite)).one()
    assert invite.email == CLIENT_EMAIL
    assert invite.invited_by_id == staff.id
    page = (
        log_in(app.test_client(), staff)
        .get(f"/intake/{organisation.id}/clienten/{client_record.id}")
        .get_data(as_text=True)
    )
    assert f"mailto:{CLIENT_EMAIL.replace('@', '%40')}" in page
    assert path.startswith("/intake/uitnodiging/")


def test_the_client_is_mailed_the_invitation_without_links_for_an_account_they_lack(
    app, organisation, staff, client_record
):
    _invite_link(app, organisation, staff, client_record)
    mail = db.session.scalars(select(Notification)).one()
    assert mail.to_email == CLIENT_EMAIL
    assert (mail.send_email, mail.show_in_app) == (True, False)  # not in the staff's list
    assert "Beste Joke" in mail.body and organisation.name in mail.subject
    assert "/profiel/meldingen" not in mail.body and "meld u af" not in mail.body.lower()

    # The stored mail holds a placeholder; the worker makes the link as it sends the mail.
    assert mail.link_path == f"/intake/uitnodiging/[uitnodiging-{mail_invite_id()}]"
    body = fill_invite_link(db.session, mail.body)
    path = re.search(r"http://localhost(/intake/uitnodiging/\S+)", body).group(1)
    joke = UserFactory(email=CLIENT_EMAIL)
    assert log_in(app.test_client(), joke).get(path).status_code == 200


def mail_invite_id() -> int:
    return db.session.scalars(select(ClientInvite.id)).one()


def test_no_working_invitation_link_is_stored_and_the_token_holds_no_address(
    app, organisation, staff, client_record
):
    path = _invite_link(app, organisation, staff, client_record)
    token = path.rsplit("/", 1)[-1]
    payload = base64.urlsafe_b64decode(token.split(".")[0] + "==").decode()
    assert CLIENT_EMAIL not in payload and "joke" not in payload
    mail = db.session.scalars(select(Notification)).one()
    assert "/intake/uitnodiging/" in mail.body
    http = log_in(app.test_client(), UserFactory(email=CLIENT_EMAIL))
    for text in (mail.body, mail.link_path):
        for candidate in re.findall(r"/intake/uitnodiging/(\S+)", text):
            assert candidate.startswith("[uitnodiging-")
            assert http.get(f"/intake/uitnodiging/{candidate}").status_code != 200


def test_the_worker_sends_no_invitation_that_was_used(app, organisation, staff, client_record):
    path = _invite_link(app, organisation, staff, client_record)
    log_in(app.test_client(), UserFactory(email=CLIENT_EMAIL)).post(path)
    mail = db.session.scalars(select(Notification)).one()
    db.session.refresh(db.session.scalars(select(ClientInvite)).one())
    with pytest.raises(LinkNotNeeded):
        fill_invite_link(db.session, mail.body)


def test_a_wrong_e_mail_address_is_refused_and_kept(app, organisation, staff, client_record):
    answer = log_in(app.test_client(), staff).post(
        f"/intake/{organisation.id}/clienten/{client_record.id}/uitnodigen",
        data={"email": "geen-adres"},
    )
    assert answer.status_code == 422
    assert 'value="geen-adres"' in answer.get_data(as_text=True)
    assert db.session.scalars(select(ClientInvite)).first() is None


@pytest.mark.parametrize("who", ["plain user", "staff of another organisation", "admin"])
def test_only_staff_may_invite(app, organisation, client_record, roles, who):
    answer = log_in(app.test_client(), roles[who]).post(
        f"/intake/{organisation.id}/clienten/{client_record.id}/uitnodigen",
        data={"email": CLIENT_EMAIL},
    )
    assert answer.status_code == 403


def test_a_visitor_with_the_link_is_asked_to_log_in_or_register(
    app, client, organisation, staff, client_record
):
    path = _invite_link(app, organisation, staff, client_record)
    page = client.get(path).get_data(as_text=True)
    assert "Inloggen" in page and "Account maken" in page
    assert client.post(path).status_code == 302


def test_accepting_links_the_account_and_keeps_the_history(
    app, organisation, staff, client_record, history
):
    path = _invite_link(app, organisation, staff, client_record)
    joke = UserFactory(email=CLIENT_EMAIL)
    http = log_in(app.test_client(), joke)
    answer = http.post(path)
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith("/intake/mijn-hulpvragen")
    db.session.expire_all()
    linked = db.session.get(Client, client_record.id)
    assert linked.user_id == joke.id
    assert linked.linked_at is not None
    assert history.author_id == staff.id  # the organisation stays responsible
    assert db.session.scalars(select(Response)).one().posting_id == history.id
    assert len(db.session.scalars(select(Message)).all()) == 1
    page = http.get("/intake/mijn-hulpvragen").get_data(as_text=True)
    assert "Boodschappen voor Joke" in page
    assert "Helper gevonden" in page


def test_an_invitation_for_another_address_links_nothing(app, organisation, staff, client_record):
    path = _invite_link(app, organisation, staff, client_record)
    http = log_in(app.test_client(), UserFactory(email="iemand@example.org"))
    answer = http.post(path)
    assert answer.status_code == 409
    assert "ander e-mailadres" in answer.get_data(as_text=True)
    assert db.session.get(Client, client_record.id).user_id is None


def test_an_invitation_works_once(app, organisation, staff, client_record):
    path = _invite_link(app, organisation, staff, client_record)
    http = log_in(app.test_client(), UserFactory(email=CLIENT_EMAIL))
    http.post(path)
    assert http.get(path).status_code == 404


def test_a_made_up_link_is_404_with_a_message(client):
    answer = client.get("/intake/uitnodiging/niet-echt")
    assert answer.status_code == 404
    assert "Vraag de organisatie om een nieuwe link" in answer.get_data(as_text=True)


def test_someone_else_s_requests_are_not_on_my_page(app, client_record, history):
    page = log_in(app.test_client(), person()).get("/intake/mijn-hulpvragen").get_data(as_text=True)
    assert "Boodschappen voor Joke" not in page


def test_an_unconfirmed_account_is_asked_to_confirm_first(app, organisation, staff, client_record):
    path = _invite_link(app, organisation, staff, client_record)
    http = log_in(app.test_client(), UserFactory(email=CLIENT_EMAIL, unconfirmed=True))
    answer = http.post(path)
    assert answer.status_code == 302
    assert db.session.get(Client, client_record.id).user_id is None
