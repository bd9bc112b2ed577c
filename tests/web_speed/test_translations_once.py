"""The templates' ``_()`` finds the request's catalogue once per language, and still follows
``force_locale`` (a mail in the recipient's language) and ``refresh``."""

from flask_babel import force_locale, refresh

from marketplace import i18n

TEMPLATE = (
    '{{ _("Zoeken") }} {{ ngettext("%(num)s oproep gevonden", "%(num)s oproepen gevonden", 2) }}'
)


def test_the_page_language_then_a_forced_one_then_back(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()  # the tests share one app context, and so Flask-Babel's state
        template = app.jinja_env.from_string(TEMPLATE)
        assert template.render() == "Search 2 postings found"
        with force_locale("nl"):
            assert template.render() == "Zoeken 2 oproepen gevonden"
        assert template.render() == "Search 2 postings found"


def test_a_refreshed_language_is_followed(app, client):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()  # the tests share one app context, and so Flask-Babel's state
        template = app.jinja_env.from_string(TEMPLATE)
        assert template.render().startswith("Search")
        from flask import request

        request.cookies = {"lang": "nl"}  # type: ignore[misc]
        refresh()
        assert template.render().startswith("Zoeken")


def test_the_catalogue_is_looked_up_once_per_language(app, monkeypatch):
    lookups = []
    original = i18n.get_translations

    def counted():
        lookups.append(1)
        return original()

    monkeypatch.setattr(i18n, "get_translations", counted)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()  # the tests share one app context, and so Flask-Babel's state
        template = app.jinja_env.from_string(
            '{% for _n in range(50) %}{{ _("Zoeken") }}{% endfor %}'
        )
        assert template.render() == "Search" * 50
        assert len(lookups) <= 2
