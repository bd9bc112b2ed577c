"""Postcodes to places, offline: Dutch PC4 centroids and Rotterdam's neighbourhoods.

Data: CBS / Kadaster and GeoNames, CC BY 4.0 (see ``data/SOURCE.md`` and the about page).
"""

from marketplace.geo.distance import bounding_box, distance_km, round_distance_km
from marketplace.geo.postcodes import (
    InvalidPostcode,
    Place,
    UnknownPostcode,
    is_neighbourhood,
    lookup_postcode,
    normalise_postcode,
    wijk_names,
)

__all__ = [
    "InvalidPostcode",
    "Place",
    "UnknownPostcode",
    "bounding_box",
    "distance_km",
    "is_neighbourhood",
    "lookup_postcode",
    "normalise_postcode",
    "round_distance_km",
    "wijk_names",
]
