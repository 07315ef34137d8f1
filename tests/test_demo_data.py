"""Tests of the synthetic demo corpus generator (call_nlp.demo).

One corpus of a few thousand notes is generated per module; every test asserts an
observable property of it (or of the generator's parts) that the product relies on.
"""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from call_nlp.demo import COLUMNS, generate_annotated, generate_corpus, write_corpus
from call_nlp.demo import (
    bank_conflict, bank_dispatch, bank_ems, bank_forms, bank_fire, bank_incidents, bank_logistics, bank_lookalike, bank_medical, bank_mental,
    bank_police, bank_property_crime, bank_risk, bank_service, bank_social, bank_traffic, compose, crime, labeling, ordinary, protocol,
)
from call_nlp.demo.phrasebook import Phrase, Slots, compile_template, expand
from call_nlp.labels import CRISIS_TYPES, RESPONSE_MODELS, VIOLENCE_RISKS

N = 4000
CRIME_N = 2000
SEED = 424242

# Words per note p10/p25/p50/p75/p90. CAD_TEXT.md measures 6/8/13/24/53 for real dispatch
# text; a third of the behavioral notes are deliberately multi-sentence narrative (25-90
# words, like hand-written behavioral-call notes), which moves the upper middle of the
# profile up. The other behavioral notes keep the CAD profile and ordinary notes their own
# (checked separately below). Case shares from CAD_TEXT.md.
LENGTH_TARGETS = {10: (6, 2), 25: (8, 2), 50: (14, 3), 75: (30, 6), 90: (53, 8)}
CAD_LENGTH_TARGETS = {10: (5, 2), 25: (8, 2), 50: (13, 3), 75: (23, 5)}
# Ordinary notes, CAD_TEXT.md "Most calls are not behavioral": 5/7/11/21/44/123 at p10/25/50/75/90/99.
ORDINARY_LENGTH_TARGETS = {10: (5, 1), 25: (7, 1.5), 50: (11, 1.5), 75: (21, 3), 90: (44, 9), 99: (123, 25)}
STORY_SHARE = (0.27, 0.36)  # of behavioral notes
UPPER_SHARE, LOWER_SHARE, CASE_TOLERANCE = 0.61, 0.21, 0.06
# CAD_TEXT.md, ordinary / behavioral share of notes with each kind of dispatch-software text.
DETERMINANT = r"\b(\d{1,2})-?([OABCDE])-?(\d{1,2})\b"
SOFTWARE_TEXT = {
    "determinant code": (r"\b\d{1,2}-?[OABCDE]-?\d{1,2}\b", 0.071, 0.076),
    "protocol Q&A": (r"chief complaint|determinant|proqa|\bapco\b|\bconscious ?:|\bbreathing ?:|key questions|\bkq\b", 0.08, 0.11),
    "unit status": (r"dispatch received|\b(?:en ?route|enrt|on ?scene|o/s|cleared|clr|transporting|assigned|dispatched|avail(?:able)?|in service|status changed)\b", 0.07, 0.11),
    "medical/hazards flag": (r"medical: ?(?:no|yes|n)\b|hazards?: ?(?:no|none|n)\b", 0.02, 0.02),
}
SOFTWARE_TOLERANCE = 0.025
SPANISH = r"por favor|ayuda|ayúdenme|vengan|rápido|apúrense|hay (?:humo|fuego|mucho|un accidente)|huele a gas|necesit|se siente|está|mi (?:mamá|esposo)|hubo un choque|chocaron|la alarma|la puerta|no hablo|estamos|estoy aquí"
# Protocol numbers CAD_TEXT.md lists as the commonest in ordinary notes.
ORDINARY_PROTOCOLS = {1, 6, 9, 10, 12, 13, 17, 19, 21, 28, 29, 30, 52, 67, 69}
# Crimes EMS attends run under the assault (4) and stab/gunshot (27) protocols; rare in
# CAD_TEXT.md's fire/EMS source, common where police calls are taken.
CRIME_PROTOCOLS = {4, 27}
# Words CAD_TEXT.md finds common in both kinds of notes, and words that mark ordinary ones.
SHARED_WORDS = {
    "CALLER": r"\bCALLER\b", "BREATHING": r"\bBREATHING\b", "CONSCIOUS": r"\bCONSCIOUS\b", "ALERT": r"\bALERT\b",
    "NOT": r"\bNOT\b", "NO": r"\bNO\b", "UNK": r"\bUNK\b", "MALE/FEMALE": r"\b(?:FE)?MALE\b",
    "YEAR OLD": r"\bYEAR[- ]OLD\b|\d ?YO[MFA]?\b|\bYO[MF]\b", "DISPATCH": r"\bDISPATCH", "CODE": r"\bCODE\b",
    "RESPONSE": r"\bRESPONSE\b", "PROQA": r"\bPROQA\b", "CHIEF COMPLAINT": r"\bCHIEF COMPLAINT\b",
}
ORDINARY_WORDS = ("FIRE", "SMOKE", "ALARM", "PAIN", "CHEST", "FELL")

DESCRIPTORS = {
    "race": r"\b(?:BLACK|WHITE|HISPANIC|ASIAN|NATIVE AMERICAN|LATINO|MIDDLE EASTERN|PACIFIC ISLANDER)\b",
    "language": r"\b(?:SPANISH|VIETNAMESE|MANDARIN|CANTONESE|ARABIC|SOMALI|RUSSIAN|HAITIAN CREOLE|TAGALOG|KOREAN|PORTUGUESE|AMHARIC|POLISH|HMONG|FARSI)\b",
    "religion": r"\b(?:MUSLIM|JEWISH|CATHOLIC|HINDU|SIKH|BUDDHIST|MORMON|JEHOVAH'S WITNESS)\b",
    "gender identity": r"\b(?:TRANSGENDER|TRANS WOMAN|TRANS MAN|NONBINARY|GENDER NONCONFORMING)\b",
    "callback": r"\b555-01\d\d\b",
}


def policy(crisis: str, risk: str, medical: bool) -> str:
    """TAXONOMY.md section 3, written out independently of the generator."""
    if crisis == "not_behavioral":
        return "standard_dispatch"
    if risk in ("imminent", "elevated"):
        return "co_response"
    if medical or crisis in ("suicide_risk", "psychosis"):
        return "ems_clinician"
    return "peer_response"


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return generate_annotated(N, SEED)


@pytest.fixture(scope="module")
def crime_corpus() -> pd.DataFrame:
    """Crime and dispute notes only, enough to see rare plans: the same generator with
    every note an ordinary call of the crime family (content-free notes dropped)."""
    ordinary.descriptor_scale.cache_clear()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ordinary, "P_ORDINARY", 1.0)
        mp.setattr(ordinary, "FAMILY_SHARES", {"crime": 1.0})
        frame = generate_annotated(CRIME_N, SEED)
    ordinary.descriptor_scale.cache_clear()  # computed from the patched shares
    return frame[~frame["content_free"]]


def _all_phrases() -> list[Phrase]:
    def unpack(value: object) -> list[Phrase]:
        if isinstance(value, Phrase):
            return [value]
        if isinstance(value, protocol.Complaint):
            return list(value.phrases())
        if isinstance(value, dict):
            return [p for v in value.values() for p in unpack(v)]
        if isinstance(value, (tuple, list)):
            return [p for v in value for p in unpack(v)]
        return []

    modules = (bank_mental, bank_social, bank_incidents, bank_risk, bank_medical, bank_logistics, bank_lookalike,
               bank_dispatch, bank_ems, bank_fire, bank_service, bank_traffic, protocol, bank_forms, bank_police, bank_conflict, bank_property_crime)
    scenarios = [p for _, scenario in crime.SCENARIOS.values() for p in scenario.complaint.phrases()]
    found = {id(p): p for module in modules for value in vars(module).values() for p in unpack(value)}
    return list((found | {id(p): p for p in scenarios}).values())


def _ordinary(corpus: pd.DataFrame) -> pd.DataFrame:
    """Ordinary notes that say something about the situation."""
    return corpus[corpus["ordinary"] & ~corpus["content_free"]]


def _fire_ems_mix(corpus: pd.DataFrame) -> pd.DataFrame:
    """Ordinary notes other than crimes and disputes: the mix CAD_TEXT.md measured word
    rates on (its source is mostly fire/EMS; crimes were 1.4% of its ordinary calls)."""
    ordinary = _ordinary(corpus)
    return ordinary[ordinary["primary"] != "crime"]


def _crimes(corpus: pd.DataFrame) -> pd.DataFrame:
    """Crime and dispute notes (ordinary calls of the crime family)."""
    return corpus[(corpus["primary"] == "crime") & ~corpus["content_free"]]


def _behavioral(corpus: pd.DataFrame) -> pd.DataFrame:
    return corpus[~corpus["ordinary"] & ~corpus["content_free"]]


def test_demo_data_same_seed_same_frame() -> None:
    pd.testing.assert_frame_equal(generate_corpus(300, 7), generate_corpus(300, 7))


def test_demo_data_written_csv_is_byte_identical(tmp_path: Path) -> None:
    a = write_corpus(tmp_path / "a", n=200, seed=3)
    b = write_corpus(tmp_path / "b", n=200, seed=3)
    assert a.name == "notes.csv"
    assert a.read_bytes() == b.read_bytes()
    back = pd.read_csv(a, keep_default_na=False)
    assert list(back.columns) == list(COLUMNS)
    assert back["text"].tolist() == generate_corpus(200, 3)["text"].tolist()


def test_demo_data_note_depends_only_on_seed_and_index() -> None:
    # A longer corpus starts with the same notes: note i is drawn from (seed, i) alone.
    short, long = generate_annotated(150, 11), generate_annotated(400, 11)
    assert short["text"].tolist() == long["text"].head(150).tolist()
    assert short["ordinary"].tolist() == long["ordinary"].head(150).tolist()


def test_demo_data_different_seed_different_notes() -> None:
    a, b = generate_corpus(300, 7), generate_corpus(300, 8)
    assert (a["text"] != b["text"]).mean() > 0.9


def test_demo_data_size_columns_and_ids(corpus: pd.DataFrame) -> None:
    frame = generate_corpus(123, 5)
    assert len(frame) == 123
    assert tuple(frame.columns) == COLUMNS
    assert corpus["id"].is_unique
    assert corpus["id"].str.fullmatch(r"SYN-\d{6}").all()
    assert len(generate_corpus(0, 5)) == 0


def test_demo_data_no_empty_text(corpus: pd.DataFrame) -> None:
    assert (corpus["text"].str.strip().str.len() > 0).all()


def test_demo_data_labels_are_taxonomy_strings(corpus: pd.DataFrame) -> None:
    assert set(corpus["crisis_type"]) == set(CRISIS_TYPES)
    assert set(corpus["violence_risk"]) == set(VIOLENCE_RISKS)
    assert set(corpus["response_model"]) == set(RESPONSE_MODELS)
    assert corpus["medical_need"].dtype == bool


def test_demo_data_response_model_follows_policy_for_every_row(corpus: pd.DataFrame) -> None:
    expected = [policy(c, r, m) for c, r, m in corpus[["crisis_type", "violence_risk", "medical_need"]].itertuples(index=False)]
    mismatches = corpus.loc[corpus["response_model"] != expected, ["id", "crisis_type", "violence_risk", "medical_need", "response_model"]]
    assert mismatches.empty, mismatches.head()


def test_demo_data_label_shares(corpus: pd.DataFrame) -> None:
    # Half the notes are ordinary calls; the behavioral types share the rest as before.
    crisis = corpus["crisis_type"].value_counts(normalize=True)
    assert 0.46 <= crisis["not_behavioral"] <= 0.55
    assert 0.45 <= corpus["ordinary"].mean() <= 0.51
    assert crisis.drop("not_behavioral").min() >= 0.06
    risk = corpus.loc[corpus["crisis_type"] != "not_behavioral", "violence_risk"].value_counts(normalize=True)
    assert 0.12 <= risk["imminent"] <= 0.19
    assert 0.19 <= risk["elevated"] <= 0.27


def test_demo_data_every_crisis_risk_combination_occurs(corpus: pd.DataFrame) -> None:
    combos = corpus.groupby(["crisis_type", "violence_risk"]).size()
    assert len(combos) == len(CRISIS_TYPES) * len(VIOLENCE_RISKS)
    # Behavioral types share half the corpus: their rarest combination (e.g. welfare check
    # with a weapon) is about 0.4%.
    assert combos.min() / len(corpus) >= 0.002, combos.sort_values().head()


def test_demo_data_policy_rules_are_exercised(corpus: pd.DataFrame) -> None:
    def rows(crisis: str, risk: str, medical: bool | None = None) -> pd.DataFrame:
        sel = (corpus["crisis_type"] == crisis) & (corpus["violence_risk"] == risk)
        if medical is not None:
            sel &= corpus["medical_need"] == medical
        return corpus[sel & ~corpus["content_free"]]

    assert (rows("not_behavioral", "imminent")["response_model"] == "standard_dispatch").sum() >= 20
    assert (rows("suicide_risk", "low")["response_model"] == "ems_clinician").sum() >= 20
    assert (rows("substance_use", "low", True)["response_model"] == "ems_clinician").sum() >= 20
    assert (rows("substance_use", "low", False)["response_model"] == "peer_response").sum() >= 20
    # A family conflict whose note states a physical assault in progress is not_behavioral.
    family_assault = corpus[(corpus["primary"] == "family") & (corpus["crisis_type"] == "not_behavioral")]
    assert len(family_assault) >= 10
    assert (family_assault["violence_risk"] == "imminent").all()


def test_demo_data_word_count_percentiles_match_cad_text(corpus: pd.DataFrame) -> None:
    words = corpus["text"].str.split().str.len()
    for q, (target, tolerance) in LENGTH_TARGETS.items():
        value = float(np.percentile(words, q))
        assert abs(value - target) <= tolerance, f"p{q} = {value}, target {target}"
    assert words.max() <= 165


def test_demo_data_terse_notes_keep_cad_profile_and_stories_are_long(corpus: pd.DataFrame) -> None:
    words = corpus["text"].str.split().str.len()
    story = corpus["voice"] != ""
    behavioral = ~corpus["ordinary"] & ~corpus["content_free"]
    assert STORY_SHARE[0] <= story[behavioral].mean() <= STORY_SHARE[1]
    assert not story[corpus["ordinary"]].any()
    for q, (target, tolerance) in CAD_LENGTH_TARGETS.items():
        value = float(np.percentile(words[behavioral & ~story], q))
        assert abs(value - target) <= tolerance, f"non-story p{q} = {value}, target {target}"
    untruncated = words[story & (corpus["text"].str.len() > 260)]
    assert np.percentile(untruncated, 10) >= 22 and np.percentile(words[story], 50) >= 28
    assert words[story].max() <= 110
    # Multi-sentence: most stories have at least three sentences or lines.
    parts = corpus.loc[story, "text"].str.count(r"[.!?\n] ") + corpus.loc[story, "text"].str.count("\n")
    assert (parts >= 2).mean() > 0.8


def test_demo_data_story_voice_is_independent_of_labels(corpus: pd.DataFrame) -> None:
    story = corpus[corpus["voice"] != ""]
    for label in ("crisis_type", "violence_risk"):
        for voice, overall in story["voice"].value_counts(normalize=True).items():
            for value, group in story.groupby(label):
                share = (group["voice"] == voice).mean()
                bound = 4 * math.sqrt(overall * (1 - overall) / len(group)) + 0.01
                assert abs(share - overall) <= bound, f"{voice} in {value}: {share:.3f} vs {overall:.3f}"


def test_demo_data_ordinary_agitation_occurs_at_every_risk_level(corpus: pd.DataFrame) -> None:
    text = corpus["text"].str.upper()
    agitation = text.str.contains(r"\bYELLING\b|\bCRYING\b|SLAMM|\bPACING\b|CURSING|BANGING ON")
    by_risk = agitation.groupby(corpus["violence_risk"]).mean()
    assert by_risk.min() > 0.1, by_risk
    assert by_risk.max() - by_risk.min() < 0.15, by_risk
    by_crisis = agitation[corpus["violence_risk"] == "low"].groupby(corpus["crisis_type"]).mean()
    assert by_crisis.min() > 0.05, by_crisis


def test_demo_data_self_harm_denials_are_not_suicide_risk(corpus: pd.DataFrame) -> None:
    denied = corpus["text"].str.contains(r"would never hurt|not suicidal|no thoughts of hurting (?:him|her|them)self|denies SI", case=False)
    assert denied.sum() >= 40
    # Only an appended update that reveals suicidal statements makes such a note suicide_risk.
    assert (corpus.loc[denied, "crisis_type"] == "suicide_risk").mean() < 0.08
    assert corpus.loc[denied, "crisis_type"].nunique() >= 4


_DRUG = r"meth|coke|crack|high|using|uses|used|drug|\bon something|K2|spice|withdraw|DTs|drink|ETOH|detox|binge|coming down|crashing|pills|edible|weed|relapsed"


def test_demo_data_drug_induced_paranoia_is_substance_use(corpus: pd.DataFrame) -> None:
    # Paranoia or "seeing things" that the note attributes to a drug or to withdrawal is
    # the intoxication/withdrawal (substance_use); psychosis keeps psychotic content that
    # stands on its own, and substance beside it only as "also uses, but ..." phrases.
    effects = corpus["text"].str.contains(r"paranoi|seeing bugs|sees things|seeing things|cops are after", case=False)
    sub = corpus[effects & (corpus["crisis_type"] == "substance_use")]
    assert len(sub) >= 5
    assert sub["text"].str.contains(_DRUG, case=False).mean() > 0.95
    assert all(p.tags == ("crisis:substance",) for p in bank_lookalike.SUBSTANCE_EFFECTS + bank_lookalike.SUBSTANCE_SIGNS)
    assert [g for c, _, g in compose.SECONDARY["psychosis"] if c == "substance"] == [("coexisting",)]
    assert "coexisting" not in compose.BANKS["substance"][1]


def test_demo_data_look_alike_notes_keep_their_taxonomy_labels(corpus: pd.DataFrame) -> None:
    text, crisis = corpus["text"], corpus["crisis_type"]
    # Welfare-check openings whose later suicidal content makes them suicide_risk.
    # (The opening may follow a protocol header line: "." crosses new lines.)
    opened = text.str.contains(r"^.{0,80}(?:welfare|well being|wellness|can't reach|unable to reach|hasn't heard|hasn't answered)", case=False, flags=re.S)
    assert (opened & (crisis == "suicide_risk")).sum() >= 0.07 * (crisis == "suicide_risk").sum()
    # Family disputes in logistics words, distress in public places, medical confusion.
    assert (text.str.contains(r"car keys|custody exchange|locked out|behind on rent|inheritance|cleaned out", case=False) & (crisis == "family_conflict")).sum() >= 15
    assert (text.str.contains(r"aisle|break room|at the register|at the counter|on the shoulder|in (?:his|her|their) car|at the (?:bank|DMV|library)|at work", case=False) & (crisis == "emotional_distress")).sum() >= 10
    assert (text.str.contains(r"diabetic|slurred speech|post ictal|acting nervous|acting suspicious", case=False) & (crisis == "not_behavioral")).sum() >= 10


def _upper_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else math.nan


def test_demo_data_case_shares_match_cad_text(corpus: pd.DataFrame) -> None:
    share = corpus["text"].map(_upper_share)
    assert abs((share >= 0.8).mean() - UPPER_SHARE) <= CASE_TOLERANCE
    assert abs((share <= 0.2).mean() - LOWER_SHARE) <= CASE_TOLERANCE


def test_demo_data_has_multi_segment_protocol_and_update_notes(corpus: pd.DataFrame) -> None:
    text = corpus["text"]
    assert text.str.contains(r"\n| \| | / ").mean() >= 0.21
    assert 0.03 <= text.str.contains(r"Chief Complaint|Problem:|Response Text|\b\d\d-[A-EO]-\d\b", case=False).mean() <= 0.12
    assert text.str.contains(r"\bUPD|UPDATE|CALLED BACK|\d{4} HRS|\[\d\d:\d\d:\d\d\]", case=False).mean() >= 0.1


@pytest.mark.parametrize("name", sorted(DESCRIPTORS))
def test_demo_data_descriptors_spread_evenly_across_crisis_types(corpus: pd.DataFrame, name: str) -> None:
    has = corpus["text"].str.contains(DESCRIPTORS[name], case=False)
    overall = has.mean()
    assert overall > 0.01, f"{name} descriptors missing"
    for crisis, group in has.groupby(corpus["crisis_type"]):
        bound = 4 * math.sqrt(overall * (1 - overall) / len(group)) + 0.005
        assert abs(group.mean() - overall) <= bound, f"{name}: {crisis} {group.mean():.3f} vs {overall:.3f}"


def test_demo_data_content_free_notes(corpus: pd.DataFrame) -> None:
    free = corpus[corpus["content_free"]]
    assert 0.03 <= len(free) / len(corpus) <= 0.05
    assert not free["medical_need"].any()
    # Labels drawn from the rest of the corpus: several types, not one default.
    assert free["crisis_type"].nunique() >= 5
    assert free["text"].str.split().str.len().max() <= 30


def test_demo_data_negation_and_uncertainty_cues_occur(corpus: pd.DataFrame) -> None:
    text = corpus["text"].str.upper()
    for cue in (r"\bNO WEAPONS\b", r"\bUNK (?:IF ARMED|WEAPONS)\b|WEAPONS: UNK", r"NOT VIOLENT|VIOLENT: NO", r"\bHX\b|HISTORY OF"):
        assert text.str.contains(cue).sum() >= 10, cue
    # Negated weapons appear beside every risk level, not only in low-risk notes.
    negated = corpus[text.str.contains(r"\bNO WEAPONS\b|WEAPONS: NO")]
    assert set(negated["violence_risk"]) == set(VIOLENCE_RISKS)


def test_demo_data_districts_and_timestamps(corpus: pd.DataFrame) -> None:
    counts = corpus["district"].value_counts()
    assert len(counts) >= 8 and counts.min() / counts.max() > 0.6
    parsed = pd.to_datetime(corpus["received_at"], format="%Y-%m-%dT%H:%M:%S")
    assert parsed.notna().all()
    # District is spread independently of the crisis type.
    shares = pd.crosstab(corpus["district"], corpus["crisis_type"], normalize="columns")
    assert (shares.max(axis=1) - shares.min(axis=1)).max() < 0.08


# --- ordinary calls (CAD_TEXT.md "Most calls are not behavioral") ---------------------


def test_demo_data_ordinary_families_come_in_measured_shares(corpus: pd.DataFrame) -> None:
    from call_nlp.demo.ordinary import FAMILY_SHARES

    ordinary = _ordinary(corpus)
    shares = ordinary["primary"].value_counts(normalize=True)
    total = sum(FAMILY_SHARES.values())
    for family, expected in FAMILY_SHARES.items():
        expected /= total
        bound = 4 * math.sqrt(expected * (1 - expected) / len(ordinary)) + 0.005
        assert abs(shares.get(family, 0.0) - expected) <= bound, f"{family}: {shares.get(family, 0.0):.3f} vs {expected:.3f}"


def test_demo_data_ordinary_notes_are_standard_dispatch_with_risk_only_when_stated(corpus: pd.DataFrame) -> None:
    ordinary = _ordinary(corpus)
    assert (ordinary["crisis_type"] == "not_behavioral").all()
    assert (ordinary["response_model"] == "standard_dispatch").all()
    # Alarms, fires and collisions state no danger to anyone.
    assert (ordinary.loc[ordinary["primary"].isin(["fire", "traffic"]), "violence_risk"] == "low").all()
    assert (_fire_ems_mix(corpus)["violence_risk"] == "low").mean() > 0.97
    # Crimes carry the risk their notes state: shootings, stabbings and fights are imminent.
    crimes = ordinary[ordinary["primary"] == "crime"]
    assert set(crimes["violence_risk"]) == set(VIOLENCE_RISKS)
    imminent = ordinary[ordinary["violence_risk"] == "imminent"]
    violent = (r"shot|shoot|gun|firearm|pistol|rifle|revolver|9mm|fir(?:ing|ed)|GSW|stab|knife|cutter|machete|blade|glass|fight|punch|"
               r"assault|attack|beat|kick|stomp|brawl|swing|brandish|wrestl|physical|armed|weapon|WPN|pointed|chasing|following|road rage|"
               r"threat|kill|bat\b|hammer|crowbar|iron|bottle|pipe|club|axe|hatchet|cleaver")
    assert imminent["text"].str.contains(violent, case=False).mean() >= 0.9


def test_demo_data_ordinary_word_counts_follow_cad_text(corpus: pd.DataFrame) -> None:
    words = _ordinary(corpus)["text"].str.split().str.len()
    for q, (target, tolerance) in ORDINARY_LENGTH_TARGETS.items():
        value = float(np.percentile(words, q))
        assert abs(value - target) <= tolerance, f"ordinary p{q} = {value}, target {target}"


def test_demo_data_ordinary_determinant_codes_are_never_behavioral_protocols(corpus: pd.DataFrame) -> None:
    def protocols(frame: pd.DataFrame) -> pd.Series:
        codes = frame["text"].str.extractall(DETERMINANT, flags=re.I)
        return codes[0].astype(int)

    ordinary = protocols(_ordinary(corpus))
    assert len(ordinary) >= 60
    assert not set(ordinary) & {23, 25}
    assert set(ordinary) <= ORDINARY_PROTOCOLS | CRIME_PROTOCOLS and len(set(ordinary)) >= 10
    # Behavioral notes carry the psychiatric (25) and overdose (23) protocols.
    assert {23, 25} <= set(protocols(_behavioral(corpus)))
    chief = _behavioral(corpus)["text"].str.extract(r"(Overdose/Poisoning|Psychiatric/Abnormal Behavior/Suicide Attempt)", flags=re.I)[0]
    assert set(chief.dropna().str.lower()) == {"overdose/poisoning", "psychiatric/abnormal behavior/suicide attempt"}


def test_demo_data_dispatch_software_text_at_measured_rates(corpus: pd.DataFrame) -> None:
    ordinary, behavioral = _ordinary(corpus)["text"], _behavioral(corpus)["text"]
    for name, (pattern, want_ordinary, want_behavioral) in SOFTWARE_TEXT.items():
        got_o, got_b = ordinary.str.contains(pattern, case=False).mean(), behavioral.str.contains(pattern, case=False).mean()
        assert abs(got_o - want_ordinary) <= SOFTWARE_TOLERANCE, f"{name}, ordinary: {got_o:.3f} vs {want_ordinary}"
        assert abs(got_b - want_behavioral) <= SOFTWARE_TOLERANCE, f"{name}, behavioral: {got_b:.3f} vs {want_behavioral}"
    # Unit-status lines carry clock times and look the same in both kinds of notes.
    stamped = r"\[\d\d:\d\d:\d\d\] (?:DISPATCH RECEIVED BY UNIT|[A-Z]+ ?\d+ (?:ENRT|EN ROUTE|ENROUTE|ON SCENE|CLEARED))"
    assert ordinary.str.contains(stamped, case=False).sum() >= 5 and behavioral.str.contains(stamped, case=False).sum() >= 5
    # A little Spanish from the caller in both, at the same rate (CAD_TEXT.md: 1% / 1%).
    # Behavioral notes also state their situation in Spanish (bank_forms, ~3% of each
    # crisis type), so ordinary notes carry as much Spanish and language marks no label.
    got_o, got_b = ordinary.str.contains(SPANISH_ANY, case=False).mean(), behavioral.str.contains(SPANISH_ANY, case=False).mean()
    assert 0.015 <= got_o <= 0.06 and 0.015 <= got_b <= 0.06
    assert abs(got_o - got_b) <= 0.015, f"Spanish: ordinary {got_o:.3f} vs behavioral {got_b:.3f}"


def test_demo_data_shared_words_do_not_mark_behavioral_notes(corpus: pd.DataFrame) -> None:
    ordinary, behavioral = _fire_ems_mix(corpus)["text"].str.upper(), _behavioral(corpus)["text"].str.upper()
    for word, pattern in SHARED_WORDS.items():
        o, b = ordinary.str.contains(pattern).mean(), behavioral.str.contains(pattern).mean()
        assert o > 0 and o >= 0.5 * b, f"{word}: ordinary {o:.3f}, behavioral {b:.3f}"
    for word in ORDINARY_WORDS:
        o, b = ordinary.str.contains(rf"\b{word}\b").mean(), behavioral.str.contains(rf"\b{word}\b").mean()
        assert o >= 0.02 and o >= 4 * b, f"{word}: ordinary {o:.3f}, behavioral {b:.3f}"
    # Pronouns are rarer in ordinary notes (CAD_TEXT.md: 4% vs 15-16%): they tell a story about a person.
    pronoun = r"\b(?:HE|SHE|HER|HIS|HIM)\b"
    assert ordinary.str.contains(pronoun).mean() * 3 <= behavioral.str.contains(pronoun).mean()


def test_demo_data_ordinary_keyword_traps_stay_low_risk(corpus: pd.DataFrame) -> None:
    ordinary = _ordinary(corpus)
    traps = ordinary[ordinary["text"].str.contains(
        r"shooting pain|stabbing chest pain|not threatening any(?:thing| structures)|bug killer|flu shot|covid shot|knife while cooking|killer headache", case=False)]
    assert len(traps) >= 15
    # Low unless the note states something else (a premise hazard, a combative patient).
    other_risk = traps["text"].str.contains(r"hazard|prem|caution|combative|aggressive|swinging", case=False)
    assert (traps.loc[~other_risk, "violence_risk"] == "low").all() and (~other_risk).sum() >= 15
    # Medical complaints that sound behavioral stay not_behavioral (TAXONOMY.md).
    confusion = ordinary[ordinary["text"].str.contains(r"not acting right|confused|not making sense|behaving normally: no", case=False)]
    assert len(confusion) >= 10


def test_demo_ordinary_complaints_never_use_behavioral_protocols() -> None:
    from call_nlp.demo.ordinary import FAMILIES

    complaints = [c for table in FAMILIES.values() for _, c in table.values()] + [s.complaint for _, s in crime.SCENARIOS.values()]
    assert all(c.protocol in ORDINARY_PROTOCOLS | CRIME_PROTOCOLS | {0} for c in complaints)
    with pytest.raises(ValueError):
        protocol.Complaint(core=(), chief=("Psychiatric",), codes=("PSYCH",), protocol=25)
    rng = random.Random(3)
    codes = {protocol.determinant(rng, 17, "ABD") for _ in range(300)}
    assert all(re.fullmatch(r"17-?[ABD]-?\d{1,2}", c) for c in codes)
    assert {"17-A-1", "17A01"} & codes and len({c[2:3] if c[2] != "-" else c[3] for c in codes}) == 3


# --- crimes and disputes between people who are not family ----------------------------

FAMILY_WORDS = (r"\b(?:mother|father|mom|dad|son|daughter|brother|sister|wife|husband|boyfriend|girlfriend|roommate|"
                r"housemate|partner|ex(?![- ])|ex[- ](?:wife|husband|boyfriend|girlfriend|partner)|step\w+|uncle|aunt|cousin|in-laws?)\b")
# Kinds of crime and dispute whose other party is a person in conflict with the caller or victim.
CONFLICT_KINDS = ("threat", "fight", "weapon", "shooting", "stabbing", "dispute")
WEAPON_IN_HAND = (r"(?:gun|handgun|pistol) in (?:his|her|their) waistband|(?:waving|swinging|brandishing|pointing) (?:a|an|the) |armed robbery|"
                  r"barricaded|shots fired|fight (?:in progress|IP)\b|still (?:has|holding|on scene with|there with)|(?:fighting|throwing punches) (?:now|right now)")
# What a later line may say instead: what it really was, that it was taken away, that it is over.
LATER_CHANGE = (r"cell phone|\bphone\b|umbrella|tripod|flashlight|\btoy\b|vape|fireworks|firecrackers|backfir|no evidence|took|dropped|threw down|"
                r"put down|tossed|has (?:it|the \w+) now|over\b|separated|broke up|walked off|left on foot|pulled them apart|not fighting")


def test_demo_data_crimes_are_a_police_centers_share_of_ordinary_calls(corpus: pd.DataFrame) -> None:
    # CAD_TEXT.md's fire/EMS-heavy source has crimes at 1.4% of ordinary calls; the corpus
    # gives them CRIME_SHARE and keeps the other families in their measured proportions.
    assert ordinary.CRIME_SHARE == pytest.approx(0.12)
    shares, measured = ordinary.FAMILY_SHARES, ordinary.MEASURED_SHARES
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["crime"] >= 8 * measured["crime"]
    for family in shares.keys() - {"crime", "fire"}:
        assert shares[family] / shares["fire"] == pytest.approx(measured[family] / measured["fire"])
    ordinary_notes = _ordinary(corpus)
    got = (ordinary_notes["primary"] == "crime").mean()
    assert abs(got - ordinary.CRIME_SHARE) <= 4 * math.sqrt(0.12 * 0.88 / len(ordinary_notes))


def test_demo_data_crime_and_dispute_notes_are_standard_dispatch_at_the_risk_they_state(crime_corpus: pd.DataFrame) -> None:
    crimes = crime_corpus
    assert (crimes["primary"] == "crime").all() and len(crimes) >= 1500
    assert (crimes["crisis_type"] == "not_behavioral").all() and (crimes["response_model"] == "standard_dispatch").all()
    # The label is the risk the scenario set out to state (a fixed-length cut can drop an update).
    assert (crimes["violence_risk"] == crimes["target"]).mean() >= 0.97
    # Every kind at every risk level it has.
    seen = crimes.groupby("scenario")["violence_risk"].agg(set)
    for kind, (_, scenario) in crime.SCENARIOS.items():
        assert seen[kind] == set(scenario.risk), kind
    text, risk = crimes["text"], crimes["violence_risk"]
    # A weapon in hand, shots fired or a fight in progress is imminent, unless a later line
    # says what it really was, that it was taken away or that it is over.
    armed = text.str.contains(WEAPON_IN_HAND, case=False) & ~text.str.contains(LATER_CHANGE, case=False)
    assert armed.sum() >= 30 and (risk[armed] == "imminent").mean() >= 0.95
    # A threat to hurt the caller is never low risk; a weapon nobody saw never either.
    threat = text.str.contains(r"(?:to|will|gonna|'d|would) (?:beat|kick|kill|shoot|stab|hurt|jump|fight) (?:RP|the caller|caller|reporting party)\b", case=False)
    unknown = text.str.contains(r"UNK(?:NOWN)? IF ARMED|UNK(?:NOWN)? WEAPONS|POSS(?:IBLY)? ARMED|WEAPONS: UNK", case=False)
    assert threat.sum() >= 50 and (risk[threat] != "low").all()
    assert unknown.sum() >= 20 and (risk[unknown] != "low").all()
    # Negations sit beside real danger: "NO WEAPONS SEEN", "NOT VIOLENT", "VERBAL ONLY" occur at every level.
    negated = text.str.contains(r"NO (?:SEEN |REPORTED |KNOWN )?WEAPONS|NO WEAPONS? SEEN|NOT VIOLENT|VERBAL ONLY|NO PHYSICAL|WEAPONS: (?:NO|NONE|N)\b", case=False)
    assert (negated.groupby(risk).sum() >= 5).all() and set(risk[negated]) == set(VIOLENCE_RISKS)


def test_demo_data_conflicts_between_non_family_people_are_never_family_conflict(corpus: pd.DataFrame, crime_corpus: pd.DataFrame) -> None:
    conflicts = crime_corpus[crime_corpus["scenario"].isin(CONFLICT_KINDS)]
    assert len(conflicts) >= 800
    assert not (conflicts["crisis_type"] == "family_conflict").any()
    # The other party is a neighbor, a customer, a stranger ...: never a relative, partner, ex or housemate.
    named = conflicts["text"].str.contains(FAMILY_WORDS, case=False)
    assert not named.any(), conflicts.loc[named, "text"].head().tolist()
    # Family conflicts use the same words of conflict; who is in conflict is what tells them apart.
    family = corpus.loc[corpus["crisis_type"] == "family_conflict", "text"]
    for cue in (r"yell|argu", r"threat", r"NO WEAPONS|WEAPONS: NO|VERBAL ONLY|NOT VIOLENT"):
        assert conflicts["text"].str.contains(cue, case=False).sum() >= 20, cue
        assert family.str.contains(cue, case=False).sum() >= 5, cue


def test_demo_data_crime_notes_carry_words_behavioral_notes_use(corpus: pd.DataFrame, crime_corpus: pd.DataFrame) -> None:
    # Upset, yelling, scared, crying, an elderly caller, someone to talk to, a drunk suspect:
    # in crime notes at every risk level, so none of them marks a crisis on its own.
    crimes = crime_corpus
    shared = crimes["text"].str.contains(r"\bUPSET\b|YELLING|SCARED|CRYING|TALK TO|ELDERLY|DRUNK|INTOX|HIGH ON|UNDER THE INFLUENCE", case=False)
    by_risk = shared.groupby(crimes["violence_risk"]).mean()
    assert by_risk.min() >= 0.1, by_risk
    # Police unit-status lines occur on behavioral notes too: they mark no crime.
    police = r"\b\d[FHKLMPRSTX]\d{1,2}\b|REQ ADDL UNITS|PERIMETER|K9 (?:REQ|ENRT)"
    assert crimes["text"].str.contains(police).mean() >= 0.02
    assert _behavioral(corpus)["text"].str.contains(police).sum() >= 5


def test_demo_crime_scenarios_that_may_name_a_drunk_suspect_state_a_crime() -> None:
    # An intoxicated suspect keeps a crime against a person not_behavioral (crime rule);
    # beside a dispute or a found hazard the drink would make the note substance_use.
    for kind, (_, scenario) in crime.SCENARIOS.items():
        crisis = {t for group in scenario.cores.values() for p in group for t in p.tags if t.startswith("crisis:")}
        if scenario.intox:
            assert crisis <= {"crisis:crime", "crisis:substance"} and "crisis:crime" in crisis, kind
        assert "crisis:family" not in crisis, kind
    drunk = labeling.label(["crisis:crime", "assault=active", "crisis:substance"])
    assert (drunk.crisis_type, drunk.response_model) == ("not_behavioral", "standard_dispatch")


def test_demo_data_crime_notes_depend_only_on_seed_and_index() -> None:
    a, b, c = generate_annotated(500, 9), generate_annotated(500, 9), generate_annotated(500, 10)
    crimes = a["primary"] == "crime"
    assert crimes.sum() >= 10
    columns = ["text", "scenario", "crisis_type", "violence_risk", "response_model"]
    pd.testing.assert_frame_equal(a.loc[crimes, columns], b.loc[crimes, columns])
    assert (a.loc[crimes, "text"] != c.loc[crimes, "text"]).mean() > 0.9


# --- the labeling rules on their own -------------------------------------------------


@pytest.mark.parametrize(
    ("tags", "crisis", "risk", "response"),
    [
        (["crisis:welfare", "weapon=none", "weapon=present"], "welfare_check", "imminent", "co_response"),
        (["crisis:psychosis", "weapon=possible", "weapon=none"], "psychosis", "low", "ems_clinician"),
        (["crisis:family", "weapon=present", "weapon=removed"], "family_conflict", "elevated", "co_response"),
        (["crisis:family", "weapon=none", "assault=active"], "not_behavioral", "imminent", "standard_dispatch"),
        (["crisis:family", "assault=active", "assault=ended"], "family_conflict", "elevated", "co_response"),
        (["crisis:family", "crisis:substance", "assault=active"], "substance_use", "imminent", "co_response"),
        (["crisis:crime", "crisis:substance", "assault=active"], "not_behavioral", "imminent", "standard_dispatch"),
        (["crisis:welfare", "crisis:suicide"], "suicide_risk", "low", "ems_clinician"),
        (["crisis:distress", "combative=no", "weapon=present"], "emotional_distress", "imminent", "co_response"),
        (["crisis:substance", "med:unresponsive=no"], "substance_use", "low", "peer_response"),
        (["crisis:substance", "med:unresponsive=no", "med:unresponsive=yes"], "substance_use", "low", "ems_clinician"),
        (["crisis:incident", "threat=made"], "not_behavioral", "elevated", "standard_dispatch"),
        # Crimes and disputes between people who are not family.
        (["crisis:crime", "threat=made", "weapon=none"], "not_behavioral", "elevated", "standard_dispatch"),
        (["crisis:crime", "shots=active", "shots=none"], "not_behavioral", "low", "standard_dispatch"),
        (["crisis:incident", "assault=none", "assault=active"], "not_behavioral", "imminent", "standard_dispatch"),
        (["crisis:crime", "weapon=present", "weapon=removed"], "not_behavioral", "elevated", "standard_dispatch"),
    ],
)
def test_demo_labeling_rules(tags: list[str], crisis: str, risk: str, response: str) -> None:
    lab = labeling.label(tags)
    assert (lab.crisis_type, lab.violence_risk, lab.response_model) == (crisis, risk, response)


def test_demo_bank_phrases_have_valid_tags_and_render() -> None:
    phrases = _all_phrases()
    assert len(phrases) > 300
    slots = Slots({name: (lambda rng: "x") for name in (
        "s he him his himself mf man kin says rp a_weapon the_weapon weapon a_gun the_gun a_blade the_blade "
        "victim pills psychmed num drug drink days place addr age phone unit hosp zone floor party pdunit"
    ).split()})
    rng = random.Random(0)
    for phrase in phrases:
        for tag in phrase.tags:
            labeling.parse_tag(tag)
        assert expand(compile_template(phrase.template), rng, slots).strip(), phrase.template


def test_demo_keyword_traps_state_no_violence() -> None:
    traps = re.compile(r"bug killer|shooting \[heroin|knife block|not threatening any|flu shot|killing time|to death|cut off all|shots of|shot \[by a laser|got fired|stabbing chest|shooting pain|a bat in", re.I)
    found = [p for p in _all_phrases() if traps.search(p.template)]
    assert len(found) >= 8
    for phrase in found:
        raised = [t for t in phrase.tags if labeling.parse_tag(t)[0] == "risk" and labeling.RISK_STATES[t.split("=")[0]][t.split("=")[1]] > 0]
        assert not raised, phrase.template


# Behavioral notes in three forms the plain banks never show (bank_forms): a caller's
# Spanish, suicide attempts by hanging/jumping/traffic, and terse opioid-overdose signs.
SPANISH_BEHAVIORAL = (
    r"\b(?:quiere (?:matarse|suicidarse)|se quiere (?:matar|morir)|no quiere vivir|se va a matar|intento de suicidio|amenaza(?:ndo)? con|"
    r"se cort[oó] las venas|escucha(?:ndo)? voces|oye voces|habla(?:ndo)? solo|paranoic[oa]|ve cosas|viendo cosas|alucinando|borrach[oa]|"
    r"drogas|drogado|sobredosis|no responde|no despierta|discutiendo|le esta gritando|discusi[oó]n familiar|pelea verbal|"
    r"se[nñ]ora? (?:mayor )?confundid|no sabe donde|no contesta|durmiendo afuera|acostado en la acera|esta perdida|llorando|"
    r"ataque de (?:p[aá]nico|ansiedad)|muy (?:nerviosa?|triste))"
)
SUICIDE_ATTEMPTS = (
    r"attempted hanging|hanging attempt|found hanging|tried to hang|attempted to hang|ligature|cord around (?:his|her|their) neck|"
    r"jumped from the \d|(?:tried|attempted|was about) to jump from the \d|(?:stepped|jumped|threw \w+) in front of a|walked into traffic|"
    r"ran into traffic|tried to walk into traffic|jumped off the overpass"
)
SPANISH_ORDINARY_WORDS = (
    r"\b(?:humo|se quema|basurero|choque|chocó|choco|atropellaron|zanja|poste|robaron|entr[oó] a la casa|ventana|patio|bicicleta|cartera|"
    r"le duele|se cay[oó]|fiebre|respirar|diabetico|cuchillo de cocina|encerrado|musica|perro suelto|agua por todo|se fue la luz)\b"
)
SPANISH_ANY = f"{SPANISH}|{SPANISH_BEHAVIORAL}|{SPANISH_ORDINARY_WORDS}"
OPIOID_SIGNS = r"\bOD 23-|NARCAN, NOW|(?:NEEDLE|SYRINGE) NEXT|PINPOINT PUPILS, (?:SNOR|AGON|SLOW|BLUE)|TRACK MARKS|NODDING OFF IN|(?:OPIOID|FENT|HEROIN) OD, UN"


def test_demo_data_new_forms_occur_at_modest_rates_with_their_types_labels(corpus: pd.DataFrame) -> None:
    beh = _behavioral(corpus)
    text, crisis = beh["text"], beh["crisis_type"]
    spanish = text.str.contains(SPANISH_BEHAVIORAL, case=False)
    for label in ("suicide_risk", "psychosis", "substance_use", "emotional_distress", "welfare_check", "family_conflict"):
        assert 0.015 <= spanish[crisis == label].mean() <= 0.09, label
    assert 0.025 <= spanish[crisis != "not_behavioral"].mean() <= 0.065
    attempts = text.str.contains(SUICIDE_ATTEMPTS, case=False)
    assert 0.02 <= attempts[crisis == "suicide_risk"].mean() <= 0.08
    assert (crisis[attempts] == "suicide_risk").all()
    opioid = text.str.contains(OPIOID_SIGNS, case=False)
    assert 0.02 <= opioid[crisis == "substance_use"].mean() <= 0.08
    assert crisis[opioid].isin(["substance_use", "suicide_risk"]).all()
    # Every response model a form's facts allow occurs; none is pinned to one label.
    assert beh.loc[attempts, "medical_need"].mean() > 0.3 and beh.loc[opioid, "medical_need"].mean() > 0.5
    assert beh.loc[spanish, "violence_risk"].nunique() == 3


def _form_facts(phrase: Phrase) -> labeling.Labels:
    return labeling.label(phrase.tags)


def test_demo_forms_state_the_facts_of_their_english_counterparts() -> None:
    expected = {"suicide": "suicide_risk", "psychosis": "psychosis", "substance": "substance_use",
                "distress": "emotional_distress", "welfare": "welfare_check", "family": "family_conflict"}
    for primary, pool in bank_forms.SPANISH.items():
        for phrase in pool:
            assert _form_facts(phrase).crisis_type == expected[primary], phrase.template
            assert bank_forms.is_spanish(phrase)
    assert all(p.tags == ("weapon=none",) for p in bank_forms.WEAPON_NONE_ES)
    assert all(p.tags == ("weapon=present",) for p in bank_forms.WEAPON_PRESENT_ES)
    assert labeling.label(["crisis:family", *bank_forms.WEAPON_NONE_ES[0].tags]).violence_risk == "low"
    assert labeling.label(["crisis:family", *bank_forms.WEAPON_PRESENT_ES[0].tags]).violence_risk == "imminent"
    assert all(_form_facts(p).crisis_type == "suicide_risk" for p in bank_forms.SUICIDE_ATTEMPT)
    hanging = [p for p in bank_forms.SUICIDE_ATTEMPT if "found hanging" in p.template and "unresponsive" in p.template]
    assert hanging and all("med:unresponsive=yes" in p.tags for p in hanging)
    for phrase in bank_forms.OPIOID:
        assert _form_facts(phrase).crisis_type == "substance_use", phrase.template
        if "NOT BREATHING" in phrase.template:
            assert {"med:ingestion=yes", "med:unresponsive=yes", "med:breathing=yes"} <= set(phrase.tags)
        if "COMBATIVE" in phrase.template:
            assert "combative=yes" in phrase.tags and _form_facts(phrase).violence_risk == "elevated"
        if "TRACK MARKS" in phrase.template:
            assert not any(t.startswith("med:") for t in phrase.tags)


def test_demo_data_spanish_weapon_statements_resolve_like_english(corpus: pd.DataFrame) -> None:
    beh = _behavioral(corpus)
    none = beh["text"].str.contains(r"NO HAY ARMAS|SIN ARMAS|NO TIENE ARMAS", case=False)
    present = beh["text"].str.contains(r"tiene (?:un cuchillo|una pistola|un machete)", case=False)
    assert none.sum() >= 5 and present.sum() >= 2
    # A stated weapon is imminent unless a later update removes it (then elevated).
    assert beh.loc[present, "violence_risk"].isin(["imminent", "elevated"]).all()
    assert (beh.loc[none, "violence_risk"] != "imminent").mean() > 0.5
