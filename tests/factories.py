"""Factories with named traits: ``PostingFactory(published=True)``.

Objects are committed, like the app commits them, so the web client, services and a real
worker process all see the same rows.
"""

from __future__ import annotations

from datetime import timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from marketplace.accounts.blocks import ContactBlock
from marketplace.accounts.memberships import Membership, Organisation
from marketplace.accounts.models import RoleGrant, User
from marketplace.accounts.passwords import hash_password
from marketplace.categories import Category
from marketplace.dayparts import FULL_WEEK
from marketplace.extensions import db
from marketplace.geo import lookup_postcode
from marketplace.matching.models import MatchSuggestion
from marketplace.moderation.models import Report
from marketplace.notifications.models import Notification
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.profiles.models import Profile
from marketplace.responses.models import Message, Response, ResponseStatus
from marketplace.timestamps import local_today, utcnow

PASSWORD = "lang-genoeg-wachtwoord"
PASSWORD_HASH = hash_password(PASSWORD)  # hashed once: Argon2 is slow on purpose


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class CategoryFactory(BaseFactory):
    class Meta:
        model = Category
        sqlalchemy_get_or_create = ("slug",)

    slug = "boodschappen"
    name_nl = "Boodschappen"
    name_en = "Shopping"
    bit = 0
    position = 0


def category(slug: str = "boodschappen") -> Category:
    """A default category by slug (all default categories are created on first use)."""
    from marketplace.categories import ensure_default_categories

    by_slug = {c.slug: c for c in ensure_default_categories(db.session)}
    db.session.commit()
    return by_slug[slug]


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    password_hash = PASSWORD_HASH
    email_confirmed_at = factory.LazyFunction(utcnow)

    class Params:
        unconfirmed = factory.Trait(email_confirmed_at=None)
        blocked = factory.Trait(is_blocked=True, blocked_at=factory.LazyFunction(utcnow))
        moderator = factory.Trait(
            role_grants=factory.LazyFunction(lambda: [RoleGrant(role="moderator")])
        )
        admin = factory.Trait(role_grants=factory.LazyFunction(lambda: [RoleGrant(role="admin")]))
        municipality = factory.Trait(
            role_grants=factory.LazyFunction(lambda: [RoleGrant(role="municipality")])
        )


class ProfileFactory(BaseFactory):
    """A profile at a real postcode; ``volunteer=True`` for someone who wants to help."""

    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Buur {n}")
    postcode = "3011"
    phone = "06 1234 5678"
    radius_km = 5

    class Params:
        volunteer = factory.Trait(
            wants_to_help=True,
            availability_mask=FULL_WEEK,
            interest_mask=factory.LazyFunction(lambda: category("boodschappen").mask),
        )

    @factory.lazy_attribute
    def pc4(self) -> str:
        return lookup_postcode(self.postcode).pc4

    @factory.lazy_attribute
    def lat(self) -> float:
        return lookup_postcode(self.postcode).lat

    @factory.lazy_attribute
    def lon(self) -> float:
        return lookup_postcode(self.postcode).lon

    @factory.lazy_attribute
    def neighbourhood(self) -> str:
        return lookup_postcode(self.postcode).neighbourhood


def person(postcode: str = "3011", **profile_fields: object) -> User:
    """A confirmed user with a profile: the most common thing a test needs."""
    profile = ProfileFactory(postcode=postcode, **profile_fields)
    return profile.user


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Welzijn Rotterdam {n}")
    slug = factory.Sequence(lambda n: f"welzijn-rotterdam-{n}")
    description = "Wij helpen buren elkaar te helpen."
    status = "approved"
    approved_at = factory.LazyFunction(utcnow)

    class Params:
        pending = factory.Trait(status="pending", approved_at=None)


class MembershipFactory(BaseFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = "staff"


class PostingFactory(BaseFactory):
    """A request in central Rotterdam; traits set the status the way the services would."""

    class Meta:
        model = Posting

    kind = PostingKind.REQUEST
    status = PostingStatus.PENDING
    category = factory.LazyFunction(lambda: category("boodschappen"))
    title = "Wie doet boodschappen voor mij?"
    description = "Ik kan zelf niet goed lopen. Wie haalt op dinsdag mijn boodschappen?"
    author = factory.SubFactory(UserFactory)
    postcode = "3011"
    pc4 = "3011"
    lat = 51.91869
    lon = 4.48756
    neighbourhood = "Stadsdriehoek"
    timing = "flexible"
    ends_on = factory.LazyFunction(lambda: local_today() + timedelta(days=30))
    submitted_at = factory.LazyFunction(utcnow)

    class Params:
        draft = factory.Trait(status=PostingStatus.DRAFT, submitted_at=None)
        published = factory.Trait(
            status=PostingStatus.PUBLISHED, published_at=factory.LazyFunction(utcnow)
        )
        matched = factory.Trait(
            status=PostingStatus.MATCHED,
            published_at=factory.LazyFunction(utcnow),
            matched_at=factory.LazyFunction(utcnow),
        )
        rejected = factory.Trait(
            status=PostingStatus.REJECTED, rejection_reason="Er staat een adres in."
        )
        offer = factory.Trait(kind=PostingKind.OFFER, title="Ik doe graag boodschappen")


class ResponseFactory(BaseFactory):
    class Meta:
        model = Response

    posting = factory.SubFactory(PostingFactory, published=True)
    responder = factory.SubFactory(UserFactory)
    message = "Ik kan dinsdag helpen."
    status = ResponseStatus.PENDING

    class Params:
        accepted = factory.Trait(
            status=ResponseStatus.ACCEPTED, decided_at=factory.LazyFunction(utcnow)
        )


class MessageFactory(BaseFactory):
    class Meta:
        model = Message

    response = factory.SubFactory(ResponseFactory)
    sender = factory.LazyAttribute(lambda o: o.response.responder)
    body = "Hoe laat zal ik komen?"


class ContactBlockFactory(BaseFactory):
    """``blocker`` wants no more contact with ``blocked`` (without the service's check that
    they met: for matching tests)."""

    class Meta:
        model = ContactBlock

    blocker_id = factory.LazyFunction(lambda: person().id)
    blocked_id = factory.LazyFunction(lambda: person().id)


class MatchSuggestionFactory(BaseFactory):
    class Meta:
        model = MatchSuggestion

    posting = factory.SubFactory(PostingFactory, published=True)
    user = factory.SubFactory(UserFactory)
    score = 0.8
    distance_km = 1.2
    reasons = factory.LazyFunction(
        lambda: {"distance_km": 1.2, "categories": ["boodschappen"], "slots": []}
    )


class ReportFactory(BaseFactory):
    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    posting = factory.SubFactory(PostingFactory, published=True)
    reason = "Dit lijkt op reclame."


class NotificationFactory(BaseFactory):
    """A notification shown in the app and not read yet (the menu counts it)."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "new_response"
    idempotency_key = factory.Sequence(lambda n: f"factory:{n}")
    to_email = factory.LazyAttribute(lambda notification: notification.recipient.email)
    subject = "Onderwerp"
    body = "Tekst"
