"""Typing and transcription noise: typos, common misspellings, speech-to-text artifacts.

Noise never touches negation words, numbers or the words that carry the protocol
answer ("NO", "UNK", "W/O", "DENIES" ...), so a reader still sees what the note states:
a misspelled "knfie" is still a knife, and labels do not change.
"""

from __future__ import annotations

import random
import re

from call_nlp.demo.phrasebook import pick

MISSPELLINGS: dict[str, tuple[str, ...]] = {
    "suicidal": ("sucidal", "suicidial", "suiciadal", "sucicidal"),
    "suicide": ("sucide", "suicde", "suiside"),
    "hallucinating": ("halucinating", "hallucinatting", "halucinatting"),
    "hallucinations": ("halucinations", "hallucinatons"),
    "unresponsive": ("unresposive", "unresponsve", "unrepsonsive", "unresponive"),
    "intoxicated": ("intoxicted", "intoxiated", "intoxcated"),
    "schizophrenia": ("schitzophrenia", "schizophernia", "skitzophrenia"),
    "seizure": ("siezure", "seizur", "sezure"),
    "breathing": ("breathng", "breating", "brething"),
    "threatening": ("threating", "threatning", "thretening"),
    "weapon": ("wepon", "weapn"),
    "weapons": ("wepons", "weapns", "weaopns"),
    "knife": ("knif", "kinfe", "nife"),
    "aggressive": ("agressive", "aggresive"),
    "cooperative": ("cooperitive", "coperative"),
    "medication": ("medicaton", "medicaiton"),
    "apartment": ("appartment", "apartmnet"),
    "neighbor": ("nieghbor", "neighbr", "neigbor"),
    "harassing": ("harrassing",),
    "paranoid": ("paranoyed", "paranod"),
    "delusional": ("delusinal", "dilusional"),
    "overdose": ("overdoes", "ovedose"),
    "ambulance": ("ambulence",),
    "psychiatric": ("psychiatic", "phychiatric", "pyschiatric"),
    "conscious": ("concious", "consious"),
    "violent": ("violant", "volent"),
    "yelling": ("yeling", "yellin"),
    "screaming": ("screming", "screamin"),
    "drunk": ("drunck",),
    "bleeding": ("bleading", "bleedin"),
    "daughter": ("daugther", "duaghter"),
    "boyfriend": ("boyfreind",),
    "girlfriend": ("girlfreind",),
    "arguing": ("arguring", "argueing"),
    "unknown": ("unkown", "unknwon"),
    "possible": ("possable", "posible"),
    "history": ("histroy",),
    "states": ("sates", "stats"),
    "disoriented": ("disorientated", "disorented"),
    "manic": ("mannic",),
}
#: Words noise must never alter.
PROTECTED = frozenset(
    "no not neg nor none never denies deny denied without w/o unk unknown yes don't doesn't won't isn't "
    "hasn't didn't can't cannot wasn't aren't n y".split()
)
HOMOPHONES: dict[str, tuple[str, ...]] = {
    "their": ("there", "they're"), "there": ("their",), "to": ("too", "two"), "too": ("to",),
    "for": ("four",), "here": ("hear",), "hear": ("here",), "right": ("write",), "by": ("buy", "bye"),
    "where": ("wear",), "wait": ("weight",), "week": ("weak",), "he's": ("his",), "knew": ("new",),
    "ate": ("eight",), "one": ("won",), "through": ("threw",), "sun": ("son",), "scene": ("seen",),
    "would": ("wood",), "road": ("rode",), "made": ("maid",), "cops": ("cop's",), "meds": ("mets",),
    "pills": ("pils",), "alone": ("a loan",), "voices": ("voice is",), "tonight": ("to night",),
}
FILLERS = ("um", "uh", "um", "uh", "like", "you know", "i mean", "okay so", "uh um")
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def _typo(word: str, rng: random.Random) -> str:
    i = 1 + int(rng.random() * (len(word) - 2))
    op = rng.random()
    if op < 0.35:
        return word[:i] + word[i + 1 :]  # dropped letter
    if op < 0.6:
        return word[:i] + word[i] + word[i:]  # doubled letter
    if op < 0.85:
        return word[:i - 1] + word[i] + word[i - 1] + word[i + 1 :]  # swapped letters
    key = pick(rng, _KEYS)
    return word[:i] + (key.upper() if word[i].isupper() else key) + word[i + 1 :]  # wrong key


def _match_case(src: str, repl: str) -> str:
    if src.isupper():
        return repl.upper()
    if src[:1].isupper():
        return repl[:1].upper() + repl[1:]
    return repl


def misspell(text: str, rng: random.Random, p_typo: float, p_common: float) -> str:
    """Introduce typing errors: common misspellings and random letter slips."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if low in PROTECTED or len(word) < 4:
            return word
        if low in MISSPELLINGS and rng.random() < p_common:
            return _match_case(word, pick(rng, MISSPELLINGS[low]))
        if rng.random() < p_typo:
            return _typo(word, rng)
        return word

    return _WORD.sub(fix, text)


def number_words(n: int) -> str:
    if n < 20:
        return _NUMBER_WORDS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens - 2] + ("" if ones == 0 else " " + _NUMBER_WORDS[ones])
    return " ".join(_NUMBER_WORDS[int(d)] for d in str(n))


_DIGITS = re.compile(r"\d+")
_PUNCT = re.compile(r"[^\w\s']")


def speech_to_text(text: str, rng: random.Random) -> str:
    """Lower case, no punctuation, spelled-out numbers, homophones and hesitations."""
    text = _DIGITS.sub(lambda m: number_words(int(m.group(0))) if len(m.group(0)) <= 3 else m.group(0), text.lower())
    text = _PUNCT.sub(" ", text.replace("w/o", "without").replace("w/", "with ").replace("&", " and "))
    out: list[str] = []
    for word in text.split():
        if word in HOMOPHONES and rng.random() < 0.3:
            word = pick(rng, HOMOPHONES[word])
        r = rng.random()
        if out and out[-1] in PROTECTED:
            pass  # never split a negation from what it negates
        elif r < 0.05:
            out.append(pick(rng, FILLERS))
        elif r < 0.08 and word not in PROTECTED:
            out.append(word)  # stutter: the word twice
        out.append(word)
    return " ".join(out)
