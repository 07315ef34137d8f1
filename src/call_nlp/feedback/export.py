"""Reviewed suggestions as labeled training notes, in the contract `call_nlp.data.load_dataset` reads.

One row per reviewed suggestion whose note text was kept (redacted or full), labeled with
the call-taker's *final* decision: the review's corrected crisis type / violence risk when
given, otherwise the suggested ones, and the response model the call-taker chose. Reviewed
suggestions without text (``CALL_NLP_STORE_TEXT=none`` when they were made) cannot be
training notes; how many were skipped is always logged. Each row carries its ``call_id`` so
training can keep every note of one call on the same side of the train/test split.

A review that changes the response without labels that explain it (``co_response`` sent, the
suggested ``violence_risk=low`` kept) would teach the model labels that contradict the decision.
Each row says whether the policy, given its final labels and the note's medical needs, gives
the response that was sent (``labels_explain_response``). Rows where it does not are exported,
so an auditor sees them, and training skips them, counting them (`call_nlp.data`).
"""

from __future__ import annotations

import csv
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from call_nlp.feedback.source import TimeRange
from call_nlp.labels import LABELS
from call_nlp.policy import Policy
from call_nlp.records.record import StoredSuggestion
from call_nlp.records.store import RecordStore

log = logging.getLogger("call_nlp.feedback")

#: Contract columns first (`call_nlp.data`), then metadata (kept by the loader, never features).
EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "text",
    "crisis_type",
    "violence_risk",
    "response_model",
    "labels_explain_response",
    "call_id",
    "suggestion_id",
    "reviewed_at",
    "decision",
    "district",
    "suggested_response_model",
    "crisis_type_corrected",
    "violence_risk_corrected",
    "text_stored",
    "model_version",
)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote and what it left out, and why."""

    path: Path
    exported: int
    skipped_no_text: int  #: reviewed, but no note text was kept
    skipped_invalid: int  #: reviewed, but a final label is not in the taxonomy (should not happen)
    unreviewed: int  #: suggestions in the range nobody reviewed (not training data)
    unexplained: int = 0  #: exported, but flagged: the labels do not explain the response sent


def training_row(stored: StoredSuggestion, policy: Policy) -> dict[str, str] | None:
    """The training row of a reviewed suggestion, or None when it is unreviewed or has no text."""
    record, review = stored.record, stored.review
    if review is None or record.text is None or not record.text.strip():
        return None
    crisis_type = review.crisis_type or record.crisis_type
    violence_risk = review.violence_risk or record.violence_risk
    explains = _implied_response(policy, crisis_type, violence_risk, record.medical_needs) == review.response_model
    return {
        "id": record.suggestion_id,
        "text": record.text,
        "crisis_type": crisis_type,
        "violence_risk": violence_risk,
        "response_model": review.response_model,
        "labels_explain_response": str(explains),
        "call_id": record.call_id or "",
        "suggestion_id": record.suggestion_id,
        "reviewed_at": review.reviewed_at.isoformat(),
        "decision": review.decision,
        "district": record.district or "",
        "suggested_response_model": record.response_model,
        "crisis_type_corrected": str(review.crisis_type not in (None, record.crisis_type)),
        "violence_risk_corrected": str(review.violence_risk not in (None, record.violence_risk)),
        "text_stored": record.text_stored,
        "model_version": record.model_version,
    }


def _implied_response(policy: Policy, crisis_type: str, violence_risk: str, medical_needs: list[str]) -> str | None:
    """The response the policy gives these labels, None for labels outside the taxonomy."""
    if crisis_type not in LABELS["crisis_type"] or violence_risk not in LABELS["violence_risk"]:
        return None
    return policy.decide(crisis_type, violence_risk, medical_needs).response_model


def _valid_labels(row: dict[str, str]) -> bool:
    return all(row[column] in LABELS[column] for column in ("crisis_type", "violence_risk", "response_model"))


def export_reviews(store: RecordStore, out: Path, time_range: TimeRange | None = None, *,
                   policy: Policy) -> ExportResult:
    """Write the reviewed suggestions of ``time_range`` to the CSV ``out`` (replaced atomically, mode 0600);
    ``policy`` says which response a row's final labels call for.

    Note text is sensitive even when redacted: the file is readable by its owner only.
    """
    time_range = time_range or TimeRange()
    out = Path(out)
    if out.suffix.lower() != ".csv":
        raise ValueError(f"{out}: export writes CSV; name the file *.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")
    exported = no_text = invalid = unreviewed = unexplained = 0
    invalid_ids: list[str] = []
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
            writer.writeheader()
            for stored in store.between(time_range.since, time_range.until):
                if stored.review is None:
                    unreviewed += 1
                    continue
                row = training_row(stored, policy)
                if row is None:
                    no_text += 1
                elif not _valid_labels(row):
                    invalid += 1
                    invalid_ids.append(stored.record.suggestion_id)
                else:
                    writer.writerow(row)
                    exported += 1
                    unexplained += row["labels_explain_response"] == "False"
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    log.info("exported %d reviewed suggestion(s) to %s (%s)", exported, out, time_range.describe())
    log.log(
        logging.WARNING if no_text else logging.INFO,
        "skipped %d reviewed suggestion(s) whose note text was not kept (CALL_NLP_STORE_TEXT=none when made)",
        no_text,
    )
    if invalid:
        log.error(
            "skipped %d reviewed suggestion(s) with a label outside the taxonomy: %s",
            invalid,
            ", ".join(invalid_ids[:20]) + (" …" if len(invalid_ids) > 20 else ""),
        )
    if unexplained:
        log.warning("%d exported review(s) sent a response their labels do not call for under policy %s (e.g. "
                    "co_response with violence_risk low): flagged labels_explain_response=False; training skips "
                    "them. A reviewer who gives the crisis type or violence risk behind the decision avoids this",
                    unexplained, policy.version)
    log.info("%d suggestion(s) in the range were not reviewed (not exported)", unreviewed)
    if not exported:
        log.warning("%s has a header only: no reviewed suggestion with text in the range", out)
    return ExportResult(out, exported, no_text, invalid, unreviewed, unexplained)
