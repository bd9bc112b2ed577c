import math

import pytest

from marketplace.geo import bounding_box, distance_km, lookup_postcode, round_distance_km


def test_rotterdam_centre_to_amsterdam_centre_is_about_57_km():
    rotterdam, amsterdam = lookup_postcode("3011"), lookup_postcode("1012")
    km = distance_km(rotterdam.lat, rotterdam.lon, amsterdam.lat, amsterdam.lon)
    assert 55 < km < 59


def test_distance_is_symmetric_and_zero_to_itself():
    assert distance_km(51.9, 4.48, 52.37, 4.9) == pytest.approx(distance_km(52.37, 4.9, 51.9, 4.48))
    assert distance_km(51.9, 4.48, 51.9, 4.48) == 0


def test_one_degree_of_latitude_is_about_111_km():
    assert distance_km(51.0, 4.0, 52.0, 4.0) == pytest.approx(111.2, abs=0.1)


@pytest.mark.parametrize(("lat", "lon"), [(51.92, 4.48), (-33.9, 18.4), (70.0, 25.0)])
@pytest.mark.parametrize("radius_km", [1, 5, 25])
def test_bounding_box_contains_every_point_of_the_circle(lat, lon, radius_km):
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_km)
    for step in range(360):
        # walk the circle just inside the radius, in every direction
        bearing = math.radians(step)
        d = (radius_km * 0.999) / 6371.0088
        lat1, lon1 = math.radians(lat), math.radians(lon)
        lat2 = math.asin(
            math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(bearing)
        )
        lon2 = lon1 + math.atan2(
            math.sin(bearing) * math.sin(d) * math.cos(lat1),
            math.cos(d) - math.sin(lat1) * math.sin(lat2),
        )
        point = math.degrees(lat2), math.degrees(lon2)
        assert distance_km(lat, lon, *point) <= radius_km
        assert min_lat <= point[0] <= max_lat
        assert min_lon <= point[1] <= max_lon


def test_bounding_box_is_not_much_bigger_than_the_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(51.92, 4.48, 10)
    assert distance_km(min_lat, 4.48, max_lat, 4.48) == pytest.approx(20, rel=0.01)
    assert distance_km(51.92, min_lon, 51.92, max_lon) < 21


@pytest.mark.parametrize(
    ("km", "shown"),
    [
        (0.0, 0.5),
        (0.2, 0.5),
        (0.74, 0.5),
        (0.76, 1.0),
        (1.2, 1.0),
        (1.3, 1.5),
        (9.7, 9.5),
        (9.8, 10.0),
        (10.4, 10.0),
        (12.6, 13.0),
        (57.3, 57.0),
    ],
)
def test_distances_are_rounded_to_half_km_below_10_and_whole_km_above(km, shown):
    assert round_distance_km(km) == shown
