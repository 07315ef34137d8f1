"""`LanguageLayer`: builds the spaCy pipeline from a lexicon and turns notes into analyses:
cues with their status, the status each cue kind resolves to across updates, the tokens
the classifier's features are built from, and the tokens that say only what the note
states about violence (``risk_words``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from call_nlp.cues import Cue, resolve_all
from call_nlp.language import assertion  # noqa: F401  (importing it registers the assertion component)
from call_nlp.language.components import NEWLINE, NoteTokenizer
from call_nlp.language.features import STATUS_PREFIX, VIOLENCE_KINDS, WordForms, cue_features
from call_nlp.language.lexicon import Lexicon
from call_nlp.language.protocols import PROTOCOL_KIND

__all__ = ["BEHAVIORAL_KINDS", "NEWLINE", "SITUATION_KINDS", "STATUS_PREFIX", "VIOLENCE_KINDS", "LanguageLayer", "NoteAnalysis", "build_nlp"]

#: Cue kinds that say something about the situation (protective context alone does not).
SITUATION_KINDS = frozenset(
    {"weapon", "threat", "assault", "violence_history", "property", "aggression", "suicide", "psychosis",
     "substance", "distress", "family", "welfare", "incident", "medical", PROTOCOL_KIND}
)

#: Cue kinds that name a behavioral crisis (the six crisis types other than not_behavioral).
BEHAVIORAL_KINDS = frozenset({"suicide", "psychosis", "substance", "distress", "family", "welfare"})
#: Concepts of those kinds too common in ordinary calls to say the call is behavioral.
WEAK_BEHAVIORAL_CONCEPTS = frozenset({"family members"})


@dataclass(frozen=True)
class NoteAnalysis:
    """What the language layer read in one note."""

    words: list[str]  # normalized word features (status-prefixed inside non-affirmed cues)
    cue_features: list[str]  # one token per cue and per resolved kind, e.g. "cue=weapon:negated"
    masked_text: str  # normalized text without demographic descriptors, for character n-grams
    cues: list[Cue]
    resolved: dict[str, str]  # cue kind -> the status the latest update gives it
    updates: int  # appended updates after the original note
    #: only what the note says about violence: the words of each violence-kind cue's clause
    #: (no demographic word, no word of a cue of another kind) and the violence cue features;
    #: ``["risk=none"]`` when the note has no violence cue at all
    risk_words: list[str]

    @property
    def has_violence_cue(self) -> bool:
        """Whether the note mentions anything about violence, with any status."""
        return any(c.kind in VIOLENCE_KINDS for c in self.cues)

    @property
    def behavioral_concepts(self) -> list[str]:
        """The behavioral concepts the note affirms ("suicidal statement", "alcohol"), in order."""
        return list(dict.fromkeys(
            c.concept for c in self.cues
            if c.kind in BEHAVIORAL_KINDS and c.status == "affirmed" and c.concept not in WEAK_BEHAVIORAL_CONCEPTS
        ))

    @property
    def situational(self) -> bool:
        """Whether the note says anything the layer recognises about the situation."""
        return any(c.kind in SITUATION_KINDS for c in self.cues)


def build_nlp(lexicon: Lexicon) -> Language:
    """A blank English pipeline with the note tokenizer and the four components.

    The components' configs are not type-checked by spaCy (``validate=False``): they are the
    lexicon, already checked when it was loaded, and checking its thousands of terms again
    took most of a second at every start."""
    data = lexicon.data
    nlp = spacy.blank("en")
    nlp.tokenizer = NoteTokenizer(nlp, dict(data.get("shorthand", {})), dict(data.get("shorthand_exceptions", {})))
    nlp.add_pipe("call_nlp_demographics", config={"terms": list(data.get("demographic_terms", []))}, validate=False)
    nlp.add_pipe("call_nlp_updates", config={"markers": list(data.get("update_markers", []))}, validate=False)
    nlp.add_pipe("call_nlp_cues", config={
        "cues": lexicon.cue_terms(), "not_cues": list(data.get("not_cues", [])),
        "self_harm_objects": data.get("self_harm_objects", {}), "protocols": data.get("protocols", {}),
        "reflexive": data.get("reflexive", {}), "accidents": data.get("accidents", {}),
    }, validate=False)
    nlp.add_pipe("call_nlp_assertion", config={
        "triggers": data.get("triggers", {}), "uncertain_concepts": list(data.get("uncertain_concepts", [])),
    }, validate=False)
    return nlp


def _cues(data: dict[str, Any], text: str) -> list[Cue]:
    offsets, segments = data["offsets"], data["segments"]
    cues = []
    for (start, end, label), status in zip(data["cues"], data["status"], strict=True):
        if status == "blank":
            continue
        kind, concept = label.split("|", 1)
        first, last = offsets[start][0], offsets[end - 1][1]
        cues.append(Cue(kind, concept, status, first, last, text[first:last], segments[start]))  # type: ignore[arg-type]
    return cues


def analyze_doc(doc: Doc, text: str) -> NoteAnalysis:
    data = doc.user_data
    cues = _cues(data, text)
    resolved = resolve_all(cues)
    features = WordForms(data)
    return NoteAnalysis(
        words=features.words(),
        cue_features=cue_features(cues, resolved) or ["cue=none"],
        masked_text=features.masked_text(),
        cues=cues,
        resolved=resolved,
        updates=max(data["segments"], default=0),
        risk_words=features.risk_words(cues, resolved),
    )


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
        if len(texts) == 1:  # one note (the service's case): skip the batching generators of nlp.pipe
            return [self.analyze(texts[0])]
        return [analyze_doc(doc, text) for doc, text in zip(self.nlp.pipe(texts, batch_size=batch_size), texts, strict=True)]

    def __getstate__(self) -> dict[str, Any]:
        return {"lexicon": self.lexicon}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lexicon = state["lexicon"]
        self._nlp = None
