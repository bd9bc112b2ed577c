"""What search engines may index: a few pages about Buurthulp itself, nothing about people.

Postings, profiles, conversations and organisations' pages are about (often vulnerable)
people. They are left out by default: a page is indexable only when its endpoint is listed
here. ``robots.txt`` disallows every other section of the URL map, and every other response
says ``X-Robots-Tag: noindex`` (security_headers.py) and ``<meta name="robots">`` (base.html).
"""

from __future__ import annotations

from werkzeug.routing import Map

INDEXABLE_ENDPOINTS = frozenset(
    {"pages.home", "pages.about", "pages.menu", "map.index", "privacy.statement"}
)
# First path segments crawlers may visit: the pages above and the files they need.
INDEXABLE_SECTIONS = frozenset({"", "over", "menu", "kaart", "privacy", "static", "robots.txt"})


def is_indexable(endpoint: str | None) -> bool:
    return endpoint in INDEXABLE_ENDPOINTS or endpoint == "static"


def _disallowed_prefix(rule: str) -> str | None:
    """``/oproepen/`` for ``/oproepen/<int:posting_id>``, ``/inloggen`` for ``/inloggen``;
    None for a section crawlers may visit."""
    section, slash, _rest = rule.lstrip("/").partition("/")
    if section in INDEXABLE_SECTIONS:
        return None
    if "<" in section:  # a section made of a variable cannot be named: close the site
        return "/"
    return f"/{section}{slash}"


def robots_txt(url_map: Map) -> str:
    """Disallow every section of the site that is not about Buurthulp itself."""
    prefixes = {p for rule in url_map.iter_rules() if (p := _disallowed_prefix(rule.rule))}
    # "/bevestigen" already covers "/bevestigen/...": robots.txt rules are prefixes.
    needed = sorted(p for p in prefixes if not (p.endswith("/") and p[:-1] in prefixes))
    lines = ["User-agent: *"] + [f"Disallow: {prefix}" for prefix in needed]
    return "\n".join(lines) + "\n"
