"""The agency's call mix as a prior on crisis type: Bayes re-weighting, and its EM estimate.

A calibrated classifier's probabilities p(y|x) carry the label mix of the notes it was
fitted on (the *training* prior). When an agency's calls have another mix (the *target*
prior), Bayes' rule gives the probabilities for that mix:

    p'(y|x) ∝ p(y|x) · target(y) / training(y)

When the agency's mix is not known, it is estimated from its unlabeled notes by the EM
procedure of Saerens, Latinne & Decaestecker (2002), "Adjusting the outputs of a classifier
to new a priori probabilities: a simple procedure": adjust the posteriors to the current
estimate, take their mean as the next estimate, repeat until it stops moving. EM trusts the
posteriors to be calibrated; the crisis-type head's sigmoid calibration can be under-confident
(on a small demo model, notes it gave 0.87 not_behavioral were ordinary 95% of the time),
which biases the estimate toward the training mix, so the posteriors are first recalibrated
on labeled held-out notes by bias-corrected temperature scaling (Alexandari, Kundaje &
Shrikumar 2020, "Maximum likelihood with bias-corrected calibration is hard-to-beat at label
shift adaptation").

The manifest stores both priors under `MANIFEST_KEY`; `from_manifest` reads them back as a
`CallMix`, whose `CallMix.adjust` re-weights crisis-type probabilities.
"""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from call_nlp.artifact import sha256_file
from call_nlp.config import share_problems
from call_nlp.labels import CRISIS_TYPES

# pandas, scipy and scikit-learn are imported where estimating needs them: the service adjusts
# one note's dict and never loads them.
if TYPE_CHECKING:
    import pandas as pd
    from sklearn.pipeline import Pipeline

    from call_nlp.config import PriorConfig
    from call_nlp.manifest import Manifest

log = logging.getLogger(__name__)

#: Where the manifest (``manifest.json``) keeps the call mix.
MANIFEST_KEY = "prior"
#: Smallest share any crisis type gets in a re-weighting or an estimate, so none is driven to exactly 0.
EPSILON = 1e-6
#: EM stops when no share moves by more than this between two iterations...
EM_TOLERANCE = 1e-6
#: ... or after this many iterations.
EM_MAX_ITERATIONS = 1000

PriorSource = Literal["training", "config", "estimate"]
Probabilities = TypeVar("Probabilities", bound=Any)  # an (n, k) array, a frame, or one note's dict


def _is_frame(value: object) -> bool:
    """Whether ``value`` is a pandas DataFrame (it cannot be one if pandas was never imported)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(value, pandas.DataFrame)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EstimateSource(_Frozen):
    """The unlabeled notes an estimated prior came from, and how EM went."""

    path: str = Field(description="Path of the agency's unlabeled-notes file at training time.")
    sha256: str = Field(description="sha256 of the file's bytes.")
    rows: int = Field(ge=1, description="Notes in the file.")
    iterations: int = Field(ge=1, description="EM iterations run.")
    converged: bool = Field(description="False when EM stopped at its iteration limit before settling.")
    recalibration_rows: int = Field(
        ge=1, description="Labeled held-out notes the posteriors were recalibrated on before EM."
    )
    temperature: float = Field(gt=0, description="Temperature of that recalibration (below 1 sharpens).")


class Prior(_Frozen):
    """A crisis-type mix: the share of each crisis type, summing to 1, and where it came from."""

    shares: dict[str, float] = Field(description="Share of each crisis type; the shares sum to 1.")
    source: PriorSource = Field(
        description="`training`: the labels the model was fitted on; `config`: `prior.shares` of the training "
        "configuration; `estimate`: estimated by EM from a file of the agency's unlabeled notes; `evaluation`: the "
        "labels of a file a model is scored on (only while scoring it)."
    )
    description: str = Field(description="Where the shares came from, in words.")
    estimate: EstimateSource | None = Field(
        default=None, description="For an estimated prior: the notes file and the EM run; null otherwise."
    )

    @field_validator("shares")
    @classmethod
    def _valid_mix(cls, shares: dict[str, float]) -> dict[str, float]:
        problems = share_problems(shares, positive=False)
        if problems:
            raise ValueError("; ".join(problems))
        return shares

    @model_validator(mode="after")
    def _estimate_iff_estimated(self) -> Prior:
        if (self.source == "estimate") != (self.estimate is not None):
            raise ValueError("estimate: given exactly when source is `estimate`")
        return self

    def behavioral_share(self) -> float:
        """The share of all crisis types but ``not_behavioral``."""
        return 1.0 - self.shares["not_behavioral"]


class CallMix(_Frozen):
    """The crisis-type prior the model learned from its training labels, and the one in force."""

    training: Prior = Field(description="Crisis-type shares of the notes the model was fitted on.")
    target: Prior = Field(
        description="The agency's call mix the crisis-type probabilities are re-weighted to before thresholds."
    )

    def adjust(self, probabilities: Probabilities, labels: Sequence[str] | None = None) -> Probabilities:
        """Crisis-type probabilities re-weighted from the training mix to the target mix (see `adjust`)."""
        weights = self._weights
        if type(probabilities) is dict and probabilities.keys() == weights.keys():
            # one note with every label (the triager's case): what `adjust` computes, weights kept
            return _reweight_one(list(probabilities), probabilities, weights)
        return adjust(probabilities, self.training.shares, self.target.shares, labels)

    @cached_property
    def _weights(self) -> dict[str, float]:
        """Each crisis type's target share over its training share (both floored at `EPSILON`)."""
        training, target = self.training.shares, self.target.shares
        if set(training) != set(target):
            return {}  # `adjust` says what is wrong
        return {label: max(target[label], EPSILON) / max(training[label], EPSILON) for label in target}


@dataclass(frozen=True)
class EMResult:
    """What `estimate` found: the shares, and how many iterations it took."""

    shares: dict[str, float]
    iterations: int
    converged: bool


@dataclass(frozen=True)
class Recalibration:
    """Bias-corrected temperature scaling of crisis-type posteriors: softmax(log p / T + b).

    ``mix`` is the label mix of the notes it was fitted on: the prior the recalibrated
    posteriors are calibrated to.
    """

    labels: tuple[str, ...]
    temperature: float
    biases: tuple[float, ...]
    mix: dict[str, float]
    rows: int

    def apply(self, probabilities: pd.DataFrame) -> np.ndarray:
        """Recalibrated posteriors, columns in the order of ``labels``."""
        return _softmax(_log(probabilities, self.labels) / self.temperature + np.array(self.biases))


@dataclass(frozen=True)
class AgencyNotes:
    """An agency's unlabeled notes, read and checked, with the file's identity."""

    texts: list[str]
    path: str
    sha256: str


# --- re-weighting ------------------------------------------------------------------------


def adjust(probabilities: Probabilities, training: Mapping[str, float], target: Mapping[str, float],
           labels: Sequence[str] | None = None) -> Probabilities:
    """Class posteriors re-weighted by Bayes' rule from the ``training`` to the ``target`` prior:
    p'(y|x) ∝ p(y|x) · target(y) / training(y), renormalised per note.

    ``probabilities`` is one note's ``{label: p}``, a frame with one column per label (one row
    per note), or an ``(n, k)`` array whose columns are ``labels``. A dict or frame comes back
    with every label of ``target``; labels it lacked count as 0 (and stay 0). Shares are
    floored at `EPSILON`.
    """
    if isinstance(probabilities, np.ndarray):
        if labels is None:
            raise ValueError("labels: name the label of each column of the probability array")
        return _reweight(_rows(probabilities), _weights(labels, training, target))
    if not _is_frame(probabilities):  # one note's dict, the service's case: plain floats, no arrays
        return _adjust_one(probabilities, training, target)
    import pandas as pd

    columns = _columns([str(c) for c in probabilities.columns], target)
    values = probabilities.reindex(columns=columns, fill_value=0.0).to_numpy(dtype=float)
    adjusted = _reweight(values, _weights(columns, training, target))
    return pd.DataFrame(adjusted, columns=columns, index=probabilities.index)


def _adjust_one(probabilities: Mapping[str, float], training: Mapping[str, float],
                target: Mapping[str, float]) -> dict[str, float]:
    """`adjust` for one note's ``{label: p}``: the same re-weighting, in Python floats."""
    columns = _columns([str(label) for label in probabilities], target)
    _check_known(columns, training, target)
    weights = {label: max(target[label], EPSILON) / max(training[label], EPSILON) for label in columns}
    return _reweight_one(columns, probabilities, weights)


def _reweight_one(labels: list[str], probabilities: Mapping[str, float],
                  weights: Mapping[str, float]) -> dict[str, float]:
    """One note's probability of each of ``labels`` (0 when it has none) times its weight,
    renormalised: in Python floats."""
    scaled = [float(probabilities.get(label, 0.0)) * weights[label] for label in labels]
    total = math.fsum(scaled)
    if total <= 0:
        raise ValueError("a note's probabilities sum to 0: nothing to re-weight")
    return {label: value / total for label, value in zip(labels, scaled, strict=True)}


def _columns(given: list[str], target: Mapping[str, float]) -> list[str]:
    """The input's labels, then the target's labels it lacks."""
    return given + [label for label in target if label not in given]


def _rows(probabilities: np.ndarray) -> np.ndarray:
    values = np.asarray(probabilities, dtype=float)
    if values.ndim != 2:
        raise ValueError(f"expected an (n, k) array of probabilities, got shape {values.shape}")
    return values


def _check_known(labels: Sequence[str], *known: Collection[str]) -> None:
    unknown = [label for label in labels if any(label not in names for names in known)]
    if unknown:
        raise ValueError(f"no prior share for label(s) {unknown}")


def _weights(labels: Sequence[str], training: Mapping[str, float], target: Mapping[str, float]) -> np.ndarray:
    _check_known(labels, training, target)
    return np.array([max(target[label], EPSILON) / max(training[label], EPSILON) for label in labels])


def _reweight(probabilities: np.ndarray, weights: np.ndarray) -> np.ndarray:
    scaled = probabilities * weights
    totals = scaled.sum(axis=1, keepdims=True)
    if (totals <= 0).any():
        raise ValueError("a note's probabilities sum to 0: nothing to re-weight")
    return scaled / totals


# --- estimating the agency's mix ---------------------------------------------------------


def estimate(probabilities: pd.DataFrame | np.ndarray, training: Mapping[str, float], labels: Sequence[str] | None = None,
             tolerance: float = EM_TOLERANCE, max_iterations: int = EM_MAX_ITERATIONS) -> EMResult:
    """The label mix of unlabeled notes, from the model's posteriors on them (Saerens et al. 2002).

    Starting from the ``training`` prior: adjust the posteriors to the current estimate, take
    their mean as the next estimate (each share floored at `EPSILON`), and stop when no share
    moves by more than ``tolerance`` or after ``max_iterations``. ``probabilities`` is a frame
    with one column per label or an array whose columns are ``labels``; the result covers the
    labels of ``training`` (those the model has no column for count as 0).
    """
    names = list(training)
    if not _is_frame(probabilities):
        import pandas as pd

        if labels is None:
            raise ValueError("labels: name the label of each column of the probability array")
        probabilities = pd.DataFrame(_rows(probabilities), columns=list(labels))
    _check_known([str(c) for c in probabilities.columns], training)
    values = probabilities.reindex(columns=names, fill_value=0.0).to_numpy(dtype=float)
    if len(values) == 0:
        raise ValueError("no notes to estimate the call mix from")
    base = _floored(np.array([training[label] for label in names], dtype=float))
    current = base
    for iteration in range(1, max_iterations + 1):
        following = _floored(_reweight(values, current / base).mean(axis=0))
        moved = float(np.abs(following - current).max())
        current = following
        if moved <= tolerance:
            return EMResult(_shares(names, current), iteration, True)
    return EMResult(_shares(names, current), max_iterations, False)


def _floored(shares: np.ndarray) -> np.ndarray:
    floored = np.maximum(shares, EPSILON)
    return floored / floored.sum()


def _shares(labels: Sequence[str], values: np.ndarray) -> dict[str, float]:
    return {label: float(v) for label, v in zip(labels, values, strict=True)}


def recalibrate(probabilities: pd.DataFrame, labels: pd.Series) -> Recalibration:
    """Fit `Recalibration` (temperature and one bias per label) by maximum likelihood on labeled notes:
    ``probabilities`` are the model's posteriors on them, ``labels`` their crisis types."""
    from scipy.optimize import minimize

    names = tuple(CRISIS_TYPES)
    _check_known([str(c) for c in probabilities.columns], names)
    logs = _log(probabilities, names)
    truth = np.zeros_like(logs)
    truth[np.arange(len(labels)), [names.index(str(label)) for label in labels]] = 1.0

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:  # negative log-likelihood and its gradient
        scale, biases = np.exp(params[0]), params[1:]
        q = _softmax(logs * scale + biases)
        error = q - truth
        nll = -float(np.mean(np.log(np.clip((q * truth).sum(axis=1), 1e-300, None))))
        return nll, np.r_[scale * np.mean((error * logs).sum(axis=1)), error.mean(axis=0)]

    fitted = minimize(loss, np.zeros(len(names) + 1), jac=True, method="L-BFGS-B").x
    return Recalibration(labels=names, temperature=float(np.exp(-fitted[0])), biases=tuple(map(float, fitted[1:])),
                         mix=label_shares(labels), rows=len(labels))


def _log(probabilities: pd.DataFrame, labels: Sequence[str]) -> np.ndarray:
    values = probabilities.reindex(columns=list(labels), fill_value=0.0).to_numpy(dtype=float)
    return np.log(np.clip(values, 1e-12, None))


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def read_notes(path: Path) -> AgencyNotes:
    """Read a CSV/Parquet file of unlabeled notes (column ``text``; any other column is ignored).

    Raises `DataValidationError` listing every problem by file and row, as the data loader does.
    """
    path = Path(path)
    from call_nlp.data import DataValidationError, read_table

    frame = read_table(path)
    problems = _note_problems(frame, path)
    if problems:
        raise DataValidationError(problems)
    return AgencyNotes(texts=[str(t) for t in frame["text"]], path=str(path), sha256=sha256_file(path))


def _note_problems(frame: pd.DataFrame, path: Path) -> list[str]:
    if "text" not in frame.columns:
        return [f"{path}: missing column(s) ['text']; found {list(frame.columns)}"]
    if frame.empty:
        return [f"{path}: no notes (a header but no rows)"]
    import pandas as pd

    texts = frame["text"].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return [f"{path}: row {i + 1}: field 'text' is empty" for i in texts.index[texts.str.strip() == ""]]


# --- what training records -------------------------------------------------------------


def label_shares(labels: pd.Series) -> dict[str, float]:
    """The share of each crisis type among ``labels`` (0 for a type that does not occur)."""
    if labels.empty:
        raise ValueError("no labels to count crisis-type shares from")
    counts = labels.value_counts()
    return {label: int(counts.get(label, 0)) / len(labels) for label in CRISIS_TYPES}


def training_prior(labels: pd.Series) -> Prior:
    """The crisis-type shares of the notes the model was fitted on (their ``crisis_type`` labels)."""
    return Prior(shares=label_shares(labels), source="training",
                 description=f"crisis-type shares of the {len(labels)} notes the model was fitted on")


def resolve(cfg: PriorConfig, pipeline: Pipeline, training: Prior, notes: AgencyNotes | None = None,
            heldout: pd.DataFrame | None = None) -> CallMix:
    """The training prior and the prior in force: the configured shares, or the EM estimate on
    the configured notes file (``notes``, when already read) with the fitted ``pipeline``,
    recalibrated on the labeled ``heldout`` notes (columns ``text``, ``crisis_type``)."""
    if cfg.shares is not None:
        target = Prior(shares=dict(cfg.shares), source="config", description="prior.shares of the training configuration")
        return CallMix(training=training, target=target)
    if cfg.estimate is None or heldout is None:
        raise ValueError("prior.estimate: needs the notes file and labeled held-out notes to recalibrate on")
    return CallMix(training=training, target=estimate_prior(pipeline, notes or read_notes(cfg.estimate), heldout))


def estimate_prior(pipeline: Pipeline, notes: AgencyNotes, heldout: pd.DataFrame) -> Prior:
    """The agency's call mix: EM on the fitted model's crisis-type posteriors on ``notes``, after
    recalibrating them on the labeled ``heldout`` notes (columns ``text``, ``crisis_type``)."""
    from call_nlp.model import head_probabilities

    calibrated = recalibrate(head_probabilities(pipeline, heldout["text"].tolist())["crisis_type"], heldout["crisis_type"])
    posteriors = calibrated.apply(head_probabilities(pipeline, notes.texts)["crisis_type"])
    result = estimate(posteriors, calibrated.mix, calibrated.labels)
    if not result.converged:
        log.warning("call-mix estimate did not settle within %d EM iterations; using the last one", result.iterations)
    source = EstimateSource(path=notes.path, sha256=notes.sha256, rows=len(notes.texts), iterations=result.iterations,
                            converged=result.converged, recalibration_rows=calibrated.rows,
                            temperature=calibrated.temperature)
    description = (f"estimated by EM (Saerens, Latinne & Decaestecker 2002) from {source.rows} unlabeled notes "
                   f"in {notes.path} ({result.iterations} iterations), posteriors recalibrated on "
                   f"{calibrated.rows} held-out notes (bias-corrected temperature scaling, T = {calibrated.temperature:.3f})")
    return Prior(shares=result.shares, source="estimate", description=description, estimate=source)


def from_manifest(manifest: Manifest) -> CallMix | None:
    """The call mix a model was trained with, or None for an older manifest without one (no adjustment).

    Raises ValueError when the manifest has one that is malformed: never serve it silently unadjusted.
    """
    raw = manifest.prior
    if raw is None:
        return None
    try:
        return CallMix.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(f"manifest {MANIFEST_KEY!r} is not a valid call mix: {exc}") from None
