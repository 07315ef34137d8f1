"""The pieces of the language layer: a note tokenizer that normalizes shorthand (spaCy's
English tokenizer rules underneath), and components that mark demographics, split updates
and find cues (``assertion.py`` asserts each one).

A note is read into one plain dict (`NoteData`), which each component extends; no spaCy Doc
is built for it (a Doc and its token objects cost more than the rest of the layer together):

- ``words``: the normalized, lower-case words (one per token);
- ``offsets``: each word's character span in the raw note;
- ``demographic``: indices of words that are demographic descriptors;
- ``segments``: per word, 0 in the original note and 1, 2, … in appended updates;
- ``phrases``: each component's phrase matches (`PhraseIndex`), found in one pass;
- ``markers``: indices of the words of update markers ("UPD", "RP CALLED BACK", "2215");
- ``cues``: ``(start, end, "kind|concept")`` word spans, longest match first;
- ``stated``: spans of cues that carry their own answer ("CONSCIOUS: NO");
- ``in_use``: spans of weapons used for self-harm ("cutting herself with a can lid");
- ``status``: the assertion status of each cue, in the same order;
- ``clauses``: the ``(left, right)`` word bounds of each cue's assertion clause, same order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Mapping
from typing import Any

from spacy.attrs import IDX, IS_SPACE, LENGTH, SPACY
from spacy.lang.en import English
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
from spacy.vocab import Vocab, create_vocab

from call_nlp.language.objects import Accidents, SelfHarmObjects
from call_nlp.language.protocols import ProtocolTable, find_codes

#: Shorthand that contains a slash and must stay one token.
SLASH_SHORTHAND = ("w/", "w/o", "s/i", "h/i", "s/m", "s/f", "f/w", "b/c", "c/o", "y/o", "o/d", "h/o")
NEWLINE = "|"
_AGE = re.compile(r"^(\d{1,3})(yom|yof|yoa|yo|y/o|yr|yrs)$")
_TIME = re.compile(r"^(?:[01]\d|2[0-3])[0-5]\d$|^(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$")
NOT_CUE = "NOT_CUE"
#: Strings spaCy's vocabulary may hold before the note tokenizer starts a fresh one (about 30 MB).
VOCAB_LIMIT = 100_000
#: Pieces whose context-free reading the note tokenizer keeps (then it starts again): a few MB at most.
PLAIN_CACHE_SIZE = 50_000
Span = tuple[int, int, str]
#: One note as the layer reads it: the keys listed above, filled in by the tokenizer and components.
NoteData = dict[str, Any]
#: What `base_pieces` takes of each spaCy token (its text is a slice of the note, and its lower
#: case is spaCy's: a lexeme's LOWER is ``str.lower`` of its text).
_PIECE_ATTRS = [IDX, LENGTH, SPACY, IS_SPACE]
#: spaCy's pieces of a negative contraction: "ca" + "n't", "wo" + "nt".
NOT_PIECES = frozenset({"n't", "nt", "n’t"})
CONTRACTION_STEMS = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}


def longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, preferring the longest (then the earliest), in text order.

    A span may keep several labels ("shot himself" is a gunshot wound and a suicide
    attempt); a ``NOT_CUE`` label among them drops the span."""
    taken: set[int] = set()
    kept: set[tuple[int, int]] = set()
    out: set[tuple[int, int, str]] = set()
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if (start, end) in kept or not taken.intersection(range(start, end)):
            out.add((start, end, label))
            kept.add((start, end))
            taken.update(range(start, end))
    shadowed = {(start, end) for start, end, label in out if label == NOT_CUE}
    return sorted(span for span in out if (span[0], span[1]) not in shadowed)


def english_vocab() -> Vocab:
    """The vocabulary of a blank English pipeline, without building that pipeline's tokenizer
    (which the note tokenizer replaces anyway: loading its special cases took a third of a second)."""
    return create_vocab("en", English.Defaults)


def base_tokenizer(vocab: Vocab) -> Any:
    """spaCy's English tokenizer, also splitting off ``*``, ``-``, ``|`` and ``:`` and keeping
    slash shorthand (``W/O``, ``S/I``) whole."""
    defaults = English.Defaults
    rules = dict(defaults.tokenizer_exceptions)
    for form in SLASH_SHORTHAND:
        for variant in {form, form.upper(), form.capitalize()}:
            rules[variant] = [{ORTH: variant}]
    # built in one go: setting each affix rule on spaCy's own tokenizer reloads every special case
    return Tokenizer(
        vocab, rules=rules,
        prefix_search=compile_prefix_regex([*defaults.prefixes, r"\*+", r"-+", r"\|", r">+", r"#"]).search,
        suffix_search=compile_suffix_regex([*defaults.suffixes, r"\*+", r"-+", r"\|", r":", r">+"]).search,
        infix_finditer=compile_infix_regex(
            [*defaults.infixes, r"\|", r"(?<=[a-zA-Z]):(?=[a-zA-Z0-9])", r"(?<=[a-zA-Z])/(?=[a-zA-Z]{3,})"]
        ).finditer,
        token_match=defaults.token_match, url_match=defaults.url_match,
    )


class NoteTokenizer:
    """Raw note → a Doc of normalized words (shorthand expanded, misspellings fixed, lower
    case, accents dropped, new lines as ``|``), remembering each word's character span in the raw note.

    Shorthand that is also a word of another language is kept as typed when it was typed
    with an accent ("SÍ") or stands next to one of its ``exceptions`` words, a colon
    between them aside ("NO SABE SI TIENE ARMAS", "ARMAS: SI": Spanish, not suicidal ideation)."""

    def __init__(self, vocab: Vocab, shorthand: dict[str, str],
                 exceptions: dict[str, list[str]] | None = None) -> None:
        self.vocab = vocab
        self.base = base_tokenizer(vocab)
        self.shorthand = {k.lower(): v.lower().split() for k, v in shorthand.items()}
        self.exceptions = {k.lower(): frozenset(w.lower() for w in v) for k, v in (exceptions or {}).items()}
        self._readings: dict[str, tuple[list[str], bool, bool] | None] = {}
        #: Per lower-case piece read the same wherever it stands (`_plain`): its words, or
        #: False for a piece whose reading depends on its neighbours or on how it was typed.
        self._plain: dict[str, list[str] | bool] = {}

    def _renew(self) -> Tokenizer:
        """A fresh base tokenizer and vocabulary. Every word spaCy has not seen (a phone number,
        an address, a name) adds a string and a lexeme to its vocabulary, and every new span an
        entry to its tokenizer's cache; neither is ever emptied, so a service or a long
        ``predict`` would grow without bound. Tokens do not depend on what the vocabulary holds."""
        self.vocab = english_vocab()
        self.base = base_tokenizer(self.vocab)
        return self.base

    def pattern_words(self, phrase: str) -> list[str]:
        """The words of a lexicon phrase: what reading it as a note gives, built from each word's
        own reading when no word's reading depends on its neighbours (thousands of phrases are
        read at every start). Shorthand expands, and the word after it is dropped when the
        expansion already ends with it ("hx of" → "history of"), as the tokenizer does."""
        words: list[str] = []
        skip: str | None = None
        for word in phrase.lower().split() if "\n" not in phrase else ():
            reading = self._reading(word)
            if reading is None:
                return self.read(phrase)["words"]
            read, single, shorthand = reading
            if skip is not None:
                if not single:
                    return self.read(phrase)["words"]
                if word == skip:
                    skip = None
                    continue
            words.extend(read)
            skip = read[-1] if shorthand and read != [word] else None
        return words or self.read(phrase)["words"]

    def _reading(self, word: str) -> tuple[list[str], bool, bool] | None:
        """How the tokenizer reads ``word`` wherever it stands: (its words, whether it is one
        base token, whether it is shorthand); None when that depends on its neighbours (an
        exception word, digits that may be a determinant code, shorthand inside a split word)."""
        if word not in self._readings:
            pieces = [t.text for t in self.base(word)]
            reading: tuple[list[str], bool, bool] | None = None
            if (word.isascii() and not any(ch.isdigit() for ch in word) and word not in NOT_PIECES
                    and not any(p in self.exceptions for p in (word, *pieces))):
                if pieces == [word]:
                    reading = (self.shorthand.get(word, [word]), True, word in self.shorthand)
                elif len(pieces) > 1 and not any(p in self.shorthand for p in pieces):
                    reading = (list(self.read(word)["words"]), False, False)
            self._readings[word] = reading
        return self._readings[word]

    def _expand(self, lower: str) -> list[str]:
        if lower in self.shorthand:
            return self.shorthand[lower]
        age = _AGE.match(lower) if lower[:1].isdigit() else None
        if age:
            return [age.group(1), *self.shorthand.get(age.group(2), [age.group(2)])]
        return [lower]

    def read(self, text: str) -> NoteData:
        """The note's normalized ``words`` and their ``offsets`` in the raw note."""
        words: list[str] = []
        offsets: list[tuple[int, int]] = []
        skip: str | None = None
        codes = find_codes(text)
        done = 0  # determinant codes wholly before the current token
        lowered = text.lower()  # spaCy splits "can't"/"cant" but not "CAN'T"/"CANT": split all alike
        base = self.base if len(self.base.vocab.strings) <= VOCAB_LIMIT else self._renew()
        pieces = base_pieces(base, lowered if len(lowered) == len(text) else text)
        exceptions, shorthand = self.exceptions, self.shorthand
        for i, (start, end, lower, spaced, is_space) in enumerate(pieces):
            if codes:
                while done < len(codes) and codes[done][1] <= start:
                    done += 1
                if done < len(codes) and codes[done][0] < end:  # "25-B-3" → "protocol_25 acuity_b"
                    code_start, code_end, code_words = codes[done]
                    if not (offsets and offsets[-1] == (code_start, code_end)):
                        words.extend(code_words)
                        offsets.extend([(code_start, code_end)] * len(code_words))
                    skip = None
                    continue
            if is_space:
                if "\n" in text[start:end] and words and words[-1] != NEWLINE:
                    words.append(NEWLINE)
                    offsets.append((start, end))
                continue
            plain = self._plain.get(lower)
            if plain is None:
                plain = self._plain_reading(lower)
            if plain is not False and (spaced or i + 1 == len(pieces) or pieces[i + 1][2] not in NOT_PIECES):
                # the common case, as the steps below read it: no contraction, accent,
                # exception word or "N." answer; only "HX OF" dropping its "of" looks around
                if skip is not None and lower == skip:
                    skip = None
                    continue
                if plain is True:
                    words.append(lower)
                    offsets.append((start, end))
                    skip = None
                else:
                    skip = plain[-1]
                    words.extend(plain)
                    offsets.extend([(start, end)] * len(plain))
                continue
            typed = lower
            if lower in NOT_PIECES or (not spaced and i + 1 < len(pieces) and pieces[i + 1][2] in NOT_PIECES):
                lower = _contraction(pieces, i) or lower
            if not lower.isascii():
                lower = fold_accents(lower)
            if lower in exceptions and (typed != lower or _next_to(pieces, i, exceptions[lower])):
                words.append(lower)  # "sí", "no sabe si": a word, not shorthand
                offsets.append((start, end))
                skip = None
                continue
            if skip is not None and lower == skip:  # "HX OF" → "history of", not "history of of"
                skip = None
                continue
            if _letter_answer(lower):  # "WEAPONS: N." answers "n"
                words.extend([lower[0], "."])
                offsets.extend([(start, start + 1), (start + 1, end)])
                skip = None
                continue
            expansion = shorthand.get(lower)
            if expansion is None and lower[:1].isdigit():
                expansion = self._expand(lower)
            if expansion is None or expansion == [lower]:
                words.append(lower)
                offsets.append((start, end))
                skip = None
                continue
            skip = expansion[-1]
            words.extend(expansion)
            offsets.extend([(start, end)] * len(expansion))
        return {"words": words, "offsets": offsets}

    def _plain_reading(self, lower: str) -> list[str] | bool:
        """How `read` reads the piece ``lower`` when no contraction piece follows it: True for
        itself, its expansion (shorthand, an age), or False when that depends on more than
        the piece (a contraction piece, accents, an exception word, "N."). Kept per piece."""
        if len(self._plain) >= PLAIN_CACHE_SIZE:
            self._plain.clear()  # bounded over a long run of unseen pieces
        plain: list[str] | bool = False
        if lower not in NOT_PIECES and lower.isascii() and lower not in self.exceptions and not _letter_answer(lower):
            expansion = self._expand(lower)
            plain = True if expansion == [lower] else expansion
        self._plain[lower] = plain
        return plain


def base_pieces(base: Tokenizer, text: str) -> list[Piece]:
    """spaCy's tokens of ``text`` as `Piece` tuples. Each token's start, length, trailing space
    and is-space flag come as one array, its text as a slice of the note: no Token object and
    no two strings decoded from the vocabulary per token."""
    return [
        (start, start + length, text[start:start + length].lower(), spaced == 1, space == 1)
        for start, length, spaced, space in base(text).to_array(_PIECE_ATTRS).tolist()
    ]


def _letter_answer(lower: str) -> bool:
    """A letter and a full stop ("n.", "y."): read as the letter, then the stop."""
    return len(lower) == 2 and lower[1] == "." and lower[0].isalpha()


def fold_accents(word: str) -> str:
    """The word without accents ("cortó" → "corto", "pánico" → "panico"): notes and callers
    type Spanish with and without them, so both spellings give the same word."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _next_to(pieces: list[Piece], i: int, neighbours: frozenset[str]) -> bool:
    """Whether the word before or after piece ``i`` (a colon between aside) is a neighbour."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(pieces) and (pieces[j][4] or pieces[j][2] == ":"):
            j += step
        if 0 <= j < len(pieces) and fold_accents(pieces[j][2]) in neighbours:
            return True
    return False


#: A base token: start and end in the note, lower-case text, whether a space follows, whether it is space.
Piece = tuple[int, int, str, bool, bool]


def _contraction(pieces: list[Piece], i: int) -> str | None:
    """The spelled-out word of a piece of a contraction: "can't", "cant" → "can", "not";
    "won't" → "will", "not"; "doesnt" → "does", "not" (so any spelling matches any other)."""
    lower, spaced = pieces[i][2], pieces[i][3]
    if lower in NOT_PIECES and i > 0 and not pieces[i - 1][3]:
        return "not"
    if not spaced and i + 1 < len(pieces) and pieces[i + 1][2] in NOT_PIECES:
        return CONTRACTION_STEMS.get(lower)
    return None


class PhraseTable:
    """Finds each group's phrases, read as the note tokenizer reads a note, in a note's words
    (lower case): every match, overlapping ones included, as ``(label, start, end)``.

    What spaCy's ``PhraseMatcher`` on the ``LOWER`` attribute finds, without a Doc per phrase
    (building thousands of them took half a second at every start) or per note."""

    def __init__(self, tokenizer: NoteTokenizer, groups: Mapping[Hashable, list[str]]) -> None:
        table: dict[tuple[str, ...], list[Any]] = {}
        for label, phrases in groups.items():
            for phrase in phrases:
                words = tuple(w.lower() for w in tokenizer.pattern_words(phrase)) if phrase.strip() else ()
                labels = table.setdefault(words, []) if words else []
                if words and label not in labels:
                    labels.append(label)
        #: a trie of the phrases' words: per word, (labels of the phrase ending here, the next words)
        self._trie: dict[str, _Node] = {}
        for words, labels in table.items():
            level = self._trie
            for word in words[:-1]:
                level = level.setdefault(word, ([], {}))[1]
            level.setdefault(words[-1], ([], {}))[0].extend(labels)

    def __call__(self, words: list[str]) -> list[tuple[Any, int, int]]:
        """The matches in ``words``, the note tokenizer's words (lower case already): from each
        word, shortest first, as far as some phrase goes on."""
        total = len(words)
        trie = self._trie
        found = []
        for start, word in enumerate(words):
            node = trie.get(word)
            end = start + 1
            while node is not None:
                labels, following = node
                if labels:
                    found.extend([(label, start, end) for label in labels])
                if not following or end == total:
                    break
                node = following.get(words[end])
                end += 1
        return found


#: A trie node of `PhraseTable`: the labels of the phrase ending at it, and the nodes after it.
_Node = tuple[list[Any], dict[str, Any]]


class PhraseIndex:
    """The phrase groups of every component, matched in one pass over a note's words.

    Each component registers its groups under its own name (`add`) and reads its matches from
    ``data["phrases"][name]``, which `NotePipeline` fills once per note: one scan of the
    words instead of one per component. Each component gets exactly the matches its own
    `PhraseTable` would give, in the same order."""

    def __init__(self, tokenizer: NoteTokenizer) -> None:
        self.tokenizer = tokenizer
        self._groups: dict[str, dict[str, list[str]]] = {}
        self._table: PhraseTable | None = None

    def add(self, name: str, groups: dict[str, list[str]]) -> str:
        if self._table is not None or name in self._groups:
            raise ValueError(f"phrase group {name!r}: added twice, or after the index was built")
        self._groups[name] = groups
        return name

    def build(self) -> PhraseIndex:
        self._table = PhraseTable(self.tokenizer, {
            (name, label): phrases for name, groups in self._groups.items() for label, phrases in groups.items()
        })
        return self

    def __call__(self, words: list[str]) -> dict[str, list[tuple[str, int, int]]]:
        if self._table is None:
            raise RuntimeError("PhraseIndex.build() was not called")
        found: dict[str, list[tuple[str, int, int]]] = {name: [] for name in self._groups}
        for (name, label), start, end in self._table(words):
            found[name].append((label, start, end))
        return found


def make_demographics(phrases: PhraseIndex, terms: list[str]) -> Any:
    """Marks race, gender identity, religion and language descriptors (``demographic``) so no
    feature is built from them: they are dropped, not replaced, so a note reads the same
    with or without them."""
    name = phrases.add("demographics", {"DEMOGRAPHIC": terms})

    def mask(data: NoteData) -> NoteData:
        data["demographic"] = {i for _, start, end in data["phrases"][name] for i in range(start, end)}
        return data

    return mask


def make_updates(phrases: PhraseIndex, markers: list[str]) -> Any:
    """Numbers the original note 0 and each appended update 1, 2, … (``segments``)."""
    name = phrases.add("updates", {"UPDATE": markers})

    def split(data: NoteData) -> NoteData:
        words = data["words"]
        found = [(start, end) for _, start, end in data["phrases"][name]]
        found += [
            (i, i + 1) for i, w in enumerate(words)
            if (w[:1].isdigit() and _TIME.match(w)) or (w.startswith("*") and words[i - 1] != w)
        ]
        data["markers"] = {i for start, end in found for i in range(start, end)}
        starts = {start for start, _ in found if start > 0}
        if not starts:  # no update: the whole note is the original
            data["segments"] = [0] * len(words)
            return data
        segments, segment, last_start = [], 0, -10
        for i in range(len(words)):
            if i in starts:
                if i - last_start > 3:  # "2215 HRS UPD-" is one marker
                    segment += 1
                last_start = i
            segments.append(segment)
        data["segments"] = segments
        return data

    return split


class TurnedOnOneself:
    """A cue of ``rule["cues"]`` followed by a reflexive ("WANTS TO KILL HIMSELF") becomes
    ``rule["becomes"]``, the reflexive included (the lexicon's ``reflexive`` section); the
    rule's sets are built once, not per note."""

    def __init__(self, rule: dict[str, Any]) -> None:
        self.labels = frozenset(rule.get("cues", ()))
        self.reflexives = frozenset(w.lower() for w in rule.get("words", ()))
        self.becomes: str = rule.get("becomes", "")

    def __call__(self, words: list[str], spans: list[Span]) -> list[Span]:
        turned = [k for k, (_, end, label) in enumerate(spans)
                  if label in self.labels and end < len(words) and words[end] in self.reflexives]
        if not turned:
            return spans
        taken = {i for start, end, _ in spans for i in range(start, end)}
        out = list(spans)
        for k in turned:
            start, end, _ = spans[k]
            if end not in taken:
                out[k] = (start, end + 1, self.becomes)
        return out


def make_cues(phrases: PhraseIndex, cues: dict[str, dict[str, list[str]]], not_cues: list[str],
              self_harm_objects: dict[str, Any], protocols: dict[str, Any], reflexive: dict[str, Any],
              accidents: dict[str, Any]) -> Any:
    """Finds cue terms (``cues``, labelled ``kind|concept``); the longest match wins and a
    ``not_cues`` phrase ("knife block", "flu shot") shadows the terms inside it. Protocol
    codes, titles and answers ("25-B-3", "CONSCIOUS: NO") are cues too, and an object named
    after a self-harm cue ("cutting herself with a can lid") is a weapon cue, unless the cut
    was an accident ("while cooking"): then it is an injury and the blade no weapon."""
    table = ProtocolTable.from_lexicon(protocols)
    groups = {f"{kind}|{concept}": terms for kind, concepts in cues.items() for concept, terms in concepts.items()}
    for label, titles in table.titles.items():
        groups[label] = [*groups.get(label, []), *titles]
    name = phrases.add("cues", {**groups, NOT_CUE: not_cues})
    objects = SelfHarmObjects.from_lexicon(self_harm_objects)
    if accidents.get("context"):  # phrases read as notes are: shorthand expanded, accents dropped
        tokenizer = phrases.tokenizer
        accidents = {**accidents, "context": [" ".join(tokenizer.read(p)["words"]) for p in accidents["context"]]}
    accidental = Accidents.from_lexicon(accidents)
    turned_on_oneself = TurnedOnOneself(reflexive)

    def find(data: NoteData) -> NoteData:
        words = data["words"]
        answered = table.find(words)
        spans = [(s, e, label) for label, s, e in data["phrases"][name]] + answered
        found = table.resolve_context([span for span in longest_first(spans) if span[2] != NOT_CUE])
        found = turned_on_oneself(words, found)
        if accidental is not None:
            found = accidental.apply(words, found)
        in_use = objects.find(words, found) if objects is not None and found else []
        found = sorted(set(found) | set(in_use))
        data["cues"] = found
        data["in_use"] = {(s, e) for s, e, _ in in_use}
        # "CONSCIOUS: NO" carries its own answer: nothing around it changes what it states
        data["stated"] = {(s, e) for s, e, label in answered if label in table.answers}
        return data

    return find
