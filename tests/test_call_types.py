"""The call-type map: what an agency's call types give as weak crisis-type labels."""

from pathlib import Path

import pytest
import yaml

from call_nlp.call_types import CallTypeCounts, load_call_types
from call_nlp.config import ConfigError
from call_nlp.labels import CRISIS_TYPES

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MAP = REPO / "training" / "call_types.yaml"


def _map(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "call_types.yaml"
    path.write_text(yaml.safe_dump(doc) if not isinstance(doc, str) else doc)
    return path


def test_default_map_covers_the_common_codes_and_plain_text_types() -> None:
    reader = load_call_types(DEFAULT_MAP).reader()
    expected = {
        "SUICIDE": "suicide_risk", "SUICTHRT": "suicide_risk", "OD": "substance_use", "INTOX": "substance_use",
        "WELFARE": "welfare_check", "DVNA": "family_conflict", "OVERDOSE": "substance_use",
        "SUICIDAL SUBJECT": "suicide_risk", "WELFARE CHECK": "welfare_check", "FIRE ALARM": "not_behavioral",
        "STRUCTURE FIRE": "not_behavioral", "CHEST PAIN": "not_behavioral", "FALL": "not_behavioral",
        "MVA": "not_behavioral", "TRAFFIC ACCIDENT": "not_behavioral",
    }
    for code, crisis_type in expected.items():
        assert reader.read(code) == (crisis_type, "code"), code
    # named on purpose, but too broad for one crisis type: no label, and not "unmapped"
    for code in ("MNTL", "MTLV", "EDP", "DVA", "PSYCHIATRIC"):
        assert reader.read(code) == (None, "none"), code


def test_default_map_reads_call_types_as_typed_in_a_cad() -> None:
    reader = load_call_types(DEFAULT_MAP).reader()
    assert reader.read("  welfare   check ") == ("welfare_check", "code")  # case and spaces
    assert reader.read("Fire Alarm - Commercial") == ("not_behavioral", "pattern")
    assert reader.read("MVC W/ INJURIES") == ("not_behavioral", "pattern")
    assert reader.read("ATTEMPTED SUICIDE") == ("suicide_risk", "pattern")
    assert reader.read("FALLING ROCKS") == (None, "unmapped")  # FALL is exact, not a prefix
    assert reader.read("") == (None, "unmapped")


def test_codes_come_before_patterns_and_patterns_go_in_order(tmp_path: Path) -> None:
    path = _map(tmp_path, {"version": "t", "codes": {"ALARM SUICIDE": "suicide_risk"}, "patterns": [
        {"pattern": ".*ALARM.*", "crisis_type": "not_behavioral"},
        {"pattern": ".*SUICIDE.*", "crisis_type": "suicide_risk"},
        {"pattern": "X.*", "crisis_type": None},
    ]})
    reader = load_call_types(path).reader()
    assert reader.read("alarm suicide") == ("suicide_risk", "code")
    assert reader.read("ALARM, SUICIDE THREAT") == ("not_behavioral", "pattern")
    assert reader.read("XRAY") == (None, "none")


def test_counts_name_the_commonest_unmapped_call_types() -> None:
    counts = CallTypeCounts.of(["code", "unmapped", "unmapped", "none", "unmapped"],
                               ["OD", "zz top", "ZZ  TOP", "EDP", ""])
    assert (counts.mapped, counts.none, counts.unmapped) == (1, 1, 3)
    assert counts.unmapped_types == {"ZZ TOP": 2, "(blank)": 1}


@pytest.mark.parametrize(("doc", "expected"), [
    ({"version": "t", "codes": {"OD": "overdose"}}, "codes: OD: unknown crisis type 'overdose'"),
    ({"version": "t", "codes": {"OD": "substance_use", " od ": "substance_use"}}, "are the same code"),
    ({"version": "t", "patterns": [{"pattern": "(", "crisis_type": None}]}, "patterns.0.pattern: not a regular expression"),
    ({"version": "t", "patterns": [{"pattern": "X", "crisis_type": "drunk"}]}, "patterns.0.crisis_type: unknown crisis type 'drunk'"),
    ({"codes": {}}, "version: Field required"),
    ({"version": "t", "labels": {}}, "labels: Extra inputs are not permitted"),
    ("- just\n- a list\n", "expected a mapping"),
    ("codes: [unclosed\n", "not valid YAML"),
])
def test_a_bad_map_is_refused_naming_the_entry(tmp_path: Path, doc: object, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_call_types(_map(tmp_path, doc))
    assert expected in str(info.value) and "call_types.yaml" in str(info.value)


def test_a_missing_map_says_which_setting_names_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="data.call_types"):
        load_call_types(tmp_path / "nope.yaml")


def test_the_map_carries_the_digest_of_its_file(tmp_path: Path) -> None:
    first = load_call_types(_map(tmp_path, {"version": "t", "codes": {"OD": "substance_use"}}))
    second = load_call_types(_map(tmp_path, {"version": "t", "codes": {"OD": None}}))
    assert len(first.digest) == 64 and first.digest != second.digest
    assert set(CRISIS_TYPES) >= {v for v in load_call_types(DEFAULT_MAP).codes.values() if v}
