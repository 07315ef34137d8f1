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

    def __init__(self, mask_digits: bool = True) -> None:
        self.mask_digits = mask_digits
        self._nlp: Language | None = None

    def __call__(self, text: str) -> list[str]:
        if self._nlp is None:
            self._nlp = build_tokenizer_nlp()
        tokens = []
        for token in self._nlp.tokenizer(text):
            if token.is_space or token.is_punct and token.text not in ("?",):
                continue
            form = token.lower_
            if self.mask_digits:
                form = _DIGITS.sub("0", form)
            tokens.append(form)
        return tokens

    def __getstate__(self) -> dict[str, Any]:
        return {"mask_digits": self.mask_digits}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.mask_digits = state["mask_digits"]
        self._nlp = None

    def __repr__(self) -> str:
        return f"SpacyTokenizer(mask_digits={self.mask_digits})"
