"""`call-nlp audit-report`: counts, rates, police-adding overrides, per district, time range, JSON."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from call_nlp.cli import main
from call_nlp.feedback.audit_report import build_report, format_text
from call_nlp.feedback.source import TimeRange
from call_nlp.records.store import RecordStore
from tests.feedback.conftest import T0, fill, review, suggestion


@pytest.fixture
def shift(store: RecordStore) -> dict[str, str]:
    """Seven suggestions over five calls (one without call_id); two overrides add police."""
    c1a = suggestion("C-1", 0, "peer_response", district="North")  # unreviewed first version of the note
    c1b = suggestion("C-1", 30, "peer_response", district="North")  # -> co_response: police added
    c2 = suggestion("C-2", 60, "co_response", district="North", needs_review=True)  # accepted
    c3 = suggestion("C-3", 90, "ems_clinician", district="South", needs_review=True)  # -> co_response: police added
    c4 = suggestion("C-4", 120, "standard_dispatch")  # accepted, no district
    c5 = suggestion("C-5", 150, "ems_clinician", district="South")  # -> peer_response: no police added
    anon = suggestion(None, 180, "peer_response")  # accepted, no call id, no district
    fill(
        store,
        [c1a, c1b, c2, c3, c4, c5, anon],
        [
            review(c1b, "co_response", violence_risk="elevated"),
            review(c2),
            review(c3, "co_response"),
            review(c4),
            review(c5, "peer_response"),
            review(anon),
        ],
    )
    return {"c1b": c1b.suggestion_id, "c3": c3.suggestion_id, "c5": c5.suggestion_id}


def test_audit_report_counts_and_rates(store: RecordStore, shift: dict[str, str]) -> None:
    overall = build_report(store).to_json()["overall"]
    assert (overall["suggestions"], overall["calls"], overall["suggestions_without_call_id"]) == (7, 5, 1)
    assert (overall["reviewed"], overall["accepted"], overall["overridden"]) == (6, 3, 3)
    assert overall["review_rate"] == pytest.approx(6 / 7)
    assert overall["acceptance_rate"] == pytest.approx(3 / 6)
    assert overall["needs_review_rate"] == pytest.approx(2 / 7)
    assert overall["calls_with_a_review"] == 5
    by_model = overall["by_suggested_response_model"]
    assert by_model["peer_response"] == {"suggested": 3, "reviewed": 2, "accepted": 1, "acceptance_rate": 0.5}
    assert by_model["ems_clinician"] == {"suggested": 2, "reviewed": 2, "accepted": 0, "acceptance_rate": 0.0}
    assert by_model["co_response"]["acceptance_rate"] == 1.0
    assert by_model["standard_dispatch"]["acceptance_rate"] == 1.0


def test_audit_report_lists_overrides_that_added_police(store: RecordStore, shift: dict[str, str]) -> None:
    report = build_report(store).to_json()
    police = report["overall"]["police_added"]
    assert police["count"] == 2
    assert police["suggestion_ids"] == [shift["c1b"], shift["c3"]]
    assert shift["c5"] not in police["suggestion_ids"]  # an override, but to peer_response
    assert police["share_of_reviewed"] == pytest.approx(2 / 6)
    assert police["share_of_overrides"] == pytest.approx(2 / 3)
    assert police["by_suggested_response_model"] == {"peer_response": 1, "ems_clinician": 1}
    first = report["police_added"][0]
    assert (first["call_id"], first["district"], first["suggested"]) == ("C-1", "North", "peer_response")
    assert (first["violence_risk_suggested"], first["violence_risk_final"]) == ("low", "elevated")
    transitions = {(o["suggested"], o["final"]): o["count"] for o in report["overall"]["overrides"]}
    assert transitions == {("peer_response", "co_response"): 1, ("ems_clinician", "co_response"): 1,
                           ("ems_clinician", "peer_response"): 1}


def test_audit_report_per_district(store: RecordStore, shift: dict[str, str]) -> None:
    districts = {d["district"]: d for d in build_report(store).to_json()["districts"]}
    assert list(districts) == ["North", "South", None]  # named first, records without a district last
    north, south, none = districts["North"], districts["South"], districts[None]
    assert (north["suggestions"], north["calls"], north["reviewed"], north["police_added"]["count"]) == (3, 2, 2, 1)
    assert north["review_rate"] == pytest.approx(2 / 3) and north["needs_review_rate"] == pytest.approx(1 / 3)
    assert (south["suggestions"], south["overridden"], south["police_added"]["suggestion_ids"]) == (
        2, 2, [shift["c3"]]
    )
    assert (none["suggestions"], none["calls"], none["acceptance_rate"]) == (2, 1, 1.0)


def test_audit_report_without_districts_has_no_district_section(store: RecordStore) -> None:
    record = suggestion("C-1", 0, "peer_response")
    fill(store, [record], [review(record)])
    report = build_report(store)
    assert report.to_json()["districts"] == []
    assert "By district" not in format_text(report)


def test_audit_report_time_range(store: RecordStore, shift: dict[str, str]) -> None:
    window = TimeRange(since=T0 + timedelta(seconds=60), until=T0 + timedelta(seconds=150))
    report = build_report(store, window).to_json()
    assert report["overall"]["suggestions"] == 3  # C-2, C-3, C-4; C-5 at 150 s is the excluded end
    assert report["overall"]["police_added"]["suggestion_ids"] == [shift["c3"]]
    assert report["range"] == {"since": "2026-11-26T22:01:00+00:00", "until": "2026-11-26T22:02:30+00:00"}


def test_audit_report_text_is_aligned_and_names_police_overrides(store: RecordStore, shift: dict[str, str]) -> None:
    text = format_text(build_report(store))
    lines = text.splitlines()
    assert lines[0] == "Audit report: all recorded suggestions"
    assert shift["c1b"] in text and shift["c3"] in text and shift["c5"] not in text
    assert "  2 = 33.3% of reviewed, 66.7% of overrides" in text
    start = lines.index("Acceptance by suggested response model") + 1
    table = lines[start : start + 6]
    assert table[0].split() == ["suggested", "suggestions", "reviewed", "accepted", "acceptance"]
    assert table[-1].split() == ["all", "7", "6", "3", "50.0%"]
    assert len({len(row) for row in table}) == 1  # right-aligned numbers: every row ends in the same column
    district_rows = lines[lines.index("By district") + 1 :]
    assert [row.split()[0] for row in district_rows] == ["district", "North", "South", "(none)"]


def test_audit_report_empty_store_says_so(store: RecordStore) -> None:
    report = build_report(store)
    assert "No suggestions were recorded in this range" in format_text(report)
    data = report.to_json()
    assert data["overall"]["suggestions"] == 0 and data["overall"]["review_rate"] is None
    assert data["districts"] == [] and data["police_added"] == []


def test_audit_report_cli_json_shape(
    database_url: str, store: RecordStore, shift: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit-report", "--database-url", database_url, "--json", "--since", "2026-11-26T22:00:30"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"store", "range", "model_versions", "overall", "police_added", "districts"}
    assert data["range"] == {"since": "2026-11-26T22:00:30+00:00", "until": None}
    assert data["model_versions"] == {"3": 6}
    assert set(data["overall"]) == {
        "suggestions", "calls", "suggestions_without_call_id", "reviewed", "review_rate", "calls_with_a_review",
        "accepted", "overridden", "acceptance_rate", "needs_review", "needs_review_rate",
        "by_suggested_response_model", "overrides", "police_added", "labeler_reviews",
    }
    assert set(data["overall"]["police_added"]) == {
        "count", "share_of_reviewed", "share_of_overrides", "by_suggested_response_model", "suggestion_ids"
    }
    assert all(set(data["overall"]) <= set(d) for d in data["districts"])
    assert "password" not in data["store"]


def test_audit_report_cli_text_and_empty(
    database_url: str, store: RecordStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit-report", "--database-url", database_url]) == 0
    out = capsys.readouterr().out
    assert "No suggestions were recorded in this range: nothing to report." in out


def test_audit_report_cli_reversed_range_is_an_error(
    database_url: str, store: RecordStore, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["audit-report", "--database-url", database_url, "--since", "2026-11-27", "--until", "2026-11-26"]
    assert main(argv) == 2
    assert "is not before" in capsys.readouterr().err


def test_audit_report_cli_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit-report", "--database-url", f"sqlite:///{tmp_path / 'none.db'}"]) == 2
    assert "no record store at" in capsys.readouterr().err


def test_labelers_reviews_are_counted_apart_from_call_takers(store: RecordStore, shift: dict[str, str]) -> None:
    later = suggestion("C-9", 400, "peer_response", district="North")
    other = suggestion("C-10", 460, "ems_clinician", district="North")
    fill(store, [later, other], [review(later, "co_response", reviewer_role="labeler", violence_risk="elevated"),
                                 review(other, reviewer_role="labeler")])
    report = build_report(store)
    overall = report.to_json()["overall"]
    # the call-takers' figures are the shift's as before: a labeler adding police is not a call-taker doing so
    assert (overall["reviewed"], overall["accepted"], overall["overridden"]) == (6, 3, 3)
    assert overall["police_added"]["count"] == 2 and later.suggestion_id not in overall["police_added"]["suggestion_ids"]
    assert overall["labeler_reviews"] == {"reviewed": 2, "overridden": 1}
    assert overall["suggestions"] == 9  # still suggestions the service made
    assert "Reviews by labelers (the review queue; not counted above): 2, of which 1 overridden" in format_text(report)
