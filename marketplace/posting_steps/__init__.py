"""Asking for help in short steps: what, where, when, then check your answers.

The answers are kept in a draft posting (status ``draft``), not in the session: Flask's
session is a signed cookie of at most 4 KB and a description may be 4000 characters. A draft
also survives a closed browser and shows up under "Mijn oproepen" as "Concept".
"""
