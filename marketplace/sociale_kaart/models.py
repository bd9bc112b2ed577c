"""The sociale kaart's tables, following Open Referral's Human Services Data Specification
(HSDS 3.0), so an HSDS data package maps onto them table for table and field for field.

Ids are HSDS's: text (a UUID for what we make ourselves), kept as they come from an import,
so importing the same package twice finds the same rows and changes nothing.

Organisation: an HSDS ``organization`` is its own table (``HsdsOrganization``), not our
``Organisation``. Most providers on a sociale kaart (the municipality's Vraagwijzer, a
national helpline, a GP practice) are no Buurthulp organisation: they have no staff here,
no moderation status, no members, and must not get any by being imported. Where a service
belongs to a Buurthulp organisation, ``HsdsOrganization.organisation_id`` links the two:
that organisation's staff edit its services.

Buurthulp's own additions (the web shop's features: group or individual, at home or
elsewhere, costs free/subsidised/paid, one-off or ongoing, referral needed; and the upkeep:
publication status, reminder) are columns on ``Service`` with names of their own; the export
writes them as extra fields, which HSDS allows.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace import page_cache
from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.search import register_fulltext
from marketplace.timestamps import UTCDateTime, utcnow


class ServiceStatus(StrEnum):
    """HSDS ``service.status``."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"
    TEMPORARILY_CLOSED = "temporarily closed"


class Publication(StrEnum):
    """Whether a service shows on the public kaart: new ones wait for a moderator."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Delivery(StrEnum):
    GROUP = "group"
    INDIVIDUAL = "individual"
    BOTH = "both"


class Setting(StrEnum):
    """Where the help happens."""

    AT_HOME = "at_home"
    ELSEWHERE = "elsewhere"
    BOTH = "both"


class CostKind(StrEnum):
    FREE = "free"
    SUBSIDISED = "subsidised"
    PAID = "paid"


class Frequency(StrEnum):
    ONE_OFF = "one_off"
    ONGOING = "ongoing"


class Vocabulary(StrEnum):
    """The two taxonomies the kaart filters on (HSDS ``taxonomy_term.taxonomy``)."""

    PROBLEM = "probleem"  # kind of problem: geldzorgen, eenzaamheid, wonen...
    TARGET_GROUP = "doelgroep"  # for whom: ouderen, mantelzorgers, nieuwkomers...


def _id() -> Mapped[str]:
    return mapped_column(String(64), primary_key=True)


def _part_of(target: str, **options: Any) -> Mapped[Any]:
    """A reference to the record this row belongs to (``"hsds_services.id"``): deleting that
    record deletes the row."""
    return mapped_column(ForeignKey(target, ondelete="CASCADE"), **options)


class HsdsOrganization(Model):
    __tablename__ = "hsds_organizations"

    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    # The Buurthulp organisation this is, if any (see the module's docstring).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )

    services: Mapped[list[Service]] = relationship(back_populates="organization")
    locations: Mapped[list[Location]] = relationship(back_populates="organization")


class TaxonomyTerm(Model):
    __tablename__ = "hsds_taxonomy_terms"

    id: Mapped[str] = _id()
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    # English name for the English pages; the Dutch name is ``name``.
    name_en: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    taxonomy: Mapped[str] = mapped_column(enum_type(Vocabulary, name="taxonomy", length=12))
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("hsds_taxonomy_terms.id", ondelete="SET NULL")
    )


class Service(Model):
    __tablename__ = "hsds_services"
    __table_args__ = (Index("ix_hsds_services_publication_status", "publication", "status"),)

    id: Mapped[str] = _id()
    organization_id: Mapped[str] = _part_of("hsds_organizations.id", index=True)
    name: Mapped[str] = mapped_column(String(200))
    alternate_name: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(
        enum_type(ServiceStatus, name="status", length=20), default=ServiceStatus.ACTIVE
    )
    # "How it works" (HSDS: application_process).
    application_process: Mapped[str] = mapped_column(Text, default="")
    fees_description: Mapped[str] = mapped_column(Text, default="")
    eligibility_description: Mapped[str] = mapped_column(Text, default="")
    minimum_age: Mapped[int | None] = mapped_column(Integer)
    maximum_age: Mapped[int | None] = mapped_column(Integer)
    # "Gecontroleerd op": the day the provider last confirmed it is right (HSDS assured_date).
    assured_date: Mapped[date | None] = mapped_column(Date)
    assurer_email: Mapped[str | None] = mapped_column(String(254))
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Buurthulp's features, for the facets.
    delivery: Mapped[str] = mapped_column(
        enum_type(Delivery, name="delivery", length=10), default=Delivery.INDIVIDUAL
    )
    setting: Mapped[str] = mapped_column(
        enum_type(Setting, name="setting", length=10), default=Setting.ELSEWHERE
    )
    cost_kind: Mapped[str] = mapped_column(
        enum_type(CostKind, name="cost_kind", length=10), default=CostKind.FREE
    )
    frequency: Mapped[str] = mapped_column(
        enum_type(Frequency, name="frequency", length=10), default=Frequency.ONGOING
    )
    referral_required: Mapped[bool] = mapped_column(Boolean, default=False)
    income_limit: Mapped[str | None] = mapped_column(String(200))
    # Upkeep: moderation on first publication, the six-month reminder.
    publication: Mapped[str] = mapped_column(
        enum_type(Publication, name="publication", length=10), default=Publication.PENDING
    )
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[HsdsOrganization] = relationship(back_populates="services")
    # Read through here; written as Attribute rows (the import, the edit form).
    terms: Mapped[list[TaxonomyTerm]] = relationship(secondary="hsds_attributes", viewonly=True)
    phones: Mapped[list[Phone]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    cost_options: Mapped[list[CostOption]] = relationship(cascade="all, delete-orphan")
    languages: Mapped[list[Language]] = relationship(cascade="all, delete-orphan")
    schedules: Mapped[list[Schedule]] = relationship(
        cascade="all, delete-orphan", foreign_keys="Schedule.service_id"
    )
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )


# The kaart's search box: Dutch full-text search (DEVELOPERS.md, "Searching"); the index is
# made by migration a20kaart.
register_fulltext(
    Service,
    fields={
        "name": "A",
        "alternate_name": "A",
        "description": "B",
        "eligibility_description": "C",
    },
)


class Attribute(Model):
    """HSDS ``attribute``: a taxonomy term attached to a service."""

    __tablename__ = "hsds_attributes"

    service_id: Mapped[str] = _part_of("hsds_services.id", primary_key=True)
    taxonomy_term_id: Mapped[str] = _part_of("hsds_taxonomy_terms.id", primary_key=True, index=True)


class Location(Model):
    __tablename__ = "hsds_locations"

    id: Mapped[str] = _id()
    organization_id: Mapped[str | None] = _part_of("hsds_organizations.id", index=True)
    location_type: Mapped[str] = mapped_column(String(20), default="physical")
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    transportation: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # HSDS ``address`` (physical), one per location here: a provider's public address.
    address_1: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    # The wijk, for the facet (Buurthulp's; not in HSDS).
    wijk: Mapped[str] = mapped_column(String(120), default="", index=True)

    organization: Mapped[HsdsOrganization | None] = relationship(back_populates="locations")
    accessibility: Mapped[list[Accessibility]] = relationship(cascade="all, delete-orphan")
    schedules: Mapped[list[Schedule]] = relationship(foreign_keys="Schedule.location_id")


class ServiceAtLocation(Model):
    __tablename__ = "hsds_service_at_locations"

    id: Mapped[str] = _id()
    service_id: Mapped[str] = _part_of("hsds_services.id", index=True)
    location_id: Mapped[str] = _part_of("hsds_locations.id", index=True)
    description: Mapped[str] = mapped_column(Text, default="")

    service: Mapped[Service] = relationship(back_populates="service_at_locations")
    location: Mapped[Location] = relationship()
    schedules: Mapped[list[Schedule]] = relationship(
        cascade="all, delete-orphan", foreign_keys="Schedule.service_at_location_id"
    )


class Schedule(Model):
    """HSDS ``schedule``: weekly opening hours of a service, a location or a service there."""

    __tablename__ = "hsds_schedules"

    id: Mapped[str] = _id()
    service_id: Mapped[str | None] = _part_of("hsds_services.id", index=True)
    location_id: Mapped[str | None] = _part_of("hsds_locations.id", index=True)
    service_at_location_id: Mapped[str | None] = _part_of(
        "hsds_service_at_locations.id", index=True
    )
    freq: Mapped[str] = mapped_column(String(10), default="WEEKLY")
    byday: Mapped[str] = mapped_column(String(40), default="")  # "MO,WE"
    opens_at: Mapped[str | None] = mapped_column(String(8))  # "09:30"
    closes_at: Mapped[str | None] = mapped_column(String(8))
    description: Mapped[str] = mapped_column(Text, default="")


class Phone(Model):
    __tablename__ = "hsds_phones"

    id: Mapped[str] = _id()
    service_id: Mapped[str | None] = _part_of("hsds_services.id", index=True)
    organization_id: Mapped[str | None] = _part_of("hsds_organizations.id", index=True)
    location_id: Mapped[str | None] = _part_of("hsds_locations.id", index=True)
    number: Mapped[str] = mapped_column(String(30))
    type: Mapped[str] = mapped_column(String(20), default="voice")
    description: Mapped[str] = mapped_column(Text, default="")

    service: Mapped[Service | None] = relationship(back_populates="phones")


class CostOption(Model):
    __tablename__ = "hsds_cost_options"

    id: Mapped[str] = _id()
    service_id: Mapped[str] = _part_of("hsds_services.id", index=True)
    option: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    amount_description: Mapped[str] = mapped_column(Text, default="")


class Language(Model):
    __tablename__ = "hsds_languages"

    id: Mapped[str] = _id()
    service_id: Mapped[str] = _part_of("hsds_services.id", index=True)
    name: Mapped[str] = mapped_column(String(60))
    code: Mapped[str] = mapped_column(String(8), index=True)  # ISO 639-1: "nl", "tr", "ar"
    note: Mapped[str] = mapped_column(Text, default="")


class Accessibility(Model):
    """HSDS ``accessibility`` of a location: wheelchair, hearing loop, transport."""

    __tablename__ = "hsds_accessibility"

    id: Mapped[str] = _id()
    location_id: Mapped[str] = _part_of("hsds_locations.id", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(300))


class ReferralOutcome(StrEnum):
    HELPED = "helped"  # de dienst helpt de persoon
    IN_PROGRESS = "in_progress"  # loopt nog
    NOT_REACHED = "not_reached"  # de dienst kreeg de persoon niet te pakken
    DECLINED = "declined"  # de persoon wilde toch niet


class ReferralSubject(StrEnum):
    """Where a referral started: the request, concern signal or home visit the worker handles
    (``Referral.subject_id`` is its id there; no foreign key: those are other features)."""

    POSTING = "posting"
    SIGNAL = "signal"
    HOME_VISIT = "home_visit"


class Referral(Model):
    """A warm hand-over ("verwijzen"): a welfare worker passed someone on to a service,
    with that person's consent. The person's name and phone number go to the service in
    the mail only (a notification, purged with mail content); this row keeps which service,
    who referred, when consent was given, and the outcome asked a week later."""

    __tablename__ = "sociale_kaart_referrals"
    __table_args__ = (
        Index("ix_sociale_kaart_referrals_due", "outcome_asked_at", "ask_outcome_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = _part_of("hsds_services.id", index=True)
    referred_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ask_outcome_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(
        enum_type(ReferralOutcome, name="outcome", length=12)
    )
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Made from a request, signal or visit (None: from the service page).
    subject_kind: Mapped[str | None] = mapped_column(
        enum_type(ReferralSubject, name="subject_kind", length=12)
    )
    subject_id: Mapped[int | None] = mapped_column(Integer)

    service: Mapped[Service] = relationship()


# A service changed, imported, approved or hidden shows at once on the cached public pages
# (the kaart's search and a service's page): everything they show comes from these tables.
for _shown in (
    HsdsOrganization,
    TaxonomyTerm,
    Service,
    Attribute,
    Location,
    ServiceAtLocation,
    Schedule,
    Phone,
    CostOption,
    Language,
    Accessibility,
):
    page_cache.watch(_shown)
