"""Who is in a note: the subject, the caller, the weapon at hand, and how they are named.

The cast is drawn independently of the note's situation except for age hints that a
situation implies ("elderly, confused", "15yo refusing school"). Race, religion,
language, gender identity and names are drawn with fixed probabilities for every note,
so they carry no information about any label.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from call_nlp.demo import vocab
from call_nlp.demo.phrasebook import Slots, choice_slot, pick, weighted

RACES = ("BLACK", "WHITE", "HISPANIC", "ASIAN", "NATIVE AMERICAN", "LATINO", "MIDDLE EASTERN", "PACIFIC ISLANDER")
RACE_CODES = {"BLACK": "B", "WHITE": "W", "HISPANIC": "H", "ASIAN": "A", "LATINO": "H"}
RELIGIONS = ("MUSLIM", "JEWISH", "CATHOLIC", "HINDU", "SIKH", "BUDDHIST", "MORMON", "JEHOVAH'S WITNESS")
LANGUAGES = (
    "SPANISH", "VIETNAMESE", "MANDARIN", "CANTONESE", "ARABIC", "SOMALI", "RUSSIAN", "HAITIAN CREOLE",
    "TAGALOG", "KOREAN", "PORTUGUESE", "AMHARIC", "POLISH", "HMONG", "FARSI",
)
IDENTITIES = (("TRANSGENDER FEMALE", "f"), ("TRANS WOMAN", "f"), ("TRANS MAN", "m"), ("TRANSGENDER MALE", "m"), ("NONBINARY", "x"), ("GENDER NONCONFORMING", "x"))

#: Per-note probabilities of each descriptor; identical for every label.
P_RACE, P_LANGUAGE, P_RELIGION, P_IDENTITY, P_NAME = 0.09, 0.06, 0.03, 0.03, 0.04

_PRONOUNS = {
    "m": ("he", "him", "his", "himself"),
    "f": ("she", "her", "her", "herself"),
    "x": ("SUBJ", "them", "their", "themself"),
}
_SEX_WORD = {"m": ("male", "M", "man"), "f": ("female", "F", "woman"), "x": ("person", "", "person")}


@dataclass
class Cast:
    """The people of one note and the words that refer to them."""

    sex: str
    age: int
    caller_kind: str  # "self", "family" or "other"
    caller_word: str
    subject_nps: tuple[str, ...]
    quote_nps: tuple[str, ...]
    weapon: tuple[str, str, str]
    gun: tuple[str, str, str]
    blade: tuple[str, str, str]
    race: str = ""
    religion: str = ""
    language: str = ""
    identity: str = ""
    name: str = ""
    victims: tuple[str, ...] = vocab.VICTIMS_ANY
    party: str = "the {mf}"  # the other party of a crime or dispute ({party})
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def pronouns(self) -> tuple[str, str, str, str]:
        return _PRONOUNS[self.sex]


def _age(rng: random.Random, hint: str) -> int:
    if hint == "old":
        return 68 + int(rng.random() * 27)
    if hint == "youth":
        return 12 + int(rng.random() * 6)
    if hint == "child":
        return 3 + int(rng.random() * 6)
    r = rng.random()
    if r < 0.07:
        return 14 + int(rng.random() * 4)
    if r < 0.80:
        return 18 + int(rng.random() * 47)
    return 65 + int(rng.random() * 28)


def weapon_of(rng: random.Random, families: dict[str, float] = vocab.WEAPON_FAMILIES) -> tuple[str, str, str]:
    """A weapon drawn from the weapon families in the given shares."""
    family = weighted(rng, families)
    pool = {"gun": vocab.GUNS, "blade": vocab.BLADES, "improvised": vocab.IMPROVISED}[family]
    return pick(rng, pool)


def _weapon(rng: random.Random, suicidal: bool) -> tuple[str, str, str]:
    weapon = weapon_of(rng)
    if suicidal and weapon[2] == "cord":
        weapon = vocab.IMPROVISED[0]  # a cord in a suicidal person's hands reads as a ligature
    return weapon


def draw_cast(rng: random.Random, age_hint: str = "", suicidal: bool = False, descriptor_scale: float = 1.0) -> Cast:
    """Draw the subject, the caller and the note's weapon vocabulary.

    ``descriptor_scale`` multiplies the chances of race, language, religion, identity and
    name: notes about no person (a fire alarm) have none, so notes about a person in the
    same crisis type get them a little more often and every type keeps the same rate."""
    identity = ""
    if rng.random() < P_IDENTITY * descriptor_scale:
        identity, sex = pick(rng, IDENTITIES)
    else:
        r = rng.random()
        sex = "m" if r < 0.52 else "f" if r < 0.97 else "x"
    age = _age(rng, age_hint)
    kind = weighted(rng, {"self": 0.16, "family": 0.42, "other": 0.42})
    if age_hint in ("youth", "child"):
        kind = "family"
    he = _PRONOUNS[sex][0]
    if kind == "self":
        caller_word = "the patient"
        subject_nps = ("RP", "CALLER", "CALLER", "PT", "the caller", "{mf}")
        quote_nps = (he,)
    elif kind == "family":
        if age_hint in ("youth", "child"):
            rel = {"m": "son", "f": "daughter", "x": "child"}[sex]
        elif age_hint == "old":
            rel = {"m": "father", "f": "mother", "x": "parent"}[sex]
        else:
            rel = pick(rng, vocab.KIN_OF_SUBJECT[sex])
        caller_word = pick(rng, vocab.CALLER_FOR_KIN.get(rel, ("family member",)))
        their = "her" if caller_word in ("mother", "wife", "sister", "girlfriend", "aunt", "grandmother", "daughter", "niece", "stepmother") else "his"
        subject_nps = (f"RP's {rel}", rel, f"{their} {rel}", "SUBJ", f"the {rel}", f"{their} {rel}", rel)
        quote_nps = (f"my {rel}", f"my {rel}", he)
    else:
        caller_word = pick(rng, tuple(vocab.CALLER_ROLES))
        subject_nps = (*vocab.CALLER_ROLES[caller_word], "SUBJ", "the {mf}", "party")
        quote_nps = ("this guy" if sex == "m" else "this lady" if sex == "f" else "this person", he, "this {mf}")
    cast = Cast(
        sex=sex,
        age=age,
        caller_kind=kind,
        caller_word=caller_word,
        subject_nps=subject_nps,
        quote_nps=quote_nps,
        weapon=_weapon(rng, suicidal),
        gun=pick(rng, vocab.GUNS),
        blade=pick(rng, vocab.BLADES[:8]),
        identity=identity,
    )
    if rng.random() < P_RACE * descriptor_scale:
        cast.race = pick(rng, RACES)
    if rng.random() < P_LANGUAGE * descriptor_scale:
        cast.language = pick(rng, LANGUAGES)
    if rng.random() < P_RELIGION * descriptor_scale:
        cast.religion = pick(rng, RELIGIONS)
    if rng.random() < P_NAME * descriptor_scale:
        cast.name = pick(rng, vocab.FIRST_NAMES)
    return cast


class NoteSlots(Slots):
    """Slots for one note; ``mode`` switches how the subject is referred to."""

    def __init__(self, cast: Cast, says: tuple[str, ...], rp: tuple[str, ...]) -> None:
        self.cast = cast
        self.mode = "cad"  # or "quote"
        self._mentions = 0
        he, him, his, himself = cast.pronouns
        mf, _, man = _SEX_WORD[cast.sex]
        fillers = {
            "he": lambda rng: he,
            "him": lambda rng: him,
            "his": lambda rng: his,
            "himself": lambda rng: himself,
            "mf": lambda rng: mf,
            "man": lambda rng: man,
            "s": self._subject,
            "kin": choice_slot(vocab.KIN_ANY),
            "says": choice_slot(says),
            "rp": choice_slot(rp),
            "a_weapon": lambda rng: cast.weapon[0],
            "the_weapon": lambda rng: cast.weapon[1],
            "weapon": lambda rng: cast.weapon[2],
            "a_gun": lambda rng: cast.gun[0],
            "the_gun": lambda rng: cast.gun[1],
            "a_blade": lambda rng: cast.blade[0],
            "the_blade": lambda rng: cast.blade[1],
            "victim": lambda rng: pick(rng, cast.victims),
            "pills": choice_slot(vocab.PILLS),
            "psychmed": choice_slot(vocab.PSYCH_MEDS),
            "num": lambda rng: str(pick(rng, (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 40))),
            "drug": choice_slot(vocab.DRUGS),
            "drink": choice_slot(vocab.DRINKS),
            "days": choice_slot(vocab.DURATIONS),
            "place": choice_slot(vocab.PUBLIC_PLACES),
            "addr": lambda rng: address(rng),
            "age": lambda rng: str(cast.age),
            "phone": lambda rng: f"555-01{int(rng.random() * 100):02d}",
            "unit": unit,
            "pdunit": police_unit,
            "party": lambda rng: cast.party,
            "hosp": choice_slot(vocab.HOSPITALS),
            "zone": lambda rng: str(1 + int(rng.random() * 32)),
            "floor": choice_slot(vocab.FLOORS),
        }
        super().__init__(fillers)

    def _subject(self, rng: random.Random) -> str:
        self._mentions += 1
        if self.mode == "quote":
            return pick(rng, self.cast.quote_nps)
        he = self.cast.pronouns[0]
        if self._mentions > 1 and rng.random() < 0.4 and self.cast.sex != "x":
            return he
        return pick(rng, self.cast.subject_nps)


def unit(rng: random.Random) -> str:
    """An invented fire/EMS unit: E4, MEDIC 12, L2, BC1 ..."""
    return f"{pick(rng, vocab.UNIT_PREFIXES)}{1 + int(rng.random() ** 1.5 * 60)}"


def police_unit(rng: random.Random) -> str:
    """An invented police unit: 2K11, 4L3, UNIT 312, CAR 14 ... (never a letter of a
    determinant code's acuity, O or A-E, so a unit never reads as a protocol code)."""
    r = rng.random()
    if r < 0.75:
        return f"{1 + int(rng.random() * 6)}{pick(rng, 'FHKLMPRSTX')}{1 + int(rng.random() ** 1.5 * 40)}"
    if r < 0.9:
        return f"UNIT {100 + int(rng.random() * 400)}"
    return f"CAR {1 + int(rng.random() * 40)}"


def address(rng: random.Random) -> str:
    """An invented street address, intersection or business."""
    r = rng.random()
    street = f"{pick(rng, vocab.STREETS)} {pick(rng, vocab.STREET_SUFFIXES)}"
    if r < 0.5:
        return f"{100 + int(rng.random() * 9800)} {street}"
    if r < 0.75:
        return f"{street} & {pick(rng, vocab.STREETS)} {pick(rng, vocab.STREET_SUFFIXES)}"
    return pick(rng, vocab.BUSINESSES)


def descriptor(rng: random.Random, cast: Cast) -> str:
    """Age and sex as call-takers write them: 34YOM, 28 YOF, M/30, FEMALE IN HER 40S..."""
    a, sex = cast.age, cast.sex
    word, code, _ = _SEX_WORD[sex]
    if cast.age < 10:
        return pick(rng, (f"CHILD APPROX {a}", f"{a} YO {'BOY' if sex == 'm' else 'GIRL' if sex == 'f' else 'CHILD'}", f"{a}YO"))
    race = cast.race if cast.race and rng.random() < 0.7 else ""
    if race:
        cast.extras["race_used"] = "1"
        if race in RACE_CODES and code and rng.random() < 0.3:
            rc = RACE_CODES[race]
            decade = f"{a // 10 * 10}S" if a >= 20 else "JUV"  # no one is "in the 10s"
            return pick(rng, (f"{rc}/{code} {a}", f"{rc}/{code} {decade}", f"{code}/{rc} {a}")) + f" ({race})"
        decade = f"{a // 10 * 10}S" if a >= 20 else f"{a}"
        return pick(rng, (f"{race} {word.upper()} {a}", f"{race} {word.upper()} APPROX {a}", f"{a}YO {race} {word.upper()}", f"{race} {word.upper()} {decade}"))
    if not code:
        return pick(rng, (f"{a} YO", f"AGE {a}", f"{a} YEAR OLD", f"ADULT APPROX {a}"))
    options = [
        f"{a}YO{code}", f"{a} YO{code}", f"{a} YOA {code}", f"{a}Y/O {word.upper()}", f"{code}/{a}",
        f"{word.upper()} {a}", f"{a} YEAR OLD {word.upper()}", f"{a}{code}", f"{word.upper()} APPROX {a}",
        f"{word.upper()}, {a}", f"AGE {a}",
        f"{a} yr old {word}", f"{word.upper()} {max(a - 3, 12)}-{a + 3}", f"{a} YO {word.upper()}", f"{a}YO{code}",
    ]
    if a >= 20:
        options.append(f"{word.upper()} IN {cast.pronouns[2].upper()} {a // 10 * 10}S")
    if a >= 70:
        options += [f"ELDERLY {word.upper()}", f"ELDERLY {word.upper()} {a}"]
    if a < 18:
        options += [f"JUV {word.upper()}", f"{a} YO JUV", f"JUV {word.upper()} {a}"]
    return pick(rng, options)


def demographic_phrases(rng: random.Random, cast: Cast) -> list[str]:
    """Race (if not already in the descriptor), language, religion, identity and name."""
    out: list[str] = []
    if cast.race and "race_used" not in cast.extras:
        out.append(pick(rng, (f"SUBJ IS {cast.race}", f"{cast.race} {_SEX_WORD[cast.sex][0].upper()}", f"described as {cast.race.lower()}", f"{cast.race}")))
    if cast.language:
        lang = cast.language
        out.append(pick(rng, (
            f"{lang} SPEAKING", f"RP SPEAKS ONLY {lang}", f"LANGUAGE LINE USED ({lang})", f"{lang} SPEAKER",
            f"{lang} INTERPRETER ON LINE", f"LIMITED ENGLISH, SPEAKS {lang}", f"PT SPEAKS {lang} ONLY",
            f"NON ENGLISH SPEAKING ({lang})", f"{lang.lower()} speaking only",
        )))
    if cast.religion:
        rel = cast.religion
        special = {"MUSLIM": "WEARING A HIJAB", "SIKH": "WEARING A TURBAN", "JEWISH": "WEARING A KIPPAH", "JEHOVAH'S WITNESS": "NO BLOOD PRODUCTS"}
        opts = [f"SUBJ IS {rel}", f"FAMILY IS {rel}", f"{rel} FAMILY", f"RP ADV SUBJ IS {rel}", f"{rel}, REQUESTS SAME GENDER RESPONDER"]
        if rel in special:
            opts.append(f"{rel}, {special[rel]}")
        out.append(pick(rng, tuple(opts)))
    if cast.identity:
        pron = {"f": "SHE/HER", "m": "HE/HIM", "x": "THEY/THEM"}[cast.sex]
        out.append(pick(rng, (cast.identity, f"SUBJ IS {cast.identity}", f"{cast.identity}, USES {pron}", f"IDENTIFIES AS {cast.identity}")))
    if cast.name:
        out.append(pick(rng, (f"SUBJ NAME {cast.name}", f"NAME IS {cast.name} {pick(rng, vocab.LAST_INITIALS)}", f"goes by {cast.name}", f"{cast.name.upper()}")))
    return out


def caller_intro(rng: random.Random, cast: Cast) -> str:
    """A label-neutral statement of who is calling."""
    rp = pick(rng, ("RP", "CALLER", "COMP", "RP", "CALLER"))
    if cast.caller_kind == "self":
        return pick(rng, (f"{rp} IS THE PT", f"{rp} IS THE SUBJ", "1ST PARTY CALLER", "CALLER IS THE PATIENT", f"{rp} CALLING FOR {cast.pronouns[3].upper()}", "1ST PARTY"))
    word = cast.caller_word
    options = [f"{rp} IS {word}", f"{rp} IS THE {word}", f"{word} CALLING", f"CALL FROM {word}", f"{rp}: {word}", f"{word} reporting"]
    if cast.caller_kind == "family":
        options += [f"{rp} IS SUBJ'S {word}", f"{rp} IS {cast.pronouns[2].upper()} {word}"]
    return pick(rng, tuple(options))
