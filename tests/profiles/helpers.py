"""Reading form state from a rendered page, whatever order the macro writes attributes in."""

from __future__ import annotations

import re


def is_checked(page: str, input_id: str) -> bool:
    """True when the page has a ticked checkbox or radio button with this id."""
    for tag in re.findall(r"<input\b[^>]*>", page):
        if f'id="{input_id}"' in tag and re.search(r"\schecked[\s>=]", tag):
            return True
    return False
