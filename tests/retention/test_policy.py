"""The retention rules cover every table, and the docs page says what the code does."""

from __future__ import annotations

import re

from marketplace.config import PROJECT_ROOT
from marketplace.extensions import db
from marketplace.retention import policy, services

DOCS = PROJECT_ROOT / "docs" / "privacy" / "retention.md"


def test_every_table_has_a_retention_rule():
    missing = set(db.metadata.tables) - policy.covered_tables()
    assert not missing, f"add a rule to marketplace/retention/policy.py for {sorted(missing)}"


def test_every_rule_with_a_period_has_a_purge_and_every_purge_a_rule():
    named = {rule.purge for rule in policy.RULES if rule.purge}
    assert named == set(services.PURGES)
    assert all(rule.period for rule in policy.RULES if rule.purge)


def _docs_rows() -> dict[str, str]:
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\| `([a-z_]+)` \|", line)
        if found:
            rows[found.group(1)] = line
    return rows


def test_the_docs_page_has_a_row_per_rule_with_its_tables_and_period():
    rows = _docs_rows()
    assert set(rows) == {rule.key for rule in policy.RULES}
    for rule in policy.RULES:
        for table in rule.tables:
            assert f"`{table}`" in rows[rule.key], (rule.key, table)
        if rule.period and rule.key != "sessions":
            assert policy.period_in_words(rule.period) in rows[rule.key], rule.key


def test_the_readme_links_to_the_retention_page():
    assert "docs/privacy/retention.md" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
