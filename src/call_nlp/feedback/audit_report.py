"""How call-takers received the suggestions over a time range: review and acceptance, overrides, per district.

The most important error signal is the override that *added police*: the service suggested
a response without police (``ems_clinician``, ``peer_response``, ``standard_dispatch``) and
the call-taker sent ``co_response``. Each is listed by suggestion id for follow-up.
Reviews made with a ``labeler`` key (labeling from the review queue, after the call) are counted
apart, so labeling work does not change what call-takers did. Rates are fractions (None when nothing was counted); `format_text` shows them as percents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from call_nlp.feedback.source import TimeRange, store_label
from call_nlp.labels import RESPONSE_MODELS
from call_nlp.records.record import StoredSuggestion
from call_nlp.records.store import RecordStore

#: Reviews made with this role are labeling work, counted apart from call-takers' decisions.
LABELER_ROLE = "labeler"
#: The response with police; an override to it from any other response added police.
POLICE_RESPONSE = "co_response"
NO_DISTRICT = "(none)"


@dataclass(frozen=True)
class PoliceOverride:
    """A suggestion without police that the call-taker overrode to ``co_response``."""

    suggestion_id: str
    call_id: str | None
    district: str | None
    created_at: datetime
    suggested: str
    violence_risk_suggested: str
    violence_risk_final: str
    needs_review: bool

    def to_json(self) -> dict[str, Any]:
        return {**vars(self), "created_at": self.created_at.isoformat()}


@dataclass
class ModelTally:
    suggested: int = 0
    reviewed: int = 0
    accepted: int = 0


@dataclass
class Summary:
    """Counts over one scope: all suggestions of the range, or one district's."""

    suggestions: int = 0
    without_call_id: int = 0
    reviewed: int = 0
    accepted: int = 0
    overridden: int = 0
    needs_review: int = 0
    call_ids: set[str] = field(default_factory=set)
    reviewed_call_ids: set[str] = field(default_factory=set)
    by_model: dict[str, ModelTally] = field(default_factory=lambda: {m: ModelTally() for m in RESPONSE_MODELS})
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    police_added: list[PoliceOverride] = field(default_factory=list)
    #: Reviews by `labeler` keys (working the review queue after the call), counted apart: they
    #: are labeling work, not a call-taker's decision during the call.
    labeler_reviewed: int = 0
    labeler_overridden: int = 0

    def add(self, stored: StoredSuggestion) -> None:
        record, review = stored.record, stored.review
        self.suggestions += 1
        self.needs_review += record.needs_review
        if record.call_id is None:
            self.without_call_id += 1
        else:
            self.call_ids.add(record.call_id)
        tally = self.by_model.setdefault(record.response_model, ModelTally())
        tally.suggested += 1
        if review is None:
            return
        if review.reviewer_role == LABELER_ROLE:
            self.labeler_reviewed += 1
            self.labeler_overridden += review.decision == "overridden"
            return
        self.reviewed += 1
        tally.reviewed += 1
        if record.call_id is not None:
            self.reviewed_call_ids.add(record.call_id)
        if review.decision == "accepted":
            self.accepted += 1
            tally.accepted += 1
            return
        self.overridden += 1
        self.transitions[(record.response_model, review.response_model)] += 1
        if review.response_model == POLICE_RESPONSE and record.response_model != POLICE_RESPONSE:
            self.police_added.append(
                PoliceOverride(
                    suggestion_id=record.suggestion_id,
                    call_id=record.call_id,
                    district=record.district,
                    created_at=record.created_at,
                    suggested=record.response_model,
                    violence_risk_suggested=record.violence_risk,
                    violence_risk_final=review.violence_risk or record.violence_risk,
                    needs_review=record.needs_review,
                )
            )

    @property
    def calls(self) -> int:
        """Distinct call ids (suggestions sent without one are not counted as calls)."""
        return len(self.call_ids)

    def to_json(self) -> dict[str, Any]:
        police = len(self.police_added)
        return {
            "suggestions": self.suggestions,
            "calls": self.calls,
            "suggestions_without_call_id": self.without_call_id,
            "reviewed": self.reviewed,
            "review_rate": _rate(self.reviewed, self.suggestions),
            "calls_with_a_review": len(self.reviewed_call_ids),
            "accepted": self.accepted,
            "overridden": self.overridden,
            "acceptance_rate": _rate(self.accepted, self.reviewed),
            "needs_review": self.needs_review,
            "needs_review_rate": _rate(self.needs_review, self.suggestions),
            "by_suggested_response_model": {
                model: {
                    "suggested": t.suggested,
                    "reviewed": t.reviewed,
                    "accepted": t.accepted,
                    "acceptance_rate": _rate(t.accepted, t.reviewed),
                }
                for model, t in self.by_model.items()
            },
            "overrides": [
                {"suggested": s, "final": f, "count": n}
                for (s, f), n in sorted(self.transitions.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "labeler_reviews": {"reviewed": self.labeler_reviewed, "overridden": self.labeler_overridden},
            "police_added": {
                "count": police,
                "share_of_reviewed": _rate(police, self.reviewed),
                "share_of_overrides": _rate(police, self.overridden),
                "by_suggested_response_model": dict(Counter(p.suggested for p in self.police_added)),
                "suggestion_ids": [p.suggestion_id for p in self.police_added],
            },
        }


@dataclass
class AuditReport:
    store: str
    time_range: TimeRange
    overall: Summary = field(default_factory=Summary)
    districts: dict[str | None, Summary] = field(default_factory=dict)
    model_versions: Counter[str] = field(default_factory=Counter)

    @property
    def has_districts(self) -> bool:
        return any(d is not None for d in self.districts)

    def to_json(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "range": self.time_range.to_json(),
            "model_versions": dict(self.model_versions.most_common()),
            "overall": self.overall.to_json(),
            "police_added": [p.to_json() for p in self.overall.police_added],
            # only when some record carries a district; records without one are grouped under null
            "districts": [
                {"district": name, **summary.to_json()} for name, summary in _by_district(self.districts)
            ]
            if self.has_districts
            else [],
        }


def build_report(store: RecordStore, time_range: TimeRange | None = None) -> AuditReport:
    """Read the suggestions of ``time_range`` (streamed) and count them overall and per district."""
    time_range = time_range or TimeRange()
    report = AuditReport(store=store_label(store), time_range=time_range)
    for stored in store.between(time_range.since, time_range.until):
        report.overall.add(stored)
        report.districts.setdefault(stored.record.district, Summary()).add(stored)
        report.model_versions[stored.record.model_version] += 1
    return report


def format_text(report: AuditReport) -> str:
    """The report as aligned plain text."""
    o = report.overall
    head = [f"Audit report: {report.time_range.describe()}", f"store: {report.store}"]
    if not o.suggestions:
        return "\n".join([*head, "", "No suggestions were recorded in this range: nothing to report."]) + "\n"
    versions = ", ".join(f"{v} ({n})" for v, n in report.model_versions.most_common())
    lines = [*head, f"model versions: {versions}", ""]
    lines += _table(
        ["", "count", "rate", ""],
        [
            ["suggestions", o.suggestions, "", ""],
            ["distinct calls", o.calls, "", ""],
            ["calls with a review", len(o.reviewed_call_ids), _pct(len(o.reviewed_call_ids), o.calls), "of calls"],
            ["reviewed", o.reviewed, _pct(o.reviewed, o.suggestions), "of suggestions (review rate)"],
            ["accepted", o.accepted, _pct(o.accepted, o.reviewed), "of reviewed (acceptance rate)"],
            ["overridden", o.overridden, _pct(o.overridden, o.reviewed), "of reviewed"],
            ["needs_review", o.needs_review, _pct(o.needs_review, o.suggestions), "of suggestions"],
        ]
        + ([["without call_id", o.without_call_id, "", "suggestions, not counted as calls"]] * bool(o.without_call_id)),
    )
    if o.labeler_reviewed:
        lines += ["", f"Reviews by labelers (the review queue; not counted above): {o.labeler_reviewed}, "
                      f"of which {o.labeler_overridden} overridden"]
    lines += ["", "Acceptance by suggested response model"]
    lines += _table(
        ["suggested", "suggestions", "reviewed", "accepted", "acceptance"],
        [[m, t.suggested, t.reviewed, t.accepted, _pct(t.accepted, t.reviewed)] for m, t in o.by_model.items()]
        + [["all", o.suggestions, o.reviewed, o.accepted, _pct(o.accepted, o.reviewed)]],
    )
    if o.transitions:
        lines += ["", "Overrides (suggested -> sent)"]
        lines += _table(
            ["suggested", "sent", "count"],
            [[s, f, n] for (s, f), n in sorted(o.transitions.items(), key=lambda kv: (-kv[1], kv[0]))],
        )
    police = o.police_added
    lines += [
        "",
        "Overrides that added police (suggested a response other than co_response, call-taker sent co_response)",
        f"  {len(police)} = {_pct(len(police), o.reviewed)} of reviewed, "
        f"{_pct(len(police), o.overridden)} of overrides",
    ]
    if police:
        lines += _table(
            ["suggestion_id", "call_id", "district", "made (UTC)", "suggested", "risk suggested", "risk final",
             "needs_review"],
            [
                [p.suggestion_id, p.call_id or "-", p.district or "-", p.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                 p.suggested, p.violence_risk_suggested, p.violence_risk_final, "yes" if p.needs_review else "no"]
                for p in police
            ],
            indent="  ",
        )
    if report.has_districts:
        lines += ["", "By district"]
        lines += _table(
            ["district", "suggestions", "calls", "reviewed", "review rate", "acceptance", "police added",
             "of reviewed", "needs_review"],
            [
                [name or NO_DISTRICT, s.suggestions, s.calls, s.reviewed, _pct(s.reviewed, s.suggestions),
                 _pct(s.accepted, s.reviewed), len(s.police_added), _pct(len(s.police_added), s.reviewed),
                 _pct(s.needs_review, s.suggestions)]
                for name, s in _by_district(report.districts)
            ],
        )
    return "\n".join(lines) + "\n"


def _by_district(districts: dict[str | None, Summary]) -> list[tuple[str | None, Summary]]:
    """Named districts alphabetically, records without a district last."""
    return sorted(districts.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _pct(part: int, whole: int) -> str:
    return "-" if not whole else f"{100 * part / whole:.1f}%"


def _table(headers: list[str], rows: list[list[Any]], indent: str = "") -> list[str]:
    """Columns padded to their widest cell: text left-aligned, numbers and percents right-aligned."""
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [
        any(row[i] for row in cells[1:]) and all(not row[i] or _is_number(row[i]) for row in cells[1:])
        for i in range(len(headers))
    ]
    out = []
    for row in cells:
        parts = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric, strict=True)]
        out.append((indent + "  ".join(parts)).rstrip())
    return out


def _is_number(cell: str) -> bool:
    return cell == "-" or cell.removesuffix("%").replace(".", "", 1).isdigit()
