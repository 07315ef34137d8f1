"""First, simple cue finder: weapon and medical-need mentions with basic negation and updates.

The language-layer issue replaces this with spaCy components; callers only use `Cue`,
`find_cues` and `resolve`, so the replacement can keep this interface.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Status = Literal["affirmed", "negated", "uncertain", "historical"]
Kind = Literal["weapon", "medical"]


@dataclass(frozen=True)
class Cue:
    """One mention of a concept in a note, with what the note asserts about it."""

    kind: Kind
    concept: str
    status: Status
    start: int
    end: int
    text: str
    segment: int  # 0 for the original note, 1.. for appended updates, in order

    def label(self) -> str:
        """Short form shown to a call-taker, e.g. ``weapon: knife`` or ``negated weapon: weapons``."""
        prefix = "" if self.status == "affirmed" else f"{self.status} "
        return f"{prefix}{self.kind}: {self.concept}"


_WEAPONS: dict[str, str] = {
    # calibres only with their mark (".22", "9mm", "45 cal"): a bare 22 is an age or a unit
    r"(?:hand)?guns?|pistols?|revolvers?|firearms?|rifles?|shot ?guns?|ar-?15|glock|"
    r"\.(?:22|38|40|45|357)|(?:22|38|40|45|357) ?(?:cal(?:iber)?|mag(?:num)?)|9 ?mm": "gun",
    r"shots? fired|fired (?:a )?shots?|shooting at": "gun",
    r"(?:kitchen |steak |pocket |butcher )?kni(?:fe|ves)|box ?cutters?|razor blades?|(?<!shoulder )blades?": "knife",
    r"machetes?|swords?|axes?|hatchets?": "machete",
    # "pipe", "club", "stick" alone are mostly a crack pipe, a night club, a walking stick
    r"(?:baseball |wooden |metal )?bats?|golf clubs?|billy clubs?|crow ?bars?|tire irons?|"
    r"(?:metal|lead|steel|iron) pipes?|hammers?": "blunt object",
    r"screw ?drivers?|scissors|broken glass|broken bottles?|(?:glass )?shards?": "sharp object",
    r"weapons?|armed": "weapon",
}
_MEDICAL: dict[str, str] = {
    r"overdos(?:e|ed|ing)|\bods?\b|\bo\.d\.?|took (?:a |an )?(?:bottle|handful|bunch|lot|\d+) (?:of )?(?:pills|tabs)|ingest(?:ed|ion)|narcan": "overdose",
    r"unresponsive|unconscious|not responding|passed out|won'?t wake|conscious\s*[:\-]\s*(?:no|neg)": "unresponsive",
    r"not breathing|trouble breathing|difficulty breathing|short(?:ness)? of breath|can'?t breathe|breathing\s*[:\-]\s*(?:no|neg|labored)|blue lips": "breathing",
    r"seiz(?:ure|ures|ing)": "seizure",
    r"bleeding|blood everywhere|cut (?:his |her |their )?wrists?|lacerations?": "bleeding",
    r"can'?t stand|unable to stand|falling down drunk|vomiting": "too intoxicated",
    r"injur(?:y|ies|ed)|hurt (?:his|her) head|head injury|fell and": "injury",
}

_NEG_BEFORE = re.compile(
    r"\b(?:no|neg|negative|not|denies|denied|deny|w/o|without|none|never|no known|nkw)\b[\s\w/-]{0,12}$",
    re.I,
)
_NEG_AFTER = re.compile(
    r"^\s*(?:(?:\w+\s*){0,2}[:\-=]\s*|\s+)(?:no|neg|negative|none|denied|n|not seen|none seen)\b", re.I
)
_UNC_BEFORE = re.compile(
    r"\b(?:unk|unknown|poss|possibly|possible|may|might|maybe|could|unsure|not sure|believes?|"
    r"won'?t say|access to|unk if|unknown if|any|asked (?:about|if)|if)\b[\s\w/-]{0,20}$",
    re.I,
)
_UNC_AFTER = re.compile(
    r"^\s*(?:(?:\w+\s*){0,2}[:\-=]\s*(?:unk|unknown|\?)|\?|"
    r"(?:\w+\s+){0,3}(?:in the (?:house|home|residence|apartment|car|garage)|at home|locked|in a safe|"
    r"in (?:his|her|their) (?:room|car|truck|closet)|not on (?:him|her|them)))",
    re.I,
)
# a protocol question the template left blank ("WEAPONS INVOLVED:" then nothing) says nothing
_BLANK_ANSWER = re.compile(r"^\s*(?:\w+\s*){0,2}:\s*(?:$|[|\n/]|[a-z ]{1,20}:)", re.I)
_HIST = re.compile(
    r"\b(?:hx|history|earlier|previously|last (?:week|month|year)|took (?:it|them) away|"
    r"removed|secured|put (?:it|them) away|dropped (?:it|the))\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[.;,|\n!?]|\bbut\b|\band (?:is|was|states?|says?)\b", re.I)
_UPDATE_MARK = re.compile(
    r"\bupd(?:ate)?d?\b\s*[:\-]?|\*{2,}[^*\n]{0,40}\*{2,}|\*{2,}|\b(?:rp|caller|comp) (?:called|calling) back\b|"
    r"\bcall ?back\s*[:\-]|\b[0-2]\d[0-5]\d\s*hrs\b|\bper (?:rp|caller|comp) now\b",
    re.I,
)


def _compile(table: dict[str, str]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"(?<![\w/])(?:{pattern})(?!\w)", re.I), concept) for pattern, concept in table.items()]


_PATTERNS: dict[Kind, list[tuple[re.Pattern[str], str]]] = {
    "weapon": _compile(_WEAPONS),
    "medical": _compile(_MEDICAL),
}


def split_updates(text: str) -> list[tuple[int, int]]:
    """Character spans of the original note and each appended update, in order."""
    starts = [0] + [m.start() for m in _UPDATE_MARK.finditer(text) if m.start() > 0]
    ends = starts[1:] + [len(text)]
    return [(s, e) for s, e in zip(starts, ends, strict=True) if e > s]


_WINDOW = 120  # characters looked at on each side of a match: keeps long notes linear


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after a match, cut at the nearest clause boundary on each side."""
    before = text[max(0, start - _WINDOW) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    after = text[end : end + _WINDOW]
    nxt = _CLAUSE_BREAK.search(after)
    # protocol answers ("WEAPONS: NO") follow a colon, which is not a clause break
    if nxt:
        after = after[: nxt.start()]
    return before, after


def _status(text: str, start: int, end: int, kind: Kind) -> Status | None:
    before, after = _clause(text, start, end)
    if _BLANK_ANSWER.match(text[end : end + 40]):
        return None
    if _NEG_AFTER.match(after) or _NEG_BEFORE.search(before):
        return "negated"
    if _UNC_AFTER.match(after) or _UNC_BEFORE.search(before) or text[end : end + 3].lstrip().startswith("?"):
        return "uncertain"
    if kind == "weapon" and (_HIST.search(before) or _HIST.search(after)):
        return "historical"
    return "affirmed"


def find_cues(text: str) -> list[Cue]:
    """Every weapon and medical-need mention in ``text``, in order, each with its status."""
    cues: list[Cue] = []
    for segment, (seg_start, seg_end) in enumerate(split_updates(text)):
        for kind, patterns in _PATTERNS.items():
            taken = bytearray(seg_end - seg_start)  # characters already claimed by a longer concept
            for pattern, concept in patterns:
                for m in pattern.finditer(text, seg_start, seg_end):
                    if any(taken[m.start() - seg_start : m.end() - seg_start]):
                        continue
                    taken[m.start() - seg_start : m.end() - seg_start] = b"\x01" * (m.end() - m.start())
                    status = _status(text, m.start(), m.end(), kind)
                    if status is None:
                        continue
                    cues.append(Cue(kind, concept, status, m.start(), m.end(), m.group(0), segment))
    return sorted(cues, key=lambda c: c.start)


def resolve(cues: list[Cue], kind: Kind) -> Status | None:
    """What the note finally says about ``kind``: the latest update that mentions it wins.

    Within that update an affirmed mention outweighs an uncertain one, which outweighs
    a historical one, which outweighs a negation (a missed weapon costs most).
    """
    of_kind = [c for c in cues if c.kind == kind]
    if not of_kind:
        return None
    last = max(c.segment for c in of_kind)
    statuses = {c.status for c in of_kind if c.segment == last}
    for status in ("affirmed", "uncertain", "historical", "negated"):
        if status in statuses:
            return status  # type: ignore[return-value]
    return None
