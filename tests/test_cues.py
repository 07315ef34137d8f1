"""The first cue finder: weapon and medical-need mentions, negation, uncertainty, updates."""

import pytest

from call_nlp.cues import find_cues, resolve, split_updates


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("SUBJ HAS A KNIFE", "affirmed"),
        ("male holding a kitchen knife to his own throat", "affirmed"),
        ("SHOTS FIRED IN PARKING LOT", "affirmed"),
        ("SUBJ SWINGING A BAT AT CARS", "affirmed"),
        ("NO WEAPONS", "negated"),
        ("NEG WEAPONS", "negated"),
        ("WEAPONS: NO", "negated"),
        ("weapons: none", "negated"),
        ("left w/o weapon", "negated"),
        ("NOT ARMED", "negated"),
        ("UNK IF ARMED", "uncertain"),
        ("WEAPONS: UNK", "uncertain"),
        ("may have a knife in his room", "uncertain"),
        ("HAD A KNIFE EARLIER, RP TOOK IT AWAY", "historical"),
        ("NO WEAPONS ... UPD: NOW HAS A BAT", "affirmed"),
        ("UNK WEAPONS. UPDATE - RP CONFIRMS NO WEAPONS", "negated"),
        ("NEG WEAPONS. SUBJ W/ KNIFE IN HAND", "affirmed"),
    ],
)
def test_cues_weapon_status(text: str, status: str) -> None:
    assert resolve(find_cues(text), "weapon") == status


def test_cues_negation_stops_at_the_clause() -> None:
    cues = find_cues("PT DENIES WEAPONS, STATES HE HAS A KNIFE IN HIS POCKET")
    assert [c.status for c in cues if c.kind == "weapon"] == ["negated", "affirmed"]


def test_cues_no_weapon_in_a_note_without_one() -> None:
    assert resolve(find_cues("ELDERLY FEMALE CONFUSED, DOESN'T KNOW ADDRESS"), "weapon") is None


@pytest.mark.parametrize(
    ("text", "concept", "status"),
    [
        ("POSS OD, BLUE LIPS", "overdose", "uncertain"),
        ("BLUE LIPS", "breathing", "affirmed"),
        ("took a bottle of pills about an hour ago", "overdose", "affirmed"),
        ("CONSCIOUS: NO BREATHING: YES", "unresponsive", "affirmed"),
        ("UNRESPONSIVE ON BENCH", "unresponsive", "affirmed"),
        ("having a seizure", "seizure", "affirmed"),
        ("cut her wrists, bleeding heavily", "bleeding", "affirmed"),
        ("BLEEDING: NO", "bleeding", "negated"),
        ("not bleeding", "bleeding", "negated"),
    ],
)
def test_cues_medical_need(text: str, concept: str, status: str) -> None:
    cues = [c for c in find_cues(text) if c.kind == "medical" and c.concept == concept]
    assert cues and cues[0].status == status


def test_cues_carry_span_and_label() -> None:
    text = "RP SAYS SUBJ W/ MACHETE"
    (cue,) = find_cues(text)
    assert text[cue.start : cue.end] == cue.text == "MACHETE"
    assert cue.label() == "weapon: machete"
    (negated,) = find_cues("NO WEAPONS")
    assert negated.label() == "negated weapon: weapon"


def test_cues_split_updates_in_order() -> None:
    text = "MALE YELLING. UPD: NOW CALM. ** RP CALLED BACK ** LEFT AREA"
    spans = split_updates(text)
    assert len(spans) == 3
    assert text[spans[1][0] : spans[1][1]].startswith("UPD")
    assert "".join(text[s:e] for s, e in spans) == text
