"""The dashboard's figures on small fixtures with known answers (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from marketplace.dashboard.queries import (
    APPROVED,
    DONE,
    FILLED,
    MATCHED,
    POSTED,
    TO_APPROVAL,
    TO_FIRST_RESPONSE,
    TO_MATCH,
)
from marketplace.dashboard.services import (
    Period,
    UnknownNeighbourhood,
    build_report,
    compute_figures,
    csv_rows,
    shown_count,
)
from marketplace.organisations.models import Application, ApplicationStatus
from marketplace.periods import quarter_period, recent_period
from marketplace.postings.models import PostingKind
from marketplace.responses.models import ResponseStatus
from tests.dashboard.helpers import (
    NOW,
    Q1,
    at,
    hours,
    local,
    posting,
    requests_posted,
    response,
)
from tests.factories import MatchSuggestionFactory, PostingFactory, person

REQUEST, OFFER, VACANCY = PostingKind.REQUEST, PostingKind.OFFER, PostingKind.VACANCY


def figures(session: Session, neighbourhood: str | None = None, period: Period = Q1):
    return compute_figures(session, period, NOW, neighbourhood=neighbourhood)


def test_a_posting_counts_as_posted_in_the_period_it_was_sent_in(session: Session) -> None:
    posting(at("2025-01-10"))
    # Days are Rotterdam's: winter time (UTC+1) at New Year, summer time (UTC+2) by April.
    posting(local("2025-01-01", 0, 30))  # 31 December 23:30 UTC
    posting(local("2025-03-31", 23, 30))  # 31 March 21:30 UTC
    posting(local("2024-12-31", 23, 30))
    posting(local("2025-04-01", 0, 30))  # still 31 March in UTC

    assert figures(session).count(POSTED, REQUEST) == 3


def test_requests_and_offers_are_counted_apart(session: Session) -> None:
    posting(at("2025-01-10"))
    posting(at("2025-01-10"), kind=OFFER)
    posting(at("2025-01-11"), kind=OFFER)

    result = figures(session)

    assert (result.count(POSTED, REQUEST), result.count(POSTED, OFFER)) == (1, 2)


def test_approved_and_matched_count_when_that_happened_not_when_it_was_sent(
    session: Session,
) -> None:
    posting(at("2024-12-20"), published=at("2025-01-02"), matched=at("2025-01-05"))
    posting(at("2025-03-30"), published=at("2025-03-31"), matched=at("2025-04-02"))

    result = figures(session)

    assert result.count(POSTED, REQUEST) == 1
    assert result.count(APPROVED, REQUEST) == 2
    assert result.count(MATCHED, REQUEST) == 1


def test_a_posting_is_done_when_help_on_it_was_marked_done(session: Session) -> None:
    matched = posting(at("2025-01-02"), at("2025-01-02", 13), matched=at("2025-01-03"))
    response(matched, at("2025-01-02", 14), ResponseStatus.ACCEPTED, completed=at("2025-02-01"))

    assert figures(session).count(DONE, REQUEST) == 1


def test_a_matched_posting_closed_by_its_author_counts_as_done(session: Session) -> None:
    posting(at("2025-01-02"), at("2025-01-02", 13), at("2025-01-03"), closed=at("2025-01-20"))

    assert figures(session).count(DONE, REQUEST) == 1


def test_a_posting_closed_without_a_match_is_not_done(session: Session) -> None:
    posting(at("2025-01-02"), at("2025-01-02", 13), closed=at("2025-01-20"))

    assert figures(session).count(DONE, REQUEST) == 0


def test_a_posting_with_two_completed_responses_is_done_once(session: Session) -> None:
    matched = posting(at("2025-01-02"), at("2025-01-02", 13), matched=at("2025-01-03"))
    for day in ("2025-01-10", "2025-02-10"):
        response(matched, at("2025-01-03"), ResponseStatus.ACCEPTED, completed=at(day))

    assert figures(session).count(DONE) == 1


def test_median_time_to_approval_is_the_mean_of_the_middle_two(session: Session) -> None:
    for waited in (1, 2, 3, 10):
        sent = at("2025-02-01", 8)
        posting(sent, published=sent + hours(waited))

    assert figures(session).median_hours(TO_APPROVAL, REQUEST) == (2.5, 4)


def test_median_time_to_approval_of_an_odd_number_is_the_middle_one(session: Session) -> None:
    for waited in (5, 1, 30, 2, 3):
        sent = at("2025-02-01", 8)
        posting(sent, published=sent + hours(waited))

    assert figures(session).median_hours(TO_APPROVAL, REQUEST) == (3.0, 5)


def test_median_time_to_first_response_uses_each_postings_first_response(
    session: Session,
) -> None:
    for waited in (2, 4, 6):
        published = at("2025-02-01", 8)
        wanted = posting(at("2025-02-01", 7), published)
        response(wanted, published + hours(waited))
        response(wanted, published + hours(100))  # a later response changes nothing

    assert figures(session).median_hours(TO_FIRST_RESPONSE, REQUEST) == (4.0, 3)


def test_median_time_to_match_counts_matches_in_the_period(session: Session) -> None:
    published = at("2025-03-01")
    posting(at("2025-02-28"), published, matched=published + hours(24))
    posting(at("2025-02-28"), published, matched=published + hours(48))
    posting(at("2025-02-28"), published, matched=at("2025-05-01"))  # after the period

    assert figures(session).median_hours(TO_MATCH, REQUEST) == (36.0, 2)


def test_medians_ignore_fractions_of_seconds_on_both_databases(session: Session) -> None:
    sent = at("2025-02-01", 8)
    posting(sent.replace(microsecond=900_000), published=sent + hours(1))

    assert figures(session).median_hours(TO_APPROVAL, REQUEST) == (1.0, 1)


def test_unanswered_requests_are_open_requests_without_response_after_7_days(
    session: Session,
) -> None:
    posting(at("2025-03-01"), at("2025-03-20"))  # 12 days: counts
    posting(at("2025-03-01"), at("2025-03-28"))  # 4 days: too early to count
    answered = posting(at("2025-03-01"), at("2025-03-20"))
    response(answered, at("2025-03-21"), ResponseStatus.DECLINED)
    posting(at("2025-03-01"), at("2025-03-02"), kind=OFFER)  # offers are not waiting for help

    assert figures(session).unanswered == {"Stadsdriehoek": 1}


def test_a_response_from_before_the_request_was_published_again_does_not_count(
    session: Session,
) -> None:
    renewed = posting(at("2025-02-01"), at("2025-03-20"))
    response(renewed, at("2025-02-10"), ResponseStatus.WITHDRAWN)

    assert figures(session).unanswered == {"Stadsdriehoek": 1}


def test_active_volunteers_responded_or_offered_help_and_count_once(session: Session) -> None:
    wanted = posting(at("2025-01-10"), at("2025-01-11"))
    responded, offered, both, only_suggested = (person(volunteer=True) for _ in range(4))
    response(wanted, at("2025-01-12"), responder=responded)
    PostingFactory(kind=OFFER, author=offered, submitted_at=at("2025-01-13"))
    response(wanted, at("2025-01-12"), responder=both)
    PostingFactory(kind=OFFER, author=both, submitted_at=at("2025-01-14"))
    # Being suggested by the matcher is not something the volunteer did.
    MatchSuggestionFactory(posting=wanted, user=only_suggested, created_at=at("2025-01-11"))

    assert figures(session).volunteers_total == 3


def test_people_who_do_not_want_to_help_or_were_active_earlier_are_not_active_volunteers(
    session: Session,
) -> None:
    wanted = posting(at("2024-12-10"), at("2024-12-11"))
    response(wanted, at("2025-01-12"), responder=person(wants_to_help=False))
    response(wanted, at("2024-12-12"), responder=person(volunteer=True))

    assert figures(session).volunteers_total == 0


def test_a_vacancy_is_filled_once_per_volunteer_placed_in_the_period(session: Session) -> None:
    vacancy = posting(at("2025-01-05"), at("2025-01-06"), kind=VACANCY)
    for placed_at in (at("2025-01-08"), at("2025-02-08"), at("2025-04-08"), None):
        applied = response(vacancy, at("2025-01-07"))
        status = ApplicationStatus.PLACED if placed_at else ApplicationStatus.NEW
        session.add(Application(response=applied, status=status, placed_at=placed_at))
    session.commit()

    assert figures(session).count(FILLED) == 2  # not the one placed in April


def test_one_neighbourhood_counts_only_its_own_postings(session: Session) -> None:
    requests_posted(2, "Stadsdriehoek")
    requests_posted(3, "Delfshaven")

    assert figures(session, "Delfshaven").count(POSTED, REQUEST) == 3


def test_an_unknown_neighbourhood_is_refused(session: Session) -> None:
    requests_posted(1)

    with pytest.raises(UnknownNeighbourhood):
        figures(session, "Atlantis")


def test_counts_per_category_and_per_neighbourhood_add_up_to_the_whole(
    session: Session,
) -> None:
    requests_posted(2, "Stadsdriehoek")
    requests_posted(1, "Delfshaven")
    posting(at("2025-01-10"), neighbourhood="Delfshaven", category_slug="tuin")

    result = figures(session)
    garden = next(c for c, name in result.category_names.items() if name == "Tuin")

    assert result.count(POSTED, REQUEST, category_id=garden) == 1
    assert result.count(POSTED, REQUEST, neighbourhood="Delfshaven") == 2
    assert result.count(POSTED, REQUEST) == 4


def test_counts_per_month_follow_the_calendar_in_rotterdam(session: Session) -> None:
    posting(local("2025-01-31", 23, 59))
    posting(local("2025-02-01", 0, 1))  # 31 January in UTC
    posting(at("2025-02-15"))

    months = {(r.month, r.count) for r in figures(session).months if r.event == POSTED}

    assert months == {("2025-01", 1), ("2025-02", 2)}


def test_counts_from_1_to_4_are_hidden_and_0_and_5_are_shown() -> None:
    assert [shown_count(n).text for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]


def test_the_report_hides_small_counts_and_shows_large_ones(session: Session) -> None:
    requests_posted(3, "Stadsdriehoek")
    requests_posted(2, "Kralingen")
    requests_posted(6, "Delfshaven")

    report = build_report(figures(session))
    by_wijk = {row.label: row.cells[0].text for row in report.per_neighbourhood.rows}

    assert by_wijk == {"Delfshaven": "6", "Kralingen": "< 5", "Stadsdriehoek": "< 5"}


def test_a_lone_small_count_is_not_given_away_by_the_total(session: Session) -> None:
    requests_posted(3, "Stadsdriehoek")
    requests_posted(6, "Delfshaven")
    requests_posted(8, "Kralingen")

    report = build_report(figures(session))
    by_wijk = {row.label: row.cells[0].text for row in report.per_neighbourhood.rows}

    # The total (17) is on the page: 17 - 8 - 6 would give the 3 away, so the smallest
    # other count is hidden too.
    assert report.summary.rows[0].cells[0].text == "17"
    assert by_wijk == {"Delfshaven": "afgeschermd", "Kralingen": "8", "Stadsdriehoek": "< 5"}
    assert "afgeschermd" in [row[3] for row in csv_rows(report)]


def test_the_report_leaves_out_a_median_based_on_fewer_than_5_postings(
    session: Session,
) -> None:
    requests_posted(4)

    report = build_report(figures(session))

    assert report.waits.rows[0].cells[0].value is None
    assert report.waits.rows[0].cells[0].text == "te weinig gegevens"


def test_the_report_shows_a_median_based_on_5_postings(session: Session) -> None:
    requests_posted(5)

    report = build_report(figures(session))

    assert report.waits.rows[0].cells[0].text == "1,0 uur"


def test_the_csv_rows_hide_small_counts_too(session: Session) -> None:
    requests_posted(2)

    rows = list(csv_rows(build_report(figures(session))))

    assert ["Hulpvragen en hulpaanbod", "Geplaatst", "Hulpvragen", "< 5"] in rows


def test_the_csv_gives_waiting_times_in_hours(session: Session) -> None:
    requests_posted(5)

    rows = list(csv_rows(build_report(figures(session))))

    assert [
        "Hoe lang duurde het? (mediaan)",
        "Van insturen tot goedkeuring",
        "Hulpvragen (uren)",
        "1",
    ] in rows


def test_the_report_names_no_posting_and_no_person(session: Session) -> None:
    author = person(display_name="Mevrouw Jansen")
    for wanted in requests_posted(6):
        wanted.author = author
        wanted.title = "Boodschappen voor mevrouw Jansen"
    session.commit()

    text = repr(list(csv_rows(build_report(figures(session)))))

    assert "Jansen" not in text


def test_the_last_3_months_end_today() -> None:
    assert recent_period(date(2025, 5, 31)) == Period(date(2025, 3, 1), date(2025, 5, 31))


def test_the_last_3_months_across_new_year() -> None:
    assert recent_period(date(2025, 1, 15)) == Period(date(2024, 10, 16), date(2025, 1, 15))


def test_a_quarter_runs_from_its_first_to_its_last_day() -> None:
    assert quarter_period(2024, 1) == Period(date(2024, 1, 1), date(2024, 3, 31))
