"""Every text a person can see is translated: the catalogues match the code as it is now.

The text is extracted afresh from the code and templates (as `make translations` does) into
a temporary template, so a string added without running `make translations` fails here too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from marketplace.config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "marketplace" / "translations"
# The same keywords and folders as BABEL_KEYWORDS and BABEL_IGNORE_DIRS in the Makefile.
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "ngettext:1,2", "-k", "_n:1,2"]
IGNORE_DIRS = "--ignore-dirs=.* __pycache__ node_modules static"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            *("-F", str(PROJECT_ROOT / "babel.cfg"), *KEYWORDS, IGNORE_DIRS),
            *("--no-location", "-o", str(pot), str(PROJECT_ROOT)),
        ]
    )
    with pot.open("rb") as f:
        return read_po(f)


def _catalogue(language: str) -> Catalog:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=language)


def _texts(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def _translations(message: Message) -> list[str]:
    if isinstance(message.string, tuple | list):
        return list(message.string)
    return [message.string]


def _source_ids(template: Catalog) -> list[str]:
    return [m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id]


def test_every_text_in_the_code_has_an_english_translation(fresh_template):
    english = _catalogue("en")
    missing = []
    for msgid in _source_ids(fresh_template):
        message = english.get(msgid)
        if (
            message is None
            or message.fuzzy
            or not all(text.strip() for text in _translations(message))
        ):
            missing.append(msgid)
    assert not missing, (
        "Run `make translations` and translate these in "
        "marketplace/translations/en/LC_MESSAGES/messages.po:\n" + "\n".join(missing)
    )


def test_every_text_in_the_code_is_in_the_dutch_catalogue(fresh_template):
    dutch = _catalogue("nl")
    missing = [msgid for msgid in _source_ids(fresh_template) if dutch.get(msgid) is None]
    assert not missing, "Run `make translations`:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_translations_keep_the_placeholders_of_the_dutch_text(language):
    wrong = []
    for message in _catalogue(language):
        if not message.id:
            continue
        expected = set().union(*(set(PLACEHOLDER.findall(t)) for t in _texts(message)))
        for text in _translations(message):
            if text and set(PLACEHOLDER.findall(text)) != expected:
                wrong.append(f"{_texts(message)[0]!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_catalogues_have_no_fuzzy_guesses(language):
    fuzzy = [m.id for m in _catalogue(language) if m.id and m.fuzzy]
    assert not fuzzy, "Check these translations and remove the fuzzy mark:\n" + "\n".join(
        map(str, fuzzy)
    )


@pytest.mark.parametrize("language", ["en", "nl"])
def test_catalogues_compile_without_errors(language, tmp_path: Path):
    from babel.messages.mofile import write_mo

    catalogue = _catalogue(language)
    problems = [
        f"{m.id!r}: {'; '.join(map(str, errors))}" for m, errors in catalogue.check() if errors
    ]
    assert not problems, "\n".join(problems)
    with (tmp_path / "messages.mo").open("wb") as f:
        write_mo(f, catalogue)
