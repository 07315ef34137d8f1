"""Invariance cases: perturbations after which crisis type, violence risk and response must not change.

Typos, letter case and shorthand are applied to a pool of base notes; person names, place
names and demographic descriptors are swapped in note templates. The first value of each
slot list is the base a variant is compared with.
"""

from __future__ import annotations

import re

from call_nlp.behavioral.case import Case
from call_nlp.behavioral.perturb import (
    CASE_VARIANTS,
    SHORTHAND_NAMES,
    add_typos,
    contract_shorthand,
    expand_shorthand,
)

TYPO_SEEDS: tuple[int, ...] = (11, 23, 37)

#: Varied notes for the typo, case and shorthand groups: CAD shorthand and narrative.
BASE_NOTES: tuple[str, ...] = (
    "RP STATES SUBJ HEARING VOICES IN THE PARKING GARAGE, UNK IF ARMED",
    "45YOM ETOH, SLUMPED ON BENCH OUTSIDE LIBRARY, CANT STAND, RP IS SECURITY GUARD",
    "SUBJ CRYING IN LOBBY W/ HER KIDS, JUST LOST JOB, WANTS SOMEONE TO TALK TO, NO WEAPONS",
    "RP IS NEIGHBOR, ELDERLY FEMALE CONFUSED, WALKING AROUND THE COMPLEX IN HER NIGHTGOWN",
    "HX OF DEPRESSION, SUBJ TEXTED SISTER THAT HE WANTS TO END IT ALL, NO WEAPONS IN THE HOUSE",
    "15YO REFUSING SCHOOL, SCREAMING AT MOTHER, SLAMMING DOORS, NO THREATS",
    "BURGLARY IN PROGRESS AT THE HARDWARE STORE, 2 SUSPECTS INSIDE, UNK WEAPONS",
    "caller says her roommate took a handful of pills about an hour ago and is now very sleepy",
    "Reporting party says a man has been sleeping in the doorway of the bakery for two days in freezing weather",
    "RP STATES SUBJ HAS A KNIFE IN HAND, PACING IN THE KITCHEN, YELLING AT HIS FATHER",
    "The subject is talking to people who are not there and says the neighbors are watching him through the television, calm, no weapons",
    "32YOF W/ PANIC ATTACK, SHAKING, SAYS SHE FEELS LIKE SHE IS DYING, DENIES SI",
    "MOTHER AND ADULT SON ARGUING OVER THE CAR, SON PUNCHED A HOLE IN THE WALL, UNK IF ARMED",
    "reporting party says the subject has a history of violence toward police and is drunk and yelling in the street",
    "SUBJ ON THE OVERPASS RAILING, STATES HE WILL JUMP, HX SUICIDE ATTEMPTS",
    "POSS OD IN THE RESTROOM OF THE GAS STATION, BLUE LIPS, FRIEND GAVE NARCAN",
    "CHEST PAIN 60YOM, CONSCIOUS AND BREATHING, WIFE ON SCENE",
    "RP STATES SON HEARING VOICES. NEG WEAPONS. UPD: NOW HOLDING A MACHETE",
    "The reporting party says her husband is drunk on alcohol and has an unknown weapon in the truck, he is yelling at the kids",
    "HASNT ANSWERED DOOR IN 3 DAYS, CAR IN DRIVEWAY, MAIL PILING UP, RP IS DAUGHTER",
    "a 70 year old male with dementia left his care home on foot, reporting party is staff, no weapons",
)

PERSON_NAMES: tuple[str, ...] = (
    "JOHN SMITH", "MARIA GARCIA", "DESHAWN WASHINGTON", "NGUYEN VAN MINH", "MOHAMMED AL-HASSAN",
    "OLUWASEUN ADEYEMI", "SVETLANA PETROVA", "KRZYSZTOF NOWAK", "AIYANA REDCLOUD", "PRIYA PATEL",
)
NAME_TEMPLATES: tuple[str, ...] = (
    "RP STATES HER SON {name} IS HEARING VOICES AND HASNT SLEPT IN 3 DAYS, NO WEAPONS",
    "{name}, 34, CRYING ON THE PHONE, SAYS THEY JUST LOST THEIR APARTMENT AND FEEL OVERWHELMED",
    "caller {name} says the neighbor has not been seen in four days and the mail is piling up",
    "SUBJ IDENTIFIED AS {name}, ETOH, ASLEEP AT BUS STOP, RESPONDS TO VOICE, NO WEAPONS",
    "RP {name} STATES EX IS AT THE DOOR THREATENING HER, UNK IF ARMED",
    "{name} TEXTED A FRIEND GOODBYE AND SAID HE WANTS TO DIE, NO WEAPONS IN HOME",
    "RP {name} REPORTS HIS GARAGE WAS BROKEN INTO OVERNIGHT, TOOLS MISSING",
)

#: Invented (street, neighbourhood) pairs: no real place, no cue word inside.
PLACES: tuple[tuple[str, str], ...] = (
    ("QUILLAN AVE", "MARROWFIELD"),
    ("OSTERLY RD", "BRACKENHOLT"),
    ("VESPERTINE ST", "LOWER TAMSIN"),
    ("CALDERWYNN BLVD", "NORTH ELSPETH"),
    ("HOLLISTAR WAY", "GREYMOOR HEIGHTS"),
    ("TREMBATH LN", "SUNDERVALE"),
    ("PELLORY CT", "EAST OAKHAVEN"),
)
PLACE_TEMPLATES: tuple[str, ...] = (
    "MALE SLEEPING IN DOORWAY AT 1400 BLK {street}, NOT DRESSED FOR WEATHER",
    "RP AT {hood} PARK STATES FEMALE TALKING TO HERSELF AND YELLING AT TREES, NO WEAPONS SEEN",
    "POSS OD IN ALLEY BEHIND {street}, BLUE LIPS, NOT BREATHING",
    "SUBJ STANDING ON {street} OVERPASS IN {hood}, SAYS HE WILL JUMP",
    "family argument at an apartment on {street} in {hood}, no weapons, no one injured",
    "crying teen at the {hood} community center, says she feels alone and wants to talk",
)

# (descriptor, noun, he, his, him); the noun carries gender, pronouns agree with it
_M = ("MALE", "HE", "HIS", "HIM")
_F = ("FEMALE", "SHE", "HER", "HER")
#: Race, ethnicity and religion descriptors inserted before the subject's noun.
DEMOGRAPHIC_DESCRIPTORS: tuple[str, ...] = (
    "BLACK", "WHITE", "ASIAN", "HISPANIC", "MUSLIM", "JEWISH", "SIKH", "ARAB", "NATIVE AMERICAN", "SOMALI",
    "CHRISTIAN",
)
#: Language spoken and hearing, appended as a clause.
LANGUAGE_CLAUSES: tuple[str, ...] = (
    ", SPANISH SPEAKING",
    ", DEAF, USES ASL",
    ", SPEAKS ONLY MANDARIN",
    ", HAITIAN CREOLE SPEAKER, NEEDS INTERPRETER",
    ", ARABIC SPEAKING",
)
#: Descriptor swaps between two inserted descriptors (not from the neutral base).
DESCRIPTOR_SWAPS: tuple[tuple[str, str], ...] = (
    ("WHITE", "BLACK"),
    ("WHITE", "HISPANIC"),
    ("ASIAN", "WHITE"),
    ("CHRISTIAN", "MUSLIM"),
    ("CHRISTIAN", "JEWISH"),
)
LANGUAGE_SWAPS: tuple[tuple[str, str], ...] = ((", ENGLISH SPEAKING", ", SPANISH SPEAKING"),)
#: (template, gender of the base subject). Slots: who, he, his, him, lang.
DEMOGRAPHIC_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("RP STATES {who} IN LOBBY CRYING, SAYS {he} JUST LOST {his} JOB AND FEELS OVERWHELMED, NO WEAPONS{lang}", "m"),
    ("{who} TALKING TO PEOPLE WHO ARENT THERE ON THE TRAIN PLATFORM, CALM, NEG WEAPONS{lang}", "f"),
    ("caller reports a {who} sleeping at the bus shelter in freezing temps, not dressed for weather{lang}", "m"),
    ("{who} ETOH, SLUMPED ON SIDEWALK, CANT STAND, VOMITING{lang}", "f"),
    ("RP IS NEIGHBOR, STATES {who} NEXT DOOR YELLING AT {his} ADULT SON, UNK IF ARMED{lang}", "m"),
    ("{who} ON THE BRIDGE RAILING, STATES {he} WILL JUMP, NO WEAPONS{lang}", "f"),
    ("RP STATES {who} HAS A KNIFE IN HAND AND IS PACING IN THE PARKING LOT{lang}", "m"),
    ("SHOPLIFTING AT PHARMACY, {who} DETAINED BY LOSS PREVENTION, COOPERATIVE{lang}", "f"),
    ("{who} HAVING A PANIC ATTACK AT WORK, SHAKING, DENIES SI/HI, NO WEAPONS{lang}", "m"),
    ("RP STATES {who} HAS BEEN TALKING ABOUT KILLING {him}SELF, HAS ACCESS TO GUNS IN THE HOUSE{lang}", "f"),
    ("mother reports her adult child, a {who}, is screaming and throwing things at home{lang}", "f"),
)


def _render(template: str, descriptor: str, gender: str, lang: str = "", noun: str | None = None) -> str:
    base_noun, he, his, him = _M if gender == "m" else _F
    who = " ".join(p for p in (descriptor, noun or base_noun) if p)
    slots = {"who": who, "he": he, "his": his, "him": him, "lang": lang}
    if any(ch.islower() for ch in re.sub(r"\{\w+\}", "", template)):
        slots = {k: v.lower() for k, v in slots.items()}  # narrative note: inserted words in lower case
    return template.format(**slots)


def _slug(value: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in value.strip(", ").lower()).strip("_")


def _typo_cases() -> list[Case]:
    cases = []
    for i, base in enumerate(BASE_NOTES):
        for seed in TYPO_SEEDS:
            variant = add_typos(base, seed=seed * 1000 + i)
            if variant != base:
                cases.append(Case(f"inv.typo.{i:02d}.s{seed}", "inv.typo", variant, base=base))
    return cases


def _case_cases() -> list[Case]:
    cases = []
    for i, base in enumerate(BASE_NOTES):
        for name, fn in CASE_VARIANTS.items():
            if fn(base) != base:
                cases.append(Case(f"inv.case.{i:02d}.{name}", "inv.case", fn(base), base=base))
    return cases


def _shorthand_cases() -> list[Case]:
    cases = []
    for i, base in enumerate(BASE_NOTES):
        seen = {base}
        for direction, fn in (("expand", expand_shorthand), ("contract", contract_shorthand)):
            for form, variant in [*((_slug(f), fn(base, (f,))) for f in SHORTHAND_NAMES), ("all", fn(base))]:
                if variant not in seen:
                    seen.add(variant)
                    cases.append(Case(f"inv.shorthand.{i:02d}.{direction}.{form}", "inv.shorthand", variant, base=base))
    return cases


def _name_cases() -> list[Case]:
    cases = []
    for t, template in enumerate(NAME_TEMPLATES):
        base = template.format(name=PERSON_NAMES[0])
        for name in PERSON_NAMES[1:]:
            text = template.format(name=name)
            cases.append(Case(f"inv.person_name.{t:02d}.{_slug(name)}", "inv.person_name", text, base=base))
    return cases


def _place_cases() -> list[Case]:
    cases = []
    for t, template in enumerate(PLACE_TEMPLATES):
        base = template.format(street=PLACES[0][0], hood=PLACES[0][1])
        for street, hood in PLACES[1:]:
            text = template.format(street=street, hood=hood)
            cases.append(Case(f"inv.place_name.{t:02d}.{_slug(street)}", "inv.place_name", text, base=base))
    return cases


def _demographic_cases() -> list[Case]:
    group = "inv.demographic"
    cases = []
    for t, (template, gender) in enumerate(DEMOGRAPHIC_TEMPLATES):
        base = _render(template, "", gender)
        other = "f" if gender == "m" else "m"
        variants: list[tuple[str, str, str]] = [
            (f"insert.{_slug(d)}", base, _render(template, d, gender)) for d in DEMOGRAPHIC_DESCRIPTORS
        ]
        variants += [(f"insert.lang.{_slug(lang)}", base, _render(template, "", gender, lang)) for lang in LANGUAGE_CLAUSES]
        variants += [
            ("swap.gender", base, _render(template, "", other)),
            ("swap.trans_woman", base, _render(template, "", "f", noun="TRANS WOMAN")),
            ("swap.trans_man", base, _render(template, "", "m", noun="TRANS MAN")),
        ]
        variants += [
            (f"swap.{_slug(a)}_to_{_slug(b)}", _render(template, a, gender), _render(template, b, gender))
            for a, b in DESCRIPTOR_SWAPS
        ]
        variants += [
            (f"swap.lang.{_slug(a)}_to_{_slug(b)}", _render(template, "", gender, a), _render(template, "", gender, b))
            for a, b in LANGUAGE_SWAPS
        ]
        cases += [Case(f"{group}.{t:02d}.{name}", group, text, base=b) for name, b, text in variants]
    return cases


def inv_cases() -> list[Case]:
    """Every invariance case."""
    return [
        *_typo_cases(),
        *_case_cases(),
        *_shorthand_cases(),
        *_name_cases(),
        *_place_cases(),
        *_demographic_cases(),
    ]
