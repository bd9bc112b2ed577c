"""When a request is beyond what neighbours should do (debt, care, housing, serious
paperwork), the request's last step shows services that do it, with their phone numbers.

The request's category and words decide: a word list per kind of problem (the taxonomy
term's ``code``). Matching services are the public ones with that kind of problem.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.sociale_kaart.finding import visible
from marketplace.sociale_kaart.models import Attribute, Service, TaxonomyTerm

MAX_SHOWN = 3
# Kind-of-problem code -> word beginnings that point at it in a request's text.
SIGNS: dict[str, tuple[str, ...]] = {
    "geld": ("schuld", "geldzorg", "incasso", "deurwaarder", "achterstand", "budget", "aanmaning"),
    "wonen": ("huur", "woning", "uitzetting", "ontruiming", "dakloos", "schimmel"),
    "zorg": ("zorg", "verpleg", "wmo", "indicatie", "dementie", "thuiszorg"),
    "administratie": ("toeslag", "belasting", "bezwaar", "uwv", "bijstand", "formulier"),
    "veiligheid": ("geweld", "bedreig", "mishandel"),
}
# A category of Buurthulp's own that is always worth a pointer (paperwork can be serious).
CATEGORY_SIGNS = {"administratie": "administratie"}
_WORD = re.compile(r"[a-zà-ÿ]+")


def problem_codes(category_slug: str, text: str) -> list[str]:
    """The kinds of problem a request points at, in a fixed order."""
    words = _WORD.findall(text.lower())
    found = [
        code
        for code, signs in SIGNS.items()
        if any(word.startswith(sign) for word in words for sign in signs)
    ]
    from_category = CATEGORY_SIGNS.get(category_slug)
    if from_category and from_category not in found:
        found.append(from_category)
    return found


def services_for(session: Session, codes: list[str]) -> list[Service]:
    """Up to three public services for those kinds of problem, with their phones."""
    if not codes:
        return []
    return list(
        session.scalars(
            select(Service)
            .where(
                visible(),
                Service.id.in_(
                    select(Attribute.service_id)
                    .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
                    .where(TaxonomyTerm.code.in_(codes))
                ),
            )
            .options(selectinload(Service.phones))
            .order_by(Service.name, Service.id)
            .limit(MAX_SHOWN)
        )
    )
