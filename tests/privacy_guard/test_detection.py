import pytest

from marketplace.privacy_guard import FindingKind, check_text


def kinds(text: str) -> list[FindingKind]:
    return [finding.kind for finding in check_text(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Ik woon op de Kerkstraat 12.",
        "Coolsingel 40a, bel aan",
        "Oude Binnenweg 12-B",
        "huisnummer 7",
    ],
)
def test_a_street_with_a_house_number_is_an_address(text):
    assert kinds(text) == [FindingKind.ADDRESS]


@pytest.mark.parametrize(
    "text",
    ["Bel 06-12345678", "06 1234 5678", "010 - 123 45 67", "+31 6 12345678", "0031 10 1234567"],
)
def test_a_dutch_phone_number_is_found(text):
    assert kinds(text) == [FindingKind.PHONE]


def test_an_email_address_is_found_and_not_taken_for_a_phone_number():
    assert kinds("Mail mij: jan.de.vries06@example.nl") == [FindingKind.EMAIL]


@pytest.mark.parametrize(
    "text", ["Mijn moeder heeft dementie", "Ik haal medicijnen op", "na mijn ziekenhuisopname"]
)
def test_health_words_are_medical_details(text):
    assert kinds(text) == [FindingKind.MEDICAL]


@pytest.mark.parametrize(
    "text",
    [
        "Wie doet 2 keer per week boodschappen?",
        "Het fietspad 2 km verder",
        "Om 10 uur op de markt",
        "Postcode 3011",
        "Ik ben 1234567890 keer blij",
        "",
    ],
)
def test_ordinary_sentences_give_no_warning(text):
    assert kinds(text) == []


def test_each_kind_is_named_once_with_the_words_that_triggered_it():
    findings = check_text("Kerkstraat 12 of Dorpsstraat 3", "bel 06-12345678 of 06-87654321")
    assert [(f.kind, f.example) for f in findings] == [
        (FindingKind.ADDRESS, "Kerkstraat 12"),
        (FindingKind.PHONE, "06-12345678"),
    ]


def test_a_finding_says_in_plain_words_what_it_is():
    (finding,) = check_text("bel 06-12345678")
    assert "telefoonnummer" in finding.message
