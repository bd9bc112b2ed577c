"""Account verwijderen: nothing personal is left anywhere, the other side keeps the
conversation, and only what the law asks for stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import String, Text, cast, select

from marketplace.accounts.models import User
from marketplace.audit import AuditEvent
from marketplace.extensions import Model, db
from marketplace.intake.models import Client
from marketplace.moderation.models import Report
from marketplace.my_data.erasure import (
    ERASURE_RULES,
    erase_account,
    foreign_keys_to_users,
)
from marketplace.postings.models import PostingStatus
from marketplace.responses.models import ResponseStatus
from marketplace.security_log import read_security_events, security_log_dir
from tests.accounts.helpers import confirm_password
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from tests.my_data.conftest import CLIENT_PHONE, EMAIL, NAME, PHONE, POSTCODE


def _tables_holding(text: str) -> list[str]:
    """Every table and column whose text holds ``text`` (case-insensitive)."""
    found = []
    for table in Model.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String | Text) and column.type.python_type is not dict:
                continue
            hit = db.session.execute(
                select(table).where(cast(column, Text).ilike(f"%{text}%")).limit(1)
            ).first()
            if hit is not None:
                found.append(f"{table.name}.{column.name}")
    return found


def _logged_in_and_confirmed(client, anna):
    """Anna has two-factor log-in: she confirms with password and code before the erase
    page (which asks the password once more itself)."""
    log_in(client, anna)
    confirm_password(client, anna)
    return client


def _erase_through_the_page(client, world, password=PASSWORD):
    _logged_in_and_confirmed(client, world.anna)
    return client.post("/account/verwijderen", data={"password": password, "understood": "y"})


def test_every_foreign_key_to_users_has_an_erasure_rule():
    """A new table that points at a person must say what erasing the person does to it."""
    assert foreign_keys_to_users() == set(ERASURE_RULES)


def test_after_erasure_no_table_holds_her_email_name_phone_or_postcode(client, world):
    assert "users.email" in _tables_holding(EMAIL)  # the search does find things
    assert "hand_overs.client_phone" in _tables_holding(CLIENT_PHONE)
    response = _erase_through_the_page(client, world)
    assert response.status_code == 302
    db.session.expire_all()
    for text in (EMAIL, NAME, PHONE, POSTCODE, CLIENT_PHONE, "Annabel Z.", "Slecht ter been"):
        assert _tables_holding(text) == [], text


def test_the_tombstone_holds_nothing_but_an_id_and_a_placeholder(session, world):
    erase_account(session, world.anna)
    session.commit()
    anna = session.get(User, world.anna.id)
    assert anna.email.endswith(".invalid") and anna.erased_at is not None
    assert anna.profile is None and anna.roles == set() and anna.memberships == []
    assert anna.email_confirmed_at is None and anna.last_login_at is None and anna.locale is None
    assert not anna.is_active


def test_the_other_side_sees_verwijderd_account_and_no_text(client, world):
    _erase_through_the_page(client, world)
    client.get("/")  # a new request after the log-out
    log_in(client, world.bert)
    page = client.get(f"/berichten/{world.conversation.id}").get_data(as_text=True)
    assert "verwijderd account" in page
    assert "Dit bericht is verwijderd." in page
    assert "Hoi verwijderd account, ik kom dinsdag." in page  # Bert's own message stays
    assert PHONE not in page and EMAIL not in page


def test_her_postings_close_and_her_open_responses_are_withdrawn(session, world):
    erase_account(session, world.anna)
    session.commit()
    assert world.request.status == PostingStatus.CLOSED
    assert world.request.description == "" and world.request.postcode == "3011"
    assert world.offer_response.status == ResponseStatus.WITHDRAWN
    assert world.offer_response.message == ""


def test_the_audit_trail_keeps_its_rows_and_reports_lose_the_reporter(session, world):
    audits_before = session.scalar(select(db.func.count(AuditEvent.id)))
    anna_id = world.anna.id
    erase_account(session, world.anna)
    session.commit()
    assert session.scalar(select(db.func.count(AuditEvent.id))) == audits_before
    reports = session.scalars(select(Report)).all()
    assert [r.reporter_id for r in reports] == [None]  # the report about her is gone
    assert session.scalar(select(Client).where(Client.user_id == anna_id)) is None


def test_the_erasure_is_logged_with_the_number_only(session, world):
    anna_id = world.anna.id
    erase_account(session, world.anna)
    events = [
        event
        for day_file in Path(security_log_dir()).glob("security-*.jsonl")
        for event in read_security_events(day_file)
        if event["event"] == "account.erased"
    ]
    assert events[-1]["user_id"] == anna_id
    assert EMAIL not in str(events[-1]) and NAME not in str(events[-1])


def test_she_can_no_longer_log_in_and_her_session_has_ended(client, world):
    _erase_through_the_page(client, world)
    assert client.get("/mijn-gegevens").status_code == 302
    response = client.post("/inloggen", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 422


def test_a_wrong_password_erases_nothing_and_says_what_to_do(client, world):
    response = _erase_through_the_page(client, world, password="niet-mijn-wachtwoord")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Dit is niet uw wachtwoord" in page
    assert "checked" in page  # the tick she gave is still there
    db.session.expire_all()
    assert db.session.get(User, world.anna.id).erased_at is None


def test_without_the_tick_nothing_is_erased(client, world):
    _logged_in_and_confirmed(client, world.anna)
    response = client.post("/account/verwijderen", data={"password": PASSWORD})
    assert response.status_code == 422
    assert "Zet een vinkje" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, world.anna.id).erased_at is None


def test_the_erase_page_needs_a_log_in(client):
    response = client.get("/account/verwijderen")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_the_erase_page_asks_for_the_password_in_english_too(client):
    user = UserFactory(locale="en")
    log_in(client, user)
    page = client.get("/account/verwijderen").get_data(as_text=True)
    assert 'lang="en"' in page and 'type="password"' in page


def test_nothing_is_mailed_to_an_erased_account(session, world):
    from marketplace.notifications.models import NotificationKind
    from marketplace.notifications.services import notify

    erase_account(session, world.anna)
    row = notify(
        session,
        world.anna,
        NotificationKind.NEW_MESSAGE,
        "after-erasure",
        body="x",
        posting_title="x",
        sender_name="x",
    )
    assert row.send_email is False


@pytest.mark.parametrize("who", ["bert", "carla"])
def test_others_keep_their_accounts(session, world, who):
    erase_account(session, world.anna)
    session.commit()
    other = getattr(world, who)
    assert other.erased_at is None and other.profile is not None


def test_her_address_is_free_again_for_a_new_account(session, world):
    from marketplace.accounts.services import register_user

    erase_account(session, world.anna)
    session.commit()
    again = register_user(session, EMAIL, "een heel nieuw wachtwoord 42", "Annabel")
    assert again.id != world.anna.id and again.erased_at is None


def test_the_password_cannot_be_guessed_through_the_erase_form(rate_limited_client, world):
    _logged_in_and_confirmed(rate_limited_client, world.anna)
    statuses = [
        rate_limited_client.post(
            "/account/verwijderen", data={"password": f"gok-{n}", "understood": "y"}
        ).status_code
        for n in range(6)
    ]
    assert statuses == [422] * 5 + [429]


def test_the_other_side_can_no_longer_write_to_an_erased_account(session, world):
    from marketplace.responses.errors import ConversationClosed
    from marketplace.responses.services import send_message

    erase_account(session, world.anna)
    with pytest.raises(ConversationClosed):
        send_message(session, world.bert, world.conversation, "Bent u er nog?")


def test_free_text_about_her_goes_from_the_audit_trail_her_reports_and_organisations(
    session, world
):
    from marketplace.audit import record_audit

    moderator = UserFactory(moderator=True)
    record_audit(session, moderator, "user.block", world.anna, "Annabel belde boos, 06-55")
    record_audit(session, moderator, "posting.hide", world.request, "Over de buren")
    world.organisation.phone = PHONE.replace(" ", "-")  # her own number, written otherwise
    session.commit()
    erase_account(session, world.anna)
    session.commit()
    about_her = session.scalars(
        select(AuditEvent).where(
            AuditEvent.target_type == "user", AuditEvent.target_id == world.anna.id
        )
    ).all()
    assert about_her and {event.reason for event in about_her} == {"verwijderd"}
    # Decisions about a posting keep their reason.
    assert session.scalar(select(AuditEvent.reason).where(AuditEvent.action == "posting.hide")) == (
        "Over de buren"
    )
    [report] = session.scalars(select(Report)).all()
    assert report.reporter_id is None and report.reason == ""
    assert world.organisation.phone is None


def test_with_two_factor_the_erase_page_first_asks_for_a_code(client, world):
    log_in(client, world.anna)
    response = client.get("/account/verwijderen")
    assert response.headers["Location"].startswith("/account/bevestig-wachtwoord")
    response = client.post("/account/verwijderen", data={"password": PASSWORD, "understood": "y"})
    assert response.headers["Location"].startswith("/account/bevestig-wachtwoord")
    db.session.expire_all()
    assert db.session.get(User, world.anna.id).erased_at is None
