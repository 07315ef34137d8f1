"""A note's text as the language layer reads it: characters that hide a word taken out.

Invisible or look-alike characters can hide a cue word: "K\\u200bNIFE" (a zero-width space) or
"KNІFE" (a Cyrillic "І") read as no weapon at all. Before the tokenizer, `clean`:

- drops format characters (Unicode category Cf: zero-width space and joiners, soft hyphen,
  word joiner, byte-order mark, direction marks) and other invisible fillers;
- applies NFKC to every other character (full-width letters, ligatures, compatibility forms);
- folds a Cyrillic, Greek or Armenian letter that passes for one ASCII letter
  (``resources/confusable_letters.json``, see `confusable_table`) to that letter, but only in a
  word that also has an ASCII letter: a word written in one of those scripts is left alone.
  Digits and multi-letter look-alikes are never folded.

It also returns where each character it kept came from, so cue spans still index the text
as it was sent (`origin_spans`). An ASCII note has nothing to clean and is returned as is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources


#: Invisible characters outside category Cf: the combining grapheme joiner, Hangul fillers,
#: variation selectors.
_INVISIBLE = frozenset(
    ["\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", *map(chr, range(0xFE00, 0xFE10)),
     *map(chr, range(0xE0100, 0xE01F0))]
)
#: The look-alike letters' table, built by `confusable_table`.
FILE = "resources/confusable_letters.json"
#: A word: a run of letters of any script (no digit, no underscore).
_WORD = re.compile(r"[^\W\d_]+")


@cache
def confusable_letters() -> dict[str, str]:
    """{look-alike letter: the ASCII letter it passes for}."""
    return dict(json.loads(resources.files("call_nlp").joinpath(FILE).read_text("utf-8")))


def clean(text: str) -> tuple[str, list[int] | None]:
    """(the text to read, for each of its characters the index of the character of ``text`` it
    came from, then ``len(text)``); None instead of the list when nothing changed."""
    if text.isascii():
        return text, None
    kept: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            kept.append(ch)
            origin.append(i)
            continue
        if ch in _INVISIBLE or unicodedata.category(ch) == "Cf":
            continue
        for out in unicodedata.normalize("NFKC", ch):
            kept.append(out)
            origin.append(i)
    origin.append(len(text))
    cleaned = "".join(kept)
    letters = confusable_letters()
    if any(ch in letters for ch in cleaned):
        cleaned = _WORD.sub(lambda m: _fold(m.group(), letters), cleaned)
    if cleaned == text:
        return text, None
    return cleaned, origin


def _fold(word: str, letters: dict[str, str]) -> str:
    """The word with its look-alike letters folded, when it also has an ASCII letter."""
    if word.isascii() or not any(ch.isascii() for ch in word):
        return word
    return "".join(letters.get(ch, ch) for ch in word)


def origin_spans(spans: list[tuple[int, int]], origin: list[int]) -> list[tuple[int, int]]:
    """Spans of the cleaned text as spans of the text it came from: from the first character's
    origin to just after the last one's (a dropped character inside a span stays inside it)."""
    return [(origin[start], origin[end - 1] + 1 if end > start else origin[start]) for start, end in spans]
