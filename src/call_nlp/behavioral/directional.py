"""Directional cases: adding a weapon, a weapon update, or "NO WEAPONS" to a note.

Adding an affirmed weapon must never lower violence risk nor drop police from the
suggestion, and an update that adds a weapon must give co_response (standard_dispatch for
a not_behavioral note): TAXONOMY section 4 makes both a rule in code, so they hold for
any model. Adding "NO WEAPONS" must never raise violence risk; that one is learned.
"""

from __future__ import annotations

import re

from call_nlp.behavioral.case import Case, Direction

#: Notes of every crisis type and risk level with no weapon mention and no update.
PLAIN_BASES: tuple[str, ...] = (
    "CRYING, JUST LOST JOB, WANTS SOMEONE TO TALK TO",
    "RP STATES SON HEARING VOICES, TALKING TO PEOPLE WHO ARENT THERE",
    "elderly female confused, doesn't know her address, walking in the roadway",
    "ETOH, SLUMPED AT BUS STOP, RESPONDS TO VOICE",
    "15YO REFUSING SCHOOL, SCREAMING, SLAMMING DOORS",
    "Caller says her brother texted that he wants to end it all",
    "BURGLARY IN PROGRESS, 2 SUSPECTS IN BACKYARD",
    "CHEST PAIN 60YOM, CONSCIOUS AND BREATHING",
    "POSS OD IN RESTROOM, FRIEND SAYS HE IS BREATHING BUT WONT WAKE UP",
    "panic attack, shaking, says she feels like she is losing it",
    "HASNT ANSWERED DOOR IN 3 DAYS, MAIL PILING UP",
    "MOTHER AND ADULT SON YELLING, RP IS NEIGHBOR",
    "man sleeping in doorway in freezing temps",
    "SUBJ THINKS NEIGHBORS PUT CAMERAS IN THE WALLS, OFF MEDS",
    "SUBJ THREATENING TO HURT HIS ROOMMATE, HX OF VIOLENCE TOWARD PD",
    "LOUD PARTY NEXT DOOR, RP CANT SLEEP",
    "17YOF STATES SHE IS THINKING OF SUICIDE, AT SCHOOL COUNSELOR OFFICE",
    "SUBJ CUT WRISTS, BLEEDING, SITTING ON BATHROOM FLOOR",
)
#: Bases that already say something about weapons or carry an update.
OTHER_BASES: tuple[str, ...] = (
    "UNK IF ARMED, SUBJ YELLING AT RP",
    "NO WEAPONS SEEN, SUBJ PACING AND MUTTERING",
    "HAD A KNIFE EARLIER, RP TOOK IT AWAY, NO OTHER WEAPONS",
    "SUBJ DRUNK IN LOBBY, ARGUING W/ STAFF. UPD: SUBJ LEFT ON FOOT NB",
    "RP STATES SON HEARING VOICES. NEG WEAPONS",
)

#: Affirmed weapons, each a clause that reads the same at the start or the end of a note.
WEAPON_CLAUSES: tuple[str, ...] = (
    "SUBJ HAS A KNIFE IN HAND",
    "subject is holding a baseball bat",
    "SUBJ W/ A GUN IN HIS WAISTBAND",
    "WPN: YES - MACHETE",
    "SHE IS HOLDING A KITCHEN KNIFE TO HER WRIST",
    "SUBJ ARMED WITH A HAMMER",
    "SUBJ PULLED OUT A PISTOL",
    "TIENE UN CUCHILLO EN LA MANO",
)
WEAPON_UPDATES: tuple[str, ...] = (
    "UPD: NOW HOLDING A BAT",
    "UPDATE: RP NOW STATES HE HAS A KNIFE",
    "** UPD ** SUBJ NOW HAS A GUN IN HAND",
    "CALLBACK: SUBJ JUST GRABBED A HAMMER FROM THE GARAGE",
    "upd - rp says he picked up a machete",
    "UPD: AHORA TIENE UNA PISTOLA",
)
NO_WEAPON_CLAUSES: tuple[str, ...] = (
    "NO WEAPONS",
    "NO WEAPONS SEEN",
    "NEG WEAPONS",
    "WEAPONS: NO",
    "rp denies weapons",
    "NO HAY ARMAS",
)
WEAPONS_PER_BASE = 3


_TRAILING = re.compile(r"[\s.,;]+$")


def _join(first: str, second: str) -> str:
    return f"{_TRAILING.sub('', first)}. {second}"


def _case(name: str, group: str, text: str, base: str, direction: Direction) -> Case:
    return Case(name, group, text, base=base, direction=direction)


def dir_cases() -> list[Case]:
    """Every directional case."""
    cases: list[Case] = []
    for i, base in enumerate(PLAIN_BASES + OTHER_BASES):
        # rotate through the weapon clauses so each base meets a few different ones
        for k in range(WEAPONS_PER_BASE):
            j = (i + k * 2) % len(WEAPON_CLAUSES)
            clause, name = WEAPON_CLAUSES[j], f"dir.weapon_added.{i:02d}.w{j}"
            cases.append(_case(f"{name}.end", "dir.weapon_added", _join(base, clause), base, "weapon_added"))
            if base in PLAIN_BASES:  # at the start only where no later statement could outrank it
                cases.append(_case(f"{name}.start", "dir.weapon_added", _join(clause, base), base, "weapon_added"))
        for j, update in enumerate(WEAPON_UPDATES):
            text = f"{base.rstrip()} {update}"
            cases.append(_case(f"dir.weapon_update.{i:02d}.u{j}", "dir.weapon_update", text, base, "weapon_update"))
    for i, base in enumerate(PLAIN_BASES):
        for j, clause in enumerate(NO_WEAPON_CLAUSES):
            name = f"dir.no_weapons_added.{i:02d}.n{j}"
            cases.append(_case(name, "dir.no_weapons_added", _join(base, clause), base, "no_weapons_added"))
    return cases
