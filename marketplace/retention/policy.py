"""How long each kind of personal data is kept: one table of rules, read by the beat task
(``marketplace.retention.services``), the privacy statement (``/privacy``) and
``docs/privacy/retention.md``. Change a period here and all three follow (the docs page is
checked by ``tests/retention/test_policy.py``).

Every database table has a rule, also tables without personal data, so a new table cannot
arrive without someone deciding how long it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

DAY = timedelta(days=1)
MONTH = timedelta(days=30)

# The periods the beat task enforces.
NOTIFICATION_CONTENT = 3 * MONTH  # subject, text and address of a sent e-mail / notice
MESSAGE_BODIES = 12 * MONTH  # the text of messages and responses
ENDED_POSTINGS = 12 * MONTH  # closed, expired or rejected: then anonymised
DRAFTS = 30 * DAY  # a draft nobody touched
UNCONFIRMED_ACCOUNTS = 30 * DAY  # an account whose e-mail address was never confirmed
DORMANT_ACCOUNTS = 24 * MONTH  # no log-in (or sign-up) for this long: a warning mail, then
DORMANT_WARNING = MONTH  # this long after the warning, still no log-in: erased
CLIENT_RECORDS = 12 * MONTH  # after the last request for the client ended
CLIENT_INVITES = 60 * DAY  # the link works 30 days
ORGANISATION_INVITATIONS = 30 * DAY  # after the invitation expired, was used or withdrawn
MATCH_SUGGESTIONS = 6 * MONTH
MATCH_REQUESTS = 30 * DAY  # after the work was done
RESOLVED_REPORTS = 24 * MONTH  # after the report was handled
AUDIT_EVENTS = 24 * MONTH
SECURITY_LOG = 180 * DAY  # whole days of instance/logs/security-YYYY-MM-DD.jsonl
MAIL_FILES = 7 * DAY  # instance/outbox/*.eml, only without SMTP (development)
HOME_VISITS = 12 * MONTH  # after the round ended; HOME_VISIT_RETENTION_MONTHS changes it
CLOSED_SIGNALS = 12 * MONTH  # default; SIGNAL_RETENTION_MONTHS changes it (months of 30 days)
ACTIVITY_SIGNUPS = 3 * MONTH  # after the activity's date
CASE_NOTES = 12 * MONTH  # a matchmaker's case log, after the note was written
ENDED_SESSIONS = 30 * DAY  # the longest a log-in session lives (marketplace.accounts.sessions)


@dataclass(frozen=True)
class Rule:
    """One kind of data: where it is, why we keep it and for how long.

    ``period`` is None when the data lives as long as the account (or organisation) it
    belongs to and goes with it on erasure; otherwise ``purge`` names the function in
    ``services.PURGES`` that the beat task runs.
    """

    key: str
    tables: tuple[str, ...]
    what: LazyString
    why: LazyString
    how_long: LazyString
    period: timedelta | None = None
    purge: str | None = None


WITH_ACCOUNT = _l("Zolang u een account heeft. Verwijdert u uw account, dan gaat dit mee.")

RULES: tuple[Rule, ...] = (
    Rule(
        "accounts",
        ("users", "role_grants"),
        _l("Uw e-mailadres, wachtwoord (versleuteld), taal en wanneer u inlogde."),
        _l("Om u te laten inloggen en u berichten te sturen."),
        WITH_ACCOUNT,
    ),
    Rule(
        "unconfirmed_accounts",
        ("users",),
        _l("Een account waarvan het e-mailadres nooit is bevestigd."),
        _l("Iemand maakte een account maar bevestigde het e-mailadres niet."),
        _l("30 dagen, daarna verwijderd."),
        UNCONFIRMED_ACCOUNTS,
        "unconfirmed_accounts",
    ),
    Rule(
        "dormant_accounts",
        ("users",),
        _l("Een account waarmee al 24 maanden niemand heeft ingelogd."),
        _l("Wie Buurthulp niet meer gebruikt, laat geen gegevens achter."),
        _l(
            "Na 24 maanden zonder inloggen krijgt u een e-mail. Logt u binnen een maand "
            "daarna niet in, dan verwijderen wij uw account."
        ),
        DORMANT_ACCOUNTS,
        "dormant_accounts",
    ),
    Rule(
        "profiles",
        ("profiles", "volunteer_reach"),
        _l(
            "Uw naam, postcode en wijk, telefoonnummer, waarmee u wilt helpen, wanneer u tijd "
            "heeft en uw keuze voor e-mails."
        ),
        _l("Om hulpvragen en vrijwilligers bij elkaar in de buurt te vinden."),
        WITH_ACCOUNT,
    ),
    Rule(
        "sessions",
        ("user_sessions",),
        _l("Wanneer en met welke browser u bent ingelogd (een sessie)."),
        _l("Zodat u ingelogd blijft en overal kunt uitloggen."),
        _l(
            "Tot de sessie afloopt: na 30 minuten zonder iets te doen, of na 30 dagen als u "
            "‘ingelogd blijven’ koos. Uitloggen wist de sessie meteen."
        ),
        ENDED_SESSIONS,
        "ended_sessions",
    ),
    Rule(
        "two_factor",
        ("two_factor", "recovery_codes"),
        _l("Uw tweestapsverificatie: een geheime sleutel en herstelcodes."),
        _l("Om uw account extra te beveiligen."),
        WITH_ACCOUNT,
    ),
    Rule(
        "drafts",
        ("postings",),
        _l("Een oproep die u begon maar niet instuurde (concept)."),
        _l("Zodat u later verder kunt gaan."),
        _l("30 dagen na de laatste wijziging, daarna verwijderd."),
        DRAFTS,
        "drafts",
    ),
    Rule(
        "ended_postings",
        ("postings", "vacancy_details", "escalations"),
        _l(
            "Uw oproepen: titel, tekst, wijk en postcode, en voor wie een organisatie de "
            "oproep plaatste."
        ),
        _l("Om hulp te vragen of aan te bieden, en om te tellen hoeveel mensen zijn geholpen."),
        _l(
            "12 maanden nadat de oproep is afgesloten, verlopen of afgewezen. Daarna halen wij "
            "de tekst en alles over u eruit; alleen wijk, soort hulp en datum blijven voor de "
            "cijfers."
        ),
        ENDED_POSTINGS,
        "ended_postings",
    ),
    Rule(
        "messages",
        ("messages", "responses", "thank_you_notes"),
        _l("Reacties op oproepen, berichten en bedankjes tussen u en de ander."),
        _l("Om samen af te spreken."),
        _l("De tekst 12 maanden na het versturen; daarna wordt de tekst gewist."),
        MESSAGE_BODIES,
        "message_bodies",
    ),
    Rule(
        "contact_blocks",
        ("contact_blocks",),
        _l(
            "Met wie u geen contact meer wilt (of wie geen contact meer met u wil), en sinds "
            "wanneer."
        ),
        _l(
            "Zodat die persoon niet meer op uw oproepen reageert, u geen berichten stuurt en "
            "niet meer aan u wordt voorgesteld."
        ),
        _l("Tot u het weer toestaat. Verwijdert u of de ander het account, dan gaat dit mee."),
    ),
    Rule(
        "delegations",
        ("delegations", "delegated_actions"),
        _l(
            "Wie namens wie hulp mag regelen (wat, tot wanneer, hoe de toestemming werd "
            "gegeven), en wat er namens iemand is gedaan."
        ),
        _l(
            "Zodat een mantelzorger alleen doet waar toestemming voor is, en u ziet wie "
            "namens u iets deed."
        ),
        _l(
            "Zolang beide accounts bestaan. Verwijdert u of de ander het account, dan gaat dit mee."
        ),
    ),
    Rule(
        "lasting_contacts",
        ("lasting_contacts", "lasting_check_ins"),
        _l(
            "Een vast contact (maatje, wandeling, telefoonmaatje): wie, de wijk, de vaste dag "
            "en tijd, wanneer het begon en stopte, en de antwoorden op ‘Gaat het goed?’."
        ),
        _l("Om te herinneren, te vragen hoe het gaat en op tijd hulp te bieden als het stopt."),
        _l(
            "Zolang de oproep bestaat. Uw antwoorden gaan mee als u uw account verwijdert; "
            "de wijk en de data blijven voor de cijfers."
        ),
    ),
    Rule(
        "notifications",
        ("notifications",),
        _l("E-mails en meldingen die wij u stuurden: onderwerp, tekst en e-mailadres."),
        _l("Om u op de hoogte te houden, en om te zien of een e-mail aankwam."),
        _l("3 maanden na het versturen; daarna worden onderwerp, tekst en adres gewist."),
        NOTIFICATION_CONTENT,
        "notification_content",
    ),
    Rule(
        "match_suggestions",
        ("match_suggestions",),
        _l("Welke oproepen bij u passen, en waarom (afstand, soort hulp, tijd)."),
        _l("Om u oproepen in de buurt te laten zien."),
        _l("6 maanden, daarna verwijderd."),
        MATCH_SUGGESTIONS,
        "match_suggestions",
    ),
    Rule(
        "match_requests",
        ("match_requests",),
        _l("Een taak voor de computer: zoek vrijwilligers bij een oproep."),
        _l("Zodat het zoeken niet verloren gaat als er iets misgaat."),
        _l("30 dagen nadat het zoeken klaar is, daarna verwijderd."),
        MATCH_REQUESTS,
        "match_requests",
    ),
    Rule(
        "follow_ups",
        ("follow_ups",),
        _l("Uw antwoord op de vraag ‘Is het gelukt?’."),
        _l("Om te weten of mensen echt geholpen zijn, en om te helpen als het niet lukte."),
        # Not purged on a clock: without the row the question would be asked again.
        WITH_ACCOUNT,
    ),
    Rule(
        "reports",
        ("reports",),
        _l("Klachten over oproepen, berichten of personen, en wat de moderator besliste."),
        _l("Om Buurthulp veilig te houden."),
        _l("24 maanden nadat de klacht is afgehandeld, daarna verwijderd."),
        RESOLVED_REPORTS,
        "resolved_reports",
    ),
    Rule(
        "audit_events",
        ("audit_events",),
        _l("Besluiten van moderatoren en beheerders: wie, wat, wanneer en waarom."),
        _l("Om achteraf te kunnen zien wie wat besliste (verantwoording)."),
        _l("24 maanden, daarna verwijderd."),
        AUDIT_EVENTS,
        "audit_events",
    ),
    Rule(
        "security_log",
        (),
        _l("Het beveiligingslogboek: inloggen, mislukte pogingen, wijzigingen van rechten."),
        _l("Om misbruik te ontdekken en te onderzoeken."),
        _l("180 dagen, daarna verwijderd."),
        SECURITY_LOG,
        "security_log",
    ),
    Rule(
        "mail_files",
        (),
        _l("Kopieën van e-mails als bestand (alleen in de testomgeving, zonder mailserver)."),
        _l("Om e-mails te bekijken tijdens het testen."),
        _l("7 dagen, daarna verwijderd."),
        MAIL_FILES,
        "mail_files",
    ),
    Rule(
        "clients",
        ("clients", "hand_overs"),
        _l(
            "Cliënten van een organisatie: voornaam of voorletters, postcode, wijk, "
            "telefoonnummer, notities en toestemming; wat met een vrijwilliger is gedeeld."
        ),
        _l("Zodat een organisatie hulp kan vragen voor iemand zonder computer."),
        _l("12 maanden nadat de laatste hulpvraag voor de cliënt is afgelopen, daarna verwijderd."),
        CLIENT_RECORDS,
        "client_records",
    ),
    Rule(
        "client_invites",
        ("client_invites",),
        _l("Het e-mailadres waarnaar een uitnodiging voor een eigen account ging."),
        _l("Om de cliënt een eigen account te laten maken."),
        _l("60 dagen, daarna verwijderd."),
        CLIENT_INVITES,
        "client_invites",
    ),
    Rule(
        "signals",
        ("signals", "signal_routes", "signal_status_changes", "signal_notes"),
        _l(
            "Zorgmeldingen: het adres van de persoon om wie iemand zich zorgen maakt, wat "
            "opviel, hoe de melder te bereiken is, notities van de organisatie en hoe het "
            "afliep."
        ),
        _l("Zodat een organisatie in de wijk langsgaat bij iemand die misschien eenzaam is."),
        _l(
            "12 maanden nadat de melding is afgerond. Daarna wissen wij het adres, de teksten, "
            "de gegevens van de melder en de notities; alleen wijk, datums en afloop blijven "
            "voor de cijfers."
        ),
        CLOSED_SIGNALS,
        "closed_signals",
    ),
    Rule(
        "signal_staff",
        ("signal_areas", "signal_handlers"),
        _l("Welke organisatie meldingen uit welke wijk oppakt, en wie van haar medewerkers."),
        _l("Om zorgmeldingen bij de juiste mensen te krijgen."),
        _l("Zolang de organisatie of het lidmaatschap bestaat."),
    ),
    Rule(
        "activities",
        ("activities",),
        _l(
            "Activiteiten in de wijkagenda: wat, waar (een openbare plek), wanneer, en wie ze "
            "plaatste."
        ),
        _l("Om te laten zien wat er in de wijk te doen is."),
        _l("Zolang de organisator ze in de agenda laat staan."),
    ),
    Rule(
        "activity_photos",
        (),
        _l("De foto bij een activiteit (een bestand, zonder verborgen gegevens als GPS)."),
        _l("Om te laten zien hoe de activiteit eruitziet."),
        _l("Zolang de activiteit bestaat, of tot de organisator de foto weghaalt."),
    ),
    Rule(
        "activity_companions",
        ("activity_companions",),
        _l("Bij welke activiteit een oproep ‘Ga je mee?’ hoort."),
        _l("Om de oproep bij de activiteit te laten zien en voor de cijfers per wijk."),
        _l("Zolang de oproep bestaat."),
    ),
    Rule(
        "activity_signups",
        ("activity_signups",),
        _l(
            "Dat u zich aanmeldde voor een activiteit op een datum, en of de organisator uw "
            "naam mag zien."
        ),
        _l(
            "Om de organisator te laten weten hoeveel mensen komen, en u een dag van tevoren "
            "te herinneren."
        ),
        _l("3 maanden na de datum van de activiteit, daarna verwijderd."),
        ACTIVITY_SIGNUPS,
        "activity_signups",
    ),
    Rule(
        "organisations",
        ("organisations", "memberships"),
        _l("Gegevens van een organisatie en wie er werkt als medewerker."),
        _l("Om organisaties hulpvragen en vrijwilligerswerk te laten plaatsen."),
        _l("Zolang de organisatie of het lidmaatschap bestaat."),
    ),
    Rule(
        "uploads",
        (),
        _l("Het logo van een organisatie (een bestand, zonder verborgen gegevens als GPS)."),
        _l("Zodat mensen de organisatie herkennen."),
        _l("Zolang de organisatie bestaat, of tot zij het logo vervangt."),
    ),
    Rule(
        "organisation_invitations",
        ("organisation_invitations",),
        _l("Het e-mailadres van een nieuwe medewerker die werd uitgenodigd."),
        _l("Om iemand toe te voegen aan een organisatie."),
        _l("30 dagen nadat de uitnodiging is gebruikt, ingetrokken of verlopen."),
        ORGANISATION_INVITATIONS,
        "organisation_invitations",
    ),
    Rule(
        "volunteer_work",
        ("applications", "application_notes", "volunteer_hours", "volunteer_references"),
        _l(
            "Aanmeldingen voor vrijwilligerswerk, notities van de organisatie, gewerkte uren "
            "en referenties."
        ),
        _l("Om vrijwilligerswerk te regelen met een organisatie."),
        WITH_ACCOUNT,
    ),
    Rule(
        "home_visits",
        ("visit_rounds", "visit_round_addresses", "home_visits", "visit_reports"),
        _l(
            "Huisbezoeken aan 75-plussers: naam, adres, postcode en geboortejaar van de "
            "bewoner (van de gemeente), wie op bezoek gaat en wanneer, hoe het ging, wensen "
            "en, alleen met toestemming, de antwoorden op zes vragen over eenzaamheid."
        ),
        _l("Om ouderen thuis te bezoeken en te helpen als zij dat willen."),
        _l(
            "12 maanden nadat de ronde is afgelopen; daarna worden adressen en verslagen "
            "verwijderd. Alleen het aantal bezoeken per wijk blijft."
        ),
        HOME_VISITS,
        "home_visits",
    ),
    Rule(
        "visitor_qualifications",
        ("visitor_qualifications",),
        _l("Of een vrijwilliger een VOG heeft en getraind is voor huisbezoek, en tot wanneer."),
        _l("Alleen getrainde vrijwilligers met een VOG gaan bij ouderen op bezoek."),
        WITH_ACCOUNT,
    ),
    Rule(
        "sociale_kaart",
        (
            "hsds_organizations",
            "hsds_services",
            "hsds_locations",
            "hsds_service_at_locations",
            "hsds_schedules",
            "hsds_phones",
            "hsds_cost_options",
            "hsds_languages",
            "hsds_accessibility",
            "hsds_attributes",
            "hsds_taxonomy_terms",
        ),
        _l(
            "Het aanbod op de sociale kaart: diensten van organisaties, hun adressen, "
            "openingstijden en zakelijke telefoonnummers en e-mailadressen, en het "
            "e-mailadres van wie de gegevens het laatst controleerde."
        ),
        _l("Zodat iedereen hulp in de buurt kan vinden."),
        _l("Zolang de dienst op de kaart staat. De organisatie kan hem altijd weghalen."),
    ),
    Rule(
        "sociale_kaart_referrals",
        ("sociale_kaart_referrals",),
        _l(
            "Verwijzingen naar een dienst: welke dienst, wie verwees, wanneer de persoon "
            "toestemming gaf en hoe het afliep. Naam en telefoon van de persoon staan alleen "
            "in de e-mail aan de dienst."
        ),
        _l("Om iemand warm over te dragen aan een dienst, en te weten of dat lukte."),
        WITH_ACCOUNT,
    ),
    Rule(
        "case_notes",
        ("case_notes",),
        _l("Het logboek van een organisatie bij een hulpvraag: notities en belletjes."),
        _l("Zodat collega's zien wie al gebeld is en wanneer iemand terugbelt."),
        _l("12 maanden nadat de notitie is geschreven, daarna verwijderd."),
        CASE_NOTES,
        "case_notes",
    ),
    Rule(
        "matchmaking",
        ("matchmaker_invitations", "credential_requirements"),
        _l(
            "Welke vrijwilliger een medewerker persoonlijk vroeg voor een hulpvraag en wat die "
            "antwoordde; welk bewijs (VOG, training) een hulpvraag vraagt."
        ),
        _l("Om rond te bellen zonder iemand twee keer te vragen, en voor de cijfers."),
        _l("Zolang de hulpvraag bestaat."),
    ),
    Rule(
        "credentials",
        ("credentials",),
        _l(
            "De VOG en trainingen van een vrijwilliger: soort, datum, geldig tot, wie ze vastlegde."
        ),
        _l("Zodat hulpvragen die een VOG of training vragen alleen bij de juiste mensen komen."),
        _l("Zolang het account bestaat, of tot de organisatie het bewijs verwijdert."),
    ),
    Rule(
        "no_personal_data",
        ("categories", "credential_rules", "task_locks", "alembic_version"),
        _l(
            "Geen persoonsgegevens (soorten hulp, welk bewijs een soort hulp vraagt, "
            "technische gegevens)."
        ),
        _l("Om Buurthulp te laten werken."),
        _l("Niet van toepassing."),
    ),
)


def covered_tables() -> set[str]:
    return {table for rule in RULES for table in rule.tables}


def period_in_words(period: timedelta) -> str:
    """ "30 days", "12 months": how docs/privacy/retention.md writes a period (English)."""
    days = period.days
    if days >= 90 and days % 30 == 0:
        return f"{days // 30} months"
    return f"{days} days"
