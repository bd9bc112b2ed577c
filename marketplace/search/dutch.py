"""Dutch text for the full-text index: accents folded, stop words dropped, words stemmed,
and what someone types widened with the synonyms and compounds that stemming misses.

Both databases use the same query words (``query_words``): PostgreSQL stems them with its
own ``dutch`` configuration, SQLite's FTS5 index gets the stems made here (``stems``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# What someone may type at most: enough for a long question, not a whole text.
MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40

_WORD = re.compile(r"[^\W_]+")

# Snowball's Dutch stop list: the list PostgreSQL's ``dutch`` configuration uses too, so a
# query of only these words finds nothing on either database.
STOP_WORDS = frozenset(
    [
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "niet",
        "zijn",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "geen",
        "omdat",
        "iets",
        "worden",
        "toch",
        "al",
        "waren",
        "veel",
        "meer",
        "doen",
        "toen",
        "moet",
        "ben",
        "zonder",
        "kan",
        "hun",
        "dus",
        "alles",
        "onder",
        "ja",
        "eens",
        "hier",
        "wie",
        "werd",
        "altijd",
        "doch",
        "wordt",
        "wezen",
        "kunnen",
        "ons",
        "zelf",
        "tegen",
        "na",
        "reeds",
        "wil",
        "kon",
        "niets",
        "uw",
        "iemand",
        "geweest",
        "andere",
    ]
)

# Words people type and the words that help them, which stemming alone does not connect:
# compounds ("geldzorgen"), other forms ("eenzaam" / "eenzaamheid"), and synonyms. Each
# group is symmetric: any word of it finds the others. Accents folded, lower case.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("geldzorgen", "schuld", "schulden", "schuldhulp", "schuldhulpverlening", "geldproblemen"),
    ("geldzaken", "administratie", "formulieren", "papierwerk", "thuisadministratie"),
    ("eenzaam", "eenzaamheid", "gezelschap", "vereenzaming"),
    ("boodschap", "boodschappen", "supermarkt", "winkelen"),
    ("ouderen", "oudere", "senioren", "senior", "bejaarden", "65plus"),
    ("jongeren", "jongere", "jeugd", "tieners"),
    ("kinderen", "kind", "kids"),
    ("maaltijd", "maaltijden", "eten", "koken", "maaltijdservice"),
    ("vervoer", "rijden", "chauffeur", "rolstoelbus", "taxi"),
    ("ziekenhuis", "dokter", "huisarts", "polikliniek"),
    ("wandelen", "wandeling", "ommetje"),
    ("klussen", "klus", "klusjes", "reparatie", "repareren"),
    ("tuin", "tuinieren", "tuinwerk", "snoeien", "grasmaaien"),
    ("computer", "laptop", "tablet", "telefoon", "smartphone", "digitaal", "internet"),
    ("taal", "nederlands", "taalmaatje", "taalcoach", "inburgering"),
    ("huiswerk", "bijles", "huiswerkbegeleiding"),
    ("hond", "honden", "uitlaten", "huisdier"),
    ("koffie", "koffieochtend", "inloop", "ontmoeting"),
    ("mantelzorg", "mantelzorger", "respijtzorg"),
    ("verhuizen", "verhuizing", "verhuis"),
    ("schoonmaken", "schoonmaak", "poetsen", "huishouden"),
    ("rouw", "verlies", "overlijden"),
    ("dementie", "geheugen", "alzheimer"),
    ("vrijwilliger", "vrijwilligers", "vrijwilligerswerk"),
)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for group in SYNONYM_GROUPS:
        for word in group:
            table[word] = tuple(dict.fromkeys((*table.get(word, ()), *group)))
    return table


_stemmer = snowballstemmer.stemmer("dutch")


def fold(text: str) -> str:
    """Lower case without accents: "Café" -> "cafe", "ruïne" -> "ruine"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of ``text``: letters and digits only, no punctuation or operators."""
    return [word[:MAX_WORD_LENGTH] for word in _WORD.findall(fold(text))]


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """Snowball's Dutch stem (remembered: indexing and searching stem the same words often)."""
    return str(_stemmer.stemWord(word))


def stems(text: str) -> str:
    """``text`` as the SQLite index stores it: folded, stop words out, each word stemmed."""
    return " ".join(stem(word) for word in words(text) if word not in STOP_WORDS)


@dataclass(frozen=True)
class QueryWord:
    """One word typed, with the words that may stand for it; ``prefix``: the last word of
    the query, which may still be half typed."""

    alternatives: tuple[str, ...]
    prefix: bool = False


def query_words(text: str | None) -> list[QueryWord]:
    """What a search for ``text`` looks for: every word must be found (one of its
    alternatives). Stop words and punctuation fall away, so this may be empty."""
    typed = [word for word in words(text or "") if word not in STOP_WORDS][:MAX_QUERY_WORDS]
    # A half-typed last word: only when the text does not end in a space or punctuation.
    open_end = bool(text) and bool(typed) and bool(_WORD.fullmatch(fold(text or "")[-1:]))
    synonyms = _synonyms()
    result = []
    for position, word in enumerate(typed):
        # The typed word first: it is the one that may be half typed.
        alternatives = (word, *(other for other in synonyms.get(word, ()) if other != word))
        is_last = position == len(typed) - 1
        result.append(QueryWord(alternatives, prefix=is_last and open_end and len(word) >= 3))
    return result
