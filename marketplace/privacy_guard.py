"""Spot private details in text someone is about to send: pure functions, no Flask.

A posting is read by the whole neighbourhood and a message by a near stranger. Before either
is sent we look for things people often share by accident: a street with a house number, a
phone number, an e-mail address, or health details. The writer gets a warning in plain words
and may still send it (they know best); we never change or block the text.

The patterns favour a warning too many over one too few, but stay quiet on ordinary sentences
("2 keer per week", "om 10 uur").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class FindingKind(StrEnum):
    ADDRESS = "address"
    PHONE = "phone"
    EMAIL = "email"
    MEDICAL = "medical"


MESSAGES = {
    FindingKind.ADDRESS: _l("iets dat lijkt op een adres (straat en huisnummer)"),
    FindingKind.PHONE: _l("iets dat lijkt op een telefoonnummer"),
    FindingKind.EMAIL: _l("een e-mailadres"),
    FindingKind.MEDICAL: _l("iets over ziekte of gezondheid"),
}


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    example: str  # the words that triggered it, as the writer typed them

    @property
    def message(self) -> str:
        return str(MESSAGES[self.kind])


# Street endings that make up most Dutch street names ("Kerkstraat", "Coolsingel",
# "Oude Binnenweg", "Mathenesserlaan"), or a separate word such as "Plein 1940".
_STREET_ENDINGS = (
    "straat|laan|weg|singel|plein|kade|gracht|dijk|dreef|hof|plantsoen|park|steeg|pad|"
    "baan|kwartier|markt|boulevard|wal|haven|veld|burg|zijde|erf|rij|polder|oord|vaart|"
    "sloot|hof|dreef"
)
_ADDRESS = re.compile(
    rf"\b[A-Za-z][\w'’-]*(?:{_STREET_ENDINGS})\s+\d{{1,4}}(?!\d)"
    # "het fietspad 2 km verder", "de markt 3 keer": a unit after the number is no address
    r"(?!\s*(?:km|m|uur|keer|x|minuten|min|jaar|dagen|weken)\b)"
    r"(?:[-/]?[a-zA-Z]{1,2}\b|\s?[-/]?\s?[a-zA-Z]\b|\s?-\s?\d{1,3}\b)?",
    re.IGNORECASE,
)
# "nummer 12", "nr. 12", "huisnummer 12"
_HOUSE_NUMBER = re.compile(r"\b(?:huis)?(?:nummer|nr\.?)\s*\d{1,4}\s?[a-zA-Z]?\b", re.IGNORECASE)
# Dutch phone numbers: 06-12345678, 06 1234 5678, 010-1234567, 010 123 45 67, +31 6 12345678,
# 0031 10 1234567. Ten digits after the leading 0 (or 9 after +31 / 0031).
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d\s().-]{7,18}\d(?!\w)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_OBFUSCATED_EMAIL = re.compile(
    r"\b[\w.+-]+\s*(?:\(at\)|\[at\]|\sat\s|\(apenstaartje\))\s*[\w-]+\s*(?:\.|\(dot\)|\spunt\s)\s*"
    r"(?:nl|com|net|org|be|eu)\b",
    re.IGNORECASE,
)

# Health words, Dutch and a few English ones; whole words or word starts ("medicijnen",
# "diabetespatiënt"). Short on purpose: everyday words like "ziek" or "hulp" would warn too often.
_MEDICAL_WORDS = (
    "diagnose",
    "medicijn",
    "medicatie",
    "medicine",
    "dementie",
    "dementia",
    "alzheimer",
    "parkinson",
    "kanker",
    "cancer",
    "chemo",
    "tumor",
    "depressie",
    "depressief",
    "depression",
    "ziekenhuisopname",
    "opgenomen in het ziekenhuis",
    "psychose",
    "psychiat",
    "schizofren",
    "diabetes",
    "suikerziekte",
    "hiv",
    "aids",
    "beroerte",
    "hartinfarct",
    "hartaanval",
    "epilepsie",
    "verslaving",
    "verslaafd",
    "autisme",
    "adhd",
    "burn-out",
    "burnout",
    "insuline",
    "dialyse",
    "ms-patiënt",
    "copd",
    "operatie",
    "zwanger",
)
_MEDICAL = re.compile(
    r"\b(?:" + "|".join(re.escape(word) for word in _MEDICAL_WORDS) + r")\w*",
    re.IGNORECASE,
)


def _is_dutch_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.lstrip().startswith("+"):
        return digits.startswith("31") and len(digits) == 11
    if digits.startswith("0031"):
        return len(digits) == 13
    return digits.startswith("0") and len(digits) == 10 and not digits.startswith("00")


def find_addresses(text: str) -> list[str]:
    found = [m.group(0).strip() for m in _ADDRESS.finditer(text)]
    found += [m.group(0).strip() for m in _HOUSE_NUMBER.finditer(text)]
    return found


def find_phone_numbers(text: str) -> list[str]:
    return [
        m.group(0).strip() for m in _PHONE_CANDIDATE.finditer(text) if _is_dutch_phone(m.group(0))
    ]


def find_email_addresses(text: str) -> list[str]:
    return [m.group(0) for m in _EMAIL.finditer(text)] + [
        m.group(0) for m in _OBFUSCATED_EMAIL.finditer(text)
    ]


def find_medical_words(text: str) -> list[str]:
    return [m.group(0) for m in _MEDICAL.finditer(text)]


def check_text(*texts: str | None) -> list[Finding]:
    """What in ``texts`` looks private: at most one finding per kind, in a fixed order."""
    joined = "\n".join(t for t in texts if t)
    if not joined.strip():
        return []
    # An e-mail address holds digits and dots a phone or address pattern might also catch.
    emails = find_email_addresses(joined)
    rest = joined
    for email in emails:
        rest = rest.replace(email, " ")
    finders = (
        (FindingKind.ADDRESS, find_addresses(rest)),
        (FindingKind.PHONE, find_phone_numbers(rest)),
        (FindingKind.EMAIL, emails),
        (FindingKind.MEDICAL, find_medical_words(rest)),
    )
    return [Finding(kind, found[0]) for kind, found in finders if found]
