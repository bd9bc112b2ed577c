"""One short form per step. The fields and their messages are those of PostingForm."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectChoice

from marketplace.categories import Category
from marketplace.postings.forms import PostingForm
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


class WhenForm(PostingForm):
    """Step 3: when, and until when the posting stays up. PostingForm's timing rules apply.
    A request may be for a lasting contact (PostingForm's ``lasting``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("category_id", "title", "description", "postcode", "language", "submit"):
            delattr(self, name)


class SubmitForm(FlaskForm):
    """Step 4: only the CSRF token; the answers are already saved in the draft."""
