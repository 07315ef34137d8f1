"""A head's fitted calibration as data: decision scores to class probabilities.

The training configuration allows three methods (``calibration_method``). Each is computed
here as scikit-learn's ``CalibratedClassifierCV(ensemble=False)`` computes it, from the
fitted calibrators' numbers, so the serving form covers every model training can make:

- ``sigmoid``: one Platt sigmoid per class (one for two classes), then normalised;
- ``isotonic``: one clipped, piecewise-linear map per class, then normalised;
- ``temperature``: one inverse temperature for all classes, then a softmax.

`derive` reads a fitted calibrated classifier; `arrays` and `from_arrays` store and rebuild
each as plain arrays (``serving.npz``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

#: The methods of `derive`, by the name the configuration and scikit-learn give them.
METHODS = ("sigmoid", "isotonic", "temperature")


def _one_vs_rest(calibrated: np.ndarray, classes: int) -> np.ndarray:
    """Per-class probabilities (n x calibrators) as class probabilities: the complement for two
    classes, else normalised per note (uniform where every class got 0)."""
    if classes == 2:
        return np.column_stack([1.0 - calibrated[:, 0], calibrated[:, 0]])
    total = calibrated.sum(axis=1, keepdims=True)
    return np.divide(calibrated, total, out=np.full_like(calibrated, 1.0 / classes), where=total != 0)


@dataclass(frozen=True)
class Sigmoid:
    method: ClassVar[str] = "sigmoid"
    slope: np.ndarray  # the calibrators' a, one per class (or one for two classes)
    shift: np.ndarray  # their b

    def probabilities(self, scores: np.ndarray, classes: int) -> np.ndarray:
        return _one_vs_rest(1.0 / (1.0 + np.exp(self.slope * scores.astype(np.float64) + self.shift)), classes)

    def arrays(self) -> dict[str, np.ndarray]:
        return {"slope": self.slope, "shift": self.shift}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Sigmoid:
        return cls(arrays["slope"], arrays["shift"])


@dataclass(frozen=True)
class Isotonic:
    method: ClassVar[str] = "isotonic"
    lows: np.ndarray  # per calibrator: the smallest and largest score it was fitted on (it clips to them)
    highs: np.ndarray
    xs: tuple[np.ndarray, ...]  # per calibrator: its thresholds, and the probability at each
    ys: tuple[np.ndarray, ...]

    def probabilities(self, scores: np.ndarray, classes: int) -> np.ndarray:
        calibrated = np.zeros((len(scores), len(self.xs)))
        for k, (x, y) in enumerate(zip(self.xs, self.ys, strict=True)):
            clipped = np.clip(scores[:, k].astype(x.dtype), self.lows[k], self.highs[k])
            mapped = np.interp(clipped, x, y) if len(y) > 1 else np.full(len(clipped), y[0])
            calibrated[:, k] = mapped.astype(clipped.dtype)  # as the calibrator returns it
        return _one_vs_rest(calibrated, classes)

    def arrays(self) -> dict[str, np.ndarray]:
        out = {"lows": self.lows, "highs": self.highs}
        for k, (x, y) in enumerate(zip(self.xs, self.ys, strict=True)):
            out[f"x{k}"], out[f"y{k}"] = x, y
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Isotonic:
        count = len(arrays["lows"])
        return cls(arrays["lows"], arrays["highs"], tuple(arrays[f"x{k}"] for k in range(count)),
                   tuple(arrays[f"y{k}"] for k in range(count)))


@dataclass(frozen=True)
class Temperature:
    method: ClassVar[str] = "temperature"
    beta: np.ndarray  # the inverse temperature, a 0-d array in the dtype it was fitted in

    def probabilities(self, scores: np.ndarray, classes: int) -> np.ndarray:
        logits = scores if scores.shape[1] > 1 else np.concatenate([-scores, scores], axis=1)
        if scores.shape[1] > 1 and np.all((logits >= 0) & (logits <= 1)) and np.all(
                np.isclose(logits.sum(axis=1), 1.0)):
            logits = np.log(logits + 1e-12)  # scikit-learn takes such scores for probabilities
        x = self.beta * logits
        x -= x.max(axis=1, keepdims=True)
        np.exp(x, out=x)
        x /= x.sum(axis=1, keepdims=True)
        return x

    def arrays(self) -> dict[str, np.ndarray]:
        return {"beta": self.beta}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Temperature:
        return cls(np.asarray(arrays["beta"]))


Calibration = Sigmoid | Isotonic | Temperature
_BY_METHOD: dict[str, Any] = {c.method: c for c in (Sigmoid, Isotonic, Temperature)}


def from_arrays(method: str, arrays: dict[str, np.ndarray]) -> Calibration:
    """The calibration ``method`` rebuilt from its `arrays`; ValueError for an unknown method."""
    if method not in _BY_METHOD:
        raise ValueError(f"unknown calibration method {method!r}; expected one of {list(METHODS)}")
    return _BY_METHOD[method].from_arrays(arrays)  # type: ignore[no-any-return]


def derive(classifier: Any) -> Calibration | None:
    """The calibration of a fitted ``CalibratedClassifierCV(ensemble=False)``; None for anything
    it does not know (the caller keeps the pipeline)."""
    method = getattr(classifier, "method", None)
    calibrated = getattr(classifier, "calibrated_classifiers_", ())
    if method not in METHODS or len(calibrated) != 1:
        return None
    calibrators = calibrated[0].calibrators
    if method == "sigmoid":
        return Sigmoid(np.array([c.a_ for c in calibrators], dtype=np.float64),
                       np.array([c.b_ for c in calibrators], dtype=np.float64))
    if method == "isotonic":
        if any(getattr(c, "out_of_bounds", None) != "clip" for c in calibrators):
            return None
        return Isotonic(np.array([c.X_min_ for c in calibrators], dtype=calibrators[0].X_thresholds_.dtype),
                        np.array([c.X_max_ for c in calibrators], dtype=calibrators[0].X_thresholds_.dtype),
                        tuple(np.asarray(c.X_thresholds_) for c in calibrators),
                        tuple(np.asarray(c.y_thresholds_) for c in calibrators))
    if len(calibrators) != 1 or not hasattr(calibrators[0], "beta_"):
        return None
    return Temperature(np.asarray(calibrators[0].beta_))
