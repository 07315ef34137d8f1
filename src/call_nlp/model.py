"""The triage model: one scikit-learn ``Pipeline`` from raw note text to both label heads.

text column -> [word TF-IDF over a spaCy tokenization | character TF-IDF]
            -> one calibrated logistic regression per head (``MultiOutputClassifier``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from call_nlp.config import ModelConfig
from call_nlp.labels import HEADS
from call_nlp.text import SpacyTokenizer


class TextColumn(TransformerMixin, BaseEstimator):
    """Take the note text out of a DataFrame (``text`` column), a Series or a list of strings."""

    def __init__(self, column: str = "text") -> None:
        self.column = column

    def fit(self, X: Any, y: Any = None) -> TextColumn:
        return self

    def transform(self, X: Any) -> list[str]:
        if isinstance(X, pd.DataFrame):
            if self.column not in X.columns:
                raise ValueError(f"input has no {self.column!r} column")
            X = X[self.column]
        if isinstance(X, str):
            raise TypeError("expected a sequence of notes, got a single string")
        return ["" if v is None else str(v) for v in X]

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags


def build_pipeline(cfg: ModelConfig, seed: int) -> Pipeline:
    """An unfitted triage pipeline with the hyperparameters of ``cfg``."""
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    tokenizer=SpacyTokenizer(mark_negation=cfg.mark_negation),
                    token_pattern=None,
                    lowercase=False,
                    ngram_range=tuple(cfg.word_ngram_range),
                    min_df=cfg.min_df,
                    max_features=cfg.max_word_features,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    lowercase=True,
                    ngram_range=tuple(cfg.char_ngram_range),
                    min_df=cfg.min_df,
                    max_features=cfg.max_char_features,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
        ]
    )
    head = CalibratedClassifierCV(
        LogisticRegression(C=cfg.C, class_weight=cfg.class_weight, max_iter=cfg.max_iter, random_state=seed),
        method=cfg.calibration_method,
        cv=cfg.calibration_cv,
        ensemble=False,
    )
    return Pipeline(
        [
            ("text", TextColumn()),
            ("features", features),
            ("heads", MultiOutputClassifier(head, n_jobs=cfg.n_jobs)),
        ]
    )


def head_probabilities(model: Pipeline, texts: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Per head, a frame of class probabilities (one row per note, one column per label)."""
    probas = model.predict_proba(list(texts))
    classes: Iterable[np.ndarray] = model.named_steps["heads"].classes_
    return {
        head: pd.DataFrame(p, columns=[str(c) for c in cls])
        for head, p, cls in zip(HEADS, probas, classes, strict=True)
    }
