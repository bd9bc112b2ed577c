"""The six-item De Jong Gierveld loneliness scale, scored as its authors prescribe.

Source: J. de Jong Gierveld & T. van Tilburg, "Manual of the Loneliness Scale", Vrije
Universiteit Amsterdam (1999, updated 2022), section 8 "A short scale"
(https://home.fsw.vu.nl/TG.van.Tilburg/manual_loneliness_scale_1999.html), and CBS's
"Loneliness survey - technical explanation" (2020). The three emotional items are worded
negatively and score 1 on "ja" or "min of meer"; the three social items are worded
positively and score 1 on "nee" or "min of meer". Emotional and social loneliness are each
0-3, the total 0-6: 0-1 not lonely, 2-4 moderately lonely, 5-6 severely lonely. We ask all
six items (the form requires every answer), so the manual's rules for missing answers never
apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Answer(StrEnum):
    YES = "ja"
    MORE_OR_LESS = "min_of_meer"
    NO = "nee"


ANSWER_LABELS = {
    Answer.YES: _l("Ja"),
    Answer.MORE_OR_LESS: _l("Min of meer"),
    Answer.NO: _l("Nee"),
}

# (key, statement, emotional?) in the order the manual asks them.
ITEMS = (
    ("emptiness", _l("Ik ervaar een leegte om me heen."), True),
    (
        "fall_back",
        _l("Er zijn genoeg mensen op wie ik in geval van narigheid kan terugvallen."),
        False,
    ),
    ("trust", _l("Ik ken veel mensen op wie ik volledig kan vertrouwen."), False),
    ("miss_people", _l("Ik mis mensen om me heen."), True),
    ("close", _l("Er zijn voldoende mensen met wie ik me nauw verbonden voel."), False),
    ("rejected", _l("Ik voel me vaak in de steek gelaten."), True),
)
ITEM_KEYS = tuple(key for key, _, _ in ITEMS)


@dataclass(frozen=True)
class Score:
    emotional: int  # 0-3
    social: int  # 0-3

    @property
    def total(self) -> int:
        return self.emotional + self.social

    @property
    def level(self) -> str:
        """ "not", "moderate" or "severe", with the manual's cut-off points."""
        if self.total <= 1:
            return "not"
        return "moderate" if self.total <= 4 else "severe"


def score(answers: dict[str, str]) -> Score:
    """Raises ValueError when an item is not answered with one of the three answers."""
    emotional = social = 0
    for key, _, is_emotional in ITEMS:
        answer = Answer(answers[key])
        if is_emotional and answer in (Answer.YES, Answer.MORE_OR_LESS):
            emotional += 1
        elif not is_emotional and answer in (Answer.NO, Answer.MORE_OR_LESS):
            social += 1
    return Score(emotional, social)


def encode(answers: dict[str, str]) -> str:
    """The answers as one text ("ja,nee,..." in the items' order), for the encrypted column."""
    return ",".join(Answer(answers[key]).value for key in ITEM_KEYS)


def decode(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    return dict(zip(ITEM_KEYS, text.split(","), strict=False))
