from flask import Blueprint

bp = Blueprint("matchmaking", __name__, url_prefix="/koppelen")
