from __future__ import annotations

from flask_wtf import FlaskForm


class DismissForm(FlaskForm):
    """ "Niet voor mij": no fields, but a CSRF token like every form."""
