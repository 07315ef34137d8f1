"""The tokens the classifier's features are built from, read off the components' output:
the note's words (status-prefixed inside cues, ``neg_`` for a few words after a negator),
its masked text for character n-grams, its cue features, and ``risk_words``, only what the
note says about violence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from call_nlp.cues import Cue
from call_nlp.language.assertion import answers_a_question
from call_nlp.language.protocols import keeps_digits

#: Cue kinds that say something about violence toward others (responders included); the
#: violence-risk head and the safety rules read only these.
VIOLENCE_KINDS = frozenset({"weapon", "threat", "assault", "violence_history", "property", "aggression", "protective"})
STATUS_PREFIX = {"negated": "neg_", "uncertain": "unc_", "historical": "hx_", "other": "oth_"}
_DIGIT = re.compile(r"\d")
_ALNUM = re.compile(r"[^\W_]")
_NEGATORS = frozenset({"no", "not", "without", "denies", "denied", "never", "none", "nor"})
_NEGATION_REACH = 4


def cue_features(cues: list[Cue], resolved: dict[str, str]) -> list[str]:
    """One token per cue kind, per cue concept and per resolved kind, with its status."""
    return sorted(
        {f"cue={c.kind}:{c.status}" for c in cues}
        | {f"cue={c.kind}.{c.concept}:{c.status}" for c in cues}
        | {f"res={kind}:{status}" for kind, status in resolved.items()}
    )


def _feature_form(word: str) -> str:
    """Digits as 0 (ages, unit numbers, times say nothing), except in protocol words."""
    return word if keeps_digits(word) else _DIGIT.sub("0", word)


#: Words whose feature form is kept (then it starts again): words repeat from note to note.
FORM_CACHE_SIZE = 50_000
_FORMS: dict[str, str | None] = {}
_UNSEEN = object()


def _forms(words: list[str]) -> list[str | None]:
    """Each word's feature form, or None for punctuation."""
    forms = _FORMS
    out: list[str | None] = []
    for word in words:
        form: Any = forms.get(word, _UNSEEN)
        if form is _UNSEEN:
            if len(forms) >= FORM_CACHE_SIZE:
                forms.clear()
            form = forms[word] = _feature_form(word) if _ALNUM.search(word) else None
        out.append(form)
    return out


class WordForms:
    """The word features of one analysed note, each word's form computed once."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        words, demographic, cues = data["words"], data["demographic"], data["cues"]
        self.prefix: dict[int, str] = {}
        for (start, end, _), said in zip(cues, data["status"], strict=True):
            if said != "blank":
                for i in range(start, end):
                    self.prefix[i] = STATUS_PREFIX.get(said, "")
        #: per word: its feature form, or None for punctuation
        self.forms = _forms(words)
        self.keep = [f is not None and i not in demographic for i, f in enumerate(self.forms)] if demographic else [
            f is not None for f in self.forms]
        # "BREATHING: NO" negates nothing after it; neither does the "not" of "can not stand"
        self.negates = [False] * len(words)
        negators = [i for i, w in enumerate(words) if w in _NEGATORS]
        if negators:
            inner = {i for start, end, _ in cues for i in range(start + 1, end)}
            cue_words = {i for start, end, _ in cues for i in range(start, end)}
            for i in negators:
                self.negates[i] = i not in inner and not answers_a_question(words, data["markers"], cue_words, i)

    def forms_of(self, indices: Iterable[int]) -> list[str]:
        """Word features of the words at ``indices`` (in order): status-prefixed inside cues,
        ``neg_`` for a few words after a negator (in the same update); no punctuation, no
        demographics."""
        words, segments = self.data["words"], self.data["segments"]
        forms, keep, prefix, negates = self.forms, self.keep, self.prefix, self.negates
        out: list[str] = []
        reach, segment = 0, None
        for i in indices:
            if segments[i] != segment:  # an update marker ends a negation's reach
                reach, segment = 0, segments[i]
            form = forms[i]
            if form is None:
                reach = 0 if words[i] != ":" else reach
                continue
            if not keep[i]:
                continue
            if i in prefix:
                form = prefix[i] + form
            elif reach:
                form = "neg_" + form
            reach = _NEGATION_REACH if negates[i] else reach - 1 if reach > 0 else 0
            out.append(form)
        return out

    def words(self) -> list[str]:
        return self.forms_of(range(len(self.forms)))

    def masked_text(self) -> str:
        """The normalized words without demographic descriptors or punctuation, so inserting
        or swapping a descriptor (and the full stop after it) leaves the text exactly the same."""
        return " ".join(f for f, keep in zip(self.forms, self.keep, strict=True) if keep and f is not None)

    def risk_words(self, cues: list[Cue], resolved: dict[str, str]) -> list[str]:
        """Only what the note says about violence: the words of each violence-kind cue's
        clause and the violence cue features; ``["risk=none"]`` without any violence cue."""
        violent = [c for c in cues if c.kind in VIOLENCE_KINDS]
        if not violent:
            return ["risk=none"]
        words = [form for run in self._risk_runs() for form in self.forms_of(run)]
        return words + cue_features(violent, {k: v for k, v in resolved.items() if k in VIOLENCE_KINDS})

    def _risk_runs(self) -> list[range]:
        """Word runs that speak about violence: each violence-kind cue with its assertion
        clause, cut short at the nearest cue of another kind, so what the note says about the
        crisis (an overdose, voices, a wish to die) and how long it takes to say it change
        nothing."""
        data = self.data
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
