"""The kinds of help Buurthulp starts with. Admins can add more later."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.postings.models import Category

# (slug, Dutch name, English name); the position in this list is the category's bit.
DEFAULT_CATEGORIES = [
    ("boodschappen", "Boodschappen", "Shopping"),
    ("vervoer", "Vervoer", "Transport"),
    ("gezelschap", "Gezelschap en wandelen", "Company and walks"),
    ("klusjes", "Klusjes", "Odd jobs"),
    ("tuin", "Tuin", "Garden"),
    ("administratie", "Administratie en formulieren", "Paperwork and forms"),
    ("digitaal", "Digitale hulp", "Computer and phone help"),
    ("maaltijden", "Maaltijden", "Meals"),
    ("huisdieren", "Huisdieren", "Pets"),
    ("taal", "Nederlands oefenen", "Practising Dutch"),
]


def ensure_default_categories(session: Session) -> list[Category]:
    """Add the default categories that are missing; safe to run again. Flushes."""
    existing = {c.slug: c for c in session.scalars(select(Category))}
    for bit, (slug, name_nl, name_en) in enumerate(DEFAULT_CATEGORIES):
        if slug not in existing:
            existing[slug] = Category(
                slug=slug, name_nl=name_nl, name_en=name_en, bit=bit, position=bit
            )
            session.add(existing[slug])
    session.flush()
    return sorted(existing.values(), key=lambda c: c.position)


def active_categories(session: Session) -> list[Category]:
    return list(
        session.scalars(select(Category).where(Category.is_active).order_by(Category.position))
    )
