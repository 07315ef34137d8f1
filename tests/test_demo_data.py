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
from call_nlp.demo import bank_incidents, bank_logistics, bank_lookalike, bank_medical, bank_mental, bank_risk, bank_social, compose, labeling
from call_nlp.demo.phrasebook import Phrase, Slots, compile_template, expand
from call_nlp.labels import CRISIS_TYPES, RESPONSE_MODELS, VIOLENCE_RISKS

N = 4000
SEED = 424242

# Words per note p10/p25/p50/p75/p90. CAD_TEXT.md measures 6/8/13/24/53 for real dispatch
# text; about a third of the corpus is deliberately multi-sentence narrative (25-90 words,
# like hand-written behavioral-call notes), which moves the middle of the profile up. The
# other notes keep the CAD profile (checked separately below). Case shares from CAD_TEXT.md.
LENGTH_TARGETS = {10: (5, 2), 25: (10, 2), 50: (20, 3), 75: (36, 5), 90: (52, 10)}
CAD_LENGTH_TARGETS = {10: (5, 2), 25: (8, 2), 50: (13, 3), 75: (23, 5)}
STORY_SHARE = (0.27, 0.36)
UPPER_SHARE, LOWER_SHARE, CASE_TOLERANCE = 0.61, 0.21, 0.06

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


def _all_phrases() -> list[Phrase]:
    phrases: list[Phrase] = []
    for module in (bank_mental, bank_social, bank_incidents, bank_risk, bank_medical, bank_logistics, bank_lookalike):
        for value in vars(module).values():
            if isinstance(value, dict):
                value = [p for group in value.values() if isinstance(group, tuple) for p in group]
            if isinstance(value, (tuple, list)):
                phrases += [p for p in value if isinstance(p, Phrase)]
    return phrases


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
    crisis = corpus["crisis_type"].value_counts(normalize=True)
    risk = corpus["violence_risk"].value_counts(normalize=True)
    assert 0.19 <= crisis["not_behavioral"] <= 0.27
    assert crisis.drop("not_behavioral").min() >= 0.075
    assert 0.14 <= risk["imminent"] <= 0.21
    assert 0.19 <= risk["elevated"] <= 0.26


def test_demo_data_every_crisis_risk_combination_occurs(corpus: pd.DataFrame) -> None:
    combos = corpus.groupby(["crisis_type", "violence_risk"]).size()
    assert len(combos) == len(CRISIS_TYPES) * len(VIOLENCE_RISKS)
    assert combos.min() / len(corpus) >= 0.004, combos.sort_values().head()


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
    assert STORY_SHARE[0] <= story.mean() <= STORY_SHARE[1]
    for q, (target, tolerance) in CAD_LENGTH_TARGETS.items():
        value = float(np.percentile(words[~story], q))
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
    assert by_crisis.min() > 0.08, by_crisis


def test_demo_data_self_harm_denials_are_not_suicide_risk(corpus: pd.DataFrame) -> None:
    denied = corpus["text"].str.contains(r"would never hurt|not suicidal|no thoughts of hurting (?:him|her|them)self|denies SI", case=False)
    assert denied.sum() >= 40
    # Only an appended update that reveals suicidal statements makes such a note suicide_risk.
    assert (corpus.loc[denied, "crisis_type"] == "suicide_risk").mean() < 0.05
    assert corpus.loc[denied, "crisis_type"].nunique() >= 4


_DRUG = r"meth|coke|crack|high|using|uses|used|drug|\bon something|K2|spice|withdraw|DTs|drink|ETOH|detox|binge|coming down|crashing|pills|edible|weed|relapsed"


def test_demo_data_drug_induced_paranoia_is_substance_use(corpus: pd.DataFrame) -> None:
    # Paranoia or "seeing things" that the note attributes to a drug or to withdrawal is
    # the intoxication/withdrawal (substance_use); psychosis keeps psychotic content that
    # stands on its own, and substance beside it only as "also uses, but ..." phrases.
    effects = corpus["text"].str.contains(r"paranoi|seeing bugs|sees things|seeing things|cops are after", case=False)
    sub = corpus[effects & (corpus["crisis_type"] == "substance_use")]
    assert len(sub) >= 8
    assert sub["text"].str.contains(_DRUG, case=False).mean() > 0.95
    assert all(p.tags == ("crisis:substance",) for p in bank_lookalike.SUBSTANCE_EFFECTS + bank_lookalike.SUBSTANCE_SIGNS)
    assert [g for c, _, g in compose.SECONDARY["psychosis"] if c == "substance"] == [("coexisting",)]
    assert "coexisting" not in compose.BANKS["substance"][1]


def test_demo_data_look_alike_notes_keep_their_taxonomy_labels(corpus: pd.DataFrame) -> None:
    text, crisis = corpus["text"], corpus["crisis_type"]
    # Welfare-check openings whose later suicidal content makes them suicide_risk.
    opened = text.str.contains(r"^.{0,80}(?:welfare|well being|wellness|can't reach|unable to reach|hasn't heard|hasn't answered)", case=False)
    assert (opened & (crisis == "suicide_risk")).sum() >= 0.08 * (crisis == "suicide_risk").sum()
    # Family disputes in logistics words, distress in public places, medical confusion.
    assert (text.str.contains(r"car keys|custody exchange|locked out|behind on rent|inheritance|cleaned out", case=False) & (crisis == "family_conflict")).sum() >= 30
    assert (text.str.contains(r"aisle|break room|at the register|at the counter|on the shoulder|in (?:his|her|their) car|at the (?:bank|DMV|library)|at work", case=False) & (crisis == "emotional_distress")).sum() >= 15
    assert (text.str.contains(r"diabetic|slurred speech|post ictal|acting nervous|acting suspicious", case=False) & (crisis == "not_behavioral")).sum() >= 20


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
        "victim pills psychmed num drug drink days place addr age phone"
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
