"""Which environment variables the app reads, found in marketplace/config.py itself."""

from __future__ import annotations

import re

from marketplace.config import PROJECT_ROOT


def variables_read_by_config() -> set[str]:
    source = (PROJECT_ROOT / "marketplace" / "config.py").read_text()
    return set(re.findall(r"""env(?:\.get\(|\[)["']([A-Z_]+)["']""", source))
