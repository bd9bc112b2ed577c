"""STUB: to be built."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.route("/gebruikers", methods=["GET", "POST"])
def users(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"

