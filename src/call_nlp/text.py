"""Tokenization of call-taker notes for the TF-IDF features: a blank spaCy English tokenizer
plus rules for dispatch shorthand (``W/``, ``W/O``, ``S/I``, ``10-50``, ``25-A-1``)."""

from __future__ import annotations

import re
from typing import Any

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

#: Slash and dash shorthand that must stay one token (spaCy would split some of them).
SHORTHAND_TOKENS: tuple[str, ...] = (
    "w/", "w/o", "s/i", "h/i", "s/m", "f/w", "b/c", "c/o", "r/o", "n/a", "y/o", "a/o", "l/s",
)
_DIGITS = re.compile(r"\d")
#: Words that negate what follows them in the same clause ("NO WEAPONS", "DENIES SI").
NEGATION_TRIGGERS: frozenset[str] = frozenset(
    {"no", "not", "neg", "negative", "denies", "denied", "deny", "denying", "without", "w/o", "never",
     "none", "nkw", "n't", "nor"}
)
#: Answers that negate the question before them ("WEAPONS: NO").
NEGATIVE_ANSWERS: frozenset[str] = frozenset({"no", "neg", "none", "negative", "n", "denies"})
_SCOPE_ENDS: frozenset[str] = frozenset({".", ",", ";", "|", "!", "?", "but", "\n", "/", "-", "states", "says"})
NEGATION_SCOPE = 4  # words a negation reaches at most
NEG_PREFIX = "neg_"


def build_tokenizer_nlp() -> Language:
    """A blank English pipeline whose tokenizer keeps dispatch shorthand whole."""
    nlp = spacy.blank("en")
    for form in SHORTHAND_TOKENS:
        for variant in {form, form.upper(), form.capitalize()}:
            nlp.tokenizer.add_special_case(variant, [{ORTH: variant}])
    return nlp


class SpacyTokenizer:
    """Picklable callable for ``TfidfVectorizer(tokenizer=...)``.

    Stores only its settings; the spaCy pipeline is rebuilt lazily after unpickling,
    because a live ``nlp`` does not pickle reliably.
    """

    def __init__(self, mask_digits: bool = True, mark_negation: bool = True) -> None:
        self.mask_digits = mask_digits
        self.mark_negation = mark_negation
        self._nlp: Language | None = None

    def __call__(self, text: str) -> list[str]:
        if self._nlp is None:
            self._nlp = build_tokenizer_nlp()
        tokens: list[str] = []
        scope = 0  # words still inside a negation's reach
        previous = ""  # the last token seen, punctuation included
        for token in self._nlp.tokenizer(text):
            form = token.lower_
            if token.is_space or token.is_punct or not any(ch.isalnum() for ch in token.text):
                if self.mark_negation and (form in _SCOPE_ENDS or "\n" in token.text):
                    scope = 0
                previous = form
                continue
            if self.mask_digits:
                form = _DIGITS.sub("0", form)
            if self.mark_negation:
                if previous == ":" and form in NEGATIVE_ANSWERS:
                    if tokens and not tokens[-1].startswith(NEG_PREFIX):
                        tokens[-1] = NEG_PREFIX + tokens[-1]  # "WEAPONS: NO" negates the question
                    scope = 0
                elif form in _SCOPE_ENDS:
                    scope = 0
                elif form in NEGATION_TRIGGERS:
                    scope = NEGATION_SCOPE
                elif scope:
                    form = NEG_PREFIX + form
                    scope -= 1
            tokens.append(form)
            previous = form
        return tokens

    def __getstate__(self) -> dict[str, Any]:
        return {"mask_digits": self.mask_digits, "mark_negation": self.mark_negation}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.mask_digits = state["mask_digits"]
        self.mark_negation = state.get("mark_negation", False)
        self._nlp = None

    def __repr__(self) -> str:
        return f"SpacyTokenizer(mask_digits={self.mask_digits}, mark_negation={self.mark_negation})"
