"""A note's text as the language layer reads it: what hides a word, or stalls the tokenizer, taken out.

Invisible or look-alike characters can hide a cue word: "K\\u200bNIFE" (a zero-width space) or
"KNІFE" (a Cyrillic "І") read as no weapon at all. Before the tokenizer, `clean`:

- drops format characters (Unicode category Cf: zero-width space and joiners, soft hyphen,
  word joiner, byte-order mark, direction marks) and other invisible fillers;
- applies NFKC to every other character (full-width letters, ligatures, compatibility forms),
  unless NFKC writes it as more than `MAX_NFKC_GROWTH` characters;
- folds a Cyrillic, Greek or Armenian letter that passes for one ASCII letter
  (``resources/confusable_letters.json``, see `confusable_table`) to that letter, but only in a
  word that also has an ASCII letter: a word written in one of those scripts is left alone.
  Digits and multi-letter look-alikes are never folded.

It also breaks up long runs of symbols: spaCy's tokenizer strips punctuation, emoji and other
symbols off a word one at a time, and a run of 10,000 of them ("!!!…", emoji, "___…") took it
10-12 s, stalling every request in flight. A space goes after every `MAX_SYMBOL_RUN` symbols of
a longer run, so no run costs more than a short one.

It returns where each character it kept came from, so cue spans still index the text as it was
sent (`origin_spans`). An ASCII note without a long run of symbols is returned as is.
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
#: Symbols (neither letter, digit nor space) in a row that the tokenizer reads unbroken; a
#: longer run gets a space after every this many. Runs of 100 cost no more per character than
#: runs of 20 (10,000 characters either way: 11 ms).
MAX_SYMBOL_RUN = 32
_LONG_RUN = re.compile(rf"(?:[^\w\s]|_){{{MAX_SYMBOL_RUN + 1},}}")
#: A character NFKC writes as more characters than this is kept as it is ("\ufdfa" is 18):
#: a note can grow at most this many times, and no ligature or fraction hides a word.
MAX_NFKC_GROWTH = 4
#: A word: a run of letters of any script (no digit, no underscore).
_WORD = re.compile(r"[^\W\d_]+")


@cache
def confusable_letters() -> dict[str, str]:
    """{look-alike letter: the ASCII letter it passes for}."""
    return dict(json.loads(resources.files("call_nlp").joinpath(FILE).read_text("utf-8")))


def clean(text: str) -> tuple[str, list[int] | None]:
    """(the text to read, for each of its characters the index of the character of ``text`` it
    came from, then ``len(text)``); None instead of the list when nothing changed."""
    if text.isascii() and not _LONG_RUN.search(text):
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
        compatible = unicodedata.normalize("NFKC", ch)
        for out in compatible if len(compatible) <= MAX_NFKC_GROWTH else ch:
            kept.append(out)
            origin.append(i)
    origin.append(len(text))
    cleaned = "".join(kept)
    letters = confusable_letters()
    if any(ch in letters for ch in cleaned):
        cleaned = _WORD.sub(lambda m: _fold(m.group(), letters), cleaned)
    if _LONG_RUN.search(cleaned):
        cleaned, origin = _break_runs(cleaned, origin)
    if cleaned == text:
        return text, None
    return cleaned, origin


def _break_runs(text: str, origin: list[int]) -> tuple[str, list[int]]:
    """A space after every `MAX_SYMBOL_RUN` symbols of each longer run; the space comes from
    where the next symbol does."""
    parts: list[str] = []
    places: list[int] = []
    done = 0
    for run in _LONG_RUN.finditer(text):
        for cut in range(run.start() + MAX_SYMBOL_RUN, run.end(), MAX_SYMBOL_RUN):
            parts.append(text[done:cut])
            places.extend(origin[done:cut])
            parts.append(" ")
            places.append(origin[cut])
            done = cut
    parts.append(text[done:])
    places.extend(origin[done:])
    return "".join(parts), places


def _fold(word: str, letters: dict[str, str]) -> str:
    """The word with its look-alike letters folded, when it also has an ASCII letter."""
    if word.isascii() or not any(ch.isascii() for ch in word):
        return word
    return "".join(letters.get(ch, ch) for ch in word)


def origin_spans(spans: list[tuple[int, int]], origin: list[int]) -> list[tuple[int, int]]:
    """Spans of the cleaned text as spans of the text it came from: from the first character's
    origin to just after the last one's (a dropped character inside a span stays inside it)."""
    return [(origin[start], origin[end - 1] + 1 if end > start else origin[start]) for start, end in spans]
