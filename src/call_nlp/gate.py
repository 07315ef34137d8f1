"""The promotion gate: a new model replaces the champion only if it is no less safe on a pinned set.

Both models are scored on the same held-out notes with the same policy: the pinned file
``gate.path`` of the training config, or (``gate.use: agency_heldout``) this run's held-out
rows from the agency's own files that carry gold labels for both heads and the response. A model below ``gate.min_response_accuracy`` is never promoted. Otherwise
the new model is promoted when there is no champion yet, or when it
makes no more unsafe suggestions (TAXONOMY section 3) than the champion and its
response-model accuracy is at most ``gate.max_accuracy_drop`` below the champion's.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from call_nlp.config import GateConfig
from call_nlp.data import Dataset, SourceInfo, load_dataset
from call_nlp.evaluation import compute_metrics, labeled, predictions_frame
from call_nlp.labels import HEADS
from call_nlp.training_rows import gold_labels
from call_nlp.triage import Triager

log = logging.getLogger(__name__)

PROMOTED, CHALLENGER = "promoted", "challenger"
#: Gate-set figures logged for both models (``gate.candidate.*`` and ``gate.champion.*``).
GATE_FIGURES = ("unsafe_suggestions", "unsafe_suggestions_elevated", "response_model.accuracy",
                "crisis_type.accuracy", "violence_risk.accuracy", "imminent_recall", "n")


class GateError(ValueError):
    """The gate set is missing or unusable; the message says how to fix it."""


@dataclass(frozen=True)
class Decision:
    promoted: bool
    reason: str

    @property
    def outcome(self) -> str:
        return PROMOTED if self.promoted else CHALLENGER


def ensure_gate_set(cfg: GateConfig) -> Path:
    """The gate file, written from the demo generator (seed ``cfg.seed``) when missing and allowed."""
    path = Path(cfg.path)
    if path.is_file():
        return path
    if not cfg.generate_if_missing:
        raise GateError(f"{path}: gate set not found (gate.generate_if_missing is false); "
                        "point gate.path at a labeled held-out file with a response_model column")
    from call_nlp.demo import generate_corpus

    log.info("no gate set yet: generating %d synthetic notes (seed %d) in %s", cfg.notes, cfg.seed, path)
    frame = generate_corpus(n=cfg.notes, seed=cfg.seed)
    frame["id"] = "GATE-" + frame["id"].astype(str)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def load_gate_set(cfg: GateConfig) -> Dataset:
    dataset = load_dataset([ensure_gate_set(cfg)])
    if "response_model" not in dataset.frame.columns:
        raise GateError(f"{cfg.path}: the gate set needs a response_model column (gold responses)")
    return dataset


def agency_gate_set(test: pd.DataFrame, dataset: Dataset, demo_dir: Path, min_notes: int) -> Dataset:
    """This run's held-out rows from the agency's own files (not the demo corpus, not a base
    file) with gold crisis type (not weak), violence risk and response: the gate set of
    ``gate.use: agency_heldout``. Its one source names the files and hashes the rows' ids."""
    demo = Path(demo_dir).resolve()
    agency = [s.path for s in dataset.sources
              if tuple(s.heads) == HEADS and demo not in Path(s.path).resolve().parents]
    gold = gold_labels(test)
    rows = gold[gold["source"].isin(agency) & labeled(gold, "crisis_type") & labeled(gold, "violence_risk")
                & labeled(gold, "response_model")].reset_index(drop=True)
    if len(rows) < min_notes:
        raise GateError(f"gate.use is agency_heldout, but the held-out part of the agency's files "
                        f"({', '.join(agency) or 'none: only demo or base files'}) has {len(rows)} notes with gold "
                        f"crisis_type, violence_risk and response_model labels; gate.min_agency_notes is {min_notes}. "
                        "Label more notes, or set gate.use: pinned")
    ids = "\n".join(sorted(rows["id"].astype(str))).encode()
    files = sorted({Path(p).name for p in rows["source"]})
    source = SourceInfo(path=f"held-out notes of {', '.join(files)}", sha256=hashlib.sha256(ids).hexdigest(),
                        rows=len(rows), heads=HEADS)
    rows["source"] = source.path
    return Dataset(frame=rows, sources=[source])


def set_name(cfg: GateConfig, gate_set: Dataset) -> str:
    """Which notes the gate scored, in words (for its reason, the run's tag and the model card)."""
    source = gate_set.sources[0]
    if cfg.use == "agency_heldout":
        return f"the agency's own {source.rows} {source.path}"
    return f"the pinned gate set {source.path} ({source.rows} notes)"


def score(triager: Triager, gate: Dataset) -> dict[str, Any]:
    """The gate figures of one model on the gate set."""
    frame = gate.frame
    metrics = compute_metrics(frame, predictions_frame(triager.triage_many(frame["text"].tolist())))
    return {k: metrics[k] for k in GATE_FIGURES if k in metrics}


def decide(candidate: dict[str, Any], champion: dict[str, Any] | None, cfg: GateConfig,
           champion_version: str | None = None, set_name: str = "the gate set") -> Decision:
    """Promote, or keep as challenger, with the reason in words (``set_name``: which notes)."""
    accuracy = candidate["response_model.accuracy"]
    if accuracy < cfg.min_response_accuracy:
        # a model that rarely suggests an unarmed response makes few unsafe suggestions; it must
        # still be useful, or a degenerate first champion would block every good model after it
        return Decision(False, f"response-model accuracy on {set_name} {accuracy:.4f} is below the floor "
                               f"gate.min_response_accuracy = {cfg.min_response_accuracy}")
    if champion is None:
        return Decision(True, "first model: there is no champion yet")
    who = f"champion v{champion_version}" if champion_version else "the champion"
    unsafe, unsafe_champion = candidate["unsafe_suggestions"], champion["unsafe_suggestions"]
    accuracy_champion = champion["response_model.accuracy"]
    if unsafe > unsafe_champion:
        return Decision(False, f"more unsafe suggestions on {set_name} than {who}: {unsafe} > {unsafe_champion}")
    if accuracy < accuracy_champion - cfg.max_accuracy_drop:
        return Decision(False, f"response-model accuracy on {set_name} {accuracy:.4f} is more than "
                               f"{cfg.max_accuracy_drop} below {who}'s {accuracy_champion:.4f}")
    return Decision(True, f"gate passed against {who} on {set_name}: unsafe suggestions {unsafe} <= {unsafe_champion}, "
                          f"response-model accuracy {accuracy:.4f} vs {accuracy_champion:.4f} "
                          f"(allowed drop {cfg.max_accuracy_drop})")
