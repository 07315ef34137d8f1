"""What a behavioural case is, the groups cases belong to, and how one case is judged.

Three CheckList test types: a minimum-functionality test (MFT) states the labels a note
must get; an invariance test (INV) states that a perturbed note gets the same three
labels as the original; a directional test (DIR) states how the labels may move when
something is added to a note. Cases carry only notes and expectations, so the same
suite runs against any object with ``triage_many``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from call_nlp.labels import RISK_ORDER

TestType = Literal["MFT", "INV", "DIR"]
#: guarantee: enforced by a rule in code, must pass 100% on any model;
#: strict: every case must pass (asserted per case), but not yet enforced by code;
#: statistical: a model property, reported as a pass rate against a floor.
Tier = Literal["guarantee", "strict", "statistical"]
Direction = Literal["weapon_added", "weapon_update", "no_weapons_added"]

TEST_TYPES: tuple[TestType, ...] = ("MFT", "INV", "DIR")
#: The three labels a suggestion carries, compared by every test type.
LABEL_KEYS: tuple[str, ...] = ("crisis_type", "violence_risk", "response_model")
#: Responses that keep police in the picture (TAXONOMY section 4's safe answers to a weapon).
POLICE_RESPONSES: tuple[str, ...] = ("co_response", "standard_dispatch")


@dataclass(frozen=True)
class Group:
    name: str
    test_type: TestType
    tier: Tier
    description: str


GROUPS: dict[str, Group] = {
    g.name: g
    for g in (
        Group("mft.policy.not_behavioral", "MFT", "statistical", "not_behavioral -> standard_dispatch, with or without a weapon"),
        Group("mft.policy.co_response", "MFT", "statistical", "behavioral at imminent/elevated risk -> co_response"),
        Group("mft.policy.medical_need", "MFT", "statistical", "stated medical need at low risk -> ems_clinician"),
        Group("mft.policy.clinical_crisis", "MFT", "statistical", "suicide_risk/psychosis at low risk -> ems_clinician"),
        Group("mft.policy.peer", "MFT", "statistical", "other types at low risk, no medical need -> peer_response"),
        Group("mft.risk.weapon_imminent", "MFT", "statistical", "weapon in hand or against self -> imminent"),
        Group("mft.risk.weapon_unknown", "MFT", "statistical", "'UNK IF ARMED', possible weapon -> elevated"),
        Group("mft.risk.weapon_removed", "MFT", "statistical", "recent weapon taken away -> elevated"),
        Group("mft.risk.weapon_negated", "MFT", "statistical", "'NO WEAPONS SEEN' -> low"),
        Group("mft.risk.latest_update", "MFT", "statistical", "the latest update wins"),
        Group("mft.risk.update_ends_scope", "MFT", "statistical", "'NO WEAPON SEEN UPD: …': an update marker ends a negation"),
        Group("mft.risk.weapon_against_self", "MFT", "guarantee", "'SHOT HIMSELF', 'GSW', cutting with a can lid: a weapon -> imminent"),
        Group("mft.risk.weapon_stays_stated", "MFT", "guarantee", "'WONT PUT DOWN THE KNIFE', 'HAS A KNIFE NOT MAKING SENSE': still a weapon -> imminent"),
        Group("mft.risk.looks_violent_is_not", "MFT", "guarantee", "'STABBING CHEST PAIN', 'PED STRUCK', 'CHOKING ON FOOD': no violence cue -> low"),
        Group("mft.risk.misspelled_weapon", "MFT", "guarantee", "'NIFE', 'SOHTGUN', 'SISSORS': a misspelled weapon is still a weapon -> imminent"),
        Group("mft.risk.shots_heard", "MFT", "guarantee", "'HEARD SHOTS NEAR THE PARK': gunfire heard nearby -> imminent"),
        Group("mft.risk.object_swung", "MFT", "guarantee", "a cane, a pole or a broken bottle swung or held as a weapon -> imminent"),
        Group("mft.risk.everyday_violence", "MFT", "guarantee", "'KICKING CARS', 'THREW A GLASS AT HER', 'SNAP AND HURT SOMEBODY': property, assault, threat -> elevated"),
        Group("mft.risk.dated_history", "MFT", "guarantee", "'ASSAULTED AN OFFICER LAST YEAR': a dated history of violence -> elevated"),
        Group("mft.risk.spanish_weapon", "MFT", "guarantee", "'TIENE UN CUCHILLO', 'ARMAS: SI - CUCHILLO': a weapon -> imminent"),
        Group("mft.risk.assault_in_progress", "MFT", "guarantee", "'SLAMMING HER AGAINST', 'DRAGGING HER BY', 'PUNCHING': an assault now -> imminent"),
        Group("mft.risk.violence_wording", "MFT", "statistical", "threats, DV history, carry permits, lunging, thrown chairs in CAD words"),
        Group("mft.risk.crisis_wording", "MFT", "statistical", "overdose, suicide or voices wording: the same violence risk"),
        Group("mft.crisis.weapon_against_self", "MFT", "statistical", "gunshot wounds and objects used for self-harm: all three labels"),
        Group("mft.crisis.threat_against_self", "MFT", "statistical", "'THREATENING TO KILL HERSELF' -> suicide_risk, not a threat to others"),
        Group("mft.crisis.delusions", "MFT", "statistical", "delusions of poison, cameras or being shot -> psychosis, no weapon"),
        Group("mft.crisis.spanish", "MFT", "statistical", "Spanish in the note: 'SE QUIERE MATAR', 'ESCUCHA VOCES', 'NO HAY ARMAS'"),
        Group("mft.crisis.jump_someone_not_suicide", "MFT", "statistical", "'THREATENING TO JUMP RP': an assault threat -> not suicide_risk"),
        Group("mft.crisis.suicidal_in_ordinary_call", "MFT", "guarantee", "a stated suicidal wish or act in a poisoning, fall or traffic call -> suicide_risk"),
        Group("mft.crisis.suicide_lane_traffic", "MFT", "statistical", "the traffic 'SUICIDE LANE' -> not_behavioral"),
        Group("mft.crisis.drug_use_not_gun", "MFT", "statistical", "'SHOOTING HEROIN', 'SHOOTING UP': drug use -> substance_use, no weapon"),
        Group("mft.crisis.passive_and_self_harm", "MFT", "statistical", "passive death wishes and self-harm in everyday words -> suicide_risk"),
        Group("mft.crisis.suicide_means", "MFT", "statistical", "hanging, ligature, jumping, stepping in front of traffic -> suicide_risk"),
        Group("mft.crisis.drug_signs", "MFT", "statistical", "narcan, pinpoint pupils, needles on a person; needles in a park are a hazard"),
        Group("mft.crisis.protocol_text", "MFT", "statistical", "determinant codes and protocol answers (25-B-3, 17A02, INTENTIONAL: YES)"),
        Group("inv.typo", "INV", "statistical", "seeded character swaps/drops in non-cue words"),
        Group("inv.case", "INV", "statistical", "upper/lower case"),
        Group("inv.shorthand", "INV", "statistical", "CAD shorthand <-> spelled-out forms"),
        Group("inv.person_name", "INV", "statistical", "person names swapped"),
        Group("inv.place_name", "INV", "statistical", "invented street/neighbourhood names swapped"),
        Group("inv.demographic", "INV", "strict", "race, religion, gender, language descriptors inserted/swapped"),
        Group("dir.weapon_added", "DIR", "guarantee", "affirmed weapon added: risk not lower, police kept"),
        Group("dir.weapon_update", "DIR", "guarantee", "update adds a weapon: co_response (standard_dispatch if not_behavioral)"),
        Group("dir.no_weapons_added", "DIR", "statistical", "'NO WEAPONS' added: risk not higher"),
    )
}


@dataclass(frozen=True)
class Case:
    """One behavioural check on one note (and, for INV/DIR, the note it was derived from)."""

    name: str
    group: str
    text: str
    #: MFT only: the labels the note must get (a subset of LABEL_KEYS).
    expected: Mapping[str, str] = field(default_factory=dict)
    #: INV/DIR: the unperturbed note whose labels ``text`` is compared with.
    base: str | None = None
    #: DIR only: which directional expectation applies.
    direction: Direction | None = None

    @property
    def test_type(self) -> TestType:
        return GROUPS[self.group].test_type

    @property
    def tier(self) -> Tier:
        return GROUPS[self.group].tier


def judge(case: Case, got: Mapping[str, str], base_got: Mapping[str, str] | None) -> tuple[bool, dict[str, str]]:
    """Whether ``got`` (the labels of ``case.text``) meets the case; and the expectation as text."""
    if case.test_type == "MFT":
        expected = dict(case.expected)
        return all(got[k] == v for k, v in expected.items()), expected
    assert base_got is not None, f"{case.name}: INV/DIR cases need the base note's labels"
    if case.test_type == "INV":
        expected = {k: base_got[k] for k in LABEL_KEYS}
        return all(got[k] == expected[k] for k in LABEL_KEYS), expected
    base_risk = RISK_ORDER[base_got["violence_risk"]]
    risk = RISK_ORDER[got["violence_risk"]]
    if case.direction == "weapon_added":
        expected = {
            "violence_risk": f">= {base_got['violence_risk']}",
            "response_model": " | ".join(POLICE_RESPONSES),
        }
        return risk >= base_risk and got["response_model"] in POLICE_RESPONSES, expected
    if case.direction == "weapon_update":
        want = "standard_dispatch" if got["crisis_type"] == "not_behavioral" else "co_response"
        expected = {"response_model": f"{want} (crisis_type {got['crisis_type']})"}
        return got["response_model"] == want, expected
    if case.direction == "no_weapons_added":
        return risk <= base_risk, {"violence_risk": f"<= {base_got['violence_risk']}"}
    raise ValueError(f"{case.name}: unknown direction {case.direction!r}")
