"""`LanguageLayer`: builds the spaCy pipeline from a lexicon and turns notes into analyses:
cues with their status, the status each cue kind resolves to across updates, the tokens
the classifier's features are built from, and the tokens that say only what the note
states about violence (``risk_words``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from call_nlp.cues import Cue, resolve_all
from call_nlp.language.components import NEWLINE, NoteTokenizer
from call_nlp.language.lexicon import Lexicon
from call_nlp.language.protocols import PROTOCOL_KIND, keeps_digits

#: Cue kinds that say something about the situation (protective context alone does not).
SITUATION_KINDS = frozenset(
    {"weapon", "threat", "assault", "violence_history", "property", "aggression", "suicide", "psychosis",
     "substance", "distress", "family", "welfare", "incident", "medical", PROTOCOL_KIND}
)
#: Cue kinds that say something about violence toward others (responders included); the
#: violence-risk head and the safety rules read only these.
VIOLENCE_KINDS = frozenset({"weapon", "threat", "assault", "violence_history", "property", "aggression", "protective"})
STATUS_PREFIX = {"negated": "neg_", "uncertain": "unc_", "historical": "hx_", "other": "oth_"}
_DIGIT = re.compile(r"\d")
_ALNUM = re.compile(r"[^\W_]")
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
    #: only what the note says about violence: the words of each violence-kind cue's clause
    #: (no demographic word, no word of a cue of another kind) and the violence cue features;
    #: ``["risk=none"]`` when the note has no violence cue at all
    risk_words: list[str]

    @property
    def has_violence_cue(self) -> bool:
        """Whether the note mentions anything about violence, with any status."""
        return any(c.kind in VIOLENCE_KINDS for c in self.cues)

    @property
    def situational(self) -> bool:
        """Whether the note says anything the layer recognises about the situation."""
        return any(c.kind in SITUATION_KINDS for c in self.cues)


def build_nlp(lexicon: Lexicon) -> Language:
    """A blank English pipeline with the note tokenizer and the four components."""
    data = lexicon.data
    nlp = spacy.blank("en")
    nlp.tokenizer = NoteTokenizer(nlp, dict(data.get("shorthand", {})))
    nlp.add_pipe("call_nlp_demographics", config={"terms": list(data.get("demographic_terms", []))})
    nlp.add_pipe("call_nlp_updates", config={"markers": list(data.get("update_markers", []))})
    nlp.add_pipe("call_nlp_cues", config={
        "cues": data.get("cues", {}), "not_cues": list(data.get("not_cues", [])),
        "self_harm_objects": data.get("self_harm_objects", {}), "protocols": data.get("protocols", {}),
    })
    nlp.add_pipe("call_nlp_assertion", config={"triggers": data.get("triggers", {})})
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


def _is_word(word: str) -> bool:
    return _ALNUM.search(word) is not None


@dataclass(frozen=True)
class _Prefixes:
    """The status prefix of every word inside a cue that states something, and the words
    inside a cue after its first (a negator there, as in "can not stand", is the cue's own)."""

    status: dict[int, str]
    inner: frozenset[int]


def _prefixes(data: dict[str, Any]) -> _Prefixes:
    status: dict[int, str] = {}
    for (start, end, _), said in zip(data["cues"], data["status"], strict=True):
        if said != "blank":
            for i in range(start, end):
                status[i] = STATUS_PREFIX.get(said, "")
    return _Prefixes(status, frozenset(i for start, end, _ in data["cues"] for i in range(start + 1, end)))


def _forms(data: dict[str, Any], prefixes: _Prefixes, indices: Iterable[int]) -> list[str]:
    """Word features of the words at ``indices`` (in order): digits as 0, status-prefixed
    inside cues, ``neg_`` for a few words after a negator (in the same update); no
    punctuation, no demographics."""
    words, demographic, segments = data["words"], data["demographic"], data["segments"]
    out: list[str] = []
    reach, segment = 0, None
    for i in indices:
        word = words[i]
        if segments[i] != segment:  # an update marker ends a negation's reach
            reach, segment = 0, segments[i]
        if not _is_word(word):
            reach = 0 if word != ":" else reach
            continue
        if i in demographic:
            continue
        form = _feature_form(word)
        if i in prefixes.status:
            form = prefixes.status[i] + form
        elif reach:
            form = "neg_" + form
        answer = i > 0 and words[i - 1] == ":"  # "BREATHING: NO" negates nothing after it
        negates = word in _NEGATORS and not answer and i not in prefixes.inner
        reach = _NEGATION_REACH if negates else max(reach - 1, 0)
        out.append(form)
    return out


def _words(data: dict[str, Any], prefixes: _Prefixes) -> list[str]:
    return _forms(data, prefixes, range(len(data["words"])))


def _risk_runs(data: dict[str, Any]) -> list[range]:
    """Word runs that speak about violence: each violence-kind cue with its assertion clause,
    cut short at the nearest cue of another kind, so what the note says about the crisis
    (an overdose, voices, a wish to die) and how long it takes to say it change nothing."""
    spans = [
        (start, end, label.split("|", 1)[0] in VIOLENCE_KINDS, status, bounds)
        for (start, end, label), status, bounds in zip(data["cues"], data["status"], data["clauses"], strict=True)
    ]
    others = [(start, end) for start, end, violent, _, _ in spans if not violent]
    bounds = sorted(
        (max([left, *(e for s, e in others if e <= start)]), min([right, *(s for s, e in others if s >= end)]))
        for start, end, violent, status, (left, right) in spans
        if violent and status != "blank"
    )
    runs: list[range] = []
    for left, right in bounds:
        if runs and left <= runs[-1].stop:
            left, right = runs[-1].start, max(right, runs.pop().stop)
        runs.append(range(left, right))
    return runs


def _risk_words(data: dict[str, Any], prefixes: _Prefixes, cues: list[Cue], resolved: dict[str, str]) -> list[str]:
    violent = [c for c in cues if c.kind in VIOLENCE_KINDS]
    if not violent:
        return ["risk=none"]
    words = [form for run in _risk_runs(data) for form in _forms(data, prefixes, run)]
    return words + _cue_features(violent, {k: v for k, v in resolved.items() if k in VIOLENCE_KINDS})


def _cue_features(cues: list[Cue], resolved: dict[str, str]) -> list[str]:
    return sorted(
        {f"cue={c.kind}:{c.status}" for c in cues}
        | {f"cue={c.kind}.{c.concept}:{c.status}" for c in cues}
        | {f"res={kind}:{status}" for kind, status in resolved.items()}
    )


def _masked_text(data: dict[str, Any]) -> str:
    """The normalized words without demographic descriptors or punctuation, so inserting or
    swapping a descriptor (and the full stop after it) leaves the text exactly the same."""
    demographic = data["demographic"]
    return " ".join(
        _feature_form(word) for i, word in enumerate(data["words"]) if i not in demographic and _is_word(word)
    )


def _feature_form(word: str) -> str:
    """Digits as 0 (ages, unit numbers, times say nothing), except in protocol words."""
    return word if keeps_digits(word) else _DIGIT.sub("0", word)


def analyze_doc(doc: Doc, text: str) -> NoteAnalysis:
    data = doc.user_data
    cues = _cues(data, text)
    resolved = resolve_all(cues)
    prefixes = _prefixes(data)
    return NoteAnalysis(
        words=_words(data, prefixes),
        cue_features=_cue_features(cues, resolved) or ["cue=none"],
        masked_text=_masked_text(data),
        cues=cues,
        resolved=resolved,
        updates=max(data["segments"], default=0),
        risk_words=_risk_words(data, prefixes, cues, resolved),
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
        return [analyze_doc(doc, text) for doc, text in zip(self.nlp.pipe(texts, batch_size=batch_size), texts, strict=True)]

    def __getstate__(self) -> dict[str, Any]:
        return {"lexicon": self.lexicon}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lexicon = state["lexicon"]
        self._nlp = None
