"""In-app notifications: the list, opening one, and the unread count in the header."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.errors import success_redirect
from marketplace.extensions import csrf, db
from marketplace.notifications.forms import MarkAllReadForm, UnsubscribeForm
from marketplace.notifications.services import (
    ExpiredUnsubscribeToken,
    InvalidUnsubscribeToken,
    mark_all_read,
    mark_read,
    notifications_for,
    person_for_unsubscribe,
)
from marketplace.notifications.services import unsubscribe as unsubscribe_person
from marketplace.pagination import paginate
from marketplace.profiles.forms import MAIL_TOPIC_LABELS
from marketplace.profiles.models import MailTopic
from marketplace.safe_redirect import safe_next_url

log = logging.getLogger(__name__)

bp = Blueprint("notifications", __name__, url_prefix="/meldingen")


@bp.get("/")
@login_required
def index() -> str:
    page = paginate(notifications_for(current_user.id))
    return render_template("notifications/index.html", page=page, form=MarkAllReadForm())


@bp.post("/alles-gelezen")
@login_required
def mark_all() -> WerkzeugResponse:
    form = MarkAllReadForm()
    if not form.validate_on_submit():
        abort(400)
    mark_all_read(db.session, current_user)
    return success_redirect(
        _("Alle meldingen staan nu op gelezen."), url_for("notifications.index")
    )


@bp.get("/<int:notification_id>")
@login_required
def open(notification_id: int) -> WerkzeugResponse:
    """Mark read and go where the notification points (only paths on this site)."""
    notification = mark_read(db.session, current_user, notification_id)
    if notification is None:
        abort(404)
    db.session.commit()
    return redirect(safe_next_url(notification.link_path, "notifications.index"))


@bp.route("/afmelden/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> str | tuple[str, int] | WerkzeugResponse:
    """One-click unsubscribe from an e-mail (RFC 8058), no login needed.

    GET only shows a page with one button: link scanners and mail previews fetch links,
    and must not switch anybody's e-mail off. POST (that button, or a mail program's
    ``List-Unsubscribe=One-Click`` request) switches it off. The view is CSRF-exempt
    because the signed token in the URL is the authentication: a forged page cannot know
    it, and mail programs cannot send our CSRF token.
    """
    try:
        user, topic = person_for_unsubscribe(db.session, token, current_app.config["SECRET_KEY"])
    except InvalidUnsubscribeToken as error:
        # Too old, used already, or not ours: say so, and offer the settings after log-in.
        expired = isinstance(error, ExpiredUnsubscribeToken)
        return render_template("notifications/unsubscribe_invalid.html"), 410 if expired else 404
    form = UnsubscribeForm()
    if request.method == "GET":
        return render_template(
            "notifications/unsubscribe.html",
            form=form,
            token=token,
            topic_label=MAIL_TOPIC_LABELS[topic] if topic else None,
        )
    unsubscribe_person(db.session, user, topic)
    db.session.commit()
    return redirect(url_for("notifications.unsubscribed", over=topic.value if topic else None))


csrf.exempt(unsubscribe)


@bp.get("/afgemeld")
def unsubscribed() -> str:
    topic = request.args.get("over", "")
    label = MAIL_TOPIC_LABELS.get(MailTopic(topic)) if topic in set(MailTopic) else None
    return render_template("notifications/unsubscribed.html", topic_label=label)
