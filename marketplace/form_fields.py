"""Form fields shared by the features' forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import (
    DateField,
    EmailField,
    Field,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import Choice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget, Select

from marketplace import email_addresses


def strip(value: Any) -> Any:
    """A filter: what people type, without spaces before and after."""
    return value.strip() if isinstance(value, str) else value


def show_beside_field(form: Any, field_name: str, message: Any) -> None:
    """Put what a service refused beside the form field it is about (a ``FieldError``'s
    ``field``), or above the form when the form has no such field."""
    field = form._fields.get(field_name)
    if field is None:
        form.form_errors.append(str(message))
    else:
        field.errors = [*field.errors, str(message)]


def _presence(required: Any, optional: bool) -> list[Callable[..., Any]]:
    """The first check of a field: filled in (``required`` says how), or ``optional``: when
    empty, the other checks are skipped."""
    return [DataRequired(required)] if required else [Optional()] if optional else []


TOO_LONG = _l("Gebruik hoogstens %(max)d tekens.")


def text_field(
    label: Any,
    max_length: int,
    too_long: Any = TOO_LONG,
    *,
    required: Any = None,
    optional: bool = False,
    kind: type[Field] = StringField,
    validators: Sequence[Callable[..., Any]] = (),
    filters: Sequence[Callable[[Any], Any]] = (strip,),
    **kwargs: Any,
) -> Any:
    """A text field (``kind``: StringField, TextAreaField, EmailField, PasswordField) with the
    checks nearly every one has: filled in (``required`` says how, when it must be; or
    ``optional``: an empty field skips the other checks) and at most ``max_length``
    characters (``too_long`` says how to fix it; ``%(max)d`` is the limit; by default
    ``TOO_LONG``). ``validators`` come after those. What is typed is ``strip``ped unless
    ``filters`` says otherwise (``filters=()``: taken as typed)."""
    checks = [*_presence(required, optional), Length(max=max_length, message=too_long), *validators]
    return kind(label, validators=checks, filters=list(filters), **kwargs)


def text_area_field(label: Any, max_length: int, too_long: Any = TOO_LONG, **kwargs: Any) -> Any:
    """A ``text_field`` of several lines (a TextAreaField): a description, a note, a reason."""
    return text_field(label, max_length, too_long, kind=TextAreaField, **kwargs)


def email_field(
    label: Any,
    too_long: Any,
    *,
    required: Any = None,
    optional: bool = False,
    max_length: int = email_addresses.MAX_LENGTH,
) -> Any:
    """An e-mail address (a ``text_field`` of at most ``max_length`` characters) that must
    look like one (``EmailAddress``); ``required`` and ``optional`` as in ``text_field``."""
    return text_field(
        label,
        max_length,
        too_long,
        required=required,
        optional=optional,
        kind=EmailField,
        validators=[email_addresses.EmailAddress()],
    )


def one_of(values: Iterable[str], message: Any) -> list[Callable[..., Any]]:
    """The checks of a choice that must be made and be one of ``values``; ``message`` says
    how to choose, whichever check fails."""
    return [DataRequired(message), AnyOf([str(value) for value in values], message=message)]


def category_field(label: Any, *, kind: type[Field] = RadioField, coerce: Any = int) -> Any:
    """A choice of category (``kind``: RadioField or SelectField); the choices are set per
    request (``set_categories``), so a made-up choice is refused by the service, not here."""
    return kind(
        label,
        coerce=coerce,
        validate_choice=False,
        validators=[DataRequired(_l("Kies een soort hulp uit de lijst."))],
    )


def postcode_field(label: Any, *, required: bool = True) -> Any:
    """A Dutch postcode (``required``: it must be filled in)."""
    return text_field(
        label,
        10,
        _l("Vul een postcode in zoals 3011 AB."),
        required=_l("Vul de postcode in, bijvoorbeeld 3011 AB.") if required else None,
        filters=(),
    )


def whole_number_field(label: Any, low: int, high: int, message: Any) -> Any:
    """A whole number from ``low`` to ``high`` that must be filled in; ``message`` says how
    whenever it is not (empty, not a number, out of range). Phones show the number keys."""
    return IntegerField(
        label,
        validators=[
            InputRequired(message=message),
            NumberRange(min=low, max=high, message=message),
        ],
        invalid_value_message=message,
        render_kw={"min": low, "max": high, "inputmode": "numeric"},
    )


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (the ``forms.field`` macro renders them as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


DATE_ERROR = _l("Vul de datum in als dag-maand-jaar, bijvoorbeeld 3-12-2025.")


class DutchDateField(DateField):
    """Accepts what people type (3-12-2025, 3/12/2025) and what date pickers send (2025-12-03)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("format", ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata([" ".join(valuelist).strip()])
        except ValueError:
            self.data = None
            raise ValueError(DATE_ERROR) from None


def date_field(label: Any, *, required: Any = None, optional: bool = False, **kwargs: Any) -> Any:
    """A ``DutchDateField`` that must be filled in (``required`` says how) or, ``optional``,
    may stay empty (the other checks are then skipped)."""
    return DutchDateField(label, validators=_presence(required, optional), **kwargs)


class ChoiceListSelect(Select):
    """WTForms' ``<select>`` with the same markup, for long lists of plain choices (the list's
    wijk and category filters): each list's options are escaped and joined once per process
    and language, and a request only marks its chosen one (WTForms builds and escapes every
    option, a few hundred calls a field, on every request)."""

    MAX_LISTS = 256
    _options: dict[tuple[Any, ...], tuple[tuple[Any, str, str], ...]] = {}

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        choices = field.choices
        if not isinstance(choices, list) or not all(
            type(c) is SelectChoice and not c.render_kw and c.optgroup is None for c in choices
        ):
            return super().__call__(field, **kwargs)
        key = (field.coerce, *((c.value, str(c.label or c.value)) for c in choices))
        options = self._options.get(key)
        if options is None:
            if len(self._options) >= self.MAX_LISTS:
                self._options.clear()
            options = tuple(self._rendered(field.coerce, value, label) for value, label in key[1:])
            self._options[key] = options
        html = "".join(
            selected if coerced == field.data else plain for coerced, plain, selected in options
        )
        opening = str(super().__call__(_NoChoices(field), **kwargs)).removesuffix("</select>")
        return Markup(f"{opening}{html}</select>")

    @staticmethod
    def _rendered(coerce: Callable[[Any], Any], value: Any, label: str) -> tuple[Any, str, str]:
        def option(selected: bool) -> str:
            return str(
                Select.render_option(
                    Choice(value=value, label=label, selected=selected, render_kw={})
                )
            )

        return coerce(value), option(False), option(True)


class _NoChoices:
    """A field seen without its choices: the ``<select>`` element's own attributes only."""

    def __init__(self, field: Any) -> None:
        self._field = field

    def __getattr__(self, name: str) -> Any:
        return getattr(self._field, name)

    def has_groups(self) -> bool:
        return False

    def _iter_choices_normalized(self) -> list[Any]:
        return []
