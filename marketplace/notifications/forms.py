from __future__ import annotations

from flask_wtf import FlaskForm


class MarkAllReadForm(FlaskForm):
    """ "Alles gelezen": no fields, but a CSRF token like every form."""
