"""Label-preserving perturbations of a note: typos, letter case, dispatch shorthand.

All pure functions of the text (and a seed), so every case is reproducible.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

#: Typos never touch a word starting with one of these stems: weapons, medical needs,
#: negation/uncertainty/update markers, crisis signals, relations and dispatch shorthand.
#: Conservative on purpose ("bat" also protects "bathroom"): a typo test must not edit a cue.
PROTECTED_STEMS: tuple[str, ...] = (
    # weapons and violence
    "weapon", "arm", "knife", "kniv", "gun", "pistol", "rifle", "firearm", "bat", "machete", "hammer",
    "blade", "bottle", "scissor", "screwdriver", "shot", "threat", "kill", "hurt", "stab", "shoot",
    "punch", "hit", "assault", "combativ", "aggress", "violen", "destroy", "break", "broke", "threw",
    "smash", "slam", "swing", "wav", "holding", "grabb", "pulled", "fight", "attack",
    # suicide, psychosis, distress
    "suicid", "die", "dying", "dead", "death", "end", "jump", "goodbye", "voice", "hallucin", "paranoi",
    "delusion", "camera", "watching", "meds", "medic", "psych", "cry", "panic", "anxi", "overwhelm",
    "depress", "hopeless", "grief", "upset", "confus", "wander", "lost", "alone", "talk", "sense",
    "dement", "bridge", "rail", "overpass", "ledge", "roof",
    # substances and medical need
    "pill", "handful", "bunch", "overdos", "drunk", "etoh", "alcohol", "intox", "high", "meth", "heroin", "fentanyl",
    "narcan", "unrespons", "uncons", "breath", "bleed", "blood", "wrist", "seiz", "vomit", "stand",
    "wake", "injur", "fell", "slump", "pass", "drows", "sleep", "lips", "chest", "pain",
    # welfare, family, crime
    "answer", "mail", "freez", "elder", "yell", "scream", "argu", "refus", "school", "mother", "father",
    "husband", "wife", "brother", "sister", "daughter", "son", "boyfriend", "girlfriend", "roommate",
    "burglar", "robber", "fire", "smoke", "accident", "vehicle",
    # negation, uncertainty, history, updates, calm
    "calm", "cooperat", "safe", "denie", "deny", "negat", "unk", "poss", "may", "might", "maybe",
    "could", "unsure", "believ", "access", "earlier", "took", "away", "remov", "locked", "upd",
    "callback", "other", "seen", "never", "none", "without", "nothing", "just", "now", "still",
    "history", "states", "says", "subj", "subject", "report", "caller", "there",
    # negative contractions written without the apostrophe ("HASNT", "ARENT")
    "hasn", "doesn", "isn", "wasn", "aren", "didn", "couldn", "wouldn", "won", "can",
)
MIN_TYPO_WORD = 5
_WORD = re.compile(r"[A-Za-z]+")


def typo_eligible(word: str) -> bool:
    """Whether a typo may land in ``word`` (long enough and not a cue or marker)."""
    low = word.lower()
    return len(word) >= MIN_TYPO_WORD and not low.startswith(PROTECTED_STEMS)


def add_typos(text: str, seed: int, n: int = 2) -> str:
    """``text`` with ``n`` typos (an inner adjacent swap or an inner drop) in eligible words."""
    rng = random.Random(seed)
    words = [m for m in _WORD.finditer(text) if typo_eligible(m.group())]
    chosen = sorted(rng.sample(words, min(n, len(words))), key=lambda m: m.start(), reverse=True)
    out = text
    for m in chosen:
        word = m.group()
        if rng.random() < 0.5:
            i = rng.randrange(1, len(word) - 2)
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        else:
            typo = word
        if typo == word:  # a drop, or a swap of two equal letters
            i = rng.randrange(1, len(word) - 1)
            typo = word[:i] + word[i + 1 :]
        out = out[: m.start()] + typo + out[m.end() :]
    return out


def _cased(replacement: str, matched: str, *, abbreviation: bool) -> str:
    """Letter case of ``matched`` carried over: shorthand stays upper unless the text was lower."""
    if abbreviation:
        return replacement.lower() if matched.islower() else replacement.upper()
    return replacement.upper() if matched.isupper() else replacement.lower()


# (name, shorthand pattern, spelled-out form, spelled-out pattern, shorthand form)
_SHORTHAND: tuple[tuple[str, str, str, str, str], ...] = (
    ("RP", r"\bRP\b", "reporting party", r"\breporting party\b", "RP"),
    ("SUBJ", r"\bSUBJ\b", "subject", r"\bsubject\b", "SUBJ"),
    ("W/", r"(?<![\w/])W/(?![\w/])", "with", r"\bwith\b", "W/"),
    ("ETOH", r"\bETOH\b", "alcohol", r"\balcohol\b", "ETOH"),
    ("YOM", r"(?<=\d) ?YOM\b", " year old male", r"(?<=\d)[ -]year[ -]old male\b", "YOM"),
    ("YOF", r"(?<=\d) ?YOF\b", " year old female", r"(?<=\d)[ -]year[ -]old female\b", "YOF"),
    ("HX", r"\bHX(?: OF)?\b", "history of", r"\bhistory of\b", "HX"),
    ("UNK", r"\bUNK\b", "unknown", r"\bunknown\b", "UNK"),
)
SHORTHAND_NAMES: tuple[str, ...] = tuple(s[0] for s in _SHORTHAND)


def _substitute(pattern: str, form: str, text: str, *, abbreviation: bool) -> str:
    return re.sub(pattern, lambda m: _cased(form, m.group(0), abbreviation=abbreviation), text, flags=re.I)


def expand_shorthand(text: str, names: tuple[str, ...] = SHORTHAND_NAMES) -> str:
    """Spell out the named shorthand forms (``RP`` -> ``reporting party``), keeping letter case."""
    for name, short, long_form, _, _ in _SHORTHAND:
        if name in names:
            text = _substitute(short, long_form, text, abbreviation=False)
    return text


def contract_shorthand(text: str, names: tuple[str, ...] = SHORTHAND_NAMES) -> str:
    """Abbreviate the named spelled-out forms (``history of`` -> ``HX``)."""
    for name, _, _, long_pattern, short in _SHORTHAND:
        if name in names:
            text = _substitute(long_pattern, short, text, abbreviation=True)
    return text


CASE_VARIANTS: dict[str, Callable[[str], str]] = {"lower": str.lower, "upper": str.upper}
