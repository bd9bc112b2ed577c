"""A request that says "ik spreek Turks": matching prefers people who speak it (never
requires it), says so in "Waarom ziet u dit?", and the reach table knows who speaks what."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from sqlalchemy import select

from marketplace.matching.candidates import all_volunteers, find_volunteers, target_for
from marketplace.matching.models import MatchSuggestion, VolunteerReach
from marketplace.matching.reach import rebuild_reach
from marketplace.matching.reasons import reason_phrases
from marketplace.matching.scoring import W_LANGUAGE, Candidates, Target, rank
from marketplace.matching.services import match_posting
from marketplace.profiles.services import ProfileData, language_mask, update_profile
from tests.factories import PostingFactory, person

TURKISH = language_mask(["tr"])


def candidates(language_masks: list[int]) -> Candidates:
    rows = [(i + 1, 51.92, 4.48, 5.0, 1, 0, 0) for i in range(len(language_masks))]
    return replace(
        Candidates.from_rows(rows), language_mask=np.array(language_masks, dtype=np.int64)
    )


def test_someone_who_speaks_the_language_ranks_first_all_else_equal():
    ranking = rank(candidates([0, TURKISH]), Target(51.92, 4.48, 1, language_mask=TURKISH))
    assert ranking.indices.tolist() == [1, 0]
    assert round(float(ranking.scores[0] - ranking.scores[1]), 6) == W_LANGUAGE


def test_a_posting_without_a_language_scores_everyone_as_before():
    without = rank(candidates([0, TURKISH]), Target(51.92, 4.48, 1))
    assert without.scores[0] == without.scores[1]
    assert without.indices.tolist() == [0, 1]  # ties by id


def test_the_language_is_a_preference_not_a_filter():
    ranking = rank(candidates([0]), Target(51.92, 4.48, 1, language_mask=TURKISH))
    assert ranking.indices.tolist() == [0]


def test_matching_puts_the_turkish_speaker_first_and_says_why(session):
    other = person("3012", volunteer=True, display_name="Anna")
    speaker = person("3012", volunteer=True, display_name="Ayşe", languages="nl,tr")
    posting = PostingFactory(published=True, language="tr")
    matches = match_posting(session, posting)
    assert [m.user_id for m in matches] == [speaker.id, other.id]
    stored = {
        s.user_id: s.reasons
        for s in session.scalars(
            select(MatchSuggestion).where(MatchSuggestion.posting_id == posting.id)
        )
    }
    assert stored[speaker.id]["languages"] == ["tr"]
    assert "languages" not in stored[other.id]


def test_the_reason_is_in_plain_words():
    phrases = reason_phrases({"languages": ["tr"]}, {})
    assert phrases == ["u spreekt Turks, zoals de oproep vraagt"]


def test_the_indexed_path_sees_the_same_languages_as_the_slow_one(session):
    person("3012", volunteer=True, languages="tr")
    person("3012", volunteer=True)
    posting = PostingFactory(published=True, language="tr")
    fast = find_volunteers(session, posting)
    slow = all_volunteers(session, posting)
    assert dict(zip(fast.ids.tolist(), fast.language_mask.tolist(), strict=True)) == dict(
        zip(slow.ids.tolist(), slow.language_mask.tolist(), strict=True)
    )
    assert target_for(posting).language_mask == TURKISH


def test_saving_spoken_languages_updates_the_reach_rows(session):
    volunteer = person("3012", volunteer=True)
    profile = volunteer.profile
    update_profile(
        session,
        volunteer,
        ProfileData(
            display_name=profile.display_name,
            postcode=profile.postcode,
            wants_to_help=True,
            interests=["boodschappen"],
            radius_km=profile.radius_km,
            languages=["tr", "ar"],
        ),
    )
    masks = set(
        session.scalars(
            select(VolunteerReach.language_mask).where(VolunteerReach.user_id == volunteer.id)
        )
    )
    assert masks == {language_mask(["tr", "ar"])}


def test_rebuilding_the_reach_table_keeps_the_languages(session):
    volunteer = person("3012", volunteer=True, languages="nl,pap")
    session.flush()
    rebuild_reach(session)
    masks = set(
        session.scalars(
            select(VolunteerReach.language_mask).where(VolunteerReach.user_id == volunteer.id)
        )
    )
    assert masks == {language_mask(["nl", "pap"])}
