"""STUB: to be built."""

from flask import Blueprint

bp = Blueprint("responses", __name__, url_prefix="/berichten")


@bp.route("/", methods=["GET", "POST"])
def inbox(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"

