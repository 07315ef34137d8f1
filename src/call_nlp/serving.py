"""The serving form of a fitted triage model: each head as one sparse product per note.

The fitted scikit-learn ``Pipeline`` stays the estimator of record: MLflow stores it, and
training and ``call-nlp evaluate`` score with it. For the service, the same numbers are
computed without a pandas frame, and for one note without a sparse matrix either (a batch is
one scipy sparse product per head, adding each note's terms in the same order):

    note analysis -> each TF-IDF block's tokens -> column indexes (the vocabulary)
                  -> sublinear tf x idf, L2-normalised per block
                  -> . (logistic-regression coefficients) + intercept   (decision scores)
                  -> one-vs-rest sigmoid per class, normalised        (the calibration)

`derive` builds it from a fitted pipeline (at training, and for an older model directory that
has only its pickle); `serving_file` stores it as data and reads it back for the service. Only
what the demo configuration trains is supported (TF-IDF blocks with an L2 norm, logistic
regression, calibration fitted with ``ensemble=False`` by any method the configuration allows:
`serving_calibration`); `derive` returns None for
anything else and the caller keeps using the pipeline.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

import numpy as np

from call_nlp import serving_calibration
from call_nlp.analyzers import RiskWords, WordFeatures, char_wb_ngrams, masked_text
from call_nlp.labels import HEADS
from call_nlp.language import NoteAnalysis
from call_nlp.serving_calibration import Calibration


#: Words whose n-gram columns a character block keeps (then it starts again): a few MB at most.
WORD_CACHE_SIZE = 50_000
#: From this many notes, `ServingForm.probabilities` computes in arrays across notes.
BATCH_FROM = 8


@dataclass(frozen=True)
class Block:
    """One TF-IDF vectorizer: its analyzer, vocabulary and weights, and where its columns start."""

    analyzer: Callable[[Any], list[str]]
    vocabulary: dict[str, int]
    idf: np.ndarray  # float32, as the vectorizer multiplies it
    sublinear: bool
    offset: int

    #: For a ``char_wb`` vectorizer: the text it reads and the n-grams of one word. Its n-grams
    #: never cross a word boundary, so a note's columns are the sum of its words' columns, and
    #: those are cached per word (words repeat from note to note; n-gramming is the slow part).
    text: Callable[[Any], str] | None = None
    word_ngrams: Callable[[str], list[str]] | None = None
    #: How to rebuild the analyzer from data (`Block.of`): {"kind": "words", "ngram_max": 2},
    #: {"kind": "risk"} or {"kind": "char_wb", "ngram_range": [2, 5]}; None when it is none of these.
    spec: dict[str, Any] | None = None
    cache: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, spec: dict[str, Any], vocabulary: dict[str, int], idf: np.ndarray, sublinear: bool,
           offset: int) -> Block:
        """A block rebuilt from data: its analyzer named by ``spec``."""
        kind = spec.get("kind")
        if kind == "words":
            return cls(WordFeatures(int(spec["ngram_max"])), vocabulary, idf, sublinear, offset, spec=spec)
        if kind == "risk":
            return cls(RiskWords(), vocabulary, idf, sublinear, offset, spec=spec)
        if kind == "char_wb":
            low, high = (int(n) for n in spec["ngram_range"])
            ngrams = partial(char_wb_ngrams, min_n=low, max_n=high)
            return cls(lambda a: ngrams(masked_text(a)), vocabulary, idf, sublinear, offset,
                       text=masked_text, word_ngrams=ngrams, spec=spec)
        raise ValueError(f"unknown analyzer kind {kind!r}")

    def columns(self, analysis: NoteAnalysis) -> np.ndarray:
        """The vocabulary column of each of the note's tokens that the vocabulary holds."""
        if not self.by_word:
            return np.array(_known(self.vocabulary, self.analyzer(analysis)), dtype=np.intp)
        found = self._word_columns(self.text(analysis).split())
        return np.concatenate(found) if found else _NONE

    @property
    def by_word(self) -> bool:
        """Whether the block's columns are its words' columns, cached per word (``char_wb``)."""
        return self.text is not None and self.word_ngrams is not None

    def _word_columns(self, words: list[str]) -> list[np.ndarray]:
        """A ``char_wb`` block's columns of each word, from the per-word cache."""
        cache, vocabulary, ngrams = self.cache, self.vocabulary, self.word_ngrams
        found = []
        for word in words:
            columns = cache.get(word)
            if columns is None:
                if len(cache) >= WORD_CACHE_SIZE:
                    cache.clear()  # bounded memory over a long run of unseen words
                columns = cache[word] = np.array(_known(vocabulary, ngrams(word)), dtype=np.intp)
            found.append(columns)
        return found

    def _columns_many(self, analyses: Sequence[NoteAnalysis]) -> tuple[np.ndarray, np.ndarray]:
        """(every note's `columns` one after another, how many each note has): gathered for the
        whole batch at once, not an array per note."""
        lengths = np.empty(len(analyses), dtype=np.int64)
        if not self.by_word:
            known: list[int] = []
            for i, analysis in enumerate(analyses):
                before = len(known)
                known += _known(self.vocabulary, self.analyzer(analysis))
                lengths[i] = len(known) - before
            return np.array(known, dtype=np.intp), lengths
        found: list[np.ndarray] = []
        for i, analysis in enumerate(analyses):
            words = self._word_columns(self.text(analysis).split())
            lengths[i] = sum(map(len, words))
            found += words
        return (np.concatenate(found) if found else _NONE), lengths

    def _tfidf(self, columns: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Term frequency (sublinear when the vectorizer's is) times idf, in float32, before the norm."""
        tf = counts.astype(np.float32)
        return (_sublinear(tf) if self.sublinear else tf) * self.idf[columns]

    def matrix_many(self, analyses: Sequence[NoteAnalysis]) -> Any:
        """`features` of several notes at once, as a CSR matrix (a row per note, this block's own
        columns, sorted in each row) holding the same values `Head.features` gives each note."""
        from scipy import sparse  # imported with the first batch (the load check scores one), not for one note

        columns, per_note = self._columns_many(analyses)
        indptr = np.zeros(len(analyses) + 1, dtype=np.int64)
        np.cumsum(per_note, out=indptr[1:])
        counted = sparse.csr_matrix((np.ones(len(columns), dtype=np.float32), columns, indptr),
                                    shape=(len(analyses), len(self.vocabulary)))
        # each row's columns sorted, a repeated token counted: transposing twice is a counting sort
        # of the whole batch (half the time of sorting each row, as sum_duplicates alone would)
        counted = counted.tocsc().tocsr()
        counted.sum_duplicates()
        values = self._tfidf(counted.indices, counted.data)
        lengths = np.diff(counted.indptr)
        if len(values):  # per note, as `features` normalises: float32 squares summed in double
            starts = counted.indptr[:-1][lengths > 0]
            norms = np.sqrt(np.add.reduceat((values * values).astype(np.float64), starts))
            norms = np.repeat(norms, lengths[lengths > 0])
            scaled = np.divide(values.astype(np.float64), norms, out=values.astype(np.float64), where=norms > 0)
            values = scaled.astype(np.float32)
        return sparse.csr_matrix((values, counted.indices, counted.indptr), shape=counted.shape)


_NONE = np.empty(0, dtype=np.intp)


def _count(columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(columns, return_counts=True)`` with a third less overhead (it runs for every
    block of every note the service scores)."""
    if not len(columns):
        return columns, _NONE
    ordered = np.sort(columns)
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.empty(len(starts), dtype=np.intp)
    counts[:-1] = starts[1:] - starts[:-1]
    counts[-1] = len(ordered) - starts[-1]
    return ordered[starts], counts


def _sublinear(tf: np.ndarray) -> np.ndarray:
    """Sublinear term frequency, as scikit-learn computes it (``1 + log(tf)``, in float32)."""
    return np.log(tf) + np.float32(1.0)


def _known(vocabulary: dict[str, int], tokens: list[str]) -> list[int]:
    """The columns of the tokens the vocabulary holds, in order."""
    return [j for j in map(vocabulary.get, tokens) if j is not None]


@dataclass(frozen=True)
class Head:
    """One head: its blocks, coefficients (features x classes) and intercepts in the classifier's
    dtype, and its calibration (`serving_calibration`)."""

    classes: tuple[str, ...]
    blocks: tuple[Block, ...]
    coef: np.ndarray
    intercept: np.ndarray
    calibration: Calibration

    def probabilities(self, analysis: NoteAnalysis) -> dict[str, float]:
        columns, values = self.features(analysis)
        if len(columns):  # summed one feature after another, in the coefficients' own dtype, as
            # scikit-learn's sparse product does (so the same to the bit): numpy reduces the outer
            # axis row after row (pairwise summation is for the inner one)
            products = values[:, None] * self.coef[columns]
            scores = np.add.reduce(products, axis=0) + self.intercept
        else:
            scores = self.intercept
        return self._calibrated(scores[None, :])[0]

    def features(self, analysis: NoteAnalysis) -> tuple[np.ndarray, np.ndarray]:
        """(column indexes, L2-normalised tf-idf values) of one note, as the vectorizers compute
        them, in column order. The blocks' columns are disjoint and in block order, so one count
        and one tf-idf serve every block; each block is normalised on its own, as its vectorizer
        does (float32 squares summed in double, each value divided in double)."""
        found = [block.columns(analysis) for block in self.blocks]
        columns, counts = _count(np.concatenate(
            [c + block.offset if block.offset else c for block, c in zip(self.blocks, found, strict=True)]))
        if not len(columns):
            return columns, np.empty(0, dtype=np.float32)
        bounds = np.searchsorted(columns, self._starts).tolist()
        tf = counts.astype(np.float32)
        for block, low, high in zip(self.blocks, bounds, bounds[1:], strict=False):
            if block.sublinear and high > low:
                tf[low:high] = _sublinear(tf[low:high])
        values = tf * self._idf[columns]
        squares = (values * values).astype(np.float64)
        scaled = values.astype(np.float64)
        for low, high in zip(bounds, bounds[1:], strict=False):
            if high > low:
                norm = math.sqrt(float(np.sum(squares[low:high])))
                if norm > 0:
                    scaled[low:high] /= norm
        return columns, scaled.astype(np.float32)

    @cached_property
    def _idf(self) -> np.ndarray:
        """Every block's idf at its columns."""
        idf = np.zeros(max(block.offset + len(block.idf) for block in self.blocks), dtype=np.float32)
        for block in self.blocks:
            idf[block.offset:block.offset + len(block.idf)] = block.idf
        return idf

    @cached_property
    def _starts(self) -> np.ndarray:
        """Each block's first column, and the end of the last."""
        return np.array([*(block.offset for block in self.blocks), len(self._idf)], dtype=np.intp)

    def probabilities_many(self, analyses: Sequence[NoteAnalysis]) -> list[dict[str, float]]:
        """`probabilities` of several notes with one sparse product (the batch path). The blocks
        side by side keep each note's features in column order, and the product adds a row's
        terms one after another in that order, as `probabilities` does (and scikit-learn's own
        sparse product): each note gets the same numbers, to the bit."""
        from scipy import sparse

        features = sparse.hstack([block.matrix_many(analyses) for block in self.blocks], format="csr")
        scores = np.asarray(features @ self.coef) + self.intercept
        return self._calibrated(scores)

    def _calibrated(self, scores: np.ndarray) -> list[dict[str, float]]:
        """Each row of decision scores through the calibration, as scikit-learn's calibrated
        classifier computes it, probabilities a hair above 1 set to 1 as it does."""
        proba = self.calibration.probabilities(scores, len(self.classes))
        proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
        return [dict(zip(self.classes, row, strict=True)) for row in proba.tolist()]


@dataclass(frozen=True)
class ServingForm:
    """Both heads of one fitted pipeline, in `HEADS` order."""

    heads: dict[str, Head]

    def probabilities(self, analyses: Sequence[NoteAnalysis]) -> list[dict[str, dict[str, float]]]:
        """Per note, each head's class probabilities (the pipeline's ``predict_proba``): one note at
        a time for a single note (the service's request), in arrays for several (`BATCH_FROM`)."""
        if len(analyses) < BATCH_FROM:
            return [{name: head.probabilities(a) for name, head in self.heads.items()} for a in analyses]
        per_head = {name: head.probabilities_many(analyses) for name, head in self.heads.items()}
        return [{name: per_head[name][i] for name in self.heads} for i in range(len(analyses))]


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
    calibration = serving_calibration.derive(classifier)
    if calibration is None:
        return None
    calibrated = classifier.calibrated_classifiers_[0]
    lr = calibrated.estimator
    # the classifier's columns are its classes in order: scikit-learn fits the logistic regression on
    # the labels themselves, or (temperature) on their positions among the classes
    if not (hasattr(lr, "coef_") and hasattr(lr, "intercept_")) or list(lr.classes_) not in (
            list(classifier.classes_), list(range(len(classifier.classes_)))):
        return None
    blocks, offset = [], 0
    for v in vectorizers:
        vocabulary, idf, sublinear = dict(v.vocabulary_), np.asarray(v.idf_, dtype=np.float32), bool(v.sublinear_tf)
        spec = _spec(v)
        blocks.append(Block.of(spec, vocabulary, idf, sublinear, offset) if spec is not None
                      else Block(v.build_analyzer(), vocabulary, idf, sublinear, offset))
        offset += len(v.vocabulary_)
    if offset != lr.coef_.shape[1]:
        return None
    return Head(
        classes=tuple(str(c) for c in classifier.classes_),
        blocks=tuple(blocks),
        coef=np.ascontiguousarray(lr.coef_.T),  # in the dtype the classifier computes in (float32)
        intercept=np.asarray(lr.intercept_),
        calibration=calibration,
    )


def _is_l2_tfidf(vectorizer: Any) -> bool:
    return (hasattr(vectorizer, "idf_") and getattr(vectorizer, "norm", None) == "l2"
            and getattr(vectorizer, "use_idf", False) and hasattr(vectorizer, "vocabulary_"))


def _spec(vectorizer: Any) -> dict[str, Any] | None:
    """How to rebuild the vectorizer's analyzer without it, when it is one of ours."""
    analyzer = vectorizer.analyzer
    if isinstance(analyzer, WordFeatures):
        return {"kind": "words", "ngram_max": analyzer.ngram_max}
    if isinstance(analyzer, RiskWords):
        return {"kind": "risk"}
    if (analyzer == "char_wb" and vectorizer.preprocessor is masked_text and not vectorizer.lowercase
            and vectorizer.strip_accents is None):
        return {"kind": "char_wb", "ngram_range": [int(n) for n in vectorizer.ngram_range]}
    return None
