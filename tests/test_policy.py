"""The response policy of TAXONOMY section 3, rule by rule, and its file errors."""

from pathlib import Path

import pytest

from call_nlp.policy import Policy, PolicyError


@pytest.fixture(scope="module")
def policy(policy_path: Path) -> Policy:
    return Policy.from_yaml(policy_path)


@pytest.mark.parametrize(
    ("crisis", "risk", "medical", "expected"),
    [
        ("not_behavioral", "imminent", [], "standard_dispatch"),  # rule 1 before rule 2
        ("not_behavioral", "low", ["injury"], "standard_dispatch"),
        ("psychosis", "imminent", [], "co_response"),  # rule 2
        ("welfare_check", "elevated", ["overdose"], "co_response"),  # rule 2 before rule 3
        ("substance_use", "low", ["overdose"], "ems_clinician"),  # rule 3: medical need
        ("emotional_distress", "low", ["bleeding"], "ems_clinician"),
        ("suicide_risk", "low", [], "ems_clinician"),  # rule 3: crisis type
        ("psychosis", "low", [], "ems_clinician"),
        ("substance_use", "low", [], "peer_response"),  # rule 4
        ("emotional_distress", "low", [], "peer_response"),
        ("welfare_check", "low", [], "peer_response"),
        ("family_conflict", "low", [], "peer_response"),
    ],
)
def test_policy_rules_in_order(policy: Policy, crisis: str, risk: str, medical: list[str], expected: str) -> None:
    decision = policy.decide(crisis, risk, medical)
    assert decision.response_model == expected
    assert decision.reasons


def test_policy_reason_names_the_medical_need(policy: Policy) -> None:
    decision = policy.decide("substance_use", "low", ["overdose", "unresponsive"])
    assert "overdose, unresponsive" in decision.reasons[0]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("rules: []", "non-empty 'rules' list"),
        ("rules:\n  - response_model: police\n", "response_model 'police' is not one of"),
        ("rules:\n  - {response_model: peer_response, when: {crisis_type: [sad]}}\n", "unknown crisis_type ['sad']"),
        ("rules:\n  - {response_model: peer_response, when: {weather: rain}}\n", "unknown condition(s) ['weather']"),
        ("rules:\n  - {response_model: peer_response, when: {medical_need: maybe}}\n", "'medical_need' must be true or false"),
        ("rules:\n  - {response_model: co_response, when: {violence_risk: [imminent]}}\n", "last rule must have no conditions"),
        ("rules: [\n", "not valid YAML"),
    ],
)
def test_policy_file_errors_name_the_problem(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(body)
    with pytest.raises(PolicyError, match="p.yaml") as info:
        Policy.from_yaml(path)
    assert message in str(info.value)
