"""Suggestions from the tiny model: the weapon guarantee, review flags and reasons."""

from call_nlp.labels import CRISIS_TYPES, UNARMED_RESPONSES
from call_nlp.triage import HeadResult, Triager, _precedence

WEAPON_NOTES = [
    "SUBJ HAS A KNIFE IN HAND",
    "crying, wants someone to talk to. has a gun on the table",
    "RP STATES SON HEARING VOICES. NEG WEAPONS. UPD: NOW HOLDING A MACHETE",
    "ELDERLY MALE CONFUSED WANDERING W/ HAMMER",
    "PANIC ATTACK, SHAKING. SCREWDRIVER IN HIS HAND",
]


def test_triage_never_sends_unarmed_responders_to_a_stated_weapon(triager: Triager) -> None:
    for suggestion in triager.triage_many(WEAPON_NOTES):
        assert suggestion.response_model not in UNARMED_RESPONSES
        assert suggestion.violence_risk.label == "imminent"


def test_triage_override_is_flagged_and_keeps_classifier_probabilities(triager: Triager) -> None:
    for suggestion in triager.triage_many(WEAPON_NOTES):
        if suggestion.violence_risk.overridden:
            assert suggestion.needs_review
            assert any("stated present" in r and "raised to imminent" in r for r in suggestion.reasons)
            assert abs(sum(suggestion.violence_risk.probabilities.values()) - 1) < 1e-3


def test_triage_medical_need_reaches_the_policy(triager: Triager) -> None:
    suggestion = triager.triage("POSS OD, FRIEND FOUND HIM UNRESPONSIVE, NO WEAPONS")
    assert set(suggestion.medical_needs) >= {"overdose", "unresponsive"}
    assert suggestion.response_model != "peer_response"


def test_triage_low_confidence_raises_review(triager: Triager) -> None:
    triager_strict = Triager(triager.model, triager.policy, thresholds={"crisis_type": 1.01, "violence_risk": 1.01})
    suggestion = triager_strict.triage("1234 MAIN ST, CALLBACK 555-0100")
    assert suggestion.needs_review
    assert any("low confidence in crisis_type" in r for r in suggestion.reasons)


def test_triage_many_keeps_order_and_matches_single(triager: Triager) -> None:
    notes = ["very drunk male cant stand at bus stop", "SUBJ HAS A KNIFE IN HAND"]
    batch = triager.triage_many(notes)
    assert [s.response_model for s in batch] == [triager.triage(n).response_model for n in notes]
    assert triager.triage_many([]) == []


def test_triage_assault_in_progress_is_imminent(triager: Triager) -> None:
    for note in ("SON CHOKING HIS MOTHER RIGHT NOW", "pt hitting the nurse at this time, not armed"):
        suggestion = triager.triage(note)
        assert suggestion.violence_risk.label == "imminent"
        assert suggestion.response_model not in UNARMED_RESPONSES


def test_triage_threat_with_access_to_a_weapon_is_imminent(triager: Triager) -> None:
    suggestion = triager.triage("THREATENING TO SHOOT HIS WIFE, HAS GUNS IN THE HOUSE")
    assert suggestion.violence_risk.label == "imminent"


def test_triage_possible_or_removed_weapon_is_at_least_elevated(triager: Triager) -> None:
    for note in ("crying, wants someone to talk to, UNK IF ARMED",
                 "HAD A KNIFE EARLIER, RP TOOK IT AWAY, NO OTHER WEAPONS, CALM NOW"):
        assert triager.triage(note).violence_risk.label in ("elevated", "imminent")


def test_triage_content_free_note_needs_review_and_no_confident_behavioral_label(triager: Triager) -> None:
    suggestion = triager.triage("1234 MAIN ST APT 2, CALLBACK 555-0100, STAGE AT CORNER")
    assert suggestion.needs_review
    assert any("says nothing recognised about the situation" in r for r in suggestion.reasons)
    crisis = suggestion.crisis_type
    assert crisis.label == "not_behavioral" or crisis.confidence < triager.thresholds["crisis_type"]


def test_triage_unfamiliar_vocabulary_needs_review(triager: Triager) -> None:
    note = "zorblat quimmering vextal brondo skeef, sucidal"  # one known word among inventions
    suggestion = triager.triage(note)
    assert suggestion.needs_review
    assert any("never seen in training" in r for r in suggestion.reasons)


def test_triage_familiar_note_is_not_called_unfamiliar(triager: Triager) -> None:
    suggestion = triager.triage("RP STATES SON HEARING VOICES, NO WEAPONS, CALM")
    assert not any("never seen in training" in r for r in suggestion.reasons)


CRISIS_WORDING = ("TOOK A BOTTLE OF PILLS", "SAYS HE WANTS TO DIE", "HEARING VOICES", "OVERDOSED ON HEROIN",
                  "SUICIDAL", "HALLUCINATING")
RISK_FRAMES = ("RP STATES SON {}. NO WEAPONS", "{}, UNK IF ARMED", "SUBJ {}, YELLING AT STAFF, NOT VIOLENT",
               "{}", "2 CALLERS / {} / CB 555-0101", "FATHER {}, NEG WEAPONS, HX OF VIOLENCE")


def test_triage_crisis_wording_never_changes_violence_risk(triager: Triager) -> None:
    for frame in RISK_FRAMES:
        notes = [frame.format(words) for words in CRISIS_WORDING]
        risks = {s.violence_risk.label for s in triager.triage_many(notes)}
        assert len(risks) == 1, (frame, risks)


def test_triage_note_without_violence_words_is_low_risk(triager: Triager) -> None:
    for note in ("POSS OD, 23 YOM, BREATHING: YES", "hearing voices, talking to himself", "CHEST PAIN 70 YOF"):
        assert triager.triage(note).violence_risk.label == "low", note


def test_triage_elevated_cues_are_at_least_elevated(triager: Triager) -> None:
    for note in ("SAYS HE WILL KILL THE NEIGHBOR, NO WEAPONS SEEN",
                 "PUNCHED A HOLE IN THE WALL AND BROKE THE TV, NO WEAPONS",
                 "very combative with staff, no weapons",
                 "CAUTION VIOLENT, HX ASSAULTING POLICE, NO WEAPONS"):
        suggestion = triager.triage(note)
        assert suggestion.violence_risk.label in ("elevated", "imminent"), note
        assert suggestion.response_model not in UNARMED_RESPONSES, note


def test_triage_negated_elevated_cues_raise_nothing(triager: Triager) -> None:
    suggestion = triager.triage("crying, upset, not violent, no threats made, denies HI, no weapons")
    assert not any("at least elevated" in r or "raised to" in r for r in suggestion.reasons)


def test_triage_merges_repeated_cues_and_keeps_every_span(triager: Triager) -> None:
    note = "NO WEAPONS PER RP, SON CRYING. UPD: NO WEAPONS SEEN, STILL CRYING"
    cues = [c for c in triager.triage(note).cues if c.kind == "weapon"]
    assert len(cues) == 1 and cues[0].status == "negated"
    assert [note[a:b].upper() for a, b in cues[0].places()] == ["WEAPONS", "WEAPONS"]
    assert cues[0].places()[0] == (cues[0].start, cues[0].end) and cues[0].places()[1][0] > note.index("UPD")


def test_triage_reasons_name_the_deciding_cue(triager: Triager) -> None:
    suggestion = triager.triage("son hearing voices, no weapons. UPD: NOW HAS A KNIFE")
    assert any(r.startswith("knife stated present (latest update)") for r in suggestion.reasons), suggestion.reasons


def test_triage_reads_a_champion_of_before_the_two_view_heads(tiny_corpus, policy_path) -> None:  # noqa: ANN001
    """The gate scores the current champion; one trained before the two heads had their own
    views (a features step, then a MultiOutputClassifier) must still give suggestions."""
    import numpy as np
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multioutput import MultiOutputClassifier
    from sklearn.pipeline import Pipeline

    from call_nlp.artifact import LoadedModel
    from call_nlp.manifest import Manifest
    from call_nlp.model import LanguageFeatures, WordFeatures
    from call_nlp.policy import Policy

    frame = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False).head(300)
    old = Pipeline([
        ("language", LanguageFeatures()),
        ("features", TfidfVectorizer(analyzer=WordFeatures(), dtype=np.float32)),
        ("heads", MultiOutputClassifier(LogisticRegression(max_iter=200))),
    ]).fit(frame[["text"]], frame[["crisis_type", "violence_risk"]].to_numpy())
    manifest = Manifest(version="1", thresholds={"crisis_type": 0.55, "violence_risk": 0.6})
    triager = Triager(LoadedModel(old, manifest, tiny_corpus.parent), Policy.from_yaml(policy_path))
    suggestion = triager.triage("SUBJ HAS A KNIFE IN HAND, HEARING VOICES")
    assert suggestion.violence_risk.label == "imminent" and suggestion.response_model not in UNARMED_RESPONSES
    assert triager.settings()["known_vocabulary"] == 0.0  # no vocabulary check on such a model


def _never_behavioral(triager: Triager, conflict: float) -> Triager:
    """The tiny model made to read every note as ordinary, with no low-confidence review."""
    return Triager(triager.model, triager.policy, thresholds={
        "crisis_type": 0.0, "violence_risk": 0.0, "behavioral": 1.01, "behavioral_conflict": conflict})


def test_triage_ordinary_reading_of_a_behavioral_cue_is_flagged_as_a_conflict(triager: Triager) -> None:
    note = "MVA, driver very drunk and slurring, no injuries"
    flagged = _never_behavioral(triager, conflict=0.0).triage(note)
    assert flagged.crisis_type.label == "not_behavioral" and flagged.needs_review
    assert any(r.startswith("cues conflict: the note states alcohol") for r in flagged.reasons)
    quiet = _never_behavioral(triager, conflict=1.01).triage(note)  # behavioral share never that high
    assert not quiet.needs_review and not any("cues conflict" in r for r in quiet.reasons)


def test_triage_ordinary_note_without_behavioral_cue_is_no_conflict(triager: Triager) -> None:
    for note in ("FIRE ALARM ACTIVATION, GENERAL ALARM, NO SMOKE SEEN", "his wife called, 60yom chest pain"):
        suggestion = _never_behavioral(triager, conflict=0.0).triage(note)
        assert not any("cues conflict" in r for r in suggestion.reasons), note


def _read_as(triager: Triager, text: str, label: str) -> tuple[HeadResult, str | None]:
    """The precedence rule applied to ``text`` as if the classifier had read it as ``label``."""
    analysis = triager.layer.analyze(text)
    probabilities = {t: (0.9 if t == label else 0.1 / 6) for t in CRISIS_TYPES}
    return _precedence(analysis, HeadResult(label, 0.9, probabilities), probabilities)


def test_triage_precedence_lifts_a_lower_type_to_the_stated_suicidal_one(triager: Triager) -> None:
    note = "welfare check, coworker got a text from him saying goodbye, wants to kill himself"
    crisis, reason = _read_as(triager, note, "welfare_check")
    assert crisis.label == "suicide_risk" and crisis.overridden
    assert crisis.probabilities["welfare_check"] == 0.9  # the classifier's own reading stays shown
    assert reason is not None and "outranks welfare_check" in reason
    crisis, _ = _read_as(triager, "son hearing voices telling him to kill himself", "psychosis")
    assert crisis.label == "suicide_risk"


def test_triage_precedence_never_lowers_a_type_or_reads_a_denial(triager: Triager) -> None:
    for note, label in (("hearing voices, says he wants to die", "suicide_risk"),
                        ("DENIES SI, CRYING AFTER LOSING HER JOB", "emotional_distress"),
                        ("drunk at the bus stop, can't stand", "substance_use")):
        crisis, reason = _read_as(triager, note, label)
        assert crisis.label == label and not crisis.overridden and reason is None, note


def test_triage_a_suicidal_statement_is_never_left_as_an_ordinary_call(triager: Triager) -> None:
    """TAXONOMY defines suicide_risk by the subject's suicidal statements and acts, so an ordinary
    reading of one becomes suicide_risk (and is reviewed); a denial stays ordinary."""
    for note in ("60s male drank bug killer, told wife he wanted to die, vomiting",
                 "SON CUTTING HIS ARMS W/ A RAZOR BLADE IN THE BATHROOM, DOOR LOCKED"):
        crisis, reason = _read_as(triager, note, "not_behavioral")
        assert crisis.label == "suicide_risk" and crisis.overridden, note
        assert reason is not None and "outranks not_behavioral" in reason
    crisis, reason = _read_as(triager, "DENIES SI, FELL OFF LADDER, ANKLE PAIN", "not_behavioral")
    assert crisis.label == "not_behavioral" and reason is None


def test_triage_psychotic_sounding_words_leave_ordinary_calls_to_the_classifier(triager: Triager) -> None:
    """"Not making sense" also describes a stroke: whether such a call is behavioral stays the
    classifier's decision (and the call mix's)."""
    for note in ("62 yom not making sense, facial droop, hx stroke", "REAR END IN THE SUICIDE LANE, NO INJ"):
        crisis, reason = _read_as(triager, note, "not_behavioral")
        assert crisis.label == "not_behavioral" and reason is None, note


def test_triage_precedence_override_raises_review(triager: Triager) -> None:
    note = "RP STATES HER SON IS CRYING AND SAYS HE WANTS TO KILL HIMSELF, NO WEAPONS"
    analysis = triager.layer.analyze(note)
    distress = {t: (0.9 if t == "emotional_distress" else 0.1 / 6) for t in CRISIS_TYPES}
    suggestion = triager._suggest(analysis, {"crisis_type": distress,
                                             "violence_risk": {"low": 0.98, "elevated": 0.01, "imminent": 0.01}})
    assert suggestion.crisis_type.label == "suicide_risk" and suggestion.response_model == "ems_clinician"
    assert suggestion.needs_review and any("TAXONOMY precedence" in r for r in suggestion.reasons)


def test_round4_is_pythons_round_to_the_bit() -> None:
    """A suggestion's probabilities are rounded to four decimals by `round4`, a cheaper
    ``round(x, 4)``: it must give the very same double for any probability, ties, their
    neighbours and the odd values included (else a confidence could shift by 1e-4)."""
    import math
    import random
    import struct

    import numpy as np

    from call_nlp.triage import round4

    rng = random.Random(4)
    ties = np.arange(20_001, dtype=np.float64) / 20_000  # every x.xxxx5 and every x.xxxx
    values = np.concatenate([
        np.array([rng.random() for _ in range(200_000)]), ties,
        np.nextafter(ties, 2.0), np.nextafter(ties, -1.0), np.nextafter(np.nextafter(ties, 2.0), 2.0),
        np.array([0.0, -0.0, 1.0, 1.0 + 1e-9, 1.00001, 5e-324, 1e-300, 0.99995, 4.99999e-5, 2.0, -0.25]),
    ])
    for x in values.tolist() + [math.nan, math.inf]:
        want, got = round(x, 4), round4(x)
        assert struct.pack("<d", got) == struct.pack("<d", want) or (math.isnan(want) and math.isnan(got)), x
