"""`flask demo-data`: a demo Rotterdam with every role and every posting status, loaded once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.memberships import MembershipRole, Organisation
from marketplace.accounts.models import Role, User
from marketplace.accounts.passwords import verify_password
from marketplace.demo.data import DEMO_LOGINS, DEMO_PASSWORD, demo_email, load_demo_data
from marketplace.matching.models import MatchRequest
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.profiles.models import Profile
from marketplace.responses.models import Message, Response, ResponseStatus


@pytest.fixture
def demo(session):
    summary = load_demo_data(session)
    session.commit()
    return summary


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def user(session, local_part: str) -> User:
    return session.scalar(select(User).where(User.email == demo_email(local_part)))


def test_demo_town_has_about_fifty_people_in_ten_rotterdam_neighbourhoods(session, demo):
    assert 45 <= count(session, User) <= 55
    neighbourhoods = set(session.scalars(select(Profile.neighbourhood)))
    assert len(neighbourhoods) == 10
    assert "Stadsdriehoek" in neighbourhoods


def test_demo_has_postings_of_every_kind_in_every_status(session, demo):
    assert 35 <= count(session, Posting) <= 50
    statuses = set(session.scalars(select(Posting.status)))
    assert statuses == {s.value for s in PostingStatus} - {PostingStatus.DRAFT}
    assert set(session.scalars(select(Posting.kind))) == {k.value for k in PostingKind}


def test_rejected_demo_postings_carry_a_reason(session, demo):
    rejected = session.scalars(select(Posting).where(Posting.status == PostingStatus.REJECTED))
    assert all(p.rejection_reason for p in rejected)


def test_every_published_demo_posting_waits_for_the_worker(session, demo):
    published = session.scalars(select(Posting).where(Posting.status == PostingStatus.PUBLISHED))
    keys = set(session.scalars(select(MatchRequest.idempotency_key)))
    expected = {f"match:{p.id}:{p.published_at.isoformat()}" for p in published}
    assert keys == expected
    assert count(session, MatchRequest, MatchRequest.completed_at.is_not(None)) == 0


def test_matched_demo_postings_have_an_accepted_response_and_messages(session, demo):
    matched = session.scalars(select(Posting).where(Posting.status == PostingStatus.MATCHED))
    for posting in matched:
        accepted = [r for r in posting.responses if r.status == ResponseStatus.ACCEPTED]
        assert len(accepted) == 1
        assert accepted[0].messages
    assert count(session, Message) > 0
    assert count(session, Response, Response.status == ResponseStatus.PENDING) > 0


def test_volunteers_have_interests_availability_and_a_radius(session, demo):
    volunteers = list(session.scalars(select(Profile).where(Profile.wants_to_help)))
    assert len(volunteers) >= 20
    assert all(v.interest_mask and v.availability_mask for v in volunteers)
    assert len({v.radius_km for v in volunteers}) > 2


@pytest.mark.parametrize(("role", "email"), DEMO_LOGINS)
def test_each_demo_log_in_works_with_the_demo_password(session, demo, role, email):
    person = session.scalar(select(User).where(User.email == email))
    assert person.is_email_confirmed and not person.is_blocked
    assert verify_password(person.password_hash, DEMO_PASSWORD)


def test_demo_roles_are_granted(session, demo):
    assert user(session, "moderator").has_role(Role.MODERATOR)
    assert user(session, "admin").has_role(Role.ADMIN)
    assert user(session, "gemeente").has_role(Role.MUNICIPALITY)
    assert not user(session, "anna").roles


def test_two_approved_organisations_each_have_a_coordinator(session, demo):
    organisations = list(session.scalars(select(Organisation)))
    assert len(organisations) == 2
    for organisation in organisations:
        assert organisation.is_approved
        roles = [m.role for m in organisation.memberships]
        assert roles.count(MembershipRole.COORDINATOR) == 1
    coordinator = user(session, "coordinator")
    assert coordinator.memberships[0].role == MembershipRole.COORDINATOR


def test_loading_twice_keeps_the_existing_data(session, demo):
    anna = user(session, "anna")
    anna.profile.display_name = "Anna (aangepast)"
    session.commit()
    assert load_demo_data(session) is None
    session.commit()
    assert user(session, "anna").profile.display_name == "Anna (aangepast)"
    assert count(session, User) == demo.people


def test_the_same_seed_gives_the_same_town(session):
    load_demo_data(session, seed=7)
    # Ordered by id: PostgreSQL returns an unordered select in whatever order the heap gives.
    in_creation_order = select(Posting).order_by(Posting.id)
    first = [(p.title, p.author.email, p.postcode) for p in session.scalars(in_creation_order)]
    session.rollback()
    load_demo_data(session, seed=7)
    again = [(p.title, p.author.email, p.postcode) for p in session.scalars(in_creation_order)]
    session.rollback()
    assert first == again


def test_demo_data_command_says_when_data_is_already_there(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    second = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0 and "demo data loaded" in first.output
    assert second.exit_code == 0 and "demo data already present" in second.output


def test_demo_logins_command_prints_the_password_and_every_log_in(app):
    output = app.test_cli_runner().invoke(args=["demo-logins"]).output
    assert DEMO_PASSWORD in output
    assert all(email in output for _, email in DEMO_LOGINS)


def test_demo_staff_have_two_factor_with_the_printed_secret(app, session, demo):
    from marketplace.accounts import two_factor
    from marketplace.accounts.models import TwoFactor
    from marketplace.demo.data import DEMO_TOTP_SECRET

    for local_part in ("admin", "moderator", "gemeente", "coordinator"):
        demo_user = user(session, local_part)
        assert session.get(TwoFactor, demo_user.id).secret == DEMO_TOTP_SECRET
        assert not two_factor.needs_setup(session, demo_user)
    assert not two_factor.is_enabled(session, user(session, "anna"))
    output = app.test_cli_runner().invoke(args=["demo-logins"]).output
    assert DEMO_TOTP_SECRET in output
