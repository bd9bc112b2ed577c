"""Which HSDS table is which of our models, and how a field's value is written as text and
read back: the one mapping that export, import and the API share.

A field has the HSDS name; where ours differs (``attribute.link_id`` is ``service_id``) the
table says so. Fields that are Buurthulp's own business (the link to a Buurthulp
organisation, the publication status, the reminder) are never exported or imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import Boolean, Date, Enum, Float, Integer, Numeric, String

from marketplace.sociale_kaart.models import (
    Accessibility,
    Attribute,
    CostOption,
    HsdsOrganization,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from marketplace.timestamps import UTCDateTime

# Ours alone: never leave the database, never read from a package.
PRIVATE_COLUMNS = {"organisation_id", "publication", "reminder_sent_at"}


@dataclass(frozen=True)
class Table:
    name: str  # the HSDS resource name: the CSV's file name and the JSON key
    model: Any  # the model class
    # HSDS field -> our column, where the names differ.
    renames: dict[str, str] = field(default_factory=dict)

    def columns(self) -> list[tuple[str, Any]]:
        """(HSDS field name, our column) in table order, without the private ones."""
        back = {ours: theirs for theirs, ours in self.renames.items()}
        return [
            (back.get(column.key, column.key), column)
            for column in self.model.__table__.columns
            if column.key not in PRIVATE_COLUMNS
        ]


# Parents before children: the order in which an import writes and checks references.
TABLES: tuple[Table, ...] = (
    Table("organization", HsdsOrganization),
    Table("taxonomy_term", TaxonomyTerm),
    Table("service", Service),
    Table("attribute", Attribute, {"link_id": "service_id"}),
    Table("location", Location),
    Table("service_at_location", ServiceAtLocation),
    Table("schedule", Schedule),
    Table("phone", Phone),
    Table("cost_option", CostOption),
    Table("language", Language),
    Table("accessibility", Accessibility),
)
TABLE_BY_NAME = {table.name: table for table in TABLES}


def to_text(value: Any) -> str:
    """A value as it goes into a CSV cell (and, for JSON, see ``to_json``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, PyEnum):
        return str(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def to_json(value: Any) -> Any:
    if value is None or (
        isinstance(value, bool | int | float | str) and not isinstance(value, PyEnum)
    ):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return to_text(value)


class BadValue(ValueError):
    """A cell that cannot be this column's value; the message says why (in English, as
    the import report is for the administrator reading the package)."""


def from_text(column: Any, raw: Any) -> Any:
    """The column's value for ``raw`` (text from a CSV or a JSON value); ``None`` for empty.

    Raises ``BadValue``.
    """
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    kind = column.type
    text = raw.strip() if isinstance(raw, str) else raw
    try:
        if isinstance(kind, Boolean):
            if isinstance(text, bool):
                return text
            if str(text).lower() in ("true", "1", "yes"):
                return True
            if str(text).lower() in ("false", "0", "no"):
                return False
            raise BadValue(f"{column.key}: '{raw}' is not true or false")
        if isinstance(kind, Integer):
            return int(text)
        if isinstance(kind, Float):
            return float(text)
        if isinstance(kind, Numeric):
            return Decimal(str(text))
        if isinstance(kind, UTCDateTime):
            moment = datetime.fromisoformat(str(text))
            if moment.tzinfo is None:
                raise BadValue(f"{column.key}: '{raw}' has no time zone")
            return moment
        if isinstance(kind, Date):
            return date.fromisoformat(str(text))
        if isinstance(kind, Enum):
            allowed = kind.enums
            if str(text) not in allowed:
                raise BadValue(f"{column.key}: '{raw}' is not one of {', '.join(allowed)}")
            return str(text)
    except (ValueError, InvalidOperation) as error:
        if isinstance(error, BadValue):
            raise
        raise BadValue(
            f"{column.key}: '{raw}' is not a valid {kind.python_type.__name__}"
        ) from None
    value = str(text)
    if isinstance(kind, String) and kind.length and len(value) > kind.length:
        raise BadValue(f"{column.key}: longer than {kind.length} characters")
    return value
