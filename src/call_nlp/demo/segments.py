"""The parts of a composed note: segments and the plan that orders them."""

from __future__ import annotations

from dataclasses import dataclass, field

from call_nlp.demo.people import Cast
from call_nlp.demo.phrasebook import Phrase

#: Segment kinds, in the order a note usually shows them. The renderer adds update
#: markers to ``update`` segments and clock times to ``log`` segments (unit status).
KINDS = ("header", "body", "qa", "update", "log", "tail")


@dataclass
class Seg:
    """One segment of a note: a phrase (tagged) or literal neutral text."""

    phrase: Phrase | None = None
    text: str = ""
    kind: str = "body"  # one of KINDS
    prefix: str = ""  # lead-in template rendered before the phrase ("Problem:", "RP now states")
    lead: bool = False  # the first situation phrase (may get "RP STATES" framing)
    verbatim: bool = False  # caller's words in another language: no shorthand, no typos

    @property
    def tags(self) -> tuple[str, ...]:
        return self.phrase.tags if self.phrase is not None else ()


@dataclass
class Plan:
    """A composed note before rendering: ordered segments and who is in it."""

    segs: list[Seg]
    cast: Cast
    primary: str  # the main concern drawn, the ordinary-call family, or "none" when content-free
    content_free: bool = False
    ordinary: bool = False  # composed as an ordinary (not behavioral) call
    meta: dict[str, object] = field(default_factory=dict)
