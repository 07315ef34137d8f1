"""The triage model: one scikit-learn ``Pipeline`` from raw note text to both label heads.

note text -> language layer (normalized words, cues with status, masked text)
          -> [word uni+bigrams and cue features | character n-grams] (TF-IDF)
          -> one calibrated logistic regression per head (``MultiOutputClassifier``).
"""

from __future__ import annotations

from collections.abc import Sequence
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
from call_nlp.language import LanguageLayer, Lexicon, NoteAnalysis, load_lexicon


def note_texts(X: Any, column: str = "text") -> list[str]:
    """Note texts from a DataFrame (``text`` column), a Series or a sequence of strings."""
    if isinstance(X, pd.DataFrame):
        if column not in X.columns:
            raise ValueError(f"input has no {column!r} column")
        X = X[column]
    if isinstance(X, str):
        raise TypeError("expected a sequence of notes, got a single string")
    return ["" if v is None else str(v) for v in X]


class LanguageFeatures(TransformerMixin, BaseEstimator):
    """Notes → `NoteAnalysis` objects, read with the lexicon stored in this step.

    The lexicon is a parameter, so the fitted model carries exactly the shorthand, cue
    terms and triggers it was trained with.
    """

    def __init__(self, lexicon: Lexicon | None = None, column: str = "text") -> None:
        self.lexicon = lexicon
        self.column = column

    def fit(self, X: Any, y: Any = None) -> LanguageFeatures:
        self.layer_ = LanguageLayer(self.lexicon if self.lexicon is not None else load_lexicon())
        return self

    def transform(self, X: Any) -> list[NoteAnalysis]:
        return self.layer_.analyze_many(note_texts(X, self.column))

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


class WordFeatures:
    """Analyzer for the word TF-IDF: normalized words, their bigrams and the cue features."""

    def __init__(self, ngram_max: int = 2) -> None:
        self.ngram_max = ngram_max

    def __call__(self, analysis: NoteAnalysis) -> list[str]:
        words = analysis.words
        grams = list(words)
        for n in range(2, self.ngram_max + 1):
            grams.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
        return grams + analysis.cue_features


def masked_text(analysis: NoteAnalysis) -> str:
    """Preprocessor for the character TF-IDF: normalized text, demographics masked."""
    return analysis.masked_text


def build_pipeline(cfg: ModelConfig, seed: int, lexicon: Lexicon | None = None) -> Pipeline:
    """An unfitted triage pipeline with the hyperparameters of ``cfg``."""
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    analyzer=WordFeatures(cfg.word_ngram_range[1]),
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
                    preprocessor=masked_text,
                    lowercase=False,
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
            ("language", LanguageFeatures(lexicon)),
            ("features", features),
            ("heads", MultiOutputClassifier(head, n_jobs=cfg.n_jobs)),
        ]
    )


def analyze(model: Pipeline, texts: Sequence[str]) -> list[NoteAnalysis]:
    """The fitted model's own language layer applied to ``texts``."""
    return model.named_steps["language"].transform(list(texts))


def head_probabilities(model: Pipeline, texts: Sequence[str], analyses: list[NoteAnalysis] | None = None) -> dict[str, pd.DataFrame]:
    """Per head, a frame of class probabilities (one row per note, one column per label).

    Pass ``analyses`` (from `analyze`) to avoid reading the notes twice.
    """
    analyses = analyses if analyses is not None else analyze(model, texts)
    probas = model[1:].predict_proba(analyses)
    classes = model.named_steps["heads"].classes_
    return {
        head: pd.DataFrame(p, columns=[str(c) for c in cls])
        for head, p, cls in zip(HEADS, probas, classes, strict=True)
    }
