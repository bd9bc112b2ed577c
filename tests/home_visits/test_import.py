"""Importing a wijk's address list: whole or not at all, and the same list twice is once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from marketplace.home_visits.errors import InvalidAddressList
from marketplace.home_visits.models import RoundAddress
from marketplace.home_visits.rounds import import_addresses
from tests.factories import OrganisationFactory
from tests.home_visits.factories import address_csv, visit_round


def _count(session, round_):
    return session.scalar(select(func.count()).where(RoundAddress.round_id == round_.id))


def test_a_semicolon_list_with_dutch_headers_is_imported(session):
    round_ = visit_round(OrganisationFactory())
    result = import_addresses(session, round_, address_csv(3))
    assert (result.added, _count(session, round_)) == (3, 3)


def test_a_comma_list_with_a_bom_and_separate_house_numbers_is_imported(session):
    round_ = visit_round(OrganisationFactory())
    data = "\ufeffAchternaam,Voornamen,Straat,Huisnummer,Postcode,Geboortedatum\n"
    data += "de Vries,Kees,Lange Hilleweg,12,3073 BN,03-04-1944\n"
    import_addresses(session, round_, data.encode("utf-8"))
    (address,) = session.scalars(select(RoundAddress)).all()
    assert (address.address, address.postcode, address.birth_year) == (
        "Lange Hilleweg 12",
        "3073 BN",
        1944,
    )


def test_names_and_addresses_are_stored_encrypted(session):
    round_ = visit_round(OrganisationFactory())
    data = "Achternaam;Voornamen;Adres;Postcode;Geboortejaar\n"
    data += "de Vries;Kees;Lange Hilleweg 12;3073 BN;1944\n"
    import_addresses(session, round_, data.encode("utf-8"))
    stored = session.execute(
        text("SELECT last_name, first_name, address, postcode FROM visit_round_addresses")
    ).one()
    assert not {"de Vries", "Kees", "Lange Hilleweg 12", "3073 BN"} & set(stored)
    assert all(value.startswith("gAAAAA") for value in stored)


def test_importing_the_same_list_again_changes_nothing(session):
    round_ = visit_round(OrganisationFactory())
    import_addresses(session, round_, address_csv(3))
    again = import_addresses(session, round_, address_csv(3))
    assert (again.added, again.already_there, _count(session, round_)) == (0, 3, 3)


def test_a_longer_list_adds_only_the_new_residents(session):
    round_ = visit_round(OrganisationFactory())
    import_addresses(session, round_, address_csv(3))
    assert import_addresses(session, round_, address_csv(5)).added == 2


def test_bad_rows_are_listed_with_their_line_numbers(session):
    round_ = visit_round(OrganisationFactory())
    data = address_csv(2) + b"Bakker;Piet;;3011 AB;1950\nPinas;Ria;Hoogstraat 3;12;19x0\n"
    with pytest.raises(InvalidAddressList) as raised:
        import_addresses(session, round_, data)
    assert [row.line for row in raised.value.rows] == [4, 5]


def test_nothing_is_imported_when_one_row_is_bad(session):
    round_ = visit_round(OrganisationFactory())
    with pytest.raises(InvalidAddressList):
        import_addresses(session, round_, address_csv(2) + b"Bakker;Piet;Kade 1;0000;1950\n")
    assert _count(session, round_) == 0


def test_a_file_without_the_needed_columns_is_refused_with_their_names(session):
    round_ = visit_round(OrganisationFactory())
    with pytest.raises(InvalidAddressList) as raised:
        import_addresses(session, round_, b"Naam;Adres\nJansen;Kade 1\n")
    assert "Postcode" in raised.value.problem and "Geboortejaar" in raised.value.problem


def test_the_list_keeps_no_resident_key_that_reveals_the_address(session):
    round_ = visit_round(OrganisationFactory())
    import_addresses(session, round_, address_csv(1))
    (address,) = session.scalars(select(RoundAddress)).all()
    assert "kerkstraat" not in address.resident_key.lower() and len(address.resident_key) == 64
