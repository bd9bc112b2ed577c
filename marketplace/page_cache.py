"""A short-lived shared cache for the pages anyone sees, and HTTP revalidation for them.

A view marked ``@cached_page`` (the home page, the list of postings, the map, the sociale
kaart's search and services, the agenda's week and month) is rendered once per address,
language and day and served from the cache for ``PAGE_CACHE_SECONDS``
(30 by default; 0 switches the cache off, as the tests do except this module's own) to
everyone who is not logged in. It is never used:

- for a logged-in person (their list starts at their own postcode, their menu is theirs),
- when the session holds a flashed message (it belongs to that one person),
- for anything but a GET answered 200 that sets no cookie of its own.

The cached HTML holds no one's CSRF token or CSP nonce: both are cut out before storing
and this response's own are put in as it is sent.

Where it lives: ``PAGE_CACHE_URL`` (``redis://...``) shares it between every process, as in
production; without one each process keeps its own small store (the embedded default).
``cached_fragment`` keeps a part of a page in the same way, for logged-in people too: the
list's results, which are the same for everyone who asks with the same filters.

A commit that changed a watched model (``watch``: postings, so an approval or a change shows
at once) starts a new generation, so every page rendered before it is left unread; with a
per-process store only the committing process knows at once, the others within
``PAGE_CACHE_SECONDS``; with Redis the others within a second (``GENERATION_SECONDS``).
Either way a page is never older than that.

HTTP: such a page carries an ``ETag`` (its content and the visitor's CSRF session) and
``Last-Modified`` with ``Cache-Control: no-cache``, so a browser asks again each time and gets
``304 Not Modified`` while nothing changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, wraps
from typing import Any, Protocol, TypeVar, cast

from flask import Flask, current_app, has_app_context, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from werkzeug.wrappers import Response

from marketplace.i18n import current_language
from marketplace.listeners import listen_once
from marketplace.security_headers import NONCE_KEY, csp_nonce
from marketplace.timestamps import local_today

CSRF_MARKER = "\u2063page-cache-csrf\u2063"
NONCE_MARKER = "\u2063page-cache-nonce\u2063"
_CSRF, _NONCE = CSRF_MARKER.encode(), NONCE_MARKER.encode()
_MARKERS = re.compile(f"({re.escape(CSRF_MARKER)}|{re.escape(NONCE_MARKER)})".encode())
GENERATION_SECONDS = 1.0  # how long a process trusts the generation it read from Redis
LOCAL_MAX_ENTRIES = 500  # per process: a page is a few tens of kB
_EXTENSION = "page_cache"
_CHANGED = "page_cache.changed"
_WATCHED: set[type] = set()

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class Entry:
    body: str  # with the markers where this response's token and nonce go
    mimetype: str
    stored_at: float  # seconds since the epoch
    digest: str = ""  # of the body, made once when stored (a hit only reads it)

    @cached_property
    def parts(self) -> list[bytes]:
        """The body in UTF-8, cut at the markers: text, marker, text, ... A hit joins these
        with its own token and nonce, instead of searching and encoding the whole body (a
        month of the agenda is hundreds of kB): once per entry in a process's own store."""
        return _MARKERS.split(self.body.encode())

    def __post_init__(self) -> None:
        if not self.digest:
            digest = hashlib.sha256(self.body.encode()).hexdigest()[:32]
            object.__setattr__(self, "digest", digest)


class Store(Protocol):
    def get(self, key: str) -> Entry | None: ...
    def put(self, key: str, entry: Entry, seconds: int) -> None: ...
    def generation(self) -> int: ...
    def next_generation(self) -> None: ...


class LocalStore:
    """This process's own: a bounded map of entries with their expiry."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[float, Entry]] = OrderedDict()
        self._generation = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            expires, entry = found
            if expires <= time.monotonic():
                del self._entries[key]
                return None
            return entry

    def put(self, key: str, entry: Entry, seconds: int) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + seconds, entry)
            self._entries.move_to_end(key)
            while len(self._entries) > LOCAL_MAX_ENTRIES:
                self._entries.popitem(last=False)

    def generation(self) -> int:
        return self._generation

    def next_generation(self) -> None:
        with self._lock:
            self._generation += 1
            self._entries.clear()


class RedisStore:
    """Shared by every process: entries expire in Redis itself. When Redis cannot be
    reached the pages are rendered as if nothing were cached (a cache is never a reason
    for an error page).

    A page is two keys: a few bytes that say which body it is (its digest), and the body
    under a key with that digest. A process keeps the bodies it fetched (``_bodies``, a
    ``LocalStore`` by digest), so a hit reads the small key only: fetching and decoding
    hundreds of kB a hit cost more than rendering most pages."""

    # A body is only reached through a live small key, so how long one is kept bounds
    # memory only (as LOCAL_MAX_ENTRIES does), never how old a page may be.
    BODY_SECONDS = 3600

    def __init__(self, url: str) -> None:
        import redis

        self._errors = (redis.RedisError, OSError)
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._generation_key = "page_cache:generation"
        self._generation_read: tuple[float, int] | None = None  # (when, value)
        self._bodies = LocalStore()

    def get(self, key: str) -> Entry | None:
        try:
            about = self._redis.get(key)
            if not about:
                return None
            fields = json.loads(about)
            entry = self._bodies.get(fields["digest"])
            if entry is not None:
                return entry
            body = cast(bytes | None, self._redis.get(f"{key}:{fields['digest']}"))
        except self._errors:
            return None
        if body is None:  # expired between the two reads
            return None
        entry = Entry(body=body.decode(), **fields)
        self._bodies.put(entry.digest, entry, self.BODY_SECONDS)
        return entry

    def put(self, key: str, entry: Entry, seconds: int) -> None:
        about = {"mimetype": entry.mimetype, "stored_at": entry.stored_at, "digest": entry.digest}
        with contextlib.suppress(*self._errors):
            pipe = self._redis.pipeline(transaction=False)
            pipe.set(f"{key}:{entry.digest}", entry.body.encode(), ex=seconds)
            pipe.set(key, json.dumps(about), ex=seconds)
            pipe.execute()
        self._bodies.put(entry.digest, entry, self.BODY_SECONDS)

    def generation(self) -> int:
        """Read at most once a second: a change another process made shows within that
        second (one made in this process at once), and a hit costs one round trip, not two."""
        read = self._generation_read
        if read is not None and time.monotonic() - read[0] < GENERATION_SECONDS:
            return read[1]
        try:
            value = int(cast(bytes | None, self._redis.get(self._generation_key)) or 0)
        except self._errors:
            return -1
        self._generation_read = (time.monotonic(), value)
        return value

    def next_generation(self) -> None:
        self._generation_read = None
        with contextlib.suppress(*self._errors):
            value = int(cast(int, self._redis.incr(self._generation_key)))
            self._generation_read = (time.monotonic(), value)


def watch(model: type) -> None:
    """A committed change to ``model`` (a posting approved, changed, closed) makes every
    cached page be rendered again."""
    _WATCHED.add(model)


def _store() -> Store | None:
    if current_app.config.get("PAGE_CACHE_SECONDS", 0) <= 0:
        return None
    stores: dict[str, Store] = current_app.extensions[_EXTENSION]
    url = current_app.config.get("PAGE_CACHE_URL") or ""
    if url not in stores:
        stores[url] = RedisStore(url) if url else LocalStore()
    return stores[url]


def _may_cache() -> bool:
    return (
        request.method == "GET" and "_flashes" not in session and not current_user.is_authenticated
    )


def _key(generation: int) -> str:
    # The day too: "this week" in the agenda, a posting's end date, a service's last check.
    day = local_today().isoformat()
    return f"page:{generation}:{day}:{current_language()}:{request.host_url}{request.full_path}"


def _cut_out_secrets(body: str) -> str:
    """The body without this request's CSRF token and nonce (markers in their place)."""
    token = _csrf_token_made()
    if token:
        body = body.replace(token, CSRF_MARKER)
    nonce = request.environ.get(NONCE_KEY)
    if nonce:
        body = body.replace(nonce, NONCE_MARKER)
    return body


def _csrf_token_made() -> str | None:
    from flask import g

    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(field)
    return str(token) if token else None


def _fill_in(entry: Entry) -> bytes:
    parts = entry.parts
    markers = parts[1::2]
    values = {_NONCE: csp_nonce().encode()}
    if _CSRF in markers:  # only then: a token starts a session (and a cookie)
        values[_CSRF] = generate_csrf().encode()
    return b"".join(values[part] if i % 2 else part for i, part in enumerate(parts))


def _revalidated(response: Response, entry: Entry) -> Response:
    """ETag and Last-Modified; 304 when the browser's copy is still this one."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    csrf_session = hashlib.sha256(str(session.get(field, "")).encode()).hexdigest()[:8]
    response.set_etag(f"{entry.digest}-{csrf_session}")
    response.last_modified = datetime.fromtimestamp(int(entry.stored_at), tz=UTC)
    response.cache_control.no_cache = True
    return response.make_conditional(request)


def cached_page(view: View) -> View:
    """Serve this view from the page cache to visitors who are not logged in (see above)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not _may_cache():
            return view(*args, **kwargs)
        store = _store()
        key = _key(store.generation()) if store is not None else ""
        entry = store.get(key) if store is not None else None
        if entry is not None:
            response = make_response(_fill_in(entry))
            response.mimetype = entry.mimetype
            response.headers["X-Page-Cache"] = "hit"
            return _revalidated(response, entry)
        response = make_response(view(*args, **kwargs))
        if (
            response.status_code != 200
            or response.direct_passthrough
            or "Set-Cookie" in response.headers
            or "_flashes" in session
        ):
            return response
        entry = Entry(
            body=_cut_out_secrets(response.get_data(as_text=True)),
            mimetype=response.mimetype or "text/html",
            stored_at=time.time(),
        )
        if store is not None:
            store.put(key, entry, int(current_app.config["PAGE_CACHE_SECONDS"]))
            response.headers["X-Page-Cache"] = "miss"
        return _revalidated(response, entry)

    return cast(View, wrapper)


def cached_fragment(name: str, vary: object, render: Callable[[], str]) -> Markup:
    """A part of a page that is the same for everyone who asks for it with the same ``vary``,
    kept like a cached page (same store, same generations, same lifetime), also for people
    who are logged in. For the list's results: a logged-in person's list is a visitor's list
    with her postcode filled in, while her menu and badge around it are hers alone.

    Only for public content: a part that holds this request's CSRF token or nonce (a form,
    a script) is rendered but never kept."""
    store = _store()
    if store is None:
        return Markup(render())
    vary_digest = hashlib.sha256(repr(vary).encode()).hexdigest()[:32]
    key = (
        f"fragment:{store.generation()}:{local_today().isoformat()}:{current_language()}"
        f":{name}:{vary_digest}"
    )
    entry = store.get(key)
    if entry is not None:
        return Markup(entry.body)
    body = render()
    if _cut_out_secrets(body) == body:
        entry = Entry(body=body, mimetype="text/html", stored_at=time.time())
        store.put(key, entry, int(current_app.config["PAGE_CACHE_SECONDS"]))
    return Markup(body)


def _note_changes(session: Session, _flush: UOWTransaction) -> None:
    if not _WATCHED or session.info.get(_CHANGED):
        return
    for instance in (*session.new, *session.dirty, *session.deleted):
        if type(instance) in _WATCHED:
            session.info[_CHANGED] = True
            return


def _note_bulk_changes(state: ORMExecuteState) -> None:
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and mapper.class_ in _WATCHED:
        state.session.info[_CHANGED] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False) and has_app_context():
        store = _store()
        if store is not None:
            store.next_generation()


def _after_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = {}
    listen_once(Session, "after_flush", _note_changes)
    listen_once(Session, "do_orm_execute", _note_bulk_changes)
    listen_once(Session, "after_commit", _after_commit)
    listen_once(Session, "after_soft_rollback", _after_rollback_soft)


def _after_rollback_soft(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        _after_rollback(session)
