""" "Is het gelukt?": asking both sides whether agreed help happened."""
