"""The privacy guard on a form: warn once, then let the writer decide.

A form class mixes in ``PrivacyCheckMixin``; its view calls ``form.privacy_needs_a_look(text)``
after validating. When that is True the view re-renders the form (status 422) and the
template shows ``forms.privacy_warning(form)``: what we found, and the checkbox
"Ik weet het, toch versturen". Works without JavaScript; static/js/privacy-guard.js only warns
earlier, while typing.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from marketplace.privacy_guard import Finding, check_text


class PrivacyCheckMixin:
    privacy_ok = BooleanField(_l("Ik weet het, toch versturen"))
    privacy_findings: list[Finding] = []

    def privacy_needs_a_look(self, *texts: str | None) -> bool:
        """True when ``texts`` look private and the writer has not said "send it anyway"."""
        findings = check_text(*texts)
        if findings and not self.privacy_ok.data:
            self.privacy_findings = findings
            return True
        return False
