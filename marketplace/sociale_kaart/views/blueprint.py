from flask import Blueprint

bp = Blueprint("sociale_kaart", __name__)
