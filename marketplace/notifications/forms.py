from __future__ import annotations

from flask_wtf import FlaskForm


class MarkAllReadForm(FlaskForm):
    """ "Alles gelezen": no fields, but a CSRF token like every form."""


class UnsubscribeForm(FlaskForm):
    """The one button on the unsubscribe page.

    No CSRF token: the signed link in the URL already proves the request comes from the
    person's own mailbox, and RFC 8058 mail programs POST without any token of ours.
    """

    class Meta:
        csrf = False
