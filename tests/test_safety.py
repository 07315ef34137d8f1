"""Safety rules on language-layer output alone (no trained model): risk floors, the ceiling
and the weapon guarantee are hard guarantees, checked note by note."""

from __future__ import annotations

import itertools

import pytest

from call_nlp import safety
from call_nlp.labels import CRISIS_TYPES, RESPONSE_MODELS, UNARMED_RESPONSES
from call_nlp.language import LanguageLayer, NoteAnalysis, load_lexicon


@pytest.fixture(scope="module")
def layer() -> LanguageLayer:
    return LanguageLayer(load_lexicon())


def read(layer: LanguageLayer, text: str) -> NoteAnalysis:
    return layer.analyze(text)


WEAPON_NOTES = [
    "SUBJ HAS A KNIFE IN HAND",
    "crying, wants someone to talk to. has a gun on the table",
    "RP STATES SON HEARING VOICES. NEG WEAPONS. UPD: NOW HOLDING A MACHETE",
    "ELDERLY MALE CONFUSED WANDERING W/ HAMMER",
    "SUBJ   HAS  A\tKNIFE",  # odd spacing
    "subj has a knife\nin his hand",
    "two guys took his wallet at knifepoint, they ran, caller is drunk but not hurt",  # a weapon said as a manner
    "ROBBED AT GUNPOINT BY 2 M, RP INTOX",
]


@pytest.mark.parametrize("note", WEAPON_NOTES)
def test_safety_weapon_guarantee_for_every_label_and_response(layer: LanguageLayer, note: str) -> None:
    analysis = read(layer, note)
    assert safety.weapon_present(analysis), note
    for crisis, response in itertools.product(CRISIS_TYPES, RESPONSE_MODELS):
        guarded, why = safety.guard_response(response, crisis, analysis)
        assert guarded not in UNARMED_RESPONSES, (note, crisis, response)
        if response in UNARMED_RESPONSES:
            expected = "standard_dispatch" if crisis == "not_behavioral" else "co_response"
            assert guarded == expected and why and "stated present" in why
        else:
            assert (guarded, why) == (response, None)


@pytest.mark.parametrize("note", ["NO WEAPONS SEEN, SUBJ CRYING ON PORCH", "UNK IF ARMED, SUBJ YELLING",
                                  "HAD A KNIFE EARLIER, RP TOOK IT AWAY, NO OTHER WEAPONS"])
def test_safety_guarantee_leaves_notes_without_a_present_weapon_alone(layer: LanguageLayer, note: str) -> None:
    assert safety.guard_response("peer_response", "emotional_distress", read(layer, note)) == ("peer_response", None)


@pytest.mark.parametrize(
    ("note", "level", "named"),
    [
        ("SUBJ HAS A KNIFE IN HAND", "imminent", "knife stated present"),
        ("RP STATES SON HEARING VOICES. NEG WEAPONS. UPD: NOW HOLDING A MACHETE", "imminent",
         "machete stated present (latest update)"),
        ("SON CHOKING HIS MOTHER RIGHT NOW", "imminent", "assault in progress"),
        ("he's slamming her into the door, kids crying", "imminent", "assault in progress"),
        ("THREATENING TO SHOOT HIS WIFE, HAS GUNS IN THE HOUSE", "imminent", "possible access to a gun"),
        ("RP STATES SON HEARING VOICES, UNK IF ARMED", "elevated", "may be present"),
        ("HAD A KNIFE EARLIER, RP TOOK IT AWAY, NO OTHER WEAPONS", "elevated", "knife was present earlier"),
        ("SAYS HE WILL KILL THE NEIGHBOR, NO WEAPONS SEEN", "elevated", "threat to hurt others"),
        ("PUNCHED A HOLE IN THE WALL AND BROKE THE TV, NO WEAPONS", "elevated", "property"),
        ("very combative with staff, no weapons", "elevated", "combative"),
        ("CAUTION VIOLENT, HX ASSAULTING POLICE, NO WEAPONS", "elevated", "history of violence"),
        # a history told with its date is still a history (the layer reads "last year" as historical)
        ("HX OF ASSAULT ON OFFICERS LAST YEAR, CALM NOW", "elevated", "history of violence"),
        ("known to police for assaulting a deputy in 2023. no weapons", "elevated", "history of violence"),
        ("SAYS SHE'D PUNCH THE NEXT PERSON WHO TALKS TO HER", "elevated", "threat to hurt others"),
        ("THREW A LAMP AT THE WALL, NO WEAPONS", "elevated", "property"),
        ("GRABBED A METAL IV POLE AND IS SWINGING IT AT STAFF", "imminent", "assault in progress"),
        ("19YOF HOLDING A BROKEN WINE BOTTLE", "imminent", "sharp object stated present"),
        ("KITCHEN NIFE IS IN HER HAND", "imminent", "knife stated present"),
        # said or done earlier, it is still a threat or a history of violence toward others
        ("THREATENED STAFF EARLIER, NOW PACING IN THE LOBBY, NO WEAPONS", "elevated", "threat to hurt others"),
        ("he has been violent before when off his meds, no weapons", "elevated", "history of violence"),
        ("HIT HIS GIRLFRIEND YESTERDAY, NOW CRYING IN HIS CAR", "elevated", "an assault was reported"),
        ("there is a protection order against him, he is outside her door", "elevated", "history of violence"),
    ],
)
def test_safety_floor_level_and_reason_name_the_cue(layer: LanguageLayer, note: str, level: str, named: str) -> None:
    bound = safety.risk_bound(read(layer, note))
    assert bound is not None and bound.kind == "floor"
    assert bound.level == level
    assert named in bound.reason()
    assert bound.applies_to("low") and not bound.applies_to("imminent")


@pytest.mark.parametrize(
    "note",
    [
        "POSS OD, FRIEND FOUND HIM UNRESPONSIVE",
        "17YOF STATES SHE IS THINKING OF SUICIDE",
        "HEARING VOICES, TALKING TO HIMSELF IN LOBBY",
        "CHEST PAIN 67 YOM CONSCIOUS BREATHING",
        "FIRE ALARM ACTIVATION, ZONE 4, KEYHOLDER ENRT",
    ],
)
def test_safety_ceiling_keeps_notes_without_violence_words_low(layer: LanguageLayer, note: str) -> None:
    bound = safety.risk_bound(read(layer, note))
    assert bound is not None and (bound.kind, bound.level) == ("ceiling", "low")
    assert bound.applies_to("elevated") and bound.applies_to("imminent") and not bound.applies_to("low")


@pytest.mark.parametrize("note", ["NO WEAPONS, SUBJ TOOK A BOTTLE OF PILLS", "not violent, hearing voices",
                                  "UNK IF ARMED, DEPRESSED", "DENIES HI, CALM AND COOPERATIVE"])
def test_safety_ceiling_never_applies_when_violence_is_mentioned_in_any_status(layer: LanguageLayer, note: str) -> None:
    assert safety.risk_ceiling(read(layer, note)) is None


CRISIS_WORDS = ("TOOK A BOTTLE OF PILLS", "SAYS HE WANTS TO DIE", "HEARING VOICES")
FRAMES = ("RP STATES SON {}. NO WEAPONS", "{}, HAS A KNIFE", "SUBJ {}, UNK IF ARMED", "{} IN HIS ROOM", "{}")


@pytest.mark.parametrize("frame", FRAMES)
def test_safety_bounds_do_not_depend_on_crisis_wording(layer: LanguageLayer, frame: str) -> None:
    bounds = {safety.risk_bound(read(layer, frame.format(words))) for words in CRISIS_WORDS}
    levels = {(b.kind, b.level) if b else None for b in bounds}
    assert len(levels) == 1, (frame, levels)


#: Cue concepts whose terms name a weapon word in a sense that is not a weapon (a delusion about
#: lasers, "shooting up" drugs, "shooting pain"): the only places a weapon word may hide.
NOT_A_WEAPON_SENSE = {("psychosis", "delusions"), ("substance", "drugs"), ("incident", "medical complaint")}


def _has_phrase(term: str, phrase: str) -> bool:
    a, b = term.lower().split(), phrase.lower().split()
    return any(a[i:i + len(b)] == b for i in range(len(a) - len(b) + 1))


def test_safety_no_cue_term_hides_a_weapon_word(layer: LanguageLayer) -> None:
    """The longest match wins, so a longer term of another kind that contains a weapon word
    ("gun to his head", "swinging a bat") would swallow the weapon: every such term must read
    as a weapon too, unless its concept is a listed non-weapon sense."""
    cues = layer.lexicon.cue_terms()  # the composed threat forms too
    weapon_terms = {t for terms in cues["weapon"].values() for t in terms}
    hidden = [
        (kind, concept, term)
        for kind, concepts in cues.items() if kind != "weapon"
        for concept, terms in concepts.items() if (kind, concept) not in NOT_A_WEAPON_SENSE
        for term in terms
        if any(_has_phrase(term, w) for w in weapon_terms)
        and not any(c.kind == "weapon" for c in layer.analyze(f"SUBJ {term}").cues)
    ]
    assert not hidden, hidden
