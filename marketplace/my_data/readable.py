"""The download from ``export.collect_my_data`` as sections a person can read and print:
every field with a label in their language, dates written out, codes as words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l

SECTIONS: list[tuple[str, Any, Any]] = [
    # (key in the download, heading, what the page says when there is nothing)
    ("account", _l("Uw account"), _l("Geen gegevens.")),
    ("sessions", _l("Waar u bent ingelogd"), _l("U bent nergens ingelogd.")),
    ("profile", _l("Uw profiel"), _l("U heeft nog geen profiel ingevuld.")),
    ("postings", _l("Uw oproepen"), _l("U heeft geen oproepen geplaatst.")),
    ("responses", _l("Uw reacties op oproepen"), _l("U heeft nergens op gereageerd.")),
    ("conversations", _l("Uw gesprekken"), _l("U heeft geen gesprekken.")),
    ("notifications", _l("Meldingen en e-mails aan u"), _l("Er zijn geen meldingen.")),
    ("memberships", _l("Organisaties waar u werkt"), _l("U werkt niet voor een organisatie.")),
    ("staff_invitations", _l("Uitnodigingen van organisaties"), _l("Geen uitnodigingen.")),
    ("applications", _l("Uw aanmeldingen voor vrijwilligerswerk"), _l("Geen aanmeldingen.")),
    ("hours", _l("Uw gewerkte uren"), _l("Er zijn geen uren bijgehouden.")),
    ("references", _l("Referenties over u"), _l("Er zijn geen referenties.")),
    ("follow_ups", _l("Vragen of het gelukt is"), _l("Er zijn geen vragen gesteld.")),
    ("reports", _l("Uw klachten aan de moderatoren"), _l("U heeft geen klachten gestuurd.")),
    ("match_suggestions", _l("Oproepen die wij u voorstelden"), _l("Geen voorstellen.")),
    ("contact_blocks", _l("Geen contact meer met"), _l("U heeft niemand geblokkeerd.")),
    (
        "client_records",
        _l("Wat organisaties over u bijhouden als cliënt"),
        _l("Geen organisatie houdt u bij als cliënt."),
    ),
    (
        "visitor_qualifications",
        _l("Uw VOG en training voor huisbezoek"),
        _l("Geen organisatie heeft een VOG of training van u opgeschreven."),
    ),
    ("home_visits", _l("Uw huisbezoeken"), _l("U heeft geen huisbezoeken gedaan.")),
    (
        "delegations",
        _l("Toestemming om namens iemand te handelen"),
        _l("Niemand handelt namens u, en u niet namens iemand."),
    ),
    ("lasting_contacts", _l("Uw vaste contacten"), _l("U heeft geen vast contact.")),
    (
        "delegated_actions",
        _l("Wat namens iemand is gedaan"),
        _l("Er is niets namens iemand gedaan."),
    ),
]

LABELS: dict[str, Any] = {
    "id": _l("Nummer"),
    "email": _l("E-mailadres"),
    "email_confirmed_at": _l("E-mailadres bevestigd op"),
    "created_at": _l("Gemaakt op"),
    "last_login_at": _l("Laatst ingelogd"),
    "locale": _l("Taal"),
    "is_blocked": _l("Geblokkeerd"),
    "blocked_reason": _l("Reden van blokkeren"),
    "roles": _l("Rollen"),
    "display_name": _l("Naam"),
    "postcode": _l("Postcode"),
    "neighbourhood": _l("Wijk"),
    "phone": _l("Telefoonnummer"),
    "languages": _l("Talen"),
    "wants_to_help": _l("Wil buren helpen"),
    "interests": _l("Helpt graag met"),
    "availability": _l("Heeft meestal tijd"),
    "radius_km": _l("Afstand (km)"),
    "notification_preference": _l("E-mail over nieuwe oproepen"),
    "weekly_alert_cap": _l("Hoogstens zoveel oproepen per week"),
    "urgent_alerts": _l("Toch meteen e-mail over hulp dichtbij en binnenkort"),
    "mail_matches": _l("E-mail over nieuwe oproepen die bij u passen"),
    "mail_messages": _l("E-mail over berichten en reacties"),
    "mail_reminders": _l("E-mail met herinneringen en vragen na afloop"),
    "mail_organisations": _l("E-mail met nieuws van organisaties"),
    "alerts_paused_until": _l("E-mail gepauzeerd tot"),
    "updated_at": _l("Laatst gewijzigd"),
    "kind": _l("Soort"),
    "status": _l("Stand"),
    "category": _l("Soort hulp"),
    "title": _l("Titel"),
    "description": _l("Beschrijving"),
    "organisation": _l("Organisatie"),
    "timing": _l("Wanneer"),
    "once_on": _l("Op"),
    "ends_on": _l("Tot en met"),
    "published_at": _l("Zichtbaar sinds"),
    "closed_at": _l("Afgesloten op"),
    "rejection_reason": _l("Reden van afwijzen"),
    "response_id": _l("Gesprek"),
    "posting_title": _l("Oproep"),
    "message": _l("Bericht"),
    "decided_at": _l("Besloten op"),
    "completed_at": _l("Klaar op"),
    "with_name": _l("Met"),
    "first_message": _l("Eerste bericht"),
    "messages": _l("Berichten"),
    "thank_yous": _l("Bedankjes"),
    "from_me": _l("Van u"),
    "sender": _l("Afzender"),
    "body": _l("Tekst"),
    "read_at": _l("Gelezen op"),
    "subject": _l("Onderwerp"),
    "to_email": _l("Gestuurd naar"),
    "sent_at": _l("Verstuurd op"),
    "role": _l("Rol"),
    "accepted_at": _l("Aangenomen op"),
    "vacancy": _l("Vacature"),
    "status_changed_at": _l("Stand gewijzigd op"),
    "placed_at": _l("Geplaatst op"),
    "notes": _l("Notities"),
    "worked_on": _l("Gewerkt op"),
    "hours": _l("Uren"),
    "note": _l("Notitie"),
    "is_shown": _l("Op uw profiel"),
    "round": _l("Ronde"),
    "asked_at": _l("Gevraagd op"),
    "answered_at": _l("Beantwoord op"),
    "answer": _l("Antwoord"),
    "about": _l("Over"),
    "reason": _l("Reden"),
    "resolved_at": _l("Afgehandeld op"),
    "distance_km": _l("Afstand (km)"),
    "reasons": _l("Waarom"),
    "notified_at": _l("Gemaild op"),
    "dismissed_at": _l("Niet voor mij op"),
    "name": _l("Naam"),
    "linked_at": _l("Gekoppeld op"),
    "requests": _l("Hulpvragen"),
    "invited_at": _l("Uitgenodigd op"),
    "two_factor": _l("Tweestapsverificatie aan"),
    "two_factor_since": _l("Tweestapsverificatie aan sinds"),
    "browser": _l("Browser"),
    "last_seen_at": _l("Laatst gebruikt op"),
    "remember": _l("Ingelogd blijven"),
    "shows_neighbourhood": _l("Wijk zichtbaar op uw profiel"),
    "consent_at": _l("Toestemming gegeven op"),
    "hand_overs": _l("Gedeeld met een vrijwilliger"),
    "volunteer": _l("Vrijwilliger"),
    "name_shared": _l("Gedeelde naam"),
    "phone_shared": _l("Gedeeld telefoonnummer"),
    "consent_given": _l("Met toestemming"),
    "vog_on": _l("Datum van de VOG"),
    "trained_on": _l("Getraind op"),
    "training_expires_on": _l("Training geldig tot"),
    "recorded_at": _l("Opgeschreven op"),
    "planned_on": _l("Gepland op"),
    "daypart": _l("Dagdeel"),
    "attempts": _l("Keer aangebeld"),
    "result_at": _l("Uitkomst op"),
    "posted_by": _l("Geplaatst door"),
    "posted_for": _l("Geplaatst namens"),
    "carer": _l("Mantelzorger"),
    "person": _l("Persoon"),
    "scopes": _l("Wat mag"),
    "recorded_by_helpdesk": _l("Vastgelegd door de helpdesk"),
    "relation": _l("Relatie"),
    "via": _l("Toestemming gegeven"),
    "confirmed_at": _l("Toestemming op"),
    "ended_at": _l("Gestopt op"),
    "done_by": _l("Gedaan door"),
    "done_for": _l("Gedaan namens"),
    "weekday": _l("Dag van de week (0 is maandag)"),
    "at_time": _l("Tijd"),
    "check_ins": _l("Gaat het goed?"),
    "week": _l("Week"),
    "posting_id": _l("Oproep (nummer)"),
}

VALUES: dict[str, Any] = {
    "request": _l("Hulpvraag"),
    "offer": _l("Hulpaanbod"),
    "vacancy": _l("Vacature"),
    "draft": _l("Concept"),
    "pending": _l("Wacht"),
    "published": _l("Zichtbaar"),
    "matched": _l("Helper gevonden"),
    "closed": _l("Afgesloten"),
    "expired": _l("Verlopen"),
    "rejected": _l("Afgewezen"),
    "accepted": _l("Geaccepteerd"),
    "declined": _l("Afgewezen"),
    "withdrawn": _l("Ingetrokken"),
    "new": _l("Nieuw"),
    "contacted": _l("Contact gehad"),
    "intake_planned": _l("Kennismaking gepland"),
    "placed": _l("Geplaatst"),
    "not_suitable": _l("Past niet"),
    "coordinator": _l("Coördinator"),
    "staff": _l("Medewerker"),
    "moderator": _l("Moderator"),
    "admin": _l("Beheerder"),
    "municipality": _l("Gemeente"),
    "once": _l("Eén keer"),
    "recurring": _l("Elke week"),
    "flexible": _l("Wanneer het uitkomt"),
    "instant": _l("Meteen"),
    "daily": _l("Eén keer per dag"),
    "weekly": _l("Eén keer per week"),
    "off": _l("Nooit"),
    "yes": _l("Ja"),
    "not_yet": _l("Nog niet"),
    "no": _l("Nee"),
    "posting": _l("Een oproep"),
    "message": _l("Een bericht"),
    "person": _l("Een persoon"),
    "morning": _l("Ochtend"),
    "afternoon": _l("Middag"),
    "planned": _l("Gepland"),
    "visited": _l("Bezocht"),
    "not_home": _l("Niet thuis"),
    "not_reached": _l("Niet bereikt"),
    "carer": _l("Mantelzorger"),
    "cared_for": _l("Iemand handelt namens u"),
    "requested": _l("Gevraagd"),
    "active": _l("Geldt"),
    "ended": _l("Gestopt"),
    "post": _l("Hulpvragen plaatsen"),
    "respond": _l("Reacties lezen en beantwoorden"),
    "accept": _l("Een vrijwilliger kiezen"),
    "account": _l("In het eigen account"),
    "paper": _l("Op papier"),
    "phone": _l("Per telefoon"),
    "posted": _l("Hulpvraag geplaatst"),
    "answered": _l("Reactie beantwoord"),
    "good": _l("Goed"),
    "stopped": _l("Het is gestopt"),
    "help": _l("We willen hulp"),
}

# Values of these keys are codes to translate; all other text is shown as it is.
CODED = {
    "kind",
    "status",
    "role",
    "roles",
    "timing",
    "notification_preference",
    "answer",
    "about",
    "daypart",
    "scopes",
    "via",
}


@dataclass
class Field:
    label: str
    text: str
    records: list[list[Field]] = field(default_factory=list)


@dataclass
class Section:
    key: str
    heading: str
    empty: str
    records: list[list[Field]]


def _date_text(key: str, value: str) -> str | None:
    if key.endswith("_at"):
        try:
            return format_datetime(datetime.fromisoformat(value), "d MMMM y, HH:mm")
        except ValueError:
            return None
    if key.endswith(("_on", "_until")):
        try:
            return format_date(date.fromisoformat(value[:10]), "long")
        except ValueError:
            return None
    return None


def _text(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_l("Ja") if value else _l("Nee"))
    if isinstance(value, list):
        return ", ".join(_text(key, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(k, v)}" for k, v in value.items())
    if isinstance(value, str):
        if key in CODED:
            return str(VALUES.get(value, value))
        dated = _date_text(key, value)
        if dated:
            return dated
    return str(value)


def _record(row: dict[str, Any]) -> list[Field]:
    fields = []
    for key, value in row.items():
        label = str(LABELS.get(key, key))
        if isinstance(value, list) and value and isinstance(value[0], dict):
            fields.append(Field(label, "", [_record(item) for item in value]))
        else:
            fields.append(Field(label, _text(key, value)))
    return fields


def readable_sections(data: dict[str, Any]) -> list[Section]:
    sections = []
    for key, heading, empty in SECTIONS:
        value = data.get(key)
        rows = [value] if isinstance(value, dict) else list(value or [])
        sections.append(Section(key, str(heading), str(empty), [_record(row) for row in rows]))
    return sections
