"""Objects used for self-harm: "cutting his arm with a piece of glass" names a weapon held
against oneself (TAXONOMY section 2), whatever the object is.

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


def _is_word(word: str) -> bool:
    return any(ch.isalnum() for ch in word)
