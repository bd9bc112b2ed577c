"""Domain events: how the core tells the features that something happened, without
importing them.

A service sends an event after its change is flushed, passing its session:

    events.posting_published.send(posting, session=session)

A feature subscribes in its ``hooks.init_app`` (``events.posting_published.connect(fn)``).
Receivers run at once, inside the sender's transaction: they use only the ``session`` they
are given, flush and never commit, and leave work for the worker as outbox rows (a
``Notification``, a ``MatchRequest``), never ``.delay()``. An exception in a receiver fails
the sender's request, as if the code were inline. Connecting the same function twice
(every ``create_app``) keeps one connection.

The events (sender first, then keyword arguments):

- ``posting_published(posting, session)``: a posting became visible to everyone, again after
  a renewal or a reopening too (matching asks for a match).
- ``posting_widened(posting, session, circle)``: nobody answered a request, so it is
  matched again in a wider circle (2: twice every volunteer's radius; 3: also people who gave
  no availability) (matching asks for that match).
- ``posting_listed(posting, session)``: still nobody answered a week on, so the request is
  on "Hulp gezocht" (matchmaking tells the staff of the organisations serving its wijk).
- ``profile_changed(user, session)``: what matching uses from a profile changed (interests,
  radius, availability, place, wants_to_help) (matching looks again for that person).
- ``email_confirmed(user, session)``: someone proved their e-mail address works (the
  confirmation link, or a reset link for an unconfirmed account). Matching skips
  unconfirmed people, so it looks again for that person: a volunteer who filled in her
  profile before confirming gets the open postings that already fit.
- ``response_created(response, session)``: someone responded to a posting (organisations:
  an application to a vacancy enters the pipeline).
- ``response_accepted(response, session)``: the posting's side accepted a response
  (organisations: the applicant is placed).
- ``response_withdrawn(response, session)``: the helper withdrew her response ("Ik help"
  ingetrokken), before or after it was accepted (organisations: the application is
  withdrawn too). A request that had her as its helper is published again, which sends
  ``posting_published`` as well.
- ``requirements_changed(posting, session)``: what a volunteer must hold for an open request
  changed: staff flagged or unflagged it as needing a credential, or an admin changed the
  credential rule of its category (matching drops the suggestions to volunteers who no
  longer qualify and asks for a new match, so those who now qualify are found).
- ``contact_blocked(blocker, session, blocked_id)``: ``blocker`` wants no more contact with
  ``blocked_id`` (matching drops their suggestions to each other, both ways).
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

posting_published = _events.signal("posting-published")
posting_widened = _events.signal("posting-widened")
posting_listed = _events.signal("posting-listed")  # on "Hulp gezocht" (escalation)
profile_changed = _events.signal("profile-changed")
email_confirmed = _events.signal("email-confirmed")
response_created = _events.signal("response-created")
response_accepted = _events.signal("response-accepted")
response_withdrawn = _events.signal("response-withdrawn")
contact_blocked = _events.signal("contact-blocked")
requirements_changed = _events.signal("requirements-changed")  # credentials a request needs
