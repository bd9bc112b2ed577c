"""The privacy statement at /privacy, public by design. How long data is kept comes from
``marketplace.retention.policy``, so the page and the beat task say the same."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from marketplace.retention.policy import RULES

bp = Blueprint("privacy", __name__)

AP_COMPLAINT_URL = "https://autoriteitpersoonsgegevens.nl/een-tip-of-klacht-indienen-bij-de-ap"


@bp.get("/privacy")
def statement() -> str:
    contact = current_app.config.get("PRIVACY_CONTACT") or ""
    return render_template(
        "privacy/statement.html",
        controller=current_app.config["PRIVACY_CONTROLLER"],
        contact=contact,
        contact_is_email="@" in contact and not contact.startswith("http"),
        rules=[rule for rule in RULES if rule.key != "no_personal_data"],
        ap_complaint_url=AP_COMPLAINT_URL,
    )
