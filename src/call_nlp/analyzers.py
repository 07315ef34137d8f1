"""What each TF-IDF block reads from a `NoteAnalysis`: plain functions and classes, no
scikit-learn, so the served model can use them without it.

The fitted pipeline's vectorizers are given these same analyzers, so training and serving
read a note the same way; `char_wb_ngrams` computes what scikit-learn's ``char_wb`` analyzer
does (tests/test_serving.py checks it against scikit-learn).
"""

from __future__ import annotations

from call_nlp.language import NoteAnalysis


class WordFeatures:
    """Analyzer for the word TF-IDF: normalized words, their bigrams and the cue features."""

    def __init__(self, ngram_max: int = 2) -> None:
        self.ngram_max = ngram_max

    def __call__(self, analysis: NoteAnalysis) -> list[str]:
        words = analysis.words
        grams = list(words)
        if self.ngram_max >= 2:
            grams += [f"{a} {b}" for a, b in zip(words, words[1:])]
        for n in range(3, self.ngram_max + 1):
            grams.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
        return grams + analysis.cue_features


def masked_text(analysis: NoteAnalysis) -> str:
    """Preprocessor for the character TF-IDF: normalized text, demographics masked."""
    return analysis.masked_text


class RiskWords:
    """Analyzer for the violence-risk head: only what the note says about violence (the
    violence cues, their clauses and cue features; see `NoteAnalysis.risk_words`) and the
    bigrams of those words. Words about the crisis itself never reach this head."""

    def __call__(self, analysis: NoteAnalysis) -> list[str]:
        words = analysis.risk_words
        return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def char_wb_ngrams(text: str, min_n: int, max_n: int) -> list[str]:
    """Character n-grams of each word padded with one space on each side, ``min_n`` to
    ``max_n`` long; a padded word no longer than an n-gram gives itself once."""
    grams: list[str] = []
    for word in text.split():  # scikit-learn first squeezes runs of spaces: split() ignores them anyway
        padded = f" {word} "
        length = len(padded)
        for n in range(min_n, max_n + 1):
            if length <= n:  # the whole padded word, once, and no longer n-grams
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(length - n + 1))
    return grams
