"""Passing on a worry: check the answers, keep the signal, send it where it must go.

The signal goes at once to the organisations that handle signals for its wijk, and to
their staff with the "signalen" role (or, when an organisation has given nobody that role
yet, to its coordinators), by e-mail and in the app. The e-mail says only that there is a
signal and for which wijk: the details are behind the log-in.

A wijk that no organisation handles: the signal goes to the helpdesk (moderators and
admins), who see it on their own list and pass it on by phone or to an organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import Role, RoleGrant, User
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, notify_address, page_path
from marketplace.signals.addresses import clean_address
from marketplace.signals.errors import InvalidSignal, SignalNotFound
from marketplace.signals.models import (
    DID_CHOICES,
    NOTICED_CHOICES,
    Signal,
    SignalRoute,
    SignalSince,
    SignalSource,
    SignalStatus,
    SignalStatusChange,
)
from marketplace.signals.staff import coordinator_ids, handler_ids, organisations_for_wijk
from marketplace.signals.status_links import new_status_key, status_link_path
from marketplace.timestamps import utcnow

TEXT_MAX = 2000
NAME_MAX = 80
PHONE_MAX = 30
EMAIL_MAX = 254


@dataclass
class SignalData:
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    noticed: list[str] = field(default_factory=list)
    noticed_text: str = ""
    since: str = SignalSince.UNKNOWN
    reporter_did: list[str] = field(default_factory=list)
    reporter_did_text: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""


def _text(value: str, field_name: str, limit: int) -> str | None:
    value = (value or "").strip()
    if len(value) > limit:
        raise InvalidSignal(
            field_name, _l("Maak de tekst korter: hooguit %(max)d tekens.", max=limit)
        )
    return value or None


def _codes(values: list[str], allowed: tuple[str, ...]) -> str:
    return ",".join(code for code in allowed if code in set(values))


def first_contact_due(created_at: datetime) -> datetime:
    return created_at + timedelta(hours=current_app.config["SIGNAL_FIRST_CONTACT_HOURS"])


def submit_signal(
    session: Session,
    data: SignalData,
    *,
    reporter: User | None,
    source: SignalSource = SignalSource.RESIDENT,
    taken_by: User | None = None,
    now: datetime | None = None,
) -> Signal:
    """Keep the signal and send it on (see the module's docstring).

    ``reporter``: the logged-in person who made it (None for a guest, or for a caller when
    ``taken_by`` takes it by phone). A signal without a reporter account gets a private
    status link (``status_links``). Raises InvalidSignal.
    """
    now = now or utcnow()
    address = clean_address(data.street, data.house_number, data.postcode)
    noticed = _codes(data.noticed, NOTICED_CHOICES)
    noticed_text = _text(data.noticed_text, "noticed_text", TEXT_MAX)
    if not noticed and not noticed_text:
        raise InvalidSignal("noticed", _l("Kies wat u opviel, of schrijf het op."))
    if data.since not in set(SignalSince):
        raise InvalidSignal("since", _l("Kies sinds wanneer het u opvalt."))
    signal = Signal(
        street=address.street,
        house_number=address.house_number,
        postcode=address.postcode,
        pc4=address.pc4,
        wijk=address.wijk,
        address_key=address.key,
        noticed=noticed,
        noticed_text=noticed_text,
        since=data.since,
        reporter_did=_codes(data.reporter_did, DID_CHOICES),
        reporter_did_text=_text(data.reporter_did_text, "reporter_did_text", TEXT_MAX),
        reporter_name=_text(data.reporter_name, "reporter_name", NAME_MAX),
        reporter_phone=_text(data.reporter_phone, "reporter_phone", PHONE_MAX),
        reporter_email=_text(data.reporter_email, "reporter_email", EMAIL_MAX),
        reporter_id=reporter.id if reporter is not None else None,
        taken_by_id=taken_by.id if taken_by is not None else None,
        source=source,
        status_key=new_status_key() if reporter is None else None,
        status=SignalStatus.NEW,
        created_at=now,
        first_contact_due_at=first_contact_due(now),
    )
    session.add(signal)
    session.flush()  # the id, for the history, the routes and the notification keys
    by = reporter or taken_by
    session.add(
        SignalStatusChange(
            signal_id=signal.id,
            changed_by_id=by.id if by is not None else None,
            from_status=None,
            to_status=SignalStatus.NEW,
            changed_at=now,
        )
    )
    recipients = route_signal(session, signal, now)
    if signal.status_key is not None and signal.reporter_email:
        mail_status_link(session, signal, sender=taken_by or _first(session, recipients))
    if reporter is not None:
        notify(
            session,
            reporter,
            NotificationKind.SIGNAL_RECEIVED,
            f"signal_received:{signal.id}",
            link_path=page_path("signals.mine"),
        )
    session.flush()
    return signal


def helpdesk_ids(session: Session) -> list[int]:
    """Moderators and admins: they take signals by phone and those nobody handles."""
    return list(
        session.scalars(
            select(RoleGrant.user_id)
            .where(RoleGrant.role.in_([Role.MODERATOR, Role.ADMIN]))
            .distinct()
            .order_by(RoleGrant.user_id)
        )
    )


def _first(session: Session, user_ids: list[int]) -> User | None:
    return session.get(User, user_ids[0]) if user_ids else None


def mail_status_link(session: Session, signal: Signal, sender: User | None) -> None:
    """Mail the private status link to a reporter without an account who gave an address.

    A notification is kept under an account: here the member of staff who took the call,
    or else the first person the signal went to (who sees the reporter's address on the
    signal anyway). The link itself is made as the mail goes out (``status_links``). With
    nobody to keep it under (no helpdesk, no handler), nothing is mailed: the link was
    shown on the page.
    """
    if sender is None or not signal.reporter_email:
        return
    notify_address(
        session,
        sender,
        signal.reporter_email,
        NotificationKind.SIGNAL_STATUS_LINK,
        f"signal_status_link:{signal.id}",
        link_path=status_link_path(signal),
    )


def route_signal(session: Session, signal: Signal, now: datetime) -> list[int]:
    """Send the signal to the organisations handling its wijk and tell the people who
    handle it; returns who was told (ids)."""
    organisations = organisations_for_wijk(session, signal.wijk)
    for organisation in organisations:
        session.add(
            SignalRoute(signal_id=signal.id, organisation_id=organisation.id, routed_at=now)
        )
    session.flush()
    recipients: set[int] = set()
    for organisation in organisations:
        recipients.update(
            handler_ids(session, organisation.id) or coordinator_ids(session, organisation.id)
        )
    unrouted = not organisations
    if unrouted:
        recipients.update(helpdesk_ids(session))
    return tell_about_new_signal(session, signal, recipients, unrouted=unrouted)


def tell_about_new_signal(
    session: Session, signal: Signal, user_ids: set[int], *, unrouted: bool = False
) -> list[int]:
    """E-mail and in-app, once per person: there is a signal for this wijk (no details).
    Returns who was told."""
    link = page_path("signals.detail", signal_id=signal.id)
    told = []
    for user_id in sorted(user_ids):
        user = session.get(User, user_id)
        if user is None or user.is_blocked or user.is_erased:
            continue
        told.append(user.id)
        notify(
            session,
            user,
            NotificationKind.SIGNAL_NEW,
            f"signal_new:{signal.id}:{user.id}",
            link_path=link,
            send_email=True,  # work with a 48-hour clock: not subject to "no e-mail, please"
            wijk=signal.wijk,
            unrouted=unrouted,
            due_at=signal.first_contact_due_at,
        )
    return told


def pass_on(session: Session, actor: User, signal: Signal, organisation_id: int) -> Signal:
    """The helpdesk passes a signal nobody handled to an organisation. Raises
    SignalNotFound (not the helpdesk, or the signal went to an organisation already),
    InvalidSignal (no such approved organisation)."""
    if not actor.has_role(Role.MODERATOR) or signal.routes:
        raise SignalNotFound
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or not organisation.is_approved:
        raise InvalidSignal("organisation_id", _l("Kies een organisatie uit de lijst."))
    session.add(SignalRoute(signal_id=signal.id, organisation_id=organisation.id))
    session.flush()
    session.refresh(signal, ["routes"])
    tell_about_new_signal(
        session,
        signal,
        set(handler_ids(session, organisation.id) or coordinator_ids(session, organisation.id)),
    )
    return signal
