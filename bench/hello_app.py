"""The smallest Flask app, served by ``bench.web`` on the same gunicorn settings as the real
one: what this machine's web server can do at most, the yardstick for every page's rate."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hallo, buurt!"
