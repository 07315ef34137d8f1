"""Protocol-software text: determinant codes and protocol questions.

Emergency medical and fire dispatch protocols code a call as ``<protocol><acuity><determinant>``
(``25-B-3``, ``23C01``, ``10D04``): the number is the protocol (25 psychiatric / suicide
attempt, 23 overdose, 17 falls …), the letter the acuity (Omega, Alpha … Echo). The tokenizer
writes every spelling of a code as the same two words, ``protocol_25 acuity_b``, so the
classifier gets one feature whatever the spelling; the cue component turns a protocol
number the lexicon knows into a ``protocol`` cue named ``"<name> (<number>)"``.

The lexicon's ``protocols`` section holds the numbers, the protocol titles typed in
"Chief Complaint:" lines, the questions whose "no" states a cue ("CONSCIOUS: NO") and the
questions that are a cue only in some calls ("INTENTIONAL: YES" in an overdose call).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PROTOCOL_PREFIX = "protocol_"
ACUITY_PREFIX = "acuity_"
PROTOCOL_KIND = "protocol"
#: Matcher label of a context question (``CONTEXT_QUESTION_<index>``) before it is resolved.
CONTEXT_PREFIX = "CONTEXT_QUESTION_"
#: What separates a protocol question from its answer ("BREATHING: NO", "CONSCIOUS - N").
ANSWER_SEPARATORS = frozenset({":", "-", "="})
#: A determinant code: protocol number, acuity letter (Ω is Omega), determinant number and an
#: optional suffix letter, with or without dashes; not inside a longer word or number.
_CODE = re.compile(r"(?<![\w-])(\d{1,3})-?([oabcdeΩω])-?(\d{1,2})(?:-?[a-z])?(?![\w-])", re.IGNORECASE)
_OMEGA = {"ω": "o"}


def find_codes(text: str) -> list[tuple[int, int, list[str]]]:
    """Each determinant code in ``text``: its character span and its normalized words."""
    return [
        (m.start(), m.end(), [f"{PROTOCOL_PREFIX}{int(m.group(1))}", f"{ACUITY_PREFIX}{_acuity(m.group(2))}"])
        for m in _CODE.finditer(text)
    ]


def _acuity(letter: str) -> str:
    lower = letter.lower()
    return _OMEGA.get(lower, lower)


def keeps_digits(word: str) -> bool:
    """Protocol words keep their number: ``protocol_25`` and ``protocol_17`` must differ."""
    return word.startswith(PROTOCOL_PREFIX)


def concept(number: int | str, name: str) -> str:
    """The concept of a protocol cue, e.g. ``falls (17)``."""
    return f"{name} ({int(number)})"


@dataclass(frozen=True)
class ContextQuestion:
    """A protocol question that is a cue only in some calls: its ``label`` when the note has
    a protocol cue of one of ``protocols`` or a cue labelled one of ``with_cues``."""

    label: str
    questions: tuple[str, ...]
    protocols: frozenset[str]  # protocol cue labels, e.g. "protocol|overdose/poisoning (23)"
    with_cues: frozenset[str]

    def applies(self, labels: set[str]) -> bool:
        return bool(labels & (self.protocols | self.with_cues))


@dataclass(frozen=True)
class ProtocolTable:
    """The lexicon's ``protocols`` section, as cue labels and a word scan."""

    codes: dict[str, str]  # protocol word ("protocol_25") -> cue label
    titles: dict[str, list[str]]  # cue label -> title phrases
    answers: dict[str, list[str]]  # cue label -> questions whose "no" states it
    no_answers: frozenset[str]  # what "no" is typed as ("no", "n")
    context_questions: tuple[ContextQuestion, ...]
    by_question: dict[str, list[str]]  # question word -> cue labels its "no" states
    by_context_question: dict[str, list[str]]  # question word -> CONTEXT_QUESTION_<i> labels

    @classmethod
    def from_lexicon(cls, section: Mapping[str, Any]) -> ProtocolTable:
        names = {str(int(n)): name for n, name in (section.get("codes") or {}).items()}
        labels = {n: f"{PROTOCOL_KIND}|{concept(n, name)}" for n, name in names.items()}
        answers = {label: [q.lower() for q in questions] for label, questions in (section.get("answers") or {}).items()}
        rules = tuple(
            ContextQuestion(
                label=rule["cue"],
                questions=tuple(q.lower() for q in rule["questions"]),
                protocols=frozenset(labels[str(int(n))] for n in rule.get("protocols", [])),
                with_cues=frozenset(rule.get("with_cues", [])),
            )
            for rule in section.get("context_questions") or []
        )
        return cls(
            codes={f"{PROTOCOL_PREFIX}{n}": label for n, label in labels.items()},
            titles={labels[str(int(n))]: list(terms) for n, terms in (section.get("titles") or {}).items()},
            answers=answers,
            no_answers=frozenset(a.lower() for a in section.get("no_answers") or []),
            context_questions=rules,
            by_question=_invert({label: list(qs) for label, qs in answers.items()}),
            by_context_question=_invert({f"{CONTEXT_PREFIX}{i}": list(r.questions) for i, r in enumerate(rules)}),
        )

    def find(self, words: list[str]) -> list[tuple[int, int, str]]:
        """Spans of protocol codes (with their acuity), "<question>: no" answers and context
        questions ("<question>:", labelled ``CONTEXT_QUESTION_<i>`` until resolved)."""
        spans: list[tuple[int, int, str]] = []
        # only a code or a word before a separator can start a span: the loop visits those alone
        candidates = {i - 1 for i, word in enumerate(words) if word in ANSWER_SEPARATORS and i > 0}
        if not self.codes.keys().isdisjoint(words):
            candidates.update(i for i, word in enumerate(words) if word in self.codes)
        for i in sorted(candidates):
            word = words[i]
            if word in self.codes:
                with_acuity = i + 1 < len(words) and words[i + 1].startswith(ACUITY_PREFIX)
                spans.append((i, i + 2 if with_acuity else i + 1, self.codes[word]))
            elif i + 1 < len(words) and words[i + 1] in ANSWER_SEPARATORS:
                answered = i + 2 < len(words) and words[i + 2] in self.no_answers
                spans += [(i, i + 3, label) for label in self.by_question.get(word, ()) if answered]
                spans += [(i, i + 2, label) for label in self.by_context_question.get(word, ())]
        return spans

    def resolve_context(self, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Context-question matches become their cue where the note's other cues allow it
        (the question word only), and are dropped where not."""
        labels = {label for _, _, label in spans}
        out = []
        for start, end, label in spans:
            if not label.startswith(CONTEXT_PREFIX):
                out.append((start, end, label))
                continue
            rule = self.context_questions[int(label[len(CONTEXT_PREFIX):])]
            if rule.applies(labels):
                out.append((start, start + 1, rule.label))
        return out


def _invert(questions: dict[str, list[str]]) -> dict[str, list[str]]:
    """label -> questions, as question -> labels."""
    out: dict[str, list[str]] = {}
    for label, words in questions.items():
        for word in words:
            out.setdefault(word, []).append(label)
    return out
