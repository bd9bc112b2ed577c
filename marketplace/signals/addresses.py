"""An address as a signal keeps it: cleaned, with its wijk, and a key to find it again.

The address itself is stored encrypted, so it cannot be searched. ``address_key`` is a
keyed hash (``encryption.lookup_key``) of postcode and house number: the same address always
gives the same key, so a second signal for it is found, but the key reveals nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from marketplace.encryption import lookup_key
from marketplace.geo import InvalidPostcode, UnknownPostcode, lookup_postcode
from marketplace.signals.errors import InvalidSignal

STREET_MAX = 120
HOUSE_NUMBER_MAX = 20
_HOUSE_NUMBER = re.compile(r"^[1-9][0-9]{0,4}\s*[-\s]?\s*[A-Za-z0-9]{0,6}$")


@dataclass(frozen=True)
class Address:
    street: str
    house_number: str
    postcode: str  # "3011 AB"
    pc4: str
    wijk: str
    key: str


def address_key(postcode: str, house_number: str) -> str:
    """The same for "3011ab", "3011 AB" and "12a", "12 A"."""
    return lookup_key(f"signal-address|{postcode}|{house_number}")


def clean_address(street: str, house_number: str, postcode: str) -> Address:
    """Raises InvalidSignal (naming the field) for a missing or impossible part."""
    street = " ".join((street or "").split())
    house_number = " ".join((house_number or "").split())
    if not street:
        raise InvalidSignal("street", _l("Vul de straat in, bijvoorbeeld Hoogstraat."))
    if len(street) > STREET_MAX:
        raise InvalidSignal("street", _l("Maak de straatnaam korter."))
    if not house_number or not _HOUSE_NUMBER.match(house_number):
        raise InvalidSignal("house_number", _l("Vul het huisnummer in, bijvoorbeeld 12 of 12a."))
    try:
        place = lookup_postcode(postcode)
    except (InvalidPostcode, UnknownPostcode):
        raise InvalidSignal(
            "postcode", _l("Vul de hele postcode in, bijvoorbeeld 3011 AB.")
        ) from None
    if len(place.postcode) != 7:  # "3011" alone: someone must find the door
        raise InvalidSignal("postcode", _l("Vul de hele postcode in, bijvoorbeeld 3011 AB."))
    return Address(
        street=street,
        house_number=house_number,
        postcode=place.postcode,
        pc4=place.pc4,
        wijk=place.neighbourhood,
        key=address_key(place.postcode, house_number),
    )
