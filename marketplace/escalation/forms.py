"""The one-button forms on the list of unanswered requests (CSRF only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class ClaimForm(FlaskForm):
    submit = SubmitField(_l("Wij bellen rond"))


class ReleaseForm(FlaskForm):
    submit = SubmitField(_l("Toch niet: geef vrij"))
