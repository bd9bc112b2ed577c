"""Demo sociale kaart: about sixty services in Rotterdam wijken over every kind of problem,
from fictional organisations (no real people, no real phone numbers: 010 555 ...). Two
services belong to the demo's Buurthulp organisations, so their staff can edit them; one
was last checked long ago and shows "mogelijk verouderd"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

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


@dataclass(frozen=True)
class Kind:
    """A kind of service; every place gets its own (see ``load_sociale_kaart_demo``)."""

    key: str
    name: str
    description: str  # what it is
    problem: str
    groups: tuple[str, ...] = ()
    cost: str = "free"
    delivery: str = "individual"
    setting: str = "elsewhere"
    frequency: str = "ongoing"
    referral: bool = False
    languages: tuple[str, ...] = ("nl",)
    hours: tuple[str, str, str] | None = None  # (byday, opens, closes)
    amount: Decimal | None = None


KINDS = [
    Kind(
        "koffie",
        "Koffieochtend",
        "Elke week koffie en een praatje met buurtgenoten. Voor wie zich eenzaam voelt of gewoon "
        "mensen wil ontmoeten. U hoeft zich niet aan te melden.",
        "eenzaamheid",
        groups=("ouderen",),
        delivery="group",
        languages=("nl", "tr"),
        hours=("TU", "10:00", "12:00"),
    ),
    Kind(
        "maatje",
        "Maatjesproject",
        "Een vaste vrijwilliger komt eens per week bij u langs voor een wandeling, een spelletje "
        "of een praatje. Tegen eenzaamheid.",
        "eenzaamheid",
        groups=("ouderen", "beperking"),
        setting="at_home",
    ),
    Kind(
        "telefooncirkel",
        "Telefooncirkel",
        "Elke ochtend belt u met een vaste groep buurtgenoten even rond. Zo weet iemand dat het "
        "goed met u gaat.",
        "eenzaamheid",
        groups=("ouderen",),
        delivery="group",
        setting="at_home",
        hours=("MO,TU,WE,TH,FR", "09:30", "10:00"),
    ),
    Kind(
        "schuldhulp",
        "Schuldhulp",
        "Hulp als u geldzorgen of schulden heeft. Een schuldhulpverlener zoekt met u naar een "
        "oplossing en praat met de mensen aan wie u geld moet.",
        "geld",
        languages=("nl", "ar", "tr"),
        hours=("MO,WE", "09:00", "12:00"),
    ),
    Kind(
        "thuisadministratie",
        "Thuisadministratie",
        "Een getrainde vrijwilliger helpt u thuis uw papieren te ordenen en rekeningen op tijd te"
        " betalen.",
        "administratie",
        groups=("ouderen",),
        setting="at_home",
    ),
    Kind(
        "formulierenbrigade",
        "Formulierenspreekuur",
        "Loop binnen met uw post of formulieren: toeslagen, belastingen, brieven van de gemeente."
        " Wij helpen u invullen.",
        "administratie",
        groups=("nieuwkomers",),
        frequency="one_off",
        languages=("nl", "ar", "pl", "en"),
        hours=("TH", "13:00", "16:00"),
    ),
    Kind(
        "boodschappenhulp",
        "Boodschappendienst",
        "Vrijwilligers doen boodschappen voor u als u zelf niet naar de winkel kunt. U betaalt "
        "alleen de boodschappen.",
        "boodschappen",
        groups=("ouderen", "beperking"),
        setting="at_home",
    ),
    Kind(
        "klussendienst",
        "Klussendienst",
        "Een lamp ophangen, een kraan die lekt: vrijwilligers doen kleine klussen in huis. U "
        "betaalt het materiaal en een kleine bijdrage.",
        "boodschappen",
        groups=("ouderen",),
        cost="subsidised",
        setting="at_home",
        frequency="one_off",
        amount=Decimal("5.00"),
    ),
    Kind(
        "taalcafe",
        "Taalcafé",
        "Nederlands oefenen in een gezellige groep, met koffie. Voor iedereen die Nederlands wil "
        "leren spreken.",
        "taal",
        groups=("nieuwkomers",),
        delivery="group",
        languages=("nl", "ar", "uk", "en"),
        hours=("WE", "19:00", "21:00"),
    ),
    Kind(
        "opvoedsteunpunt",
        "Opvoedspreekuur",
        "Vragen over opvoeden, slapen, eten of ruzie thuis? Een pedagoog denkt met u mee.",
        "gezin",
        groups=("gezinnen",),
        frequency="one_off",
        languages=("nl", "tr", "ber"),
        hours=("FR", "09:00", "11:30"),
    ),
    Kind(
        "dagbesteding",
        "Dagbesteding De Werkplaats",
        "Zinvol bezig zijn in een houtwerkplaats, met begeleiding. U heeft een indicatie van de "
        "gemeente nodig (Wmo).",
        "werk",
        groups=("beperking",),
        cost="subsidised",
        delivery="group",
        referral=True,
        hours=("MO,TU,WE,TH", "09:00", "15:30"),
        amount=Decimal("0.00"),
    ),
    Kind(
        "mantelzorgsteunpunt",
        "Steunpunt Mantelzorg",
        "Advies en een luisterend oor als u voor een ander zorgt. Wij regelen ook respijtzorg, "
        "zodat u even vrij bent.",
        "mantelzorg",
        groups=("mantelzorgers",),
        languages=("nl", "pap"),
        hours=("TU,TH", "10:00", "16:00"),
    ),
    Kind(
        "rolstoelbus",
        "Buurtbus",
        "Vervoer naar de dokter, het ziekenhuis of familie, ook met rolstoel. Bel een dag van "
        "tevoren.",
        "vervoer",
        groups=("ouderen", "beperking"),
        cost="paid",
        frequency="one_off",
        hours=("MO,TU,WE,TH,FR", "08:00", "17:00"),
        amount=Decimal("2.50"),
    ),
    Kind(
        "woonspreekuur",
        "Woonspreekuur",
        "Vragen over huur, onderhoud, een huurachterstand of een andere woning? Een woonconsulent"
        " helpt u verder.",
        "wonen",
        frequency="one_off",
        languages=("nl", "tr"),
        hours=("WE", "13:00", "15:00"),
    ),
    Kind(
        "wijkverpleging",
        "Wijkverpleging",
        "Verpleging en verzorging bij u thuis, zoals wassen, aankleden of wondzorg. Met een "
        "indicatie van de wijkverpleegkundige.",
        "zorg",
        groups=("ouderen",),
        cost="subsidised",
        setting="at_home",
        referral=True,
        languages=("nl", "pap", "srn"),
    ),
    Kind(
        "valpreventie",
        "Beweegles Valpreventie",
        "Oefenen met evenwicht en kracht in een kleine groep, zodat u minder snel valt.",
        "zorg",
        groups=("ouderen",),
        cost="paid",
        delivery="group",
        hours=("TH", "10:30", "11:30"),
        amount=Decimal("3.00"),
    ),
    Kind(
        "huiselijkgeweld",
        "Hulp bij geweld thuis",
        "Voelt u zich thuis niet veilig, of maakt u zich zorgen om iemand? Praat vertrouwelijk "
        "met een hulpverlener. Ook anoniem.",
        "veiligheid",
        groups=("gezinnen",),
        frequency="one_off",
        languages=("nl", "en", "ar"),
        hours=("MO,TU,WE,TH,FR", "09:00", "17:00"),
    ),
    Kind(
        "maaltijd",
        "Buurtmaaltijd",
        "Eens per week samen eten in het buurthuis: een warme maaltijd voor een klein bedrag, en "
        "gezelschap.",
        "eenzaamheid",
        groups=("ouderen",),
        cost="paid",
        delivery="group",
        hours=("FR", "17:30", "19:30"),
        amount=Decimal("4.50"),
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
            if (number + index) % 3 == 2 and kind.key != "koffie":
                continue
            made += 1
            service = _service(kind, postcode, index, hall_org, location, today)
            session.add(service)
            session.flush()
            for code in (kind.problem, *kind.groups):
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
    kind: Kind,
    postcode: str,
    index: int,
    hall_org: HsdsOrganization,
    location: Location,
    today: date,
) -> Service:
    key, name, amount = kind.key, kind.name, kind.amount
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
        description=kind.description,
        application_process="Bel of mail ons, of loop binnen tijdens de openingstijden.",
        email=f"{key}@{postcode}.example",
        url=f"https://{key}-{postcode}.example/",
        cost_kind=kind.cost,
        fees_description="" if amount is None else f"€ {amount} per keer",
        delivery=kind.delivery,
        setting=kind.setting,
        frequency=kind.frequency,
        referral_required=kind.referral,
        eligibility_description="Voor inwoners van Rotterdam." if kind.problem == "geld" else "",
        minimum_age=65 if "ouderen" in kind.groups and key == "valpreventie" else None,
        publication=Publication.APPROVED,
        assured_date=today - timedelta(days=20 * (index + 1) + len(key)),
    )
    if service_id == CHECKED_LONG_AGO:
        service.assured_date = today - timedelta(days=300)
    number = f"010 555 {index + 1}{len(key) % 10} {10 + len(name) % 80:02d}"
    service.phones.append(Phone(id=f"{service_id}-phone", number=number))
    for code in kind.languages:
        service.languages.append(Language(id=f"{service_id}-{code}", name=code, code=code))
    if amount is not None:
        service.cost_options.append(
            CostOption(id=f"{service_id}-cost", option="Eigen bijdrage", amount=amount)
        )
    at = ServiceAtLocation(id=f"{service_id}-at", location=location)
    if kind.hours:
        byday, opens, closes = kind.hours
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
