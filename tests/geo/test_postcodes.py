import pytest

from marketplace.geo import InvalidPostcode, UnknownPostcode, lookup_postcode, normalise_postcode


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3011 AB", ("3011 AB", "3011")),
        ("3011AB", ("3011 AB", "3011")),
        ("3011 ab", ("3011 AB", "3011")),
        ("  3011   ab  ", ("3011 AB", "3011")),
        ("3011", ("3011", "3011")),
        (" 3011 ", ("3011", "3011")),
    ],
)
def test_postcode_variants_are_normalised(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize("letters", ["SA", "SD", "SS", "sa", "sd", "ss"])
def test_letters_never_issued_make_a_postcode_invalid(letters):
    with pytest.raises(InvalidPostcode):
        normalise_postcode(f"3011 {letters}")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "0123 AB",
        "301",
        "30111",
        "3011 A",
        "3011 ABC",
        "AB 3011",
        "3011-AB",
        "٣٠١١",
        "x" * 5000,
    ],
)
def test_malformed_postcodes_are_invalid(typed):
    with pytest.raises(InvalidPostcode):
        normalise_postcode(typed)


def test_none_is_an_invalid_postcode():
    with pytest.raises(InvalidPostcode):
        normalise_postcode(None)


def test_a_well_formed_postcode_without_a_place_is_unknown():
    with pytest.raises(UnknownPostcode):
        lookup_postcode("3000")


def test_lookup_of_a_malformed_postcode_is_invalid_not_unknown():
    with pytest.raises(InvalidPostcode):
        lookup_postcode("30 11")


def test_rotterdam_postcode_gives_its_wijk():
    place = lookup_postcode("3011 AB")
    assert place.postcode == "3011 AB"
    assert place.pc4 == "3011"
    assert place.neighbourhood == "Stadsdriehoek"
    assert place.municipality == "Rotterdam"


def test_another_rotterdam_postcode_gives_another_wijk():
    assert lookup_postcode("3012").neighbourhood == "Cool"


def test_outside_rotterdam_the_place_name_is_the_neighbourhood():
    place = lookup_postcode("1012 AB")
    assert place.neighbourhood == "Amsterdam"
    assert place.municipality == "Amsterdam"


def test_a_postcode_centroid_lies_in_the_netherlands():
    place = lookup_postcode("3011")
    assert 50.7 < place.lat < 53.6
    assert 3.3 < place.lon < 7.3
