"""What can go wrong when someone changes their profile.

Each error names the form field it belongs to and carries the message that tells the
person how to fix it, so a view can put it beside that field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError


class ProfileError(DomainError):
    """Base class: a value the person gave breaks a profile rule."""

    field = ""
    message = _l("Kijk uw gegevens na.")


class DisplayNameMissing(ProfileError):
    field = "display_name"
    message = _l("Vul de naam in die uw buren te zien krijgen, bijvoorbeeld uw voornaam.")


class InvalidPostcode(ProfileError):
    """The postcode is not shaped like a Dutch postcode."""

    field = "postcode"
    message = _l("Vul een Nederlandse postcode in, bijvoorbeeld 3011 AB.")


class UnknownPostcode(ProfileError):
    """Shaped like a postcode, but we know no place for it."""

    field = "postcode"
    message = _l("Deze postcode kennen we niet. Kijk of u hem goed heeft getypt.")


class RadiusOutOfRange(ProfileError):
    field = "radius_km"
    message = _l("Kies een afstand van 1 tot en met 25 kilometer. Vul alleen cijfers in.")


class AlertCapOutOfRange(ProfileError):
    field = "weekly_alert_cap"
    message = _l("Kies een aantal van 1 tot en met 20. Vul alleen cijfers in.")


class UnknownNotificationPreference(ProfileError):
    field = "notification_preference"
    message = _l("Kies hoe vaak u een e-mail wilt krijgen.")


class UnknownPausePeriod(ProfileError):
    field = "period"
    message = _l("Kies hoe lang u geen meldingen wilt krijgen.")


class InvalidPauseDate(ProfileError):
    field = "until_date"
    message = _l(
        "Kies een datum van vandaag tot over een jaar, bijvoorbeeld 31-12-2026. "
        "Of kies ‘1 week’, ‘2 weken’ of ‘1 maand’."
    )
