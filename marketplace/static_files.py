"""Static files with fingerprinted links, cached by browsers for a year.

``url_for("static", filename=...)`` adds ``?v=<hash of the file>``: a changed file gets a new
link, so a response for the link with the file's current hash may be kept for a year
(``Cache-Control: public, max-age=31536000, immutable``). A link with an old or no hash is
served as before (revalidated with its ETag), so nothing breaks while pages change over.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from stat import S_ISREG
from typing import Any

from flask import Flask, current_app, request
from werkzeug.wrappers import Response

ONE_YEAR = 31_536_000
_HASHES = "static_files.hashes"


def fingerprint(filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256 (None for a file that is not there).

    Kept per process; in development (templates reloading) also with the file's modification
    time, so a file changed while the app runs gets its new hash. A page links seven files,
    so outside development a known file costs no look at the disk."""
    folder = current_app.static_folder
    if folder is None:
        return None
    hashes: dict[str, tuple[float, str]] = current_app.extensions[_HASHES]
    known = hashes.get(filename)
    if known is not None and not current_app.jinja_env.auto_reload:
        return known[1]
    path = Path(folder) / filename
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return None
    if not S_ISREG(stat.st_mode):  # a folder's link (the map's images/) has no content to hash
        return None
    if known is not None and known[0] == stat.st_mtime:
        return known[1]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    hashes[filename] = (stat.st_mtime, digest)
    return digest


def _add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "v" not in values and "filename" in values:
        version = fingerprint(os.fspath(values["filename"]))
        if version is not None:
            values["v"] = version


def _cache_fingerprinted(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename")
    version = request.args.get("v")
    if version and filename and version == fingerprint(filename):
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    return response


def init_app(app: Flask) -> None:
    app.extensions[_HASHES] = {}
    app.url_defaults(_add_fingerprint)
    app.after_request(_cache_fingerprinted)
