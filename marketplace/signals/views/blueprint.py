from flask import Blueprint

bp = Blueprint("signals", __name__)
