"""Security headers on every response, and ``Cache-Control: no-store`` on personal pages.

Written here, in one small module, rather than with Flask-Talisman (1.1.0, the current
release), for these reasons:

- Talisman decides HSTS (and its HTTPS redirect) from a raw ``X-Forwarded-Proto`` header that
  any client can send. We trust the scheme only as ``TRUSTED_PROXIES`` allows: ProxyFix sets
  ``request.is_secure`` from the configured number of proxy hops, and HSTS follows that.
- Talisman rewrites ``app.config`` (``SESSION_COOKIE_SECURE`` and ``..._SAMESITE``) at start
  and on every request, which overrides config.py, the one place for settings.
- It has had no release since 2023 and no type hints (mypy runs on this package).
- It covers neither ``Cache-Control`` nor ``X-Robots-Tag``, which we need anyway, so half of
  this module would exist beside it.

The policy is a handful of constant strings; tests/security/test_headers.py pins each one
and the production-shape test (tests/ops/test_production_process.py) checks them over HTTP.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask_login import current_user
from werkzeug.wrappers import Response

from marketplace.robots import is_indexable

HSTS = "max-age=31536000; includeSubDomains"
REFERRER_POLICY = "strict-origin-when-cross-origin"  # tile servers ask for the origin
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
# Log-in, registration, confirmation and password pages: not kept by a shared computer's
# browser or a proxy, also for a visitor who is not logged in.
NO_STORE_BLUEPRINTS = frozenset({"accounts", "signals"})  # signals: a guest's status link


NONCE_KEY = "buurthulp.csp_nonce"


def csp_nonce() -> str:
    """This response's nonce for ``<script nonce>`` (templates call ``csp_nonce()``).

    Kept in the request's environ, not ``g``: one request, one nonce, even where an app
    context outlives a request (tests, CLI).
    """
    if NONCE_KEY not in request.environ:
        request.environ[NONCE_KEY] = secrets.token_urlsafe(18)
    return str(request.environ[NONCE_KEY])


def tile_source(tile_url: str) -> str | None:
    """The CSP source for map tiles from ``MAP_TILE_URL``; None for tiles on this site.

    ``https://{s}.tile.example.org/{z}/{x}/{y}.png`` gives ``https://*.tile.example.org``.
    """
    parts = urlsplit(tile_url)
    if not parts.netloc:
        return None
    scheme = parts.scheme or "https"  # //tiles.example.org/... follows the page: https
    host, _, port = parts.netloc.rpartition("@")[2].partition(":")
    labels = host.lower().split(".")
    if any("{" in label for label in labels[1:]):
        return f"{scheme}:"  # a placeholder deeper in the name: the scheme is all we know
    if "{" in labels[0]:
        labels[0] = "*"
    return f"{scheme}://{'.'.join(labels)}" + (f":{port}" if port else "")


def content_security_policy(tiles: str | None, nonce: str | None) -> str:
    scripts = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    # data: for the check marks the NL Design System's CSS draws as inline SVG images
    images = "'self' data:" + (f" {tiles}" if tiles else "")
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self'",
            f"img-src {images}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def _is_personal() -> bool:
    if request.endpoint == "static":
        return False
    return request.blueprint in NO_STORE_BLUEPRINTS or bool(current_user.is_authenticated)


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    tiles = tile_source(current_app.config.get("MAP_TILE_URL", ""))
    headers["Content-Security-Policy"] = content_security_policy(
        tiles, request.environ.get(NONCE_KEY)
    )
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"  # frame-ancestors for browsers that predate it
    headers["Referrer-Policy"] = REFERRER_POLICY
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:  # behind a proxy: as TRUSTED_PROXIES lets ProxyFix tell
        headers["Strict-Transport-Security"] = HSTS
    if not is_indexable(request.endpoint):
        headers["X-Robots-Tag"] = "noindex, nofollow"
    if _is_personal():
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
    return response


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.globals["robots_noindex"] = lambda: not is_indexable(request.endpoint)
    app.after_request(set_security_headers)
