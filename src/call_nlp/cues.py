"""Cues: what a note says about a concept (a weapon, a suicidal statement, an overdose …)
and whether it says it is so (affirmed), is not (negated), may be (uncertain), was
(historical) or concerns someone else (other).

The language layer (`call_nlp.language`) finds them; this module holds the record and the
rule that resolves a note's appended updates: the latest update that mentions a kind wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

#: affirmed: stated so; negated: stated not so; uncertain: may be so; historical: was so
#: (or was removed during the call); other: concerns someone else (an officer's gun).
Status = Literal["affirmed", "negated", "uncertain", "historical", "other"]
#: Within one update, which status outweighs which (a missed weapon costs most).
STATUS_PRIORITY: tuple[str, ...] = ("affirmed", "uncertain", "historical", "other", "negated")


@dataclass(frozen=True)
class Cue:
    """One mention of a concept in a note, with what the note asserts about it."""

    kind: str  # weapon, threat, assault, suicide, psychosis, substance, medical, protocol, protective …
    concept: str  # what was said: knife, gunshot wound, hallucinations, overdose, cannot be reached …
    status: Status
    start: int  # character span in the raw note
    end: int
    text: str
    segment: int  # 0 for the original note, 1.. for appended updates, in order
    #: Every place the note says it, when repeated mentions were merged (see `merge`);
    #: empty for a single mention, whose place is (start, end).
    spans: tuple[tuple[int, int], ...] = ()

    def places(self) -> tuple[tuple[int, int], ...]:
        """Every (start, end) character span of the note where this cue is said."""
        return self.spans or ((self.start, self.end),)

    def label(self) -> str:
        """Short form shown to a call-taker, e.g. ``weapon: knife``, ``negated weapon: weapon
        (kind not stated)`` or ``protocol: falls (17)``."""
        prefix = "" if self.status == "affirmed" else f"{self.status} "
        return f"{prefix}{self.kind}: {self.concept}"

    def to_json(self, *, with_text: bool = True) -> dict[str, Any]:
        """The cue as the API and the record store give it: every place it is said, its label,
        and (``with_text``) the matched words; a record leaves them out, as its offsets find them."""
        out: dict[str, Any] = {"kind": self.kind, "concept": self.concept, "status": self.status}
        if with_text:
            out["text"] = self.text
        out.update(start=self.start, end=self.end, spans=[{"start": a, "end": b} for a, b in self.places()],
                   label=self.label())
        return out


def merge(cues: list[Cue]) -> list[Cue]:
    """One cue per kind, concept and status, in order of first mention, keeping every span.

    "NO WEAPONS … NO WEAPONS SEEN" is one negated weapon cue with two spans; the first
    mention gives ``start``, ``end`` and ``text``, the latest its ``segment``.
    """
    groups: dict[tuple[str, str, str], list[Cue]] = {}
    for cue in cues:
        groups.setdefault((cue.kind, cue.concept, cue.status), []).append(cue)
    merged = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1 and not first.spans:  # nothing to merge: the cue as it is
            merged.append(first)
            continue
        places = tuple(p for c in group for p in c.places())
        merged.append(replace(first, segment=max(c.segment for c in group), spans=places if len(places) > 1 else ()))
    return merged


def resolve(cues: list[Cue], kind: str) -> str | None:
    """What the note finally says about ``kind``: the latest update that mentions it wins.

    A weapon affirmed in an earlier update and negated later was there and is gone: that
    resolves to ``historical`` (removed), not ``negated`` (TAXONOMY: elevated, not low).
    """
    return _resolve([c for c in cues if c.kind == kind], kind)


def _resolve(of_kind: list[Cue], kind: str) -> str | None:
    if not of_kind:
        return None
    last = max(c.segment for c in of_kind)
    statuses = {c.status for c in of_kind if c.segment == last}
    result = next(s for s in STATUS_PRIORITY if s in statuses)
    if kind == "weapon" and result in ("negated", "other") and any(
        c.status == "affirmed" and c.segment < last for c in of_kind
    ):
        return "historical"
    return result


def resolve_all(cues: list[Cue]) -> dict[str, str]:
    """``resolve`` for every kind the note mentions."""
    by_kind: dict[str, list[Cue]] = {}
    for cue in cues:
        by_kind.setdefault(cue.kind, []).append(cue)
    return {kind: status for kind in sorted(by_kind) if (status := _resolve(by_kind[kind], kind))}
