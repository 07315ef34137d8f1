"""spaCy pieces of the language layer: a note tokenizer that normalizes shorthand, and
components that mask demographics, split updates, find cues and assert each one."""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans

#: Shorthand that contains a slash and must stay one token.
SLASH_SHORTHAND = ("w/", "w/o", "s/i", "h/i", "s/m", "s/f", "f/w", "b/c", "c/o", "y/o", "o/d", "h/o")
NEWLINE = "|"
_AGE = re.compile(r"^(\d{1,3})(yom|yof|yoa|yo|y/o|yr|yrs)$")
_TIME = re.compile(r"^(?:[01]\d|2[0-3])[0-5]\d$|^(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$")
NOT_CUE = "NOT_CUE"
PROTOCOL_ANSWERS = {  # "CONSCIOUS: NO" states a medical need though it names none
    "medical|unresponsive": ["conscious", "alert", "responsive", "awake"],
    "medical|breathing": ["breathing"],
}


def register_extensions() -> None:
    """Custom attributes the components write (idempotent)."""
    for name, default in (("demographic", False), ("segment", 0)):
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)
    if not Span.has_extension("status"):
        Span.set_extension("status", default="affirmed")


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
        for token in self.base(text):
            start, end = token.idx, token.idx + len(token.text)
            if token.is_space:
                if "\n" in token.text and words and words[-1] != NEWLINE:
                    words.append(NEWLINE)
                    offsets.append((start, end))
                continue
            lower = token.lower_
            if skip is not None and lower == skip:  # "HX OF" → "history of", not "history of of"
                skip = None
                continue
            expansion = self._expand(lower)
            skip = expansion[-1] if expansion != [lower] else None
            for word in expansion:
                words.append(word)
                offsets.append((start, end))
        doc = Doc(self.vocab, words=words or [""], spaces=[True] * (len(words) or 1))
        doc.user_data["offsets"] = offsets or [(0, 0)]
        return doc


def _phrase_matcher(nlp: Language, groups: dict[str, list[str]]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    tokenizer = nlp.tokenizer
    for label, phrases in groups.items():
        docs = [tokenizer(p) for p in phrases if p.strip()]
        matcher.add(label, [d for d in docs if len(d)])
    return matcher


@Language.factory("call_nlp_demographics", default_config={"terms": []})
def make_demographics(nlp: Language, name: str, terms: list[str]) -> Any:
    """Marks race, gender identity, religion and language descriptors (``Token._.demographic``)
    so no feature is built from them: they are dropped, not replaced, so a note reads the
    same with or without them."""
    matcher = _phrase_matcher(nlp, {"DEMOGRAPHIC": terms})

    def mask(doc: Doc) -> Doc:
        for _, start, end in matcher(doc):
            for token in doc[start:end]:
                token._.demographic = True
        return doc

    return mask


@Language.factory("call_nlp_updates", default_config={"markers": []})
def make_updates(nlp: Language, name: str, markers: list[str]) -> Any:
    """Numbers the original note 0 and each appended update 1, 2, … (``Token._.segment``)."""
    matcher = _phrase_matcher(nlp, {"UPDATE": markers})

    def split(doc: Doc) -> Doc:
        starts = {start for _, start, _ in matcher(doc) if start > 0}
        starts |= {t.i for t in doc if t.i > 0 and _TIME.match(t.text)}
        starts |= {t.i for t in doc if t.i > 0 and t.text.startswith("*") and doc[t.i - 1].text != t.text}
        segment, last_start = 0, -10
        for token in doc:
            if token.i in starts and token.i - last_start > 3:  # "2215 HRS UPD-" is one marker
                segment += 1
                last_start = token.i
            elif token.i in starts:
                last_start = token.i
            token._.segment = segment
        return doc

    return split


@Language.factory("call_nlp_cues", default_config={"cues": {}, "not_cues": []})
def make_cues(nlp: Language, name: str, cues: dict[str, dict[str, list[str]]], not_cues: list[str]) -> Any:
    """Finds cue terms (``doc.spans["cues"]``, label ``kind|concept``); the longest match wins
    and a ``not_cues`` phrase ("knife block", "flu shot") shadows the terms inside it."""
    groups = {f"{kind}|{concept}": terms for kind, concepts in cues.items() for concept, terms in concepts.items()}
    matcher = _phrase_matcher(nlp, {**groups, NOT_CUE: not_cues})
    answers = Matcher(nlp.vocab)
    for label, questions in PROTOCOL_ANSWERS.items():
        answers.add(label, [[{"LOWER": {"IN": questions}}, {"ORTH": {"IN": [":", "-", "="]}}, {"LOWER": {"IN": ["no", "n"]}}]])

    def find(doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=m) for m, s, e in [*matcher(doc), *answers(doc)]]
        doc.spans["cues"] = [s for s in filter_spans(spans) if s.label_ != NOT_CUE]
        return doc

    return find


def _is_question(doc: Doc, end: int) -> bool:
    """The cue names a protocol question: a colon follows within two words."""
    return any(t.text == ":" for t in doc[end : end + 3])


def _blank_answer(doc: Doc, end: int, scope_end: set[str]) -> bool:
    """A protocol question the template left blank ("WEAPONS INVOLVED: |") states nothing."""
    for i in range(end, min(end + 3, len(doc))):
        if doc[i].text == ":":
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            return nxt is None or nxt.lower_ in scope_end or (i + 2 < len(doc) and doc[i + 2].text == ":")
        if doc[i].lower_ in scope_end:
            return False
    return False


@Language.factory("call_nlp_assertion", default_config={"triggers": {}, "before": 6, "after": 5})
def make_assertion(nlp: Language, name: str, triggers: dict[str, list[str]], before: int, after: int) -> Any:
    """Gives every cue a status (``Span._.status``): negated, uncertain, historical, other
    (someone else's, e.g. an officer's gun), blank (an unanswered protocol question) or
    affirmed, looking only inside its clause."""
    scope_end = {t.lower() for t in triggers.get("scope_end", [])} | {NEWLINE}
    groups = {kind: terms for kind, terms in triggers.items() if kind != "scope_end"}
    matcher = _phrase_matcher(nlp, groups)

    def clause(doc: Doc, start: int, end: int) -> tuple[int, int]:
        left = start
        while left > 0 and start - left < before and doc[left - 1].lower_ not in scope_end and (
            doc[left - 1]._.segment == doc[start]._.segment
        ):
            left -= 1
        right = end
        while right < len(doc) and right - end < after and doc[right].lower_ not in scope_end:
            right += 1
        if right < len(doc) and doc[right].text == "?":
            right += 1  # "ANY WEAPONS?" asks, it does not state
        return left, right

    def status(kind: str, found: list[tuple[str, int, int]], doc: Doc, span: Span) -> str:
        left, right = clause(doc, span.start, span.end)
        near_before = [k for k, s, e in found if left <= s and e <= span.start]
        near_after = [k for k, s, e in found if span.end <= s and e <= right]
        answered = [k for k, s, e in found if span.end <= s <= span.end + 3 and e <= right and (
            s == span.end or any(t.text in (":", "-", "=") for t in doc[span.end:s])
        )]
        if kind == "weapon" and any(
            k == "other_person_before" and span.start - e <= 3 for k, s, e in found if left <= s and e <= span.start
        ):
            return "other"
        if _blank_answer(doc, span.end, scope_end):
            return "blank"
        if _is_question(doc, span.end):  # "WEAPONS: UNK": only the answer counts
            if {"negation_after", "negation_before"} & set(answered):
                return "negated"
            return "uncertain" if {"uncertain_after", "uncertain_before"} & set(answered) else "affirmed"
        if {"negation_after", "negation_before"} & set(answered) or "negation_before" in near_before:
            return "negated"
        if "uncertain_after" in near_after or "uncertain_before" in near_before:
            return "uncertain"
        if "historical_after" in near_after or "historical_before" in near_before:
            return "historical"
        return "affirmed"

    def assert_(doc: Doc) -> Doc:
        matches = [(nlp.vocab.strings[m], s, e) for m, s, e in matcher(doc)]
        # drop a trigger inside a longer one ("not" in "not sure if"); keep same-span labels
        found = [
            (k, s, e) for k, s, e in matches
            if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for _, s2, e2 in matches)
        ]
        for span in doc.spans["cues"]:
            span._.status = status(span.label_.split("|", 1)[0], found, doc, span)
        return doc

    return assert_
