"""Objects used for self-harm: "cutting his arm with a piece of glass" names a weapon held
against oneself (TAXONOMY section 2), whatever the object is; and the other way round, a cut
by accident ("cut himself with a kitchen knife while cooking") is an injury, its blade no
weapon (``Accidents``, the lexicon's ``accidents`` section).

After a cue of a self-harm concept, a marker word ("with", "using") a few words on and the
words that follow it name the object; they become a weapon cue unless they already are a
cue (a razor is a knife; pills are a substance, not a weapon). Either way the weapon is in
use, in hand: where it is ("in her room") puts it in no doubt. The words are the lexicon's
``self_harm_objects`` section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Span = tuple[int, int, str]
WEAPON_PREFIX = "weapon|"


@dataclass(frozen=True)
class SelfHarmObjects:
    """The rule, read from the lexicon's ``self_harm_objects`` section."""

    after: frozenset[str]  # cue labels ("kind|concept") an object may follow
    markers: frozenset[str]  # words that introduce the object ("with", "using")
    stop: frozenset[str]  # words that end the object ("and", "in", "while" …)
    fillers: frozenset[str]  # words that are no object on their own ("a", "her", "piece of")
    not_objects: frozenset[str]  # words that say it is no object at all ("mom", "no", "intent")
    label: str  # the weapon cue label the object gets
    max_words: int  # most words of an object that are not fillers
    max_gap: int  # most words between the cue and the marker

    @classmethod
    def from_lexicon(cls, section: Mapping[str, Any]) -> SelfHarmObjects | None:
        if not section:
            return None
        return cls(
            after=frozenset(section["after"]),
            markers=frozenset(w.lower() for w in section["markers"]),
            stop=frozenset(w.lower() for w in section["stop"]),
            fillers=frozenset(w.lower() for w in section["fillers"]),
            not_objects=frozenset(w.lower() for w in section["not_objects"]),
            label=f"{WEAPON_PREFIX}{section['concept']}",
            max_words=int(section["max_words"]),
            max_gap=int(section["max_gap"]),
        )

    def find(self, words: list[str], cues: list[Span]) -> list[Span]:
        """The weapons used for self-harm (``cues`` in text order): a new weapon cue for an
        object the lexicon does not know, the known weapon cue ("with a razor") as it is."""
        inside = {i: (start, end, label) for start, end, label in cues for i in range(start, end)}
        found = []
        for _, end, label in cues:
            if label in self.after:
                marker = self._marker(words, end, inside)
                span = self._object(words, marker + 1, inside) if marker is not None else None
                if span is not None:
                    found.append(span)
        return found

    def _marker(self, words: list[str], end: int, inside: dict[int, Span]) -> int | None:
        for i in range(end, min(end + self.max_gap + 1, len(words))):
            if words[i] in self.markers:
                return i
            if i in inside or not _is_word(words[i]):
                return None
        return None

    def _object(self, words: list[str], first: int, inside: dict[int, Span]) -> Span | None:
        last, named = first, 0
        while last < len(words) and named < self.max_words:
            word = words[last]
            if last in inside:  # "with a razor": the knife cue; "with pills": no weapon
                known = inside[last]
                return known if known[2].startswith(WEAPON_PREFIX) and known[0] == last else None
            if word in self.not_objects:  # "with her mom watching": no object
                return None
            if not _is_word(word) or word in self.stop:
                break
            named += word not in self.fillers
            last += 1
        if all(w in self.fillers for w in words[first:last]):
            return None
        return first, last, self.label


def _by_first_word(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in {tuple(p.lower().split()) for p in phrases if p.strip()}:
        out.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(sorted(group, key=len, reverse=True)) for first, group in out.items()}


def _is_word(word: str) -> bool:
    return any(ch.isalnum() for ch in word)


@dataclass(frozen=True)
class Accidents:
    """A cut by accident is an injury, not self-harm, and the blade that cut is the tool of
    the injury, not a weapon ("cut himself with a kitchen knife while cooking", "sliced her
    thumb on a knife"). Read from the lexicon's ``accidents`` section:

    - a cue of ``cues`` (self-harm) with an accident phrase (``context``: "accidentally",
      "while cooking") within ``reach`` words of it, in the same run of words (no punctuation
      between) and not after a negator ("not accidentally"), becomes ``label``;
    - after a cue of ``label``, a marker word ("with", "on") at most ``max_gap`` words on and
      the fillers after it, a weapon cue that starts there is the tool: it is no cue.

    A note with a cue of an ``unless`` kind or label (an assault, a threat, aggression, an
    argument) keeps every cue as it is: a knife in a fight is a weapon whatever else is said.
    """

    cues: frozenset[str]
    context: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases, longest first
    label: str
    markers: frozenset[str]
    fillers: frozenset[str]
    negators: frozenset[str]
    unless: frozenset[str]  # cue kinds ("assault") or labels ("family|argument")
    reach: int
    max_gap: int

    @classmethod
    def from_lexicon(cls, section: Mapping[str, Any]) -> Accidents | None:
        if not section:
            return None
        return cls(
            cues=frozenset(section["cues"]),
            context=_by_first_word(section["context"]),
            label=section["becomes"],
            markers=frozenset(w.lower() for w in section["markers"]),
            fillers=frozenset(w.lower() for w in section["fillers"]),
            negators=frozenset(w.lower() for w in section["negators"]),
            unless=frozenset(section["unless"]),
            reach=int(section["reach"]),
            max_gap=int(section["max_gap"]),
        )

    def apply(self, words: list[str], cues: list[Span]) -> list[Span]:
        """``cues`` (in text order) with accidental cuts relabelled and their tools dropped."""
        if not cues or any(label in self.unless or label.split("|", 1)[0] in self.unless for _, _, label in cues):
            return cues
        cues = [
            (start, end, self.label) if label in self.cues and self._accidental(words, start, end) else (start, end, label)
            for start, end, label in cues
        ]
        tools = {self._tool(words, end, cues) for _, end, label in cues if label == self.label} - {None}
        return [span for span in cues if (span[0], span[1]) not in tools or not span[2].startswith(WEAPON_PREFIX)]

    def _accidental(self, words: list[str], start: int, end: int) -> bool:
        left = start
        while left > 0 and start - left < self.reach and _is_word(words[left - 1]):
            left -= 1
        right = end
        while right < len(words) and right - end < self.reach and _is_word(words[right]):
            right += 1
        for i in [*range(left, start), *range(end, right)]:
            bound = start if i < start else right
            for phrase in self.context.get(words[i], ()):
                if i + len(phrase) <= bound and tuple(words[i : i + len(phrase)]) == phrase:
                    return not (i > left and words[i - 1] in self.negators)
        return False

    def _tool(self, words: list[str], end: int, cues: list[Span]) -> tuple[int, int] | None:
        starts = {start: stop for start, stop, label in cues if label.startswith(WEAPON_PREFIX)}
        taken = {i for start, stop, _ in cues for i in range(start, stop)}
        for i in range(end, min(end + self.max_gap + 1, len(words))):
            if words[i] in self.markers:
                j = i + 1
                while j < len(words) and j not in starts and words[j] in self.fillers:
                    j += 1
                return (j, starts[j]) if j in starts else None
            if i in taken or not _is_word(words[i]):
                return None
        return None
