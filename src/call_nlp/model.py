"""The triage model: one scikit-learn ``Pipeline`` from raw note text to both label heads.

note text -> language layer (normalized words, cues with status, masked text)
          -> crisis type:    [word uni+bigrams and cue features | character n-grams] (TF-IDF)
                             -> calibrated logistic regression
          -> violence risk:  violence cues, their clauses and bigrams (TF-IDF)
                             -> calibrated logistic regression
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from call_nlp.analyzers import RiskWords, WordFeatures, masked_text
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


class TriageHeads(ClassifierMixin, BaseEstimator):
    """The two heads, each its own features → calibrated classifier pipeline.

    Works like a ``MultiOutputClassifier`` over ``NoteAnalysis`` objects (``predict_proba``
    returns one array per head, ``classes_`` one array per head), but each head reads its
    own view of the note: crisis type the whole note, violence risk only its violence cues
    and their context.
    """

    def __init__(self, crisis_type: Pipeline, violence_risk: Pipeline, n_jobs: int | None = None) -> None:
        self.crisis_type = crisis_type
        self.violence_risk = violence_risk
        self.n_jobs = n_jobs

    def fit(self, X: list[NoteAnalysis], y: Any, sample_weight: Any = None) -> TriageHeads:
        """Fit each head on the rows that label it: a blank label ("") means that head skips the
        row. ``sample_weight``: None, or one weight per row and head (shape ``(n, heads)``);
        a head whose weights are all 1 is fitted without them (the same model as unweighted)."""
        Y = np.asarray(y)
        if Y.ndim != 2 or Y.shape[1] != len(HEADS):
            raise ValueError(f"expected one label column per head {HEADS}, got shape {Y.shape}")
        W = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if W is not None and W.shape != Y.shape:
            raise ValueError(f"expected one sample weight per row and head, shape {Y.shape}; got {W.shape}")
        jobs = []
        for i, head in enumerate((self.crisis_type, self.violence_risk)):
            rows = np.flatnonzero(Y[:, i] != "")
            classes = set(Y[rows, i])
            if len(classes) < 2:
                raise ValueError(f"{HEADS[i]}: {len(rows)} labeled row(s) with {len(classes)} class(es); "
                                 "a head needs rows of at least two classes")
            Xi = X if len(rows) == len(Y) else [X[j] for j in rows]
            params = {}
            if W is not None and not np.all(W[rows, i] == 1.0):
                params["classifier__sample_weight"] = W[rows, i]
            jobs.append(delayed(clone(head).fit)(Xi, Y[rows, i], **params))
        self.estimators_ = Parallel(n_jobs=self.n_jobs)(jobs)
        self.classes_ = [est.classes_ for est in self.estimators_]
        return self

    def predict_proba(self, X: list[NoteAnalysis]) -> list[np.ndarray]:
        return [est.predict_proba(X) for est in self.estimators_]

    def predict(self, X: list[NoteAnalysis]) -> np.ndarray:
        return np.column_stack([est.predict(X) for est in self.estimators_])

    def known_words(self) -> frozenset[str]:
        """The single words the crisis-type head has features for (its training vocabulary)."""
        words = self.estimators_[0].named_steps["features"].transformer_list[0][1]
        return frozenset(w for w in words.vocabulary_ if " " not in w and "=" not in w)


def _classifier(cfg: ModelConfig, seed: int, head: str) -> CalibratedClassifierCV:
    return CalibratedClassifierCV(
        LogisticRegression(C=cfg.C, class_weight=cfg.class_weight, max_iter=cfg.max_iter, random_state=seed),
        method=cfg.calibration_for(head),
        cv=cfg.calibration_cv,
        ensemble=False,
    )


def build_pipeline(cfg: ModelConfig, seed: int, lexicon: Lexicon | None = None) -> Pipeline:
    """An unfitted triage pipeline with the hyperparameters of ``cfg``."""
    crisis_features = FeatureUnion(
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
    risk_features = TfidfVectorizer(analyzer=RiskWords(), min_df=cfg.min_df, sublinear_tf=True, dtype=np.float32)
    heads = TriageHeads(
        crisis_type=Pipeline([("features", crisis_features), ("classifier", _classifier(cfg, seed, "crisis_type"))]),
        violence_risk=Pipeline([("features", risk_features), ("classifier", _classifier(cfg, seed, "violence_risk"))]),
        n_jobs=cfg.n_jobs,
    )
    return Pipeline([("language", LanguageFeatures(lexicon)), ("heads", heads)])


def analyze(model: Pipeline, texts: Sequence[str]) -> list[NoteAnalysis]:
    """The fitted model's own language layer applied to ``texts``."""
    return model.named_steps["language"].transform(list(texts))


def head_probabilities(model: Pipeline, texts: Sequence[str], analyses: list[NoteAnalysis] | None = None) -> dict[str, pd.DataFrame]:
    """Per head, a frame of class probabilities (one row per note, one column per label).

    Pass ``analyses`` (from `analyze`) to avoid reading the notes twice.
    """
    analyses = analyses if analyses is not None else analyze(model, texts)
    probas = model[1:].predict_proba(analyses)  # models of before the two-view heads had a features step
    classes = model.named_steps["heads"].classes_
    return {
        head: pd.DataFrame(p, columns=[str(c) for c in cls])
        for head, p, cls in zip(HEADS, probas, classes, strict=True)
    }
