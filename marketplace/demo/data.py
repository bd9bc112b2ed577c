"""Demo data: a small Rotterdam where every page has something to show.

About 50 people in 10 neighbourhoods (older residents who ask, volunteers with their own
interests, times and radius, a moderator, the staff of two welfare organisations, an admin
and someone from the municipality) and about 40 postings in every status, with responses,
messages and accepted matches. The same seed gives the same people and postings; dates are
relative to today, so open postings stay open.

Rows are written straight through the models, as they would look after the services ran.
Published postings get a ``MatchRequest`` outbox row, so the worker matches them once it
runs. Only ``flask demo-data`` uses this; the demo password is never used anywhere else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import two_factor
from marketplace.accounts.memberships import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationStatus,
)
from marketplace.accounts.models import Role, RoleGrant, User
from marketplace.accounts.passwords import hash_password
from marketplace.audit import record_audit
from marketplace.categories import Category, ensure_default_categories
from marketplace.dayparts import DAYS, PARTS, mask_for_date, mask_from_slots, slot_bit
from marketplace.demo.agenda import load_agenda_demo
from marketplace.demo.carers import load_carers_demo
from marketplace.demo.home_visits import load_home_visits
from marketplace.demo.lasting_contact import load_lasting_contact_demo
from marketplace.demo.matchmaking import load_matchmaking_demo
from marketplace.demo.signals import load_signal_demo
from marketplace.demo.sociale_kaart import load_sociale_kaart_demo
from marketplace.geo import lookup_postcode
from marketplace.matching.models import MatchRequest
from marketplace.moderation.models import Report
from marketplace.postings.models import Posting, PostingKind, PostingStatus, Timing
from marketplace.profiles.models import NotificationPreference, Profile
from marketplace.progress import progress
from marketplace.responses.models import Message, Response, ResponseStatus
from marketplace.timestamps import local_today, utcnow

DEMO_PASSWORD = "buurthulp-demo"
# Demo people whose role needs two-factor log-in (staff, moderator, municipality, admin) all
# have this authenticator secret; `flask demo-logins` prints it and the current code.
# Development only, like the password: the demo commands refuse to run in production.
DEMO_TOTP_SECRET = "BUURTHULPDEMOBUURTHULPDEMO234567"
DEMO_DOMAIN = "demo.buurthulp.nl"
DEFAULT_SEED = 3011


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


ADMIN_EMAIL = demo_email("admin")

# One log-in per role, printed by `make run` (`flask demo-logins`).
DEMO_LOGINS = [
    ("hulpvrager", demo_email("anna")),
    ("vrijwilliger", demo_email("daan")),
    ("moderator", demo_email("moderator")),
    ("organisatie (coördinator)", demo_email("coordinator")),
    ("zorgmeldingen (behandelaar)", demo_email("signalen")),
    ("gemeente", demo_email("gemeente")),
    ("beheerder", demo_email("admin")),
]

# (e-mail name, display name, postcode): older people who ask for help.
RESIDENTS = [
    ("anna", "Anna de Vries", "3011"),
    ("henk", "Henk Bakker", "3035"),
    ("fatima", "Fatima El Amrani", "3024"),
    ("joop", "Joop van Dijk", "3082"),
    ("riet", "Riet Jansen", "3039"),
    ("mohamed", "Mohamed Yilmaz", "3072"),
    ("gerda", "Gerda Visser", "3061"),
    ("kees", "Kees Smit", "3014"),
    ("ans", "Ans de Groot", "3021"),
    ("ahmet", "Ahmet Kaya", "3072"),
    ("truus", "Truus Mulder", "3012"),
    ("wim", "Wim Verbeek", "3035"),
    ("lies", "Lies Hendriks", "3082"),
    ("sientje", "Sientje Koster", "3024"),
]

# (e-mail name, display name, postcode, interests, languages). Daan fits most requests, so
# the demo volunteer sees suggestions as soon as the worker has run.
VOLUNTEERS = [
    (
        "daan",
        "Daan Vermeulen",
        "3012",
        ["boodschappen", "gezelschap", "digitaal", "vervoer"],
        "nl,en",
    ),
    ("sanne", "Sanne de Boer", "3014", ["gezelschap", "taal", "maaltijden"], "nl,en"),
    ("youssef", "Youssef Amrani", "3024", ["klusjes", "vervoer", "digitaal"], "nl,ar"),
    ("lotte", "Lotte Peters", "3039", ["huisdieren", "tuin", "gezelschap"], "nl"),
    ("bram", "Bram Willems", "3061", ["klusjes", "tuin"], "nl"),
    ("emine", "Emine Demir", "3072", ["taal", "administratie", "maaltijden"], "nl,tr"),
    ("thijs", "Thijs van Leeuwen", "3011", ["digitaal", "administratie"], "nl,en"),
    ("noor", "Noor Hoekstra", "3035", ["boodschappen", "gezelschap"], "nl"),
    ("ruben", "Ruben Dekker", "3082", ["vervoer", "klusjes"], "nl"),
    ("ilse", "Ilse Brouwer", "3021", ["gezelschap", "huisdieren"], "nl,de"),
    ("priya", "Priya Ramdin", "3082", ["maaltijden", "boodschappen"], "nl,en"),
    ("jeroen", "Jeroen de Wit", "3061", ["administratie", "digitaal"], "nl,en"),
    ("marieke", "Marieke Bos", "3039", ["tuin", "gezelschap", "boodschappen"], "nl"),
    ("kevin", "Kevin Martina", "3072", ["klusjes", "vervoer"], "nl,pap"),
    ("femke", "Femke Meijer", "3012", ["taal", "gezelschap"], "nl,en,fr"),
    ("stefan", "Stefan Jacobs", "3024", ["digitaal", "klusjes"], "nl"),
    ("esra", "Esra Öztürk", "3014", ["boodschappen", "maaltijden", "taal"], "nl,tr"),
    ("lars", "Lars van den Berg", "3035", ["vervoer", "tuin"], "nl"),
    ("naima", "Naima Bouzid", "3021", ["administratie", "taal"], "nl,ar,fr"),
    ("pieter", "Pieter Kuipers", "3011", ["klusjes", "huisdieren"], "nl"),
    ("demi", "Demi Schouten", "3061", ["gezelschap", "digitaal"], "nl,en"),
    ("rachid", "Rachid Haddou", "3082", ["boodschappen", "vervoer"], "nl,ar"),
    ("linda", "Linda Wong", "3039", ["maaltijden", "gezelschap"], "nl,en,zh"),
    ("tom", "Tom Verhoeven", "3072", ["tuin", "klusjes"], "nl"),
    ("yara", "Yara Soares", "3012", ["taal", "huisdieren"], "nl,pt"),
    ("gijs", "Gijs Prins", "3024", ["vervoer", "boodschappen"], "nl"),
    ("hanneke", "Hanneke Post", "3035", ["administratie", "gezelschap"], "nl"),
]


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    description: str
    postcode: str  # the office, where its vacancies are
    neighbourhoods: str
    coordinator: tuple[str, str, str]  # (e-mail name, display name, postcode)
    staff: tuple[str, str, str]


ORGANISATIONS = [
    OrganisationSpec(
        slug="buurtkracht-noord",
        name="Stichting Buurtkracht Noord",
        description=(
            "Wij brengen buren in Rotterdam-Noord bij elkaar. Elke week is er een koffieochtend, "
            "een boodschappenbus en hulp bij brieven. Vrijwilligers zijn van harte welkom."
        ),
        postcode="3035",
        neighbourhoods="Oude Noorden, Blijdorp, Cool",
        coordinator=("coordinator", "Marloes Coördinator", "3035"),
        staff=("bart", "Bart Aarts", "3039"),
    ),
    OrganisationSpec(
        slug="samen-sterk-zuid",
        name="Samen Sterk Zuid",
        description=(
            "Samen Sterk Zuid helpt bewoners van Feijenoord en Charlois met taal, formulieren en "
            "een warme maaltijd. Wij zoeken mensen die een paar uur per week willen helpen."
        ),
        postcode="3072",
        neighbourhoods="Afrikaanderwijk, Oud-Charlois",
        coordinator=("coordinator-zuid", "Soufiane Coördinator", "3072"),
        staff=("ingrid", "Ingrid Smits", "3082"),
    ),
]

OFFICE_POSTCODES = {spec.slug: spec.postcode for spec in ORGANISATIONS}

# (kind, status, category, title, description, timing). Timing: "flexible", "once" or a
# list of recurring "day-part" slots. Authors are chosen below by kind.
PostingSpec = tuple[str, str, str, str, str, str | list[str]]

REQUESTS: list[PostingSpec] = [
    (
        "request",
        "published",
        "boodschappen",
        "Wie doet boodschappen voor mij op dinsdag?",
        "Ik ben 82 en lopen gaat niet meer zo goed. Wie wil op dinsdagochtend mijn "
        "boodschappen doen bij de supermarkt om de hoek? Het is een kleine lijst.",
        ["tue-morning"],
    ),
    (
        "request",
        "matched",
        "gezelschap",
        "Iemand om mee te praten op zondagmiddag",
        "Sinds mijn man er niet meer is, is de zondag lang. Ik zou het fijn vinden als iemand "
        "een uurtje koffie komt drinken. Ik heb lekkere koekjes.",
        ["sun-afternoon"],
    ),
    (
        "request",
        "pending",
        "boodschappen",
        "Boodschappen na mijn heupoperatie",
        "Volgende maand krijg ik een nieuwe heup. Daarna mag ik zes weken niet sjouwen. "
        "Wie kan dan een keer per week boodschappen voor mij doen?",
        "flexible",
    ),
    (
        "request",
        "published",
        "vervoer",
        "Lift naar het ziekenhuis",
        "Ik moet naar de poli in het ziekenhuis. De afspraak is om 10 uur. Wie kan mij "
        "brengen en weer ophalen? Ik kan zelf in en uit de auto stappen.",
        "once",
    ),
    (
        "request",
        "published",
        "gezelschap",
        "Samen wandelen in het park",
        "Ik wandel graag, maar niet meer alleen. Wie loopt op woensdagmiddag een rondje met "
        "mij door het park? Rustig tempo, met een bankje halverwege.",
        ["wed-afternoon"],
    ),
    (
        "request",
        "matched",
        "klusjes",
        "Lamp ophangen in de woonkamer",
        "Ik heb een nieuwe lamp gekocht, maar ik kan niet meer op een trap staan. "
        "Wie helpt mij de lamp op te hangen? Het duurt ongeveer een half uur.",
        "flexible",
    ),
    (
        "request",
        "published",
        "tuin",
        "Hulp bij het snoeien van de heg",
        "Mijn heg is veel te hoog geworden. Ik heb een heggenschaar, maar geen kracht meer. "
        "Wie helpt mij op een zaterdag?",
        ["sat-morning", "sat-afternoon"],
    ),
    (
        "request",
        "published",
        "administratie",
        "Hulp bij een formulier van de gemeente",
        "Ik heb een brief gekregen over huurtoeslag en ik snap het formulier niet. Wie kijkt "
        "met mij mee? Het kan bij mij thuis of in het buurthuis.",
        "flexible",
    ),
    (
        "request",
        "published",
        "digitaal",
        "Wie leert mij videobellen?",
        "Mijn kleinkinderen wonen in Canada. Ik wil ze graag zien als we bellen. Wie leert mij "
        "videobellen op mijn tablet? Graag rustig uitleggen.",
        ["mon-afternoon", "thu-afternoon"],
    ),
    (
        "request",
        "published",
        "maaltijden",
        "Af en toe samen eten",
        "Koken voor één persoon is niet leuk. Wie eet af en toe met mij mee? Ik kook graag "
        "Surinaams, maar ik lust ook stamppot.",
        ["fri-evening"],
    ),
    (
        "request",
        "pending",
        "huisdieren",
        "Wie laat mijn hond uit?",
        "Ik moet een dag naar het ziekenhuis. Wie laat mijn hond Bobbie die dag twee keer uit? "
        "Hij is lief en loopt goed aan de lijn.",
        "once",
    ),
    (
        "request",
        "published",
        "taal",
        "Nederlands oefenen bij een kopje koffie",
        "Ik woon tien jaar in Rotterdam, maar praat nog niet goed Nederlands. Wie wil met mij "
        "praten over gewone dingen, zodat ik beter word?",
        ["tue-evening", "thu-evening"],
    ),
    (
        "request",
        "matched",
        "vervoer",
        "Vervoer naar de huisarts",
        "Ik heb elke maand een controle bij de huisarts. Met de tram is het te ver lopen. "
        "Wie brengt mij met de auto?",
        "once",
    ),
    (
        "request",
        "closed",
        "klusjes",
        "Gordijnrails ophangen",
        "In mijn nieuwe flat moeten de gordijnrails nog worden opgehangen. Boor en pluggen "
        "heb ik zelf.",
        "flexible",
    ),
    (
        "request",
        "expired",
        "administratie",
        "Belastingaangifte samen doornemen",
        "Elk jaar vind ik de belastingaangifte moeilijk. Wie kijkt met mij mee op de computer?",
        "flexible",
    ),
    (
        "request",
        "expired",
        "digitaal",
        "Hulp met DigiD op mijn telefoon",
        "Ik wil de DigiD app gebruiken, maar het lukt mij niet om in te loggen. Wie helpt mij?",
        "flexible",
    ),
    (
        "request",
        "closed",
        "tuin",
        "Balkonplanten verpotten",
        "Mijn geraniums zijn te groot voor hun potten. Wie helpt ze verpotten? Potgrond heb ik.",
        "flexible",
    ),
    (
        "request",
        "rejected",
        "boodschappen",
        "Zware boodschappen naar boven dragen",
        "Ik woon op de vierde verdieping zonder lift, op de Zwaanshals nummer 12. Wie draagt "
        "mijn kratten water naar boven?",
        "flexible",
    ),
    (
        "request",
        "rejected",
        "klusjes",
        "Mijn hele huis schilderen",
        "Alle kamers moeten geschilderd worden, plafonds ook. Wie doet dat voor mij?",
        "flexible",
    ),
    (
        "request",
        "published",
        "vervoer",
        "Met de rolstoel naar de markt",
        "Op zaterdag wil ik graag naar de markt, maar alleen lukt dat niet met mijn rolstoel. "
        "Wie duwt mij en gaat gezellig mee?",
        ["sat-morning"],
    ),
    (
        "request",
        "pending",
        "gezelschap",
        "Samen naar de bibliotheek",
        "Ik lees graag, maar de weg naar de bibliotheek is lastig. Wie gaat één keer per "
        "maand met mij mee?",
        "flexible",
    ),
    (
        "request",
        "expired",
        "maaltijden",
        "Een warme maaltijd brengen",
        "Na mijn val kan ik een paar weken niet koken. Wie brengt mij een paar keer een bord eten?",
        ["mon-evening", "wed-evening"],
    ),
    (
        "request",
        "published",
        "huisdieren",
        "Kattenbak verschonen",
        "Bukken gaat slecht. Wie verschoont twee keer per week de kattenbak van Minoes?",
        ["mon-morning", "thu-morning"],
    ),
    (
        "request",
        "pending",
        "digitaal",
        "Foto's van mijn telefoon op de computer zetten",
        "Mijn telefoon is vol met foto's. Ik wil ze bewaren op mijn computer. Wie laat zien "
        "hoe dat moet?",
        "flexible",
    ),
    (
        "request",
        "matched",
        "administratie",
        "Brief van de zorgverzekering uitleggen",
        "Ik kreeg een brief van de zorgverzekering en begrijp niet wat ik moet doen. Wie "
        "leest hem met mij door?",
        "flexible",
    ),
    (
        "request",
        "rejected",
        "taal",
        "Brief",
        "brief",
        "flexible",
    ),
]

OFFERS: list[PostingSpec] = [
    (
        "offer",
        "published",
        "boodschappen",
        "Ik doe graag boodschappen op zaterdag",
        "Ik doe zelf op zaterdag boodschappen en neem die van u graag mee. Geef mij een lijstje "
        "en het geld, dan breng ik alles binnen.",
        ["sat-morning"],
    ),
    (
        "offer",
        "published",
        "digitaal",
        "Hulp met uw computer, tablet of telefoon",
        "Ik werk in de ICT en help graag met e-mail, videobellen, foto's of apps. Ik leg het "
        "rustig uit, zo vaak als nodig is.",
        ["tue-evening", "thu-evening"],
    ),
    (
        "offer",
        "published",
        "vervoer",
        "Ik rijd u naar het ziekenhuis of de huisarts",
        "Ik heb een auto en overdag vaak tijd. Ik breng u naar uw afspraak en wacht als dat "
        "nodig is.",
        ["mon-morning", "wed-morning", "fri-morning"],
    ),
    (
        "offer",
        "pending",
        "maaltijden",
        "Samen koken en eten",
        "Ik kook graag en vind het gezellig om samen te eten. Ik kook bij u thuis of neem een "
        "pan soep mee.",
        ["sun-evening"],
    ),
    (
        "offer",
        "published",
        "klusjes",
        "Kleine klusjes in huis",
        "Een lamp ophangen, een kraan die lekt, een schilderij aan de muur: ik heb gereedschap "
        "en help u graag.",
        "flexible",
    ),
    (
        "offer",
        "closed",
        "huisdieren",
        "Ik wandel met uw hond",
        "Ik ben thuis gaan werken en wandel graag. Uw hond mag met mij mee, ook als het regent.",
        ["mon-afternoon", "wed-afternoon"],
    ),
    (
        "offer",
        "matched",
        "taal",
        "Taalmaatje: samen Nederlands praten",
        "Ik ben juf geweest en help graag met Nederlands praten en lezen. Eén keer per week een "
        "uur, bij u thuis of in de bibliotheek.",
        ["tue-afternoon"],
    ),
    (
        "offer",
        "expired",
        "administratie",
        "Hulp bij formulieren",
        "Toeslagen, belasting of een brief van de gemeente: ik kijk graag met u mee.",
        "flexible",
    ),
]

# (organisation slug, status, category, title, description, timing)
VACANCIES: list[tuple[str, str, str, str, str, str | list[str]]] = [
    (
        "buurtkracht-noord",
        "published",
        "gezelschap",
        "Gastvrouw of gastheer voor de koffieochtend",
        "Elke donderdagochtend drinken buren koffie in ons buurthuis. U zet koffie, maakt een "
        "praatje en let op wie er alleen zit. Ervaring is niet nodig.",
        ["thu-morning"],
    ),
    (
        "buurtkracht-noord",
        "published",
        "vervoer",
        "Chauffeur voor de boodschappenbus",
        "Op vrijdag rijden wij ouderen naar de supermarkt. U heeft een rijbewijs B en rijdt "
        "graag. Wij betalen de benzine.",
        ["fri-morning"],
    ),
    (
        "buurtkracht-noord",
        "pending",
        "gezelschap",
        "Maatje voor een oudere buurtbewoner",
        "U bezoekt elke week dezelfde oudere buurtbewoner voor een praatje of een wandeling. "
        "Wij begeleiden u en u krijgt een korte training.",
        "flexible",
    ),
    (
        "samen-sterk-zuid",
        "published",
        "administratie",
        "Vrijwilliger voor het formulierenspreekuur",
        "Op dinsdagmiddag helpen wij bewoners met brieven en formulieren. U legt rustig uit en "
        "zoekt samen met de bewoner uit wat er moet gebeuren.",
        ["tue-afternoon"],
    ),
    (
        "samen-sterk-zuid",
        "published",
        "maaltijden",
        "Kok voor de buurtmaaltijd",
        "Elke woensdag koken wij voor dertig buren. Kookt u graag voor een groep? Kom ons "
        "team versterken.",
        ["wed-afternoon", "wed-evening"],
    ),
    (
        "samen-sterk-zuid",
        "closed",
        "taal",
        "Taalcoach voor nieuwe Rotterdammers",
        "U oefent een uur per week Nederlands met iemand die de taal leert.",
        ["mon-evening"],
    ),
]

REJECTION_REASONS = {
    "Zware boodschappen naar boven dragen": (
        "Er staat een adres in uw oproep. Haal het adres weg: wij laten alleen uw wijk zien. "
        "U kunt uw adres later zelf doorgeven aan de vrijwilliger."
    ),
    "Mijn hele huis schilderen": (
        "Dit is werk voor een schilder, geen burenhulp. Vraag gerust hulp bij een kleine klus, "
        "bijvoorbeeld één muur of een deur."
    ),
    "Brief": (
        "Uw oproep is te kort. Schrijf waarmee u hulp wilt en wanneer, bijvoorbeeld: "
        "'Wie helpt mij een brief aan de woningbouw schrijven?'"
    ),
}

# Most volunteers want alerts at once; some a digest, one in six none.
VOLUNTEER_PREFERENCES = [
    NotificationPreference.INSTANT,
    NotificationPreference.INSTANT,
    NotificationPreference.INSTANT,
    NotificationPreference.DAILY,
    NotificationPreference.WEEKLY,
    NotificationPreference.OFF,
]

RESPONSE_TEXTS = [
    "Ik help u graag! Ik woon vlakbij en heb die dag tijd.",
    "Dat lijkt mij leuk om te doen. Zullen we eerst even kennismaken?",
    "Ik kan helpen. Laat u mij weten welke dag het beste uitkomt?",
    "Goed dat u dit vraagt. Ik heb dit vaker gedaan en help u graag.",
    "Ik heb tijd en ik doe het graag. Groetjes uit de buurt!",
]

CONVERSATION = [
    ("author", "Wat fijn dat u wilt helpen! Wanneer kunt u komen?"),
    ("responder", "Ik kan volgende week. Past dat u?"),
    ("author", "Ja, dat is goed. Tot dan!"),
]

VACANCY_APPLICATION = "Ik wil graag meedoen. Ik heb op die dag tijd en ben al jaren vrijwilliger."


@dataclass
class DemoSummary:
    people: int
    postings: int
    responses: int
    messages: int
    match_requests: int


@cache
def demo_password_hash() -> str:
    return hash_password(DEMO_PASSWORD)  # Argon2 is slow on purpose: hash once


def demo_data_present(session: Session) -> bool:
    return session.scalar(select(User.id).where(User.email == ADMIN_EMAIL)) is not None


def load_demo_data(session: Session, seed: int = DEFAULT_SEED) -> DemoSummary | None:
    """Add the demo town. Returns None, and changes nothing, when it is already there.

    Flushes; the caller commits.
    """
    if demo_data_present(session):
        return None
    return _DemoBuilder(session, random.Random(seed)).build()


class _DemoBuilder:
    def __init__(self, session: Session, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        self.now = utcnow()
        self.today = local_today(self.now)
        self.password_hash = demo_password_hash()
        self.categories: dict[str, Category] = {}
        self.people: list[User] = []
        self.counts = {"responses": 0, "messages": 0, "match_requests": 0}

    def build(self) -> DemoSummary:
        self.categories = {c.slug: c for c in ensure_default_categories(self.session)}
        admin = self._person("admin", "Beheer Buurthulp", "3011", roles=[Role.ADMIN])
        moderator = self._person(
            "moderator", "Mo de Moderator", "3012", roles=[Role.MODERATOR], granted_by=admin
        )
        self._person(
            "gemeente", "Gemeente Rotterdam", "3011", roles=[Role.MUNICIPALITY], granted_by=admin
        )
        residents = [self._resident(*row) for row in RESIDENTS]
        volunteers = [self._volunteer(*row) for row in VOLUNTEERS]
        organisations = {spec.slug: self._organisation(spec, admin) for spec in ORGANISATIONS}
        blocked = self._person("spam", "Snelle Verdiener", "3014")
        blocked.is_blocked = True
        blocked.blocked_at = self.now - timedelta(days=3)
        blocked.blocked_reason = "Stuurde reclame in berichten aan meerdere mensen."
        self.session.flush()
        record_audit(self.session, moderator, "user.block", blocked, blocked.blocked_reason)

        postings = self._requests(residents, organisations, moderator)
        postings += self._offers(volunteers, moderator)
        postings += self._vacancies(organisations, moderator)
        self.session.flush()
        for posting in progress(postings, "Demo: reacties en matching", unit="oproepen"):
            self._responses(posting, volunteers, residents)
            if posting.status == PostingStatus.PUBLISHED:
                self._request_matching(posting)
        self._reports(postings, residents, volunteers, blocked, moderator)
        load_home_visits(self.session, organisations, volunteers, self.today)
        load_agenda_demo(self.session, residents, self.today, volunteers)
        load_matchmaking_demo(
            self.session,
            organisations,
            residents,
            volunteers,
            self.categories,
            self.now,
            self.today,
        )
        self._request_matching(
            load_carers_demo(
                self.session,
                residents,
                moderator,
                self.categories["gezelschap"],
                self.today,
                self.now,
            )
        )
        load_lasting_contact_demo(
            self.session, residents, volunteers, self.categories["gezelschap"], self.now
        )
        self.session.flush()
        for person in self.people:
            if two_factor.requires_two_factor(person):
                two_factor.enable_with_secret(self.session, person, DEMO_TOTP_SECRET)
        self.people += load_signal_demo(
            self.session, self.now, self.password_hash, DEMO_TOTP_SECRET
        )
        load_sociale_kaart_demo(self.session, self.today)
        return DemoSummary(
            people=len(self.people),
            postings=len(postings),
            responses=self.counts["responses"],
            messages=self.counts["messages"],
            match_requests=self.counts["match_requests"],
        )

    # People ------------------------------------------------------------------------------

    def _person(
        self,
        local_part: str,
        display_name: str,
        postcode: str,
        roles: list[Role] | None = None,
        granted_by: User | None = None,
        **profile_fields: object,
    ) -> User:
        joined = self.now - timedelta(days=self.rng.randint(30, 400))
        user = User(
            email=demo_email(local_part),
            password_hash=self.password_hash,
            email_confirmed_at=joined + timedelta(minutes=10),
            created_at=joined,
            locale="nl",
        )
        user.role_grants = [
            RoleGrant(role=str(role), granted_by_id=granted_by.id if granted_by else None)
            for role in roles or []
        ]
        place = lookup_postcode(postcode)
        user.profile = Profile(
            display_name=display_name,
            **place.columns(),
            **profile_fields,
        )
        self.session.add(user)
        self.session.flush()  # the id is needed for role grants given by this person
        self.people.append(user)
        return user

    def _resident(self, local_part: str, display_name: str, postcode: str) -> User:
        return self._person(
            local_part,
            display_name,
            postcode,
            phone=f"010 {self.rng.randint(200, 499)} {self.rng.randint(10, 99)} "
            f"{self.rng.randint(10, 99)}",
            notification_preference=NotificationPreference.INSTANT,
        )

    def _volunteer(
        self,
        local_part: str,
        display_name: str,
        postcode: str,
        interests: list[str],
        languages: str,
    ) -> User:
        interest_mask = 0
        for slug in interests:
            interest_mask |= self.categories[slug].mask
        # The demo volunteer gets every alert at once and has time most afternoons.
        is_demo_login = local_part == "daan"
        return self._person(
            local_part,
            display_name,
            postcode,
            phone=f"06 {self.rng.randint(10, 99)} {self.rng.randint(100, 999)} "
            f"{self.rng.randint(100, 999)}",
            wants_to_help=True,
            interest_mask=interest_mask,
            availability_mask=self._availability(generous=is_demo_login),
            radius_km=10 if is_demo_login else self.rng.choice([2, 3, 5, 5, 8, 10]),
            languages=languages,
            notification_preference=(
                NotificationPreference.INSTANT
                if is_demo_login
                else self.rng.choice(VOLUNTEER_PREFERENCES)
            ),
        )

    def _availability(self, generous: bool) -> int:
        if generous:  # every afternoon and evening, and weekend mornings
            slots = [f"{day}-{part}" for day in DAYS for part in ("afternoon", "evening")]
            return mask_from_slots([*slots, "sat-morning", "sun-morning"])
        mask = 0
        for _ in range(self.rng.randint(3, 9)):
            mask |= slot_bit(self.rng.choice(DAYS), self.rng.choice(PARTS))
        return mask

    def _organisation(self, spec: OrganisationSpec, admin: User) -> Organisation:
        coordinator = self._person(*spec.coordinator)
        staff = self._person(*spec.staff)
        organisation = Organisation(
            name=spec.name,
            slug=spec.slug,
            description=spec.description,
            email=demo_email(spec.slug),
            phone=f"010 {self.rng.randint(200, 499)} 00 00",
            neighbourhoods=spec.neighbourhoods,
            status=OrganisationStatus.APPROVED,
            created_by_id=coordinator.id,
            created_at=self.now - timedelta(days=200),
            approved_at=self.now - timedelta(days=199),
        )
        organisation.memberships = [
            Membership(user=coordinator, role=MembershipRole.COORDINATOR),
            Membership(user=staff, role=MembershipRole.STAFF),
        ]
        self.session.add(organisation)
        self.session.flush()
        record_audit(self.session, admin, "organisation.approve", organisation)
        return organisation

    # Postings ----------------------------------------------------------------------------

    def _requests(
        self,
        residents: list[User],
        organisations: dict[str, Organisation],
        moderator: User,
    ) -> list[Posting]:
        anna = residents[0]
        postings = []
        for index, spec in enumerate(REQUESTS):
            # Anna, the demo resident, has one posting in each of the first three statuses.
            author = anna if index < 3 else residents[index % len(residents)]
            postings.append(self._posting(spec, author, moderator))
        # A professional's intake by phone: posted by organisation staff for a client.
        coordinator = next(
            m.user
            for m in organisations["buurtkracht-noord"].memberships
            if m.role == MembershipRole.COORDINATOR
        )
        on_behalf = self._posting(
            (
                "request",
                "published",
                "boodschappen",
                "Boodschappen voor mevrouw J.",
                "Namens mevrouw J. (91 jaar): zij zoekt iemand die op donderdag haar "
                "boodschappen doet. Zij belde met ons spreekuur; wij houden contact.",
                ["thu-morning"],
            ),
            coordinator,
            moderator,
        )
        on_behalf.on_behalf_of = "mevrouw J."
        postings.append(on_behalf)
        return postings

    def _offers(self, volunteers: list[User], moderator: User) -> list[Posting]:
        # The demo volunteer offers the first one; the others come from the rest.
        return [
            self._posting(spec, volunteers[index * 3 % len(volunteers)], moderator)
            for index, spec in enumerate(OFFERS)
        ]

    def _vacancies(self, organisations: dict[str, Organisation], moderator: User) -> list[Posting]:
        postings = []
        for slug, status, category, title, description, timing in VACANCIES:
            organisation = organisations[slug]
            author = organisation.memberships[0].user
            posting = self._posting(
                ("vacancy", status, category, title, description, timing),
                author,
                moderator,
                postcode=OFFICE_POSTCODES[slug],
            )
            posting.organisation = organisation
            postings.append(posting)
        return postings

    def _posting(
        self, spec: PostingSpec, author: User, moderator: User, postcode: str | None = None
    ) -> Posting:
        kind, status, category, title, description, timing = spec
        assert author.profile is not None
        place = lookup_postcode(postcode or author.profile.postcode or "3011")
        created = self.now - timedelta(days=self.rng.randint(8, 40), hours=self.rng.randint(0, 12))
        posting = Posting(
            kind=PostingKind(kind),
            status=PostingStatus(status),
            category=self.categories[category],
            title=title,
            description=description,
            author=author,
            **place.columns(),
            created_at=created,
            updated_at=created,
            submitted_at=created,
        )
        self._set_timing(posting, timing, in_past=status == PostingStatus.EXPIRED)
        published_at = created + timedelta(hours=self.rng.randint(1, 20))
        if status == PostingStatus.PENDING:  # waiting for a moderator: recent
            posting.created_at = posting.submitted_at = self.now - timedelta(
                hours=self.rng.randint(1, 48)
            )
        elif status == PostingStatus.REJECTED:
            posting.rejection_reason = REJECTION_REASONS[title]
        else:
            posting.published_at = published_at
        if status == PostingStatus.MATCHED:
            posting.matched_at = published_at + timedelta(days=self.rng.randint(1, 4))
        elif status == PostingStatus.CLOSED:
            posting.closed_at = published_at + timedelta(days=self.rng.randint(3, 6))
        elif status == PostingStatus.EXPIRED:
            assert posting.ends_on is not None
            posting.expired_at = datetime.combine(
                posting.ends_on + timedelta(days=1), datetime.min.time(), self.now.tzinfo
            )
        self.session.add(posting)
        self.session.flush()
        if posting.published_at is not None:
            record_audit(self.session, moderator, "posting.approve", posting)
        elif status == PostingStatus.REJECTED:
            record_audit(
                self.session, moderator, "posting.reject", posting, posting.rejection_reason
            )
        return posting

    def _set_timing(self, posting: Posting, timing: str | list[str], in_past: bool) -> None:
        if in_past:
            posting.ends_on = self.today - timedelta(days=self.rng.randint(1, 6))
        else:
            posting.ends_on = self.today + timedelta(days=self.rng.randint(14, 45))
        if timing == "once":
            once_on = self._future_weekday(in_past)
            posting.timing = Timing.ONCE
            posting.once_on = once_on
            posting.once_daypart = self.rng.choice(["morning", "afternoon"])
            posting.daypart_mask = mask_for_date(once_on, posting.once_daypart)
            posting.ends_on = max(posting.ends_on, once_on) if not in_past else posting.ends_on
        elif isinstance(timing, list):
            posting.timing = Timing.RECURRING
            posting.daypart_mask = mask_from_slots(timing)
        else:
            posting.timing = Timing.FLEXIBLE
            posting.daypart_mask = 0

    def _future_weekday(self, in_past: bool) -> date:
        offset = -self.rng.randint(8, 12) if in_past else self.rng.randint(3, 12)
        day = self.today + timedelta(days=offset)
        while day.weekday() >= 5:  # appointments are on weekdays
            day += timedelta(days=1)
        return day

    def _request_matching(self, posting: Posting) -> None:
        assert posting.published_at is not None
        self.session.add(
            MatchRequest(
                posting_id=posting.id,
                idempotency_key=f"match:{posting.id}:{posting.published_at.isoformat()}",
                requested_at=posting.published_at,
            )
        )
        self.counts["match_requests"] += 1

    # Responses, messages, reports --------------------------------------------------------

    def _responses(self, posting: Posting, volunteers: list[User], residents: list[User]) -> None:
        if posting.published_at is None:
            return
        # Offers are answered by residents who could use the help; the rest by volunteers.
        pool = residents if posting.kind == PostingKind.OFFER else volunteers
        candidates = [person for person in pool if person.id != posting.author_id]
        chosen = self.rng.sample(candidates, k=self.rng.randint(1, 3))
        if posting.author.email == demo_email("anna") and posting.status == "published":
            daan = next(v for v in volunteers if v.email == demo_email("daan"))
            chosen = [daan, *[c for c in chosen if c is not daan]][:2]
        accepted_one = posting.status in (PostingStatus.MATCHED, PostingStatus.CLOSED)
        for position, responder in enumerate(chosen):
            created = posting.published_at + timedelta(hours=self.rng.randint(2, 30))
            response = Response(
                posting=posting,
                responder=responder,
                message=(
                    VACANCY_APPLICATION
                    if posting.kind == PostingKind.VACANCY
                    else self.rng.choice(RESPONSE_TEXTS)
                ),
                status=ResponseStatus.PENDING,
                created_at=created,
            )
            if accepted_one and position == 0:
                response.status = ResponseStatus.ACCEPTED
                response.decided_at = posting.matched_at or created + timedelta(hours=5)
                if posting.status == PostingStatus.CLOSED:
                    response.completed_at = posting.closed_at
            elif accepted_one or posting.status == PostingStatus.EXPIRED:
                response.status = ResponseStatus.DECLINED
                response.decided_at = created + timedelta(hours=6)
            self.session.add(response)
            self.counts["responses"] += 1
            if position == 0 and (accepted_one or self.rng.random() < 0.5):
                self._conversation(response, created)

    def _conversation(self, response: Response, started: datetime) -> None:
        for step, (side, body) in enumerate(CONVERSATION):
            sender = response.posting.author if side == "author" else response.responder
            self.session.add(
                Message(
                    response=response,
                    sender=sender,
                    body=body,
                    created_at=started + timedelta(hours=step + 1),
                    read_at=started + timedelta(hours=step + 2),
                )
            )
            self.counts["messages"] += 1

    def _reports(
        self,
        postings: list[Posting],
        residents: list[User],
        volunteers: list[User],
        blocked: User,
        moderator: User,
    ) -> None:
        published = [p for p in postings if p.status == PostingStatus.PUBLISHED]
        self.session.add_all(
            [
                Report(
                    reporter=volunteers[4],
                    posting=published[-1],
                    reason="Ik denk dat dit reclame is voor een bedrijf.",
                    created_at=self.now - timedelta(hours=5),
                ),
                Report(
                    reporter=residents[3],
                    reported_user=volunteers[9],
                    reason="Deze persoon reageerde niet meer nadat we een afspraak hadden.",
                    created_at=self.now - timedelta(days=1),
                ),
                Report(
                    reporter=residents[5],
                    reported_user=blocked,
                    reason="Stuurde mij een bericht over geld verdienen.",
                    created_at=self.now - timedelta(days=4),
                    resolved_at=self.now - timedelta(days=3),
                    resolved_by_id=moderator.id,
                    resolution="Persoon geblokkeerd.",
                ),
            ]
        )
