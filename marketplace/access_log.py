"""gunicorn's access log without the secrets that links carry.

Links in e-mails hold tokens in their path (``/wachtwoord-herstellen/<token>``,
``/organisaties/uitnodiging/<token>``). Access logs are kept longer and read by more people
than the links live, so every opaque segment is written as ``[token]``. gunicorn takes this
class from ``gunicorn.conf.py`` in the project folder, in every way we start it.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

# A token: 24 or more URL-safe characters with an upper-case letter and a digit. Slugs and
# Dutch path words are lower case, ids are short.
TOKEN_SEGMENT = re.compile(r"(?<=/)(?=[^/?#]*[A-Z])(?=[^/?#]*[0-9])[A-Za-z0-9_.\-]{24,}")


def hide_tokens(text: str) -> str:
    return TOKEN_SEGMENT.sub("[token]", text)


class TokenHidingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: hide_tokens(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
