"""Replace personal identifiers in a note with placeholders before it is stored.

`redact(text)` swaps phone numbers, names after a person marker (RP, CALLER, PT, COMP,
SUBJ, ...), street addresses and dates of birth for ``[PHONE]``, ``[NAME]``, ``[ADDRESS]``
and ``[DOB]``. Clinical words (weapons, symptoms, substances: every term of the packaged
lexicon) are never taken for a name. Rules, not a model: it misses names that follow no
marker, and a single upper-case word after a marker ("RP JOHN STATES") is kept, because
in an all-caps note it cannot be told from an ordinary word.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

PHONE, NAME, ADDRESS, DOB = "[PHONE]", "[NAME]", "[ADDRESS]", "[DOB]"

_DIGIT = re.compile(r"\d")  # the digits the patterns below match (any script's)

_DOB = re.compile(
    r"\b(DOB|D\.O\.B\.?|DATE OF BIRTH|BORN(?: ON)?)\s*[:#-]?\s*"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})(?!\d)",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w/])(?:\+?1[\s.-]?)?"
    r"(?:\(\d{3}\)\s*\d{3}[\s.-]?\d{4}"  # (555) 010-0100
    r"|\d{3}[\s.-]?\d{3}[\s.-]?\d{4}"  # 555-010-0100, 5550100100
    r"|\d{3}[.-]\d{4})"  # 555-0100
    r"(?![\w/])"
)
_SUFFIX = (
    r"ST|STREET|AVE|AV|AVENUE|RD|ROAD|BLVD|BOULEVARD|DR|DRIVE|LN|LANE|CT|COURT|WAY|PL|PLACE"
    r"|PKWY|PARKWAY|HWY|HIGHWAY|TER|TERRACE|CIR|CIRCLE|SQ|TRL|TRAIL|LOOP"
)
_ADDRESS = re.compile(
    r"\b\d{1,6}[A-Z]?\s+"
    r"(?:(?:N|S|E|W|NE|NW|SE|SW|NORTH|SOUTH|EAST|WEST)\.?\s+)?"
    r"(?:(?!(?:ON|AT|IN|NEAR|BY|OF|TO|FROM|WITH|AND|OR)\b)[A-Z0-9][A-Z0-9'.-]*\s+){1,3}"
    rf"(?:{_SUFFIX})\b"
    r"(?:\s*,?\s*(?:APT|APARTMENT|UNIT|STE|SUITE|RM|#)\s*#?\s*[A-Z0-9-]+)?",
    re.IGNORECASE,
)
# After a strong marker the next words are a name whatever their case.
_STRONG_MARKER = re.compile(r"\b(?:NAME\s*(?:IS|:)|NAMED|IDENTIFIED AS|ID'?D AS)\s*", re.IGNORECASE)
_MARKER = re.compile(
    r"\b(?:RP|R/P|CALLER|CLLR|PT|PATIENT|COMP|COMPL|COMPLAINANT|SUBJ|SUBJECT|SUSP|SUSPECT|VICTIM|VIC"
    r"|MOTHER|FATHER|MOM|DAD|SON|DAUGHTER|BROTHER|SISTER|WIFE|HUSBAND|BOYFRIEND|GIRLFRIEND|BF|GF"
    r"|NEIGHBOR|ROOMMATE|FRIEND|PARTNER)\b\s*[:#-]?\s*",
    re.IGNORECASE,
)
_WORD = re.compile(r"([A-Za-z][A-Za-z'-]*)(\s*,\s*|\s+|$)")
_HONORIFIC = re.compile(r"(MRS|MR|MS|MISS|MISTER)\.?\s+", re.IGNORECASE)
_MAX_NAME_WORDS = 3

#: Words that follow a marker in notes and are not names (the lexicon's terms are added).
_COMMON_WORDS = """
states stated says said reports reported reporting advises advised adv advs sts called calls calling
requests requesting req wants needs thinks believes heard hears sees saw seen found finds lives living
is was has had have now also still again just very not no neg unk unknown none
male female man woman men women boy girl adult juvenile juv teen teenager elderly old young yo yom yof
home house residence apartment apt outside inside front back yard street car vehicle room kitchen
bedroom bathroom upstairs downstairs door hallway porch lobby store park bridge building school work
hospital shelter motel hotel bus stop station
mother father mom dad son daughter brother sister wife husband boyfriend girlfriend bf gf friend
neighbor neighbors roommate partner ex uncle aunt cousin grandmother grandfather grandma grandpa
child children kid kids baby family staff security manager employee officer officers police pd
ems fire medics medic nurse doctor dr counselor therapist caseworker worker
update upd callback cb location loc unable refuses refusing refused yelling screaming crying pacing
talking walking running sitting standing lying laying sleeping agitated upset confused calm cooperative
drunk intoxicated high off meds medication medications hearing voices seeing threatening fighting
arguing bleeding breathing unresponsive conscious alert awake responsive ok okay fine safe
hispanic white black asian unhoused homeless transient adult approx approximately possibly possible
poss maybe appears seems looks looking acting behaving
dob phone ph tel cell number address addr name aka
"""


@cache
def protected_words() -> frozenset[str]:
    """Lower-case words never taken for a name: the lexicon's terms, stop words and note words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    text = resources.files("call_nlp").joinpath("resources/lexicon.yaml").read_text()
    lexicon = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster
    words: set[str] = set(_COMMON_WORDS.split()) | {w.lower() for w in STOP_WORDS}
    for term in _strings(lexicon):
        words.update(w for w in re.split(r"[^a-z']+", term.lower()) if w)
    return frozenset(words)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


def redact(text: str) -> str:
    """The note with phone numbers, marked names, street addresses and dates of birth replaced."""
    if _DIGIT.search(text):  # a date of birth, a phone number and an address each hold a digit
        text = _DOB.sub(lambda m: f"{m.group(1)} {DOB}", text)
        text = _PHONE.sub(PHONE, text)
        text = _ADDRESS.sub(ADDRESS, text)
    text = _redact_names(text, _STRONG_MARKER, strong=True)
    return _redact_names(text, _MARKER, strong=False)


def _redact_names(text: str, marker: re.Pattern[str], *, strong: bool) -> str:
    out: list[str] = []
    last = 0
    for m in marker.finditer(text):
        if m.start() < last:
            continue
        end = _name_end(text, m.end(), strong)
        if end is None:
            continue
        out.append(text[last : m.end()])
        out.append(NAME)
        last = end
    out.append(text[last:])
    return "".join(out)


def _name_end(text: str, start: int, strong: bool) -> int | None:
    """End of the name that starts at ``start``, or None when the words there are not a name."""
    protected = protected_words()
    pos, end, titled, upper = start, None, 0, 0
    honorific = _HONORIFIC.match(text, start)
    if honorific:  # "MR JONES": one word after a title is a name
        pos, strong = honorific.end(), True
    for _ in range(_MAX_NAME_WORDS):
        m = _WORD.match(text, pos)
        if not m:
            break
        word = m.group(1)
        if word.lower() in protected:
            break
        if word[0].isupper() and word[1:].islower():
            titled += 1
        elif word.isupper() and len(word) > 1:
            upper += 1
        elif not strong:
            break
        end = m.end(1)
        pos = m.end()
    if end is None:
        return None
    return end if strong or titled or upper >= 2 else None
