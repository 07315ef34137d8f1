"""The assertion component: gives every cue a status (affirmed, negated, uncertain,
historical, other, or blank for an unanswered protocol question), looking only inside its
clause, and records the clause bounds (``clauses``) that ``risk_words`` reuses.

A clause runs at most ``before`` words back and ``after`` words on from the cue, and ends
at punctuation, at a ``scope_end`` word and at an update marker.

A weapon is someone else's (an officer's) only when an officer word stands at most
``OTHER_PERSON_REACH`` words before it with nothing but ``other_person_words`` between
("OFFICER HAS HIS GUN DRAWN"); "SEND POLICE HE HAS A GUN" names the subject's gun.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from call_nlp.language.components import NEWLINE, NoteData, PhraseIndex
from call_nlp.language.protocols import ANSWER_SEPARATORS, PROTOCOL_KIND

NOT_TRIGGER = "not_triggers"
#: Trigger lists that are not triggers: where a clause ends, and what a negation carries across.
STRUCTURE = ("scope_end", "coordination", "other_person_words")
#: Cue kinds a belief verb ("thinks", "believes") asserts rather than puts in doubt.
HELD_BELIEF_KINDS = frozenset({"psychosis"})
NEGATION = frozenset({"negation_after", "negation_before"})
UNCERTAIN = frozenset({"uncertain_after", "uncertain_before"})
#: Words of `uncertain_after` that doubt any cue, not only a weapon ("SUICIDAL?", "OD UNKNOWN").
DOUBT_WORDS = frozenset({"unknown", "?", "unsure", "maybe", "possibly", "possible", "unconfirmed"})
#: How many words the nearest officer word may stand before a weapon to make it theirs.
OTHER_PERSON_REACH = 3
#: How many words an update header may have before its colon ("UPDATE FROM RP:").
HEADER_WORDS = 4

Trigger = tuple[str, int, int]


@dataclass(frozen=True)
class _Note:
    """What the status of one cue is read from."""

    words: list[str]
    triggers: list[Trigger]
    cue_end_at: dict[int, int]  # a cue's first word -> its end
    coordination: frozenset[str]
    #: the only words that may stand between an officer word and the officer's weapon
    officer_words: frozenset[str] = frozenset()


def _question_colon(words: list[str], end: int, right: int) -> int | None:
    """Where the colon is that makes a cue a protocol question ("WEAPONS: UNK"): within two
    words after it, inside its clause. A clause ends at an update marker, so "NEG WEAPONS
    UPD: …" is a statement followed by an update, not a question."""
    for i in range(end, min(end + 3, right)):
        if words[i] == ":":
            return i
    return None


def _blank_answer(words: list[str], colon: int, right: int) -> bool:
    """A protocol question the template left blank ("WEAPONS INVOLVED: |") states nothing:
    its clause ends right after the colon, or another question follows at once."""
    return colon + 1 >= right or (colon + 2 < len(words) and words[colon + 2] == ":")


def _before(note: _Note, triggers: list[Trigger], left: int, start: int) -> set[str]:
    """Trigger kinds before the cue in its clause. A trigger that opens another cue ("NO
    THREATS") reaches this one only across coordination ("NO THREATS OR WEAPONS")."""
    kinds = set()
    for kind, s, e in triggers:
        if left <= s and e <= start:
            other_end = note.cue_end_at.get(s)
            if other_end is None or other_end > start or set(note.words[other_end:start]) <= note.coordination:
                kinds.add(kind)
    return kinds


def _answered(note: _Note, triggers: list[Trigger], start: int, end: int, left: int, right: int) -> set[str]:
    """Trigger kinds that answer the cue: after a separator ("WEAPONS: NO"), or right after
    a cue that opens its clause ("WEAPONS NEG"); "HAS A KNIFE NOT MAKING SENSE" answers nothing."""
    return {
        k for k, s, e in triggers
        if end <= s <= end + 3 and e <= right
        and ((s == end and left == start) or any(w in ANSWER_SEPARATORS for w in note.words[end:s]))
    }


def status(kind: str, note: _Note, span: tuple[int, int], clause: tuple[int, int], in_use: bool) -> str:
    """The status of one cue of ``kind`` at ``span`` whose clause is ``clause``."""
    if kind == PROTOCOL_KIND:  # a determinant code or protocol title is what it is
        return "affirmed"
    (start, end), (left, right) = span, clause
    words = note.words
    # every trigger that counts stands inside the clause
    triggers = [t for t in note.triggers if left <= t[1] and t[2] <= right]
    if not triggers:
        return "blank" if _blank_question(words, end, right) else "affirmed"
    if kind == "weapon" and any(
        k == "other_person_before" and left <= s and e <= start and start - e <= OTHER_PERSON_REACH
        and all(w in note.officer_words for w in words[e:start])
        for k, s, e in triggers
    ):
        return "other"
    answered = _answered(note, triggers, start, end, left, right)
    before = _before(note, triggers, left, start)
    # "WEAPONS: UNK": only the answer counts; but "W/O ANY WEAPONS INTENTIONAL: NO" states,
    # it asks nothing (a negation that is no answer itself: "PETS: NO WEAPONS: UNK" asks)
    stated = any(
        k == "negation_before" and left <= s and e <= start and words[s - 1 if s else 0] != ":"
        for k, s, e in triggers
    )
    colon = None if stated else _question_colon(words, end, right)
    if colon is not None:
        if _blank_answer(words, colon, right):
            return "blank"
        return "negated" if NEGATION & answered else "uncertain" if UNCERTAIN & answered else "affirmed"
    after = {k for k, s, e in triggers if end <= s and e <= right}
    if NEGATION & answered or "negation_before" in before:
        return "negated"
    # believing a delusion is the symptom: "THINKS NEIGHBOR IS POISONING HER" is no doubt
    doubt = {"uncertain_before"} | ({"belief_before"} if kind not in HELD_BELIEF_KINDS else set())
    # a weapon in use is in hand wherever it is ("cutting her arm with glass in her room")
    # where a thing is ("IN HIS ROOM", "IN THE CAR") puts only a weapon in doubt (access, not
    # possession); "PUNCHED HOLES IN THE BEDROOM WALL" happened all the same
    doubted_after = "uncertain_after" in after if kind == "weapon" else any(
        k == "uncertain_after" and end <= s and e <= right and words[s] in DOUBT_WORDS for k, s, e in triggers
    )
    if (doubted_after and not in_use) or doubt & before:
        return "uncertain"
    if "historical_after" in after or "historical_before" in before:
        return "historical"
    return "affirmed"


def _blank_question(words: list[str], end: int, right: int) -> bool:
    """Without any trigger in its clause, whether a cue is a protocol question left blank
    (what `status` finds for it: no answer can negate or doubt it, and nothing else applies)."""
    colon = _question_colon(words, end, right)
    return colon is not None and _blank_answer(words, colon, right)


def answers_a_question(words: list[str], markers: set[int], cue_words: set[int] | frozenset[int], i: int) -> bool:
    """Whether the word at ``i`` answers a protocol question ("BREATHING: NO", "VIOLENT: NO"):
    it follows a colon after a cue, and the colon closes no update header ("UPD: NO WEAPONS",
    "UPDATE FROM RP: NO WEAPONS" and "CHIEF COMPLAINT: NO WEAPONS" state, they answer nothing)."""
    if i < 2 or words[i - 1] != ":" or (i - 2) not in cue_words:
        return False
    for j in range(i - 2, max(i - 2 - HEADER_WORDS, -1), -1):
        if j in markers:
            return False
        if words[j] == ":":
            break
    return True


def _triggers(matches: list[Trigger], words: list[str], cues: list[tuple[int, int, str]],
              markers: set[int]) -> list[Trigger]:
    """The triggers that count: a protocol answer ("BREATHING: NO") negates nothing after
    it; a trigger inside a longer one ("not" in "not sure if") is dropped (same-span labels
    kept); a not_triggers phrase drops every trigger it overlaps ("put down" in "won't put
    down"); and a trigger inside a cue's own wording ("not" in "can not stand") asserts no
    other cue."""
    cue_words = {i for s, e, _ in cues for i in range(s, e)}
    matches = [
        (k, s, e) for k, s, e in matches
        if not (k == "negation_before" and answers_a_question(words, markers, cue_words, s))
    ]
    # the words a not_triggers phrase or a cue's own wording (past its first word) covers
    shadowed = {i for k, s, e in matches if k == NOT_TRIGGER for i in range(s, e)}
    shadowed.update(i for s, e, _ in cues for i in range(s + 1, e))
    longer = {(s, e) for _, s, e in matches if e - s > 1}  # only these can hold a shorter one
    return [
        (k, s, e) for k, s, e in matches
        if k != NOT_TRIGGER and shadowed.isdisjoint(range(s, e))
        and not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2 in longer)
    ]


def make_assertion(phrases: PhraseIndex, triggers: dict[str, list[str]], uncertain_concepts: list[str],
                   before: int = 6, after: int = 5) -> Any:
    """Gives every cue a status (``status``) and records its clause (``clauses``). A cue of
    an ``uncertain_concepts`` concept ("carry permit", "if carrying") stated plainly is
    uncertain, not affirmed."""
    scope_end = {t.lower() for t in triggers.get("scope_end", [])} | {NEWLINE}
    coordination = frozenset(t.lower() for t in triggers.get("coordination", []))
    # "OFFICER HAS HIS GUN DRAWN" is the officer's gun; "SEND POLICE HE HAS A GUN" is not
    officer_words = frozenset(t.lower() for t in triggers.get("other_person_words", []))
    name = phrases.add("triggers", {kind: terms for kind, terms in triggers.items() if kind not in STRUCTURE})
    maybe = frozenset(uncertain_concepts)

    def clause(words: list[str], segments: list[int], start: int, end: int) -> tuple[int, int]:
        left = start
        while left > 0 and start - left < before and words[left - 1] not in scope_end and (
            segments[left - 1] == segments[start]
        ):
            left -= 1
        right = end
        while right < len(words) and right - end < after and words[right] not in scope_end and (
            segments[right] == segments[start]
        ):
            right += 1
        if right < len(words) and words[right] == "?":
            right += 1  # "ANY WEAPONS?" asks, it does not state
        return left, right

    def assert_(data: NoteData) -> NoteData:
        cues = data["cues"]
        words, segments = data["words"], data["segments"]
        clauses = [clause(words, segments, start, end) for start, end, _ in cues]
        matches = data["phrases"][name] if cues else []
        markers = data.get("markers", set())
        note = _Note(
            words, _triggers(matches, words, cues, markers), {s: e for s, e, _ in cues}, coordination, officer_words
        )
        stated, in_use = data.get("stated", set()), data.get("in_use", set())
        statuses = []
        for (start, end, label), bounds in zip(cues, clauses, strict=True):
            said = "affirmed" if (start, end) in stated else status(
                label.split("|", 1)[0], note, (start, end), bounds, (start, end) in in_use
            )
            statuses.append("uncertain" if said == "affirmed" and label in maybe else said)
        data["status"], data["clauses"] = statuses, clauses
        return data

    return assert_
