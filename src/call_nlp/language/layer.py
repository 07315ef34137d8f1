"""`LanguageLayer`: builds the spaCy pipeline from a lexicon and turns notes into analyses:
cues with their status, the status each cue kind resolves to across updates, and the
tokens the classifier's features are built from."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from call_nlp.cues import Cue, resolve_all
from call_nlp.language.components import NEWLINE, NoteTokenizer, register_extensions
from call_nlp.language.lexicon import Lexicon

#: Cue kinds that say something about the situation (protective context alone does not).
SITUATION_KINDS = frozenset(
    {"weapon", "threat", "assault", "violence_history", "property", "aggression", "suicide", "psychosis",
     "substance", "distress", "family", "welfare", "incident", "medical"}
)
STATUS_PREFIX = {"negated": "neg_", "uncertain": "unc_", "historical": "hx_", "other": "oth_"}
_DIGIT = re.compile(r"\d")
_NEGATORS = frozenset({"no", "not", "without", "denies", "denied", "never", "none", "nor"})
_NEGATION_REACH = 4


@dataclass(frozen=True)
class NoteAnalysis:
    """What the language layer read in one note."""

    words: list[str]  # normalized word features (status-prefixed inside non-affirmed cues)
    cue_features: list[str]  # one token per cue and per resolved kind, e.g. "cue=weapon:negated"
    masked_text: str  # normalized text without demographic descriptors, for character n-grams
    cues: list[Cue]
    resolved: dict[str, str]  # cue kind -> the status the latest update gives it
    updates: int  # appended updates after the original note

    @property
    def situational(self) -> bool:
        """Whether the note says anything the layer recognises about the situation."""
        return any(c.kind in SITUATION_KINDS for c in self.cues)


def build_nlp(lexicon: Lexicon) -> Language:
    """A blank English pipeline with the note tokenizer and the four components."""
    register_extensions()
    data = lexicon.data
    nlp = spacy.blank("en")
    shorthand = dict(data.get("shorthand", {}))
    nlp.tokenizer = NoteTokenizer(nlp, shorthand)
    nlp.add_pipe("call_nlp_demographics", config={"terms": list(data.get("demographic_terms", []))})
    nlp.add_pipe("call_nlp_updates", config={"markers": list(data.get("update_markers", []))})
    nlp.add_pipe("call_nlp_cues", config={"cues": data.get("cues", {}), "not_cues": list(data.get("not_cues", []))})
    nlp.add_pipe("call_nlp_assertion", config={"triggers": data.get("triggers", {})})
    return nlp


def _cues(doc: Doc, text: str) -> list[Cue]:
    offsets = doc.user_data["offsets"]
    cues = []
    for span in doc.spans["cues"]:
        if span._.status == "blank":
            continue
        kind, concept = span.label_.split("|", 1)
        start, end = offsets[span.start][0], offsets[span.end - 1][1]
        cues.append(Cue(kind, concept, span._.status, start, end, text[start:end], span[0]._.segment))
    return cues


def _words(doc: Doc) -> list[str]:
    prefix: dict[int, str] = {}
    for span in doc.spans["cues"]:
        if span._.status == "blank":
            continue
        for i in range(span.start, span.end):
            prefix[i] = STATUS_PREFIX.get(span._.status, "")
    words: list[str] = []
    reach = 0
    for token in doc:
        text = token.lower_
        if not any(ch.isalnum() for ch in text):
            reach = 0 if text != ":" else reach
            continue
        if token._.demographic:
            continue
        form = _DIGIT.sub("0", text)
        if token.i in prefix:
            form = prefix[token.i] + form
        elif reach:
            form = "neg_" + form
        reach = _NEGATION_REACH if text in _NEGATORS else max(reach - 1, 0)
        words.append(form)
    return words


def analyze_doc(doc: Doc, text: str) -> NoteAnalysis:
    cues = _cues(doc, text)
    resolved = resolve_all(cues)
    features = sorted(
        {f"cue={c.kind}:{c.status}" for c in cues}
        | {f"cue={c.kind}.{c.concept}:{c.status}" for c in cues}
        | {f"res={kind}:{status}" for kind, status in resolved.items()}
    )
    kept: list[str] = []
    for t in doc:
        if t.text == NEWLINE or t._.demographic:
            continue
        if not any(ch.isalnum() for ch in t.text) and (not kept or not any(ch.isalnum() for ch in kept[-1])):
            continue  # ", ," left where a descriptor was dropped reads as ","; none leads
        kept.append(_DIGIT.sub("0", t.lower_))
    masked = " ".join(kept)
    updates = max((t._.segment for t in doc), default=0)
    return NoteAnalysis(_words(doc), features or ["cue=none"], masked, cues, resolved, updates)


class LanguageLayer:
    """Picklable holder of a lexicon; builds its spaCy pipeline lazily (a live ``nlp`` does
    not pickle reliably), once per process."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = build_nlp(self.lexicon)
        return self._nlp

    def analyze(self, text: str) -> NoteAnalysis:
        return analyze_doc(self.nlp(text), text)

    def analyze_many(self, texts: Sequence[str] | Iterable[str], batch_size: int = 256) -> list[NoteAnalysis]:
        texts = list(texts)
        return [analyze_doc(doc, text) for doc, text in zip(self.nlp.pipe(texts, batch_size=batch_size), texts, strict=True)]

    def __getstate__(self) -> dict[str, Any]:
        return {"lexicon": self.lexicon}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lexicon = state["lexicon"]
        self._nlp = None
