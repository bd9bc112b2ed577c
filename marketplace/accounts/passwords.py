"""Password hashing with Argon2id (argon2-cffi's recommended defaults) and the rules a new
password must meet: a sensible length, not a common or leaked password, not the person's own
e-mail address or name, not one repeated character or a simple row like "1234567890".

The common passwords are checked offline: zxcvbn (MIT licence) ships the 30,000 passwords
found most often in leaked password lists; a few Dutch favourites are added below.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from functools import cache
from itertools import pairwise

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 10
# Long enough for any pass phrase; short enough that hashing stays cheap.
MAX_PASSWORD_LENGTH = 200

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


class PasswordProblem(StrEnum):
    """Why a new password is refused; forms turn each into an explanation."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    PERSONAL = "personal"
    PREDICTABLE = "predictable"


# Common in the Netherlands, and missing from zxcvbn's (mostly English) list.
_DUTCH_COMMON = """
wachtwoord wachtwoord1 wachtwoord123 welkom welkom01 welkom123 geheim geheim123 rotterdam
rotterdam010 feyenoord feyenoord1 ajax amsterdam sparta excelsior voetbal zomer winter
lente herfst sterretje prinses schatje lieverd liefje mijnwachtwoord buurthulp buurthulp1
hallo hallo123 hoihoi doei kabouter konijn poesje hondje oranje nederland holland
""".split()  # noqa: SIM905 (a word list reads better as text)

# Rows people type instead of thinking of a password: checked forwards and backwards.
_ROWS = (
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "azertyuiop",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm",
)
# Characters left over besides a row or a repeated character: fewer than this is no password.
_MIN_OWN_CHARACTERS = 4
_PERSONAL_PART = re.compile(r"[^\w]+|_")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, in lower case, loaded once per process."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"]) | frozenset(_DUTCH_COMMON)


def _is_common(lowered: str) -> bool:
    # "wachtwoord2024!" is "wachtwoord" with a year and a sign: just as easy to guess.
    base = lowered.rstrip("0123456789!?.@#$%&*-_ ")
    return lowered in common_passwords() or base in common_passwords()


def _personal_parts(email: str | None, names: Iterable[str | None]) -> set[str]:
    """The pieces of someone's address and name that must not make up their password."""
    parts: set[str] = set()
    if email:
        address = email.strip().lower()
        local = address.partition("@")[0]
        parts.update({address, local, *_PERSONAL_PART.split(local)})
    for name in names:
        if name:
            lowered = name.strip().lower()
            parts.update({lowered, lowered.replace(" ", ""), *_PERSONAL_PART.split(lowered)})
    return {part for part in parts if part}


def _uses_personal(lowered: str, parts: set[str]) -> bool:
    squeezed = lowered.replace(" ", "")
    return any(
        squeezed == part.replace(" ", "") or (len(part) >= 4 and part in squeezed) for part in parts
    )


def _in_a_row(piece: str) -> bool:
    return len(set(piece)) == 1 or any(piece in row * 3 or piece in row[::-1] * 3 for row in _ROWS)


@cache
def _row_steps() -> frozenset[str]:
    """Every pair of characters that follow each other in a row, either way."""
    pairs: set[str] = set()
    for row in _ROWS:
        for line in (row * 2, row[::-1] * 2):
            pairs.update(a + b for a, b in pairwise(line))
    return frozenset(pairs)


def _longest_row_or_repeat(lowered: str) -> int:
    """Length of the longest stretch that is one character repeated or part of a row.

    Only stretches where each neighbour pair is a step of a row or a repeat can qualify,
    so the exhaustive check runs on those short stretches only.
    """
    longest = min(len(lowered), 1)
    start = 0
    while start < len(lowered):
        end = start + 1
        while end < len(lowered) and (
            lowered[end - 1] == lowered[end] or lowered[end - 1 : end + 1] in _row_steps()
        ):
            end += 1
        stretch = lowered[start:end]
        for i in range(len(stretch)):
            for j in range(len(stretch), i + longest, -1):
                if _in_a_row(stretch[i:j]):
                    longest = j - i
                    break
        start = end
    return longest


def _is_predictable(lowered: str) -> bool:
    counts = Counter(lowered)
    if len(counts) <= 3 or counts.most_common(1)[0][1] * 10 >= len(lowered) * 6:
        return True  # "aaaaaaaaab", "abababababab"
    if any(lowered == (lowered[:n] * len(lowered))[: len(lowered)] for n in range(1, 5)):
        return True  # "abcdabcdabcd"
    return len(lowered) - _longest_row_or_repeat(lowered) < _MIN_OWN_CHARACTERS


def password_problem(
    password: str, *, email: str | None = None, names: Iterable[str | None] = ()
) -> PasswordProblem | None:
    """What is wrong with ``password`` as a new password for this person, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return PasswordProblem.TOO_LONG
    lowered = password.lower()
    if _uses_personal(lowered, _personal_parts(email, names)):
        return PasswordProblem.PERSONAL
    if _is_predictable(lowered):
        return PasswordProblem.PREDICTABLE
    if _is_common(lowered):
        return PasswordProblem.COMMON
    return None


@cache
def _dummy_hash() -> str:
    return hash_password("no account has this password")


def waste_time_like_verify(password: str) -> None:
    """Spend as long as a real check, so the answer time does not tell whether an account
    with that e-mail address exists."""
    verify_password(_dummy_hash(), password)
