"""STUB: to be built."""

from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderatie")


@bp.route("/", methods=["GET", "POST"])
def queue(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"

