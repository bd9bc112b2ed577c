"""One short form per step. The fields and their messages are those of PostingForm."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice
from wtforms.validators import Optional

from marketplace.categories import Category
from marketplace.postings.forms import PostingForm
from marketplace.postings.models import LastingKind
from marketplace.privacy_form import PrivacyCheckMixin


class WhatForm(PrivacyCheckMixin, FlaskForm):
    """Step 1: the kind of help, a title and a few sentences."""

    category_id = PostingForm.category_id
    title = PostingForm.title
    description = PostingForm.description
    language = PostingForm.language

    def set_categories(self, categories: Sequence[Category], locale: str) -> None:
        self.category_id.choices = [SelectChoice(c.id, c.name(locale)) for c in categories]


class WhereForm(FlaskForm):
    """Step 2: the postcode where the help is."""

    postcode = PostingForm.postcode


LASTING_LABELS = {
    "": _l("Nee, hulp voor één keer of zo nu en dan"),
    LastingKind.WALK.value: _l("Ja, een vaste wandeling elke week"),
    LastingKind.PHONE.value: _l("Ja, een telefoonmaatje: elke week op een vaste tijd bellen"),
    LastingKind.BUDDY.value: _l("Ja, een maatje om elke week iets mee te doen"),
}


class WhenForm(PostingForm):
    """Step 3: when, and until when the posting stays up. PostingForm's timing rules apply.
    A request may be for a lasting contact (``lasting``)."""

    lasting = RadioField(
        _l("Zoekt u een vast contact?"),
        choices=[SelectChoice(value, label) for value, label in LASTING_LABELS.items()],
        validators=[Optional()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("category_id", "title", "description", "postcode", "language", "submit"):
            delattr(self, name)


class SubmitForm(FlaskForm):
    """Step 4: only the CSRF token; the answers are already saved in the draft."""
