"""What the kaart's fixed values are called on the pages (Dutch first, through Babel)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.i18n import current_language
from marketplace.sociale_kaart.models import ReferralSubject, TaxonomyTerm

# The way back to where a referral started.
SUBJECT_BACK = {
    ReferralSubject.POSTING: _l("Terug naar de hulpvraag"),
    ReferralSubject.SIGNAL: _l("Terug naar het signaal"),
    ReferralSubject.HOME_VISIT: _l("Terug naar het huisbezoek"),
}
FACET_TITLES = {
    "problem": _l("Soort probleem"),
    "group": _l("Voor wie"),
    "cost": _l("Kosten"),
    "delivery": _l("In een groep of alleen"),
    "setting": _l("Waar"),
    "wijk": _l("Wijk"),
    "language": _l("Taal"),
}
# The query-string name of each facet (Dutch: the address people see and share).
FACET_PARAMS = {
    "problem": "probleem",
    "group": "doelgroep",
    "cost": "kosten",
    "delivery": "vorm",
    "setting": "waar",
    "wijk": "wijk",
    "language": "taal",
}
VALUE_LABELS = {
    "free": _l("Gratis"),
    "subsidised": _l("Met vergoeding of korting"),
    "paid": _l("Betaald"),
    "group": _l("In een groep"),
    "individual": _l("Alleen (een-op-een)"),
    "both": _l("In een groep of alleen"),
    "at_home": _l("Bij u thuis"),
    "elsewhere": _l("Ergens anders"),
    "one_off": _l("Eenmalig"),
    "ongoing": _l("Doorlopend"),
    "active": _l("Actief"),
    "inactive": _l("Niet actief"),
    "defunct": _l("Gestopt"),
    "temporarily closed": _l("Tijdelijk gesloten"),
}
LANGUAGE_NAMES = {
    "nl": _l("Nederlands"),
    "en": _l("Engels"),
    "tr": _l("Turks"),
    "ar": _l("Arabisch"),
    "pl": _l("Pools"),
    "pap": _l("Papiaments"),
    "es": _l("Spaans"),
    "fr": _l("Frans"),
    "de": _l("Duits"),
    "uk": _l("Oekraïens"),
    "ber": _l("Berbers"),
    "zgh": _l("Tamazight"),
    "so": _l("Somalisch"),
    "ti": _l("Tigrinya"),
    "cv": _l("Kaapverdisch"),
    "srn": _l("Sranantongo"),
}
DAYS = {
    "MO": _l("maandag"),
    "TU": _l("dinsdag"),
    "WE": _l("woensdag"),
    "TH": _l("donderdag"),
    "FR": _l("vrijdag"),
    "SA": _l("zaterdag"),
    "SU": _l("zondag"),
}


def value_label(value: str) -> str:
    return str(VALUE_LABELS.get(value, value))


def language_label(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


def term_label(term: TaxonomyTerm) -> str:
    if current_language() == "en" and term.name_en:
        return term.name_en
    return term.name


def days_label(byday: str) -> str:
    return ", ".join(str(DAYS.get(day.strip(), day)) for day in byday.split(",") if day.strip())


POSTCODE_ERROR = _l("Vul een postcode in, bijvoorbeeld 3011 AB.")
POSTCODE_NEEDED = _l("Vul uw postcode in om op afstand te sorteren.")
