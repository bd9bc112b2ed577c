"""Reading a municipality's address list: a CSV file as their systems export it.

Dutch headers in any order (``Naam;Voornaam;Adres;Postcode;Geboortejaar``, or the street and
house number in two columns), ``;`` or ``,`` between the fields, UTF-8 with or without a BOM
(Excel writes one) or Windows-1252. Every wrong row is reported with its line number, so the
coordinator can fix the file in one go. Pure functions: no database.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _

from marketplace.geo import InvalidPostcode, UnknownPostcode, lookup_postcode
from marketplace.home_visits.errors import BadRow, InvalidAddressList
from marketplace.timestamps import local_today

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
NAME_MAX = 200
ADDRESS_MAX = 200
OLDEST = 1900

# Each field and the headers municipalities use for it (compared without case, spaces,
# dots, dashes or underscores).
HEADERS = {
    "last_name": ("naam", "achternaam", "geslachtsnaam", "naambewoner", "aanschrijfnaam"),
    "first_name": ("voornaam", "voornamen", "roepnaam", "voorletters"),
    "address": ("adres", "straatenhuisnummer", "straathuisnummer", "woonadres"),
    "street": ("straat", "straatnaam", "openbareruimte"),
    "number": ("huisnummer", "nummer"),
    "addition": ("toevoeging", "huisletter", "huisnummertoevoeging"),
    "postcode": ("postcode",),
    "birth": ("geboortejaar", "jaarvangeboorte", "geboortedatum"),
}
_HEADER_CLEAN = re.compile(r"[\s._\-]+")
_YEAR = re.compile(r"(?:^|\D)(1[89]\d\d|20\d\d)(?:\D|$)")


@dataclass(frozen=True)
class AddressRow:
    line: int
    last_name: str
    first_name: str
    address: str
    postcode: str  # normalised: "3011 AB"
    pc4: str
    lat: float
    lon: float
    birth_year: int


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _columns(header: list[str]) -> dict[str, int]:
    wanted = {alias: field for field, aliases in HEADERS.items() for alias in aliases}
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        field = wanted.get(_HEADER_CLEAN.sub("", name.strip().lower()))
        if field is not None and field not in columns:
            columns[field] = index
    return columns


def _missing_columns(columns: dict[str, int]) -> list[str]:
    missing = [
        label
        for field, label in (
            ("last_name", "Naam"),
            ("postcode", "Postcode"),
            ("birth", "Geboortejaar"),
        )
        if field not in columns
    ]
    if "address" not in columns and not {"street", "number"} <= columns.keys():
        missing.append("Adres")
    return missing


def _cell(row: list[str], columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    if index is None or index >= len(row):
        return ""
    return " ".join(row[index].split())


def _address(row: list[str], columns: dict[str, int]) -> str:
    if "address" in columns:
        return _cell(row, columns, "address")
    parts = [_cell(row, columns, field) for field in ("street", "number")]
    if not all(parts):
        return ""
    addition = _cell(row, columns, "addition")
    return f"{parts[0]} {parts[1]}{('-' + addition) if addition else ''}"


def _birth_year(text: str) -> int | None:
    match = _YEAR.search(text)
    if match is None:
        return None
    year = int(match.group(1))
    return year if OLDEST <= year <= local_today().year else None


def _row(line: int, row: list[str], columns: dict[str, int]) -> AddressRow | BadRow:
    last_name = _cell(row, columns, "last_name")
    first_name = _cell(row, columns, "first_name")
    address = _address(row, columns)
    postcode_text = _cell(row, columns, "postcode")
    birth = _birth_year(_cell(row, columns, "birth"))
    problems = []
    if not last_name:
        problems.append(_("de naam ontbreekt"))
    elif len(last_name) > NAME_MAX or len(first_name) > NAME_MAX:
        problems.append(_("de naam is te lang"))
    if not address:
        problems.append(_("het adres (straat en huisnummer) ontbreekt"))
    elif len(address) > ADDRESS_MAX:
        problems.append(_("het adres is te lang"))
    place = None
    try:
        place = lookup_postcode(postcode_text)
    except InvalidPostcode:
        problems.append(_("de postcode ‘%(postcode)s’ klopt niet", postcode=postcode_text))
    except UnknownPostcode:
        problems.append(_("de postcode ‘%(postcode)s’ kennen wij niet", postcode=postcode_text))
    if birth is None:
        problems.append(_("het geboortejaar ontbreekt of klopt niet"))
    if problems or place is None or birth is None:
        return BadRow(line, "; ".join(problems))
    return AddressRow(
        line, last_name, first_name, address, place.postcode, place.pc4, place.lat, place.lon, birth
    )


def read_address_list(data: bytes) -> list[AddressRow]:
    """The rows of the file. Raises InvalidAddressList with every bad row (or the problem
    with the file itself) when anything is wrong: a list is taken whole or not at all."""
    if len(data) > MAX_BYTES:
        raise InvalidAddressList([], _("Het bestand is te groot: hooguit 20 MB."))
    lines = _decode(data).splitlines()
    if not lines or not lines[0].strip():
        raise InvalidAddressList([], _("Het bestand is leeg. Kies het bestand met de adressen."))
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = next(reader)
    columns = _columns(header)
    if missing := _missing_columns(columns):
        raise InvalidAddressList(
            [],
            _(
                "De eerste regel moet de kolomnamen geven. Deze ontbreken: %(columns)s.",
                columns=", ".join(missing),
            ),
        )
    rows: list[AddressRow] = []
    bad: list[BadRow] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue  # an empty line at the end is not a mistake
        if len(rows) + len(bad) >= MAX_ROWS:
            raise InvalidAddressList([], _("Het bestand heeft te veel regels: hooguit 100.000."))
        result = _row(line, row, columns)
        (bad if isinstance(result, BadRow) else rows).append(result)  # type: ignore[arg-type]
    if bad:
        raise InvalidAddressList(bad)
    if not rows:
        raise InvalidAddressList([], _("Het bestand heeft geen adressen onder de kolomnamen."))
    return rows
