"""STUB: to be built."""
from flask import Flask


def register(app: Flask) -> None:
    pass
