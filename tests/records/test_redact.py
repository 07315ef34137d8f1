"""Redaction: identifiers out, clinical words in."""

from __future__ import annotations

import pytest

from call_nlp.redact import redact


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("CB 555-0100", "CB [PHONE]"),
        ("CALL BACK (555) 010-0100 OR 5550100100", "CALL BACK [PHONE] OR [PHONE]"),
        ("cell +1 555.010.0100", "cell [PHONE]"),
        ("RP JOHN SMITH STATES BROTHER HAS A GUN", "RP [NAME] STATES BROTHER HAS A GUN"),
        ("caller Maria Lopez says her son is hearing voices", "caller [NAME] says her son is hearing voices"),
        ("PT: DOE, JANE UNRESPONSIVE", "PT: [NAME] UNRESPONSIVE"),
        ("COMP MR JONES ADV SUBJ SWINGING A BAT", "COMP [NAME] ADV SUBJ SWINGING A BAT"),
        ("SUBJ NAME IS james doe", "SUBJ NAME IS [NAME]"),
        ("AT 1234 MAIN ST, MALE W/ KNIFE", "AT [ADDRESS], MALE W/ KNIFE"),
        ("1234 N OAK AVE APT 5 - OD, NOT BREATHING", "[ADDRESS] - OD, NOT BREATHING"),
        ("PT DOB 01/02/1980 SUICIDAL", "PT DOB [DOB] SUICIDAL"),
        # digits of another script are digits too
        ("RP CALLBACK \u0665\u0665\u0665-\u0660\u0661\u0660\u0660", "RP CALLBACK [PHONE]"),
        ("DOB \uff10\uff11/\uff10\uff12/\uff11\uff19\uff18\uff10", "DOB [DOB]"),
    ],
)
def test_redact_replaces_identifiers(note: str, expected: str) -> None:
    assert redact(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "RP STATES BROTHER OFF MEDS, HEARING VOICES, PACING IN KITCHEN. NO WEAPONS SEEN. DENIES SI/HI",
        "SUBJ AGITATED YELLING, HOLDING A MACHETE",
        "PT UNRESPONSIVE, POSS OD, BLUE LIPS",
        "CALLER STATES HUSBAND THREATENING TO KILL HER WITH A HANDGUN",
        "15YO REFUSING SCHOOL, 60 YOM CONFUSED, 3 MEN FIGHTING ON MAIN ST",
        "CASE 2026112601234 AT 2130 HRS, 911 HANGUP",
    ],
)
def test_redact_leaves_clinical_notes_alone(note: str) -> None:
    assert redact(note) == note


def test_redact_note_full_of_identifiers_keeps_the_weapon_words() -> None:
    note = (
        "RP MARIA LOPEZ (555) 010-0100 STATES SON JAMES LOPEZ DOB 03/04/1999 AT 1234 N OAK AVE APT 5 "
        "HAS A KNIFE AND A MACHETE, HEARING VOICES, SUICIDAL. CALLER Tom Reed 555-0199 ADV NO GUNS. "
        "UPDATE: SUBJ NOW AT 88 ELM ST, CB 5550100100"
    )
    out = redact(note)
    for gone in ("MARIA", "LOPEZ", "JAMES", "Tom", "Reed", "010-0100", "0199", "5550100100", "1999", "1234", "OAK", "ELM"):
        assert gone not in out, gone
    for kept in ("KNIFE", "MACHETE", "HEARING VOICES", "SUICIDAL", "NO GUNS", "UPDATE"):
        assert kept in out, kept
    assert out.count("[PHONE]") == 3 and out.count("[ADDRESS]") == 2 and "[DOB]" in out and "[NAME]" in out
