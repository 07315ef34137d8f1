"""The promotion gate: a new model replaces the champion only if it is no less safe on a pinned set.

Both models are scored on the same held-out file (``gate.path`` of the training config)
with the same policy. A model below ``gate.min_response_accuracy`` is never promoted. Otherwise
the new model is promoted when there is no champion yet, or when it
makes no more unsafe suggestions (TAXONOMY section 3) than the champion and its
response-model accuracy is at most ``gate.max_accuracy_drop`` below the champion's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from call_nlp.config import GateConfig
from call_nlp.data import Dataset, load_dataset
from call_nlp.evaluation import compute_metrics, predictions_frame
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


def score(triager: Triager, gate: Dataset) -> dict[str, Any]:
    """The gate figures of one model on the gate set."""
    frame = gate.frame
    metrics = compute_metrics(frame, predictions_frame(triager.triage_many(frame["text"].tolist())))
    return {k: metrics[k] for k in GATE_FIGURES if k in metrics}


def decide(candidate: dict[str, Any], champion: dict[str, Any] | None, cfg: GateConfig,
           champion_version: str | None = None) -> Decision:
    """Promote, or keep as challenger, with the reason in words."""
    accuracy = candidate["response_model.accuracy"]
    if accuracy < cfg.min_response_accuracy:
        # a model that rarely suggests an unarmed response makes few unsafe suggestions; it must
        # still be useful, or a degenerate first champion would block every good model after it
        return Decision(False, f"response-model accuracy on the gate set {accuracy:.4f} is below the floor "
                               f"gate.min_response_accuracy = {cfg.min_response_accuracy}")
    if champion is None:
        return Decision(True, "first model: there is no champion yet")
    who = f"champion v{champion_version}" if champion_version else "the champion"
    unsafe, unsafe_champion = candidate["unsafe_suggestions"], champion["unsafe_suggestions"]
    accuracy_champion = champion["response_model.accuracy"]
    if unsafe > unsafe_champion:
        return Decision(False, f"more unsafe suggestions on the gate set than {who}: {unsafe} > {unsafe_champion}")
    if accuracy < accuracy_champion - cfg.max_accuracy_drop:
        return Decision(False, f"response-model accuracy on the gate set {accuracy:.4f} is more than "
                               f"{cfg.max_accuracy_drop} below {who}'s {accuracy_champion:.4f}")
    return Decision(True, f"gate passed against {who}: unsafe suggestions {unsafe} <= {unsafe_champion}, "
                          f"response-model accuracy {accuracy:.4f} vs {accuracy_champion:.4f} "
                          f"(allowed drop {cfg.max_accuracy_drop})")
