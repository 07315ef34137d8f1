"""The serving form of a fitted triage model: each head as one sparse product per note.

The fitted scikit-learn ``Pipeline`` stays the estimator of record: MLflow stores it, and
training and ``call-nlp evaluate`` score with it. For the service, the same numbers are
computed without building a sparse matrix or a pandas frame per call:

    note analysis -> each TF-IDF block's tokens -> column indexes (the vocabulary)
                  -> sublinear tf x idf, L2-normalised per block
                  -> . (logistic-regression coefficients) + intercept   (decision scores)
                  -> one-vs-rest sigmoid per class, normalised        (the calibration)

It is derived from the loaded pipeline at load time, so a model directory holds nothing new
for the service to trust. Only what the demo configuration trains is supported (TF-IDF blocks
with an L2 norm, logistic regression, sigmoid calibration fitted with ``ensemble=False``);
`derive` returns None for anything else and the caller keeps using the pipeline.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from call_nlp.labels import HEADS
from call_nlp.language import NoteAnalysis


@dataclass(frozen=True)
class Block:
    """One TF-IDF vectorizer: its analyzer, vocabulary and weights, and where its columns start."""

    analyzer: Callable[[Any], list[str]]
    vocabulary: dict[str, int]
    idf: np.ndarray  # float32, as the vectorizer multiplies it
    sublinear: bool
    offset: int

    def features(self, analysis: NoteAnalysis) -> tuple[np.ndarray, np.ndarray]:
        """(column indexes, L2-normalised tf-idf values) of one note, as the vectorizer computes them."""
        counts = Counter(j for token in self.analyzer(analysis) if (j := self.vocabulary.get(token)) is not None)
        if not counts:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.float32)
        columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        if self.sublinear:
            tf = np.log(tf) + np.float32(1.0)
        values = tf * self.idf[columns]
        norm = np.float32(math.sqrt(float(np.dot(values, values))))
        if norm > 0:
            values = values / norm
        return columns + self.offset, values


@dataclass(frozen=True)
class Head:
    """One head: its blocks, coefficients (features x classes), intercepts and sigmoid calibration."""

    classes: tuple[str, ...]
    blocks: tuple[Block, ...]
    coef: np.ndarray
    intercept: np.ndarray
    slope: np.ndarray  # the calibrators' a, one per class (or one for two classes)
    shift: np.ndarray  # their b

    def probabilities(self, analysis: NoteAnalysis) -> dict[str, float]:
        scores = self.intercept.copy()
        for block in self.blocks:
            columns, values = block.features(analysis)
            if len(columns):
                scores += values.astype(np.float64) @ self.coef[columns]
        calibrated = 1.0 / (1.0 + np.exp(self.slope * scores + self.shift))
        if len(self.classes) == 2:
            proba = np.array([1.0 - calibrated[0], calibrated[0]])
        else:
            total = calibrated.sum()
            proba = calibrated / total if total != 0 else np.full(len(self.classes), 1.0 / len(self.classes))
        proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
        return dict(zip(self.classes, proba.tolist(), strict=True))


@dataclass(frozen=True)
class ServingForm:
    """Both heads of one fitted pipeline, in `HEADS` order."""

    heads: dict[str, Head]

    def probabilities(self, analyses: Sequence[NoteAnalysis]) -> list[dict[str, dict[str, float]]]:
        """Per note, each head's class probabilities (the pipeline's ``predict_proba``)."""
        return [{name: head.probabilities(a) for name, head in self.heads.items()} for a in analyses]


def derive(pipeline: Any) -> ServingForm | None:
    """The serving form of a fitted triage pipeline, or None when the pipeline is of a shape
    it does not cover (then keep using the pipeline)."""
    heads = getattr(pipeline, "named_steps", {}).get("heads")
    estimators = getattr(heads, "estimators_", None)
    if estimators is None or len(estimators) != len(HEADS):
        return None
    derived = {}
    for name, estimator in zip(HEADS, estimators, strict=True):
        head = _head(estimator)
        if head is None:
            return None
        derived[name] = head
    return ServingForm(derived)


def _head(estimator: Any) -> Head | None:
    steps = getattr(estimator, "named_steps", {})
    features, classifier = steps.get("features"), steps.get("classifier")
    vectorizers = [v for _, v in features.transformer_list] if hasattr(features, "transformer_list") else [features]
    if classifier is None or any(not _is_l2_tfidf(v) for v in vectorizers):
        return None
    if getattr(classifier, "method", None) != "sigmoid" or len(getattr(classifier, "calibrated_classifiers_", ())) != 1:
        return None
    calibrated = classifier.calibrated_classifiers_[0]
    lr = calibrated.estimator
    if not (hasattr(lr, "coef_") and hasattr(lr, "intercept_")) or list(lr.classes_) != list(classifier.classes_):
        return None
    blocks, offset = [], 0
    for v in vectorizers:
        blocks.append(Block(v.build_analyzer(), dict(v.vocabulary_), np.asarray(v.idf_, dtype=np.float32),
                            bool(v.sublinear_tf), offset))
        offset += len(v.vocabulary_)
    if offset != lr.coef_.shape[1]:
        return None
    return Head(
        classes=tuple(str(c) for c in classifier.classes_),
        blocks=tuple(blocks),
        coef=np.ascontiguousarray(lr.coef_.T, dtype=np.float64),
        intercept=np.asarray(lr.intercept_, dtype=np.float64),
        slope=np.array([c.a_ for c in calibrated.calibrators], dtype=np.float64),
        shift=np.array([c.b_ for c in calibrated.calibrators], dtype=np.float64),
    )


def _is_l2_tfidf(vectorizer: Any) -> bool:
    return (hasattr(vectorizer, "idf_") and getattr(vectorizer, "norm", None) == "l2"
            and getattr(vectorizer, "use_idf", False) and hasattr(vectorizer, "vocabulary_"))
