"""`LanguageLayer`: builds the spaCy pipeline from a lexicon and turns notes into analyses:
cues with their status, the status each cue kind resolves to across updates, the tokens
the classifier's features are built from, and the tokens that say only what the note
states about violence (``risk_words``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from call_nlp.cues import Cue, resolve_all
from call_nlp.language.assertion import make_assertion
from call_nlp.language.components import (
    NEWLINE,
    NoteData,
    NoteTokenizer,
    PhraseIndex,
    english_vocab,
    make_cues,
    make_demographics,
    make_updates,
)
from call_nlp.language.features import STATUS_PREFIX, VIOLENCE_KINDS, WordForms, cue_features
from call_nlp.language.lexicon import Lexicon
from call_nlp.language.protocols import PROTOCOL_KIND
from call_nlp.language.unicode_text import clean, origin_spans

__all__ = ["BEHAVIORAL_KINDS", "NEWLINE", "SITUATION_KINDS", "STATUS_PREFIX", "VIOLENCE_KINDS", "LanguageLayer", "NoteAnalysis", "NotePipeline", "build_nlp"]

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


@dataclass(frozen=True)
class NotePipeline:
    """The note tokenizer and the four components, run in order on each note.

    The components are built here from the lexicon, not added to a spaCy ``Language`` by
    factory name: spaCy resolves and type-checks a factory's settings, and for the lexicon's
    thousands of terms that took most of a second at every start. Each reads and extends one
    plain dict per note (`NoteData`), not a Doc."""

    tokenizer: NoteTokenizer
    #: every component's phrases, matched once per note into ``data["phrases"]``
    phrases: PhraseIndex
    components: tuple[Callable[[NoteData], NoteData], ...]

    def __call__(self, text: str) -> NoteData:
        """The note's data; its ``offsets`` index ``text`` as given, whatever `clean` took out."""
        cleaned, origin = clean(text)
        data = self.tokenizer.read(cleaned)
        data["phrases"] = self.phrases(data["words"])
        for component in self.components:
            data = component(data)
        if origin is not None:
            data["offsets"] = origin_spans(data["offsets"], origin)
        return data


def build_nlp(lexicon: Lexicon) -> NotePipeline:
    """The note tokenizer over spaCy's English vocabulary, and the four components."""
    data = lexicon.data
    tokenizer = NoteTokenizer(english_vocab(), dict(data.get("shorthand", {})), dict(data.get("shorthand_exceptions", {})))
    phrases = PhraseIndex(tokenizer)
    components = (
        make_demographics(phrases, list(data.get("demographic_terms", []))),
        make_updates(phrases, list(data.get("update_markers", []))),
        make_cues(phrases, lexicon.cue_terms(), list(data.get("not_cues", [])), data.get("self_harm_objects", {}),
                  data.get("protocols", {}), data.get("reflexive", {}), data.get("accidents", {})),
        make_assertion(phrases, data.get("triggers", {}), list(data.get("uncertain_concepts", []))),
    )
    return NotePipeline(tokenizer, phrases.build(), components)


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


def analyze_data(data: NoteData, text: str) -> NoteAnalysis:
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
    """Picklable holder of a lexicon; builds its `NotePipeline` lazily (its spaCy tokenizer and
    vocabulary do not pickle reliably), once per process."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._nlp: NotePipeline | None = None

    @property
    def nlp(self) -> NotePipeline:
        if self._nlp is None:
            self._nlp = build_nlp(self.lexicon)
        return self._nlp

    def analyze(self, text: str) -> NoteAnalysis:
        return analyze_data(self.nlp(text), text)

    def analyze_many(self, texts: Sequence[str] | Iterable[str]) -> list[NoteAnalysis]:
        nlp = self.nlp
        return [analyze_data(nlp(text), text) for text in texts]

    def __getstate__(self) -> dict[str, Any]:
        return {"lexicon": self.lexicon}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lexicon = state["lexicon"]
        self._nlp = None
