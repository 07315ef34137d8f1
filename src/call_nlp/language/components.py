"""spaCy pieces of the language layer: a note tokenizer that normalizes shorthand, and
components that mark demographics, split updates, find cues and assert each one.

The components write plain Python data to ``doc.user_data`` (spaCy's custom ``._``
attributes cost more than the rest of the layer together):

- ``words``: the normalized, lower-case words (one per token);
- ``offsets``: each word's character span in the raw note;
- ``demographic``: indices of words that are demographic descriptors;
- ``segments``: per word, 0 in the original note and 1, 2, … in appended updates;
- ``cues``: ``(start, end, "kind|concept")`` word spans, longest match first;
- ``stated``: spans of cues that carry their own answer ("CONSCIOUS: NO");
- ``status``: the assertion status of each cue, in the same order;
- ``clauses``: the ``(left, right)`` word bounds of each cue's assertion clause, same order.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from call_nlp.language.objects import SelfHarmObjects
from call_nlp.language.protocols import ANSWER_SEPARATORS, PROTOCOL_KIND, ProtocolTable, find_codes

#: Shorthand that contains a slash and must stay one token.
SLASH_SHORTHAND = ("w/", "w/o", "s/i", "h/i", "s/m", "s/f", "f/w", "b/c", "c/o", "y/o", "o/d", "h/o")
NEWLINE = "|"
_AGE = re.compile(r"^(\d{1,3})(yom|yof|yoa|yo|y/o|yr|yrs)$")
_TIME = re.compile(r"^(?:[01]\d|2[0-3])[0-5]\d$|^(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$")
NOT_CUE = "NOT_CUE"
NOT_TRIGGER = "not_triggers"
#: spaCy's pieces of a negative contraction: "ca" + "n't", "wo" + "nt".
NOT_PIECES = frozenset({"n't", "nt", "n’t"})
CONTRACTION_STEMS = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}
#: Cue kinds a belief verb ("thinks", "believes") asserts rather than puts in doubt.
HELD_BELIEF_KINDS = frozenset({"psychosis"})


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


def base_tokenizer(nlp: Language) -> Any:
    """spaCy's English tokenizer, also splitting off ``*``, ``-``, ``|`` and ``:`` and keeping
    slash shorthand (``W/O``, ``S/I``) whole."""
    tokenizer = nlp.tokenizer
    tokenizer.prefix_search = compile_prefix_regex([*nlp.Defaults.prefixes, r"\*+", r"-+", r"\|", r">+", r"#"]).search
    tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, r"\*+", r"-+", r"\|", r":", r">+"]).search
    tokenizer.infix_finditer = compile_infix_regex(
        [*nlp.Defaults.infixes, r"\|", r"(?<=[a-zA-Z]):(?=[a-zA-Z0-9])", r"(?<=[a-zA-Z])/(?=[a-zA-Z]{3,})"]
    ).finditer
    for form in SLASH_SHORTHAND:
        for variant in {form, form.upper(), form.capitalize()}:
            tokenizer.add_special_case(variant, [{ORTH: variant}])
    return tokenizer


class NoteTokenizer:
    """Raw note → a Doc of normalized words (shorthand expanded, misspellings fixed, lower
    case, new lines as ``|``), remembering each word's character span in the raw note."""

    def __init__(self, nlp: Language, shorthand: dict[str, str]) -> None:
        self.vocab = nlp.vocab
        self.base = base_tokenizer(nlp)
        self.shorthand = {k.lower(): v.lower().split() for k, v in shorthand.items()}

    def _expand(self, lower: str) -> list[str]:
        if lower in self.shorthand:
            return self.shorthand[lower]
        age = _AGE.match(lower)
        if age:
            return [age.group(1), *self.shorthand.get(age.group(2), [age.group(2)])]
        return [lower]

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        offsets: list[tuple[int, int]] = []
        skip: str | None = None
        codes = find_codes(text)
        done = 0  # determinant codes wholly before the current token
        lowered = text.lower()  # spaCy splits "can't"/"cant" but not "CAN'T"/"CANT": split all alike
        tokens = self.base(lowered if len(lowered) == len(text) else text)
        for token in tokens:
            start, end = token.idx, token.idx + len(token.text)
            while done < len(codes) and codes[done][1] <= start:
                done += 1
            if done < len(codes) and codes[done][0] < end:  # "25-B-3" → "protocol_25 acuity_b"
                code_start, code_end, code_words = codes[done]
                if not (offsets and offsets[-1] == (code_start, code_end)):
                    words.extend(code_words)
                    offsets.extend([(code_start, code_end)] * len(code_words))
                skip = None
                continue
            if token.is_space:
                if "\n" in token.text and words and words[-1] != NEWLINE:
                    words.append(NEWLINE)
                    offsets.append((start, end))
                continue
            lower = _contraction(tokens, token.i) or token.lower_
            if skip is not None and lower == skip:  # "HX OF" → "history of", not "history of of"
                skip = None
                continue
            expansion = self._expand(lower)
            skip = expansion[-1] if expansion != [lower] else None
            for word in expansion:
                words.append(word)
                offsets.append((start, end))
        words = words or [""]
        doc = Doc(self.vocab, words=words, spaces=[True] * len(words))
        doc.user_data["words"] = words
        doc.user_data["offsets"] = offsets or [(0, 0)]
        return doc


def _contraction(tokens: Doc, i: int) -> str | None:
    """The spelled-out word of a piece of a contraction: "can't", "cant" → "can", "not";
    "won't" → "will", "not"; "doesnt" → "does", "not" (so any spelling matches any other)."""
    token = tokens[i]
    if token.lower_ in NOT_PIECES and i > 0 and not tokens[i - 1].whitespace_:
        return "not"
    if i + 1 < len(tokens) and not token.whitespace_ and tokens[i + 1].lower_ in NOT_PIECES:
        return CONTRACTION_STEMS.get(token.lower_)
    return None


def _phrase_matcher(nlp: Language, groups: dict[str, list[str]]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    tokenizer = nlp.tokenizer
    for label, phrases in groups.items():
        docs = [tokenizer(p) for p in phrases if p.strip()]
        matcher.add(label, [d for d in docs if len(d)])
    return matcher


@Language.factory("call_nlp_demographics", default_config={"terms": []})
def make_demographics(nlp: Language, name: str, terms: list[str]) -> Any:
    """Marks race, gender identity, religion and language descriptors (``demographic``) so no
    feature is built from them: they are dropped, not replaced, so a note reads the same
    with or without them."""
    matcher = _phrase_matcher(nlp, {"DEMOGRAPHIC": terms})

    def mask(doc: Doc) -> Doc:
        doc.user_data["demographic"] = {i for _, start, end in matcher(doc) for i in range(start, end)}
        return doc

    return mask


@Language.factory("call_nlp_updates", default_config={"markers": []})
def make_updates(nlp: Language, name: str, markers: list[str]) -> Any:
    """Numbers the original note 0 and each appended update 1, 2, … (``segments``)."""
    matcher = _phrase_matcher(nlp, {"UPDATE": markers})

    def split(doc: Doc) -> Doc:
        words = doc.user_data["words"]
        starts = {start for _, start, _ in matcher(doc) if start > 0}
        starts |= {i for i, w in enumerate(words) if i > 0 and _TIME.match(w)}
        starts |= {i for i, w in enumerate(words) if i > 0 and w.startswith("*") and words[i - 1] != w}
        segments, segment, last_start = [], 0, -10
        for i in range(len(words)):
            if i in starts:
                if i - last_start > 3:  # "2215 HRS UPD-" is one marker
                    segment += 1
                last_start = i
            segments.append(segment)
        doc.user_data["segments"] = segments
        return doc

    return split


@Language.factory("call_nlp_cues", default_config={"cues": {}, "not_cues": [], "self_harm_objects": {}, "protocols": {}})
def make_cues(nlp: Language, name: str, cues: dict[str, dict[str, list[str]]], not_cues: list[str],
              self_harm_objects: dict[str, Any], protocols: dict[str, Any]) -> Any:
    """Finds cue terms (``cues``, labelled ``kind|concept``); the longest match wins and a
    ``not_cues`` phrase ("knife block", "flu shot") shadows the terms inside it. Protocol
    codes, titles and answers ("25-B-3", "CONSCIOUS: NO") are cues too, and an object named
    after a self-harm cue ("cutting herself with a can lid") is a weapon cue."""
    table = ProtocolTable.from_lexicon(protocols)
    groups = {f"{kind}|{concept}": terms for kind, concepts in cues.items() for concept, terms in concepts.items()}
    for label, titles in table.titles.items():
        groups[label] = [*groups.get(label, []), *titles]
    matcher = _phrase_matcher(nlp, {**groups, NOT_CUE: not_cues})
    objects = SelfHarmObjects.from_lexicon(self_harm_objects)

    strings = nlp.vocab.strings

    def find(doc: Doc) -> Doc:
        answered = table.find(doc.user_data["words"])
        spans = [(s, e, strings[m]) for m, s, e in matcher(doc)] + answered
        found = table.resolve_context([span for span in longest_first(spans) if span[2] != NOT_CUE])
        if objects is not None and found:
            found = sorted(found + objects.find(doc.user_data["words"], found))
        doc.user_data["cues"] = found
        # "CONSCIOUS: NO" carries its own answer: nothing around it changes what it states
        doc.user_data["stated"] = {(s, e) for s, e, label in answered if label in table.answers}
        return doc

    return find


def _question_colon(words: list[str], end: int, right: int) -> int | None:
    """Where the colon is that makes a cue a protocol question ("WEAPONS: UNK"): within two
    words after it, inside its clause. A clause ends at an update marker, so "NEG WEAPONS
    UPD: …" is a statement followed by an update, not a question."""
    for i in range(end, min(end + 3, right)):
        if words[i] == ":":
            return i
    return None


def _blank_answer(words: list[str], colon: int, right: int) -> bool:
    """A protocol question the template left blank ("WEAPONS INVOLVED: |") states nothing:
    its clause ends right after the colon, or another question follows at once."""
    return colon + 1 >= right or (colon + 2 < len(words) and words[colon + 2] == ":")


@Language.factory("call_nlp_assertion", default_config={"triggers": {}, "before": 6, "after": 5})
def make_assertion(nlp: Language, name: str, triggers: dict[str, list[str]], before: int, after: int) -> Any:
    """Gives every cue a status (``status``): negated, uncertain, historical, other
    (someone else's, e.g. an officer's gun), blank (an unanswered protocol question) or
    affirmed, looking only inside its clause."""
    scope_end = {t.lower() for t in triggers.get("scope_end", [])} | {NEWLINE}
    groups = {kind: terms for kind, terms in triggers.items() if kind != "scope_end"}
    matcher = _phrase_matcher(nlp, groups)

    strings = nlp.vocab.strings

    def clause(words: list[str], segments: list[int], start: int, end: int) -> tuple[int, int]:
        left = start
        while left > 0 and start - left < before and words[left - 1] not in scope_end and (
            segments[left - 1] == segments[start]
        ):
            left -= 1
        right = end
        while right < len(words) and right - end < after and words[right] not in scope_end and (
            segments[right] == segments[start]
        ):
            right += 1
        if right < len(words) and words[right] == "?":
            right += 1  # "ANY WEAPONS?" asks, it does not state
        return left, right

    def status(kind: str, found: list[tuple[str, int, int]], words: list[str], start: int, end: int,
               left: int, right: int) -> str:
        if kind == PROTOCOL_KIND:  # a determinant code or protocol title is what it is
            return "affirmed"
        near_before = {k for k, s, e in found if left <= s and e <= start}
        near_after = {k for k, s, e in found if end <= s and e <= right}
        # an answer follows a separator ("WEAPONS: NO"), or comes right after a cue that opens
        # its clause ("WEAPONS NEG"); "HAS A KNIFE NOT MAKING SENSE" answers nothing
        answered = {k for k, s, e in found if end <= s <= end + 3 and e <= right and (
            (s == end and left == start) or any(w in ANSWER_SEPARATORS for w in words[end:s])
        )}
        if kind == "weapon" and any(
            k == "other_person_before" and start - e <= 3 for k, s, e in found if left <= s and e <= start
        ):
            return "other"
        colon = _question_colon(words, end, right)
        if colon is not None and _blank_answer(words, colon, right):
            return "blank"
        if colon is not None:  # "WEAPONS: UNK": only the answer counts
            if {"negation_after", "negation_before"} & answered:
                return "negated"
            return "uncertain" if {"uncertain_after", "uncertain_before"} & answered else "affirmed"
        if {"negation_after", "negation_before"} & answered or "negation_before" in near_before:
            return "negated"
        # believing a delusion is the symptom: "THINKS NEIGHBOR IS POISONING HER" is no doubt
        uncertain_before = {"uncertain_before"} | ({"belief_before"} if kind not in HELD_BELIEF_KINDS else set())
        if "uncertain_after" in near_after or uncertain_before & near_before:
            return "uncertain"
        if "historical_after" in near_after or "historical_before" in near_before:
            return "historical"
        return "affirmed"

    def assert_(doc: Doc) -> Doc:
        cues = doc.user_data["cues"]
        if not cues:
            doc.user_data["status"], doc.user_data["clauses"] = [], []
            return doc
        words, segments = doc.user_data["words"], doc.user_data["segments"]
        # a protocol answer ("BREATHING: NO") answers its question; it negates nothing after it
        matches = [
            (strings[m], s, e) for m, s, e in matcher(doc)
            if not (strings[m] == "negation_before" and s > 0 and words[s - 1] == ":")
        ]
        # drop a trigger inside a longer one ("not" in "not sure if"); keep same-span labels;
        # a not_triggers phrase drops every trigger it overlaps ("put down" in "won't put down")
        # and a trigger inside a cue's own wording ("not" in "can not stand") asserts no other cue
        shadows = [(s, e) for k, s, e in matches if k == NOT_TRIGGER]
        shadows += [(s + 1, e) for s, e, _ in cues if e - s > 1]
        found = [
            (k, s, e) for k, s, e in matches
            if k != NOT_TRIGGER and not any(s < e2 and s2 < e for s2, e2 in shadows)
            and not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for _, s2, e2 in matches)
        ]
        clauses = [clause(words, segments, start, end) for start, end, _ in cues]
        doc.user_data["clauses"] = clauses
        stated = doc.user_data.get("stated", set())
        doc.user_data["status"] = [
            "affirmed" if (start, end) in stated else status(label.split("|", 1)[0], found, words, start, end, left, right)
            for (start, end, label), (left, right) in zip(cues, clauses, strict=True)
        ]
        return doc

    return assert_
