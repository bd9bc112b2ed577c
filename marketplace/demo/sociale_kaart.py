"""Demo sociale kaart: about sixty services in Rotterdam wijken over every kind of problem,
from fictional organisations (no real people, no real phone numbers: 010 555 ...). Two
services belong to the demo's Buurthulp organisations, so their staff can edit them; one
was last checked long ago and shows "mogelijk verouderd"."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Organisation
from marketplace.geo import lookup_postcode
from marketplace.sociale_kaart.models import (
    Accessibility,
    Attribute,
    CostOption,
    HsdsOrganization,
    Language,
    Location,
    Phone,
    Publication,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    Vocabulary,
)

PROBLEMS = {
    "eenzaamheid": ("Eenzaamheid en contact", "Loneliness and company"),
    "geld": ("Geldzorgen en schulden", "Money worries and debt"),
    "wonen": ("Wonen", "Housing"),
    "zorg": ("Zorg en gezondheid", "Care and health"),
    "administratie": ("Post en formulieren", "Letters and forms"),
    "boodschappen": ("Boodschappen en klussen", "Shopping and odd jobs"),
    "taal": ("Taal en meedoen", "Language and taking part"),
    "gezin": ("Opvoeden en gezin", "Parenting and family"),
    "werk": ("Werk en dagbesteding", "Work and day activities"),
    "mantelzorg": ("Mantelzorg", "Informal care"),
    "vervoer": ("Vervoer", "Transport"),
    "veiligheid": ("Veiligheid thuis", "Safety at home"),
}
GROUPS = {
    "ouderen": ("Ouderen", "Older people"),
    "jongeren": ("Jongeren", "Young people"),
    "gezinnen": ("Gezinnen met kinderen", "Families with children"),
    "mantelzorgers": ("Mantelzorgers", "Carers"),
    "nieuwkomers": ("Nieuwkomers", "Newcomers"),
    "beperking": ("Mensen met een beperking", "People with a disability"),
}
# (postcode, wijk's buurthuis name, street)
PLACES = [
    ("3035", "Buurthuis De Zwaan", "Zwaanshals 201"),
    ("3072", "Huis van de Wijk Het Anker", "Hillelaan 40"),
    ("3022", "Wijkcentrum De Kastanje", "Schietbaanstraat 12"),
    ("3081", "Huis van de Wijk De Linde", "Lindestraat 3"),
    ("3027", "Buurtcentrum Het Plein", "Spanjaardstraat 88"),
]
# (key, name, what it is, problem, groups, cost, delivery, setting, frequency, referral,
#  languages, hours (byday, opens, closes) or None, amount or None)
KINDS = [
    (
        "koffie",
        "Koffieochtend",
        "Elke week koffie en een praatje met buurtgenoten. Voor wie zich eenzaam voelt of gewoon "
        "mensen wil ontmoeten. U hoeft zich niet aan te melden.",
        "eenzaamheid",
        ["ouderen"],
        "free",
        "group",
        "elsewhere",
        "ongoing",
        False,
        ["nl", "tr"],
        ("TU", "10:00", "12:00"),
        None,
    ),
    (
        "maatje",
        "Maatjesproject",
        "Een vaste vrijwilliger komt eens per week bij u langs voor een wandeling, een spelletje "
        "of een praatje. Tegen eenzaamheid.",
        "eenzaamheid",
        ["ouderen", "beperking"],
        "free",
        "individual",
        "at_home",
        "ongoing",
        False,
        ["nl"],
        None,
        None,
    ),
    (
        "telefooncirkel",
        "Telefooncirkel",
        "Elke ochtend belt u met een vaste groep buurtgenoten even rond. Zo weet iemand dat het "
        "goed met u gaat.",
        "eenzaamheid",
        ["ouderen"],
        "free",
        "group",
        "at_home",
        "ongoing",
        False,
        ["nl"],
        ("MO,TU,WE,TH,FR", "09:30", "10:00"),
        None,
    ),
    (
        "schuldhulp",
        "Schuldhulp",
        "Hulp als u geldzorgen of schulden heeft. Een schuldhulpverlener zoekt met u naar een "
        "oplossing en praat met de mensen aan wie u geld moet.",
        "geld",
        [],
        "free",
        "individual",
        "elsewhere",
        "ongoing",
        False,
        ["nl", "ar", "tr"],
        ("MO,WE", "09:00", "12:00"),
        None,
    ),
    (
        "thuisadministratie",
        "Thuisadministratie",
        "Een getrainde vrijwilliger helpt u thuis uw papieren te ordenen en rekeningen op tijd te"
        " betalen.",
        "administratie",
        ["ouderen"],
        "free",
        "individual",
        "at_home",
        "ongoing",
        False,
        ["nl"],
        None,
        None,
    ),
    (
        "formulierenbrigade",
        "Formulierenspreekuur",
        "Loop binnen met uw post of formulieren: toeslagen, belastingen, brieven van de gemeente."
        " Wij helpen u invullen.",
        "administratie",
        ["nieuwkomers"],
        "free",
        "individual",
        "elsewhere",
        "one_off",
        False,
        ["nl", "ar", "pl", "en"],
        ("TH", "13:00", "16:00"),
        None,
    ),
    (
        "boodschappenhulp",
        "Boodschappendienst",
        "Vrijwilligers doen boodschappen voor u als u zelf niet naar de winkel kunt. U betaalt "
        "alleen de boodschappen.",
        "boodschappen",
        ["ouderen", "beperking"],
        "free",
        "individual",
        "at_home",
        "ongoing",
        False,
        ["nl"],
        None,
        None,
    ),
    (
        "klussendienst",
        "Klussendienst",
        "Een lamp ophangen, een kraan die lekt: vrijwilligers doen kleine klussen in huis. U "
        "betaalt het materiaal en een kleine bijdrage.",
        "boodschappen",
        ["ouderen"],
        "subsidised",
        "individual",
        "at_home",
        "one_off",
        False,
        ["nl"],
        None,
        Decimal("5.00"),
    ),
    (
        "taalcafe",
        "Taalcafé",
        "Nederlands oefenen in een gezellige groep, met koffie. Voor iedereen die Nederlands wil "
        "leren spreken.",
        "taal",
        ["nieuwkomers"],
        "free",
        "group",
        "elsewhere",
        "ongoing",
        False,
        ["nl", "ar", "uk", "en"],
        ("WE", "19:00", "21:00"),
        None,
    ),
    (
        "opvoedsteunpunt",
        "Opvoedspreekuur",
        "Vragen over opvoeden, slapen, eten of ruzie thuis? Een pedagoog denkt met u mee.",
        "gezin",
        ["gezinnen"],
        "free",
        "individual",
        "elsewhere",
        "one_off",
        False,
        ["nl", "tr", "ber"],
        ("FR", "09:00", "11:30"),
        None,
    ),
    (
        "dagbesteding",
        "Dagbesteding De Werkplaats",
        "Zinvol bezig zijn in een houtwerkplaats, met begeleiding. U heeft een indicatie van de "
        "gemeente nodig (Wmo).",
        "werk",
        ["beperking"],
        "subsidised",
        "group",
        "elsewhere",
        "ongoing",
        True,
        ["nl"],
        ("MO,TU,WE,TH", "09:00", "15:30"),
        Decimal("0.00"),
    ),
    (
        "mantelzorgsteunpunt",
        "Steunpunt Mantelzorg",
        "Advies en een luisterend oor als u voor een ander zorgt. Wij regelen ook respijtzorg, "
        "zodat u even vrij bent.",
        "mantelzorg",
        ["mantelzorgers"],
        "free",
        "individual",
        "elsewhere",
        "ongoing",
        False,
        ["nl", "pap"],
        ("TU,TH", "10:00", "16:00"),
        None,
    ),
    (
        "rolstoelbus",
        "Buurtbus",
        "Vervoer naar de dokter, het ziekenhuis of familie, ook met rolstoel. Bel een dag van "
        "tevoren.",
        "vervoer",
        ["ouderen", "beperking"],
        "paid",
        "individual",
        "elsewhere",
        "one_off",
        False,
        ["nl"],
        ("MO,TU,WE,TH,FR", "08:00", "17:00"),
        Decimal("2.50"),
    ),
    (
        "woonspreekuur",
        "Woonspreekuur",
        "Vragen over huur, onderhoud, een huurachterstand of een andere woning? Een woonconsulent"
        " helpt u verder.",
        "wonen",
        [],
        "free",
        "individual",
        "elsewhere",
        "one_off",
        False,
        ["nl", "tr"],
        ("WE", "13:00", "15:00"),
        None,
    ),
    (
        "wijkverpleging",
        "Wijkverpleging",
        "Verpleging en verzorging bij u thuis, zoals wassen, aankleden of wondzorg. Met een "
        "indicatie van de wijkverpleegkundige.",
        "zorg",
        ["ouderen"],
        "subsidised",
        "individual",
        "at_home",
        "ongoing",
        True,
        ["nl", "pap", "srn"],
        None,
        None,
    ),
    (
        "valpreventie",
        "Beweegles Valpreventie",
        "Oefenen met evenwicht en kracht in een kleine groep, zodat u minder snel valt.",
        "zorg",
        ["ouderen"],
        "paid",
        "group",
        "elsewhere",
        "ongoing",
        False,
        ["nl"],
        ("TH", "10:30", "11:30"),
        Decimal("3.00"),
    ),
    (
        "huiselijkgeweld",
        "Hulp bij geweld thuis",
        "Voelt u zich thuis niet veilig, of maakt u zich zorgen om iemand? Praat vertrouwelijk "
        "met een hulpverlener. Ook anoniem.",
        "veiligheid",
        ["gezinnen"],
        "free",
        "individual",
        "elsewhere",
        "one_off",
        False,
        ["nl", "en", "ar"],
        ("MO,TU,WE,TH,FR", "09:00", "17:00"),
        None,
    ),
    (
        "maaltijd",
        "Buurtmaaltijd",
        "Eens per week samen eten in het buurthuis: een warme maaltijd voor een klein bedrag, en "
        "gezelschap.",
        "eenzaamheid",
        ["ouderen"],
        "paid",
        "group",
        "elsewhere",
        "ongoing",
        False,
        ["nl"],
        ("FR", "17:30", "19:30"),
        Decimal("4.50"),
    ),
]
# Fictional providers, per kind (the wijk is added to the name).
PROVIDERS = {
    "schuldhulp": "Stichting Geldzaken",
    "wijkverpleging": "Thuiszorg Maas & Rotte",
    "huiselijkgeweld": "Steunpunt Veilig Thuis-Maas",
    "rolstoelbus": "Vervoerscoöperatie De Rit",
    "dagbesteding": "Zorgcoöperatie De Werkplaats",
}
CHECKED_LONG_AGO = "demo-schuldhulp-3035"  # shows "mogelijk verouderd"


def load_sociale_kaart_demo(session: Session, today: date) -> int:
    """Add the demo kaart; returns how many services. Flushes."""
    terms = _terms(session)
    organisations = {
        org.slug: org for org in session.scalars(select(Organisation).order_by(Organisation.id))
    }
    made = 0
    for index, (postcode, hall_name, street) in enumerate(PLACES):
        place = lookup_postcode(postcode)
        hall_org = HsdsOrganization(
            id=f"demo-org-{postcode}",
            name=hall_name,
            description=f"{hall_name} in {place.neighbourhood}.",
            email=f"info@{postcode}.buurthuis.example",
        )
        session.add(hall_org)
        location = Location(
            id=f"demo-loc-{postcode}",
            organization=hall_org,
            name=hall_name,
            address_1=street,
            postal_code=f"{postcode} AB",
            city="Rotterdam",
            wijk=place.neighbourhood,
            latitude=place.lat,
            longitude=place.lon,
            transportation="Tram of bus, halte op 3 minuten lopen.",
        )
        location.accessibility.append(
            Accessibility(
                id=f"demo-acc-{postcode}",
                description="Rolstoeltoegankelijk, invalidentoilet, ringleiding in de grote zaal",
            )
        )
        session.add(location)
        for number, kind in enumerate(KINDS):
            # Not every kind everywhere: about sixty of the ninety pairs.
            if (number + index) % 3 == 2 and kind[0] != "koffie":
                continue
            made += 1
            service = _service(kind, postcode, index, hall_org, location, today)
            session.add(service)
            session.flush()
            problem, groups = kind[3], kind[4]
            for code in (problem, *groups):
                session.add(Attribute(service_id=service.id, taxonomy_term_id=terms[code].id))
    session.flush()
    _link_buurthulp_organisations(session, organisations)
    return made


def _terms(session: Session) -> dict[str, TaxonomyTerm]:
    terms = {}
    for vocabulary, names in ((Vocabulary.PROBLEM, PROBLEMS), (Vocabulary.TARGET_GROUP, GROUPS)):
        for code, (name, name_en) in names.items():
            term = TaxonomyTerm(
                id=f"demo-{code}", code=code, name=name, name_en=name_en, taxonomy=vocabulary
            )
            session.add(term)
            terms[code] = term
    session.flush()
    return terms


def _service(
    kind: tuple[Any, ...],
    postcode: str,
    index: int,
    hall_org: HsdsOrganization,
    location: Location,
    today: date,
) -> Service:
    (
        key,
        name,
        description,
        problem,
        groups,
        cost,
        delivery,
        setting,
        frequency,
        referral,
        languages,
        hours,
        amount,
    ) = kind
    service_id = f"demo-{key}-{postcode}"
    provider = PROVIDERS.get(key)
    organization = hall_org
    if provider:
        organization = HsdsOrganization(
            id=f"demo-org-{key}-{postcode}", name=f"{provider} {location.wijk}"
        )
    service = Service(
        id=service_id,
        organization=organization,
        name=f"{name} {location.wijk}",
        description=description,
        application_process="Bel of mail ons, of loop binnen tijdens de openingstijden.",
        email=f"{key}@{postcode}.example",
        url=f"https://{key}-{postcode}.example/",
        cost_kind=cost,
        fees_description="" if amount is None else f"€ {amount} per keer",
        delivery=delivery,
        setting=setting,
        frequency=frequency,
        referral_required=referral,
        eligibility_description="Voor inwoners van Rotterdam." if problem == "geld" else "",
        minimum_age=65 if "ouderen" in groups and key == "valpreventie" else None,
        publication=Publication.APPROVED,
        assured_date=today - timedelta(days=20 * (index + 1) + len(key)),
    )
    if service_id == CHECKED_LONG_AGO:
        service.assured_date = today - timedelta(days=300)
    number = f"010 555 {index + 1}{len(key) % 10} {10 + len(name) % 80:02d}"
    service.phones.append(Phone(id=f"{service_id}-phone", number=number))
    for code in languages:
        service.languages.append(Language(id=f"{service_id}-{code}", name=code, code=code))
    if amount is not None:
        service.cost_options.append(
            CostOption(id=f"{service_id}-cost", option="Eigen bijdrage", amount=amount)
        )
    at = ServiceAtLocation(id=f"{service_id}-at", location=location)
    if hours:
        byday, opens, closes = hours
        at.schedules.append(
            Schedule(id=f"{service_id}-hours", byday=byday, opens_at=opens, closes_at=closes)
        )
    service.service_at_locations.append(at)
    return service


def _link_buurthulp_organisations(session: Session, organisations: dict[str, Organisation]) -> None:
    """The demo's Buurthulp organisations run the buurthuis of their wijk."""
    for slug, postcode in (("buurtkracht-noord", "3035"), ("samen-sterk-zuid", "3072")):
        organisation = organisations.get(slug)
        hall = session.get(HsdsOrganization, f"demo-org-{postcode}")
        if organisation is not None and hall is not None:
            hall.organisation_id = organisation.id
    session.flush()
