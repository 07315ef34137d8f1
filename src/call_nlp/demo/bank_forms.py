"""Core situations in three forms the plain banks never show.

* **Spanish** (``SPANISH``): behavioral notes partly or wholly in simple Spanish, with an
  optional English CAD frame ("RP SPEAKS SPANISH / quiere matarse"). Each phrase carries
  the same facts as its English counterpart; ``WEAPON_NONE_ES`` ("NO HAY ARMAS") and
  ``WEAPON_PRESENT_ES`` ("tiene un cuchillo") replace a planned English weapon statement
  in such notes, stating the same fact.
* **Suicide attempts** by hanging, jumping or traffic (``SUICIDE_ATTEMPT``), with the
  medical facts they state (unresponsive, breathing, injury).
* **Opioid overdose signs** in terse protocol form (``OPIOID``), with ingestion,
  unresponsive and breathing facts; "NOW COMBATIVE" is the combative risk fact.

The composer (:func:`call_nlp.demo.compose.compose`) draws a form for the first core
phrase at the rates of ``FORM_RATES``. Spanish phrases are rendered verbatim (no English
shorthand or typing noise applied to them).
"""

from __future__ import annotations

from call_nlp.demo.bank_dispatch import SPANISH_FRAME
from call_nlp.demo.phrasebook import Phrase, bank

_S, _P, _U, _D, _W, _F = (f"crisis:{c}" for c in ("suicide", "psychosis", "substance", "distress", "welfare", "family"))

#: An English CAD frame before the caller's Spanish (optional), shared with ordinary notes.
_FRAME = SPANISH_FRAME


def _es(tags: tuple[str, ...] | str, *spanish: str) -> tuple[Phrase, ...]:
    """Spanish phrases, each with the optional English frame."""
    return bank(tags, *(f"{_FRAME} {s}" for s in spanish))


SPANISH: dict[str, tuple[Phrase, ...]] = {
    "suicide": (
        *_es(_S,
             "[quiere matarse|se quiere matar|dice que se quiere morir|dice que se quiere matar|quiere suicidarse|no quiere vivir|dice que se va a matar]",
             "[mi hijo|mi hija|su esposo|su esposa|el señor|la señora] [quiere matarse|dice que se quiere morir|dice que no quiere vivir]",
             "[intento de suicidio|POSS intento de suicidio|intento de suicidio hoy]",
             "[amenaza con matarse|amenazando con suicidarse|amenaza con quitarse la vida]"),
        *_es((_S, "med:bleeding=yes"), "[se corto las venas|se cortó las venas] [, sangrando|, mucha sangre|, esta sangrando]"),
    ),
    "psychosis": _es(
        _P,
        "[escucha voces|oye voces|esta escuchando voces|escucha voces, no toma sus medicinas]",
        "[habla solo|hablando solo|esta hablando solo] [y no tiene sentido|toda la noche|]",
        "[paranoico|paranoica|muy paranoico|dice que lo estan siguiendo, paranoico|dice que la estan vigilando, paranoica]",
        "[ve cosas|viendo cosas] [que no estan ahi|]", "[alucinando|esta alucinando]",
    ),
    "substance": (
        *_es(_U,
             "[borracho|borracha|muy borracho|esta borracho] [en la calle|en la parada del bus|en el carro|]",
             "[uso drogas|usó drogas|esta drogado|usando drogas] [en el baño|hoy|]"),
        *_es((_U, "med:intox=yes"), "[borracho|muy borracho|borracha] [, no puede caminar|y no puede caminar|, no puede pararse]"),
        *_es((_U, "med:ingestion=yes"), "[sobredosis|POSS sobredosis|sobredosis de heroina|sobredosis de pastillas]"),
        *_es((_U, "med:unresponsive=yes"), "[uso drogas|usó drogas|esta drogado] [y no responde|, no responde|, no despierta]"),
    ),
    "family": _es(
        _F,
        "[pareja discutiendo|la pareja esta discutiendo|pareja peleando verbalmente]",
        "[su esposo|su esposa|su pareja|su hijo] [le esta gritando|no se quiere ir|esta discutiendo con ella|esta discutiendo con el]",
        "[discusion familiar|discusión familiar|pelea verbal con su hijo|madre e hijo discutiendo]",
    ),
    "welfare": _es(
        _W,
        "[señora confundida|senora confundida|señor confundido|señora mayor confundida] [, no sabe donde esta|en la calle|]",
        "[no sabe donde esta|no sabe donde vive|esta perdida y confundida]",
        "[no contesta la puerta|no contesta el telefono] [desde hace dias|desde ayer|], familia preocupada",
        "[señor|persona] [durmiendo afuera en el frio|acostado en la acera]",
    ),
    "distress": _es(
        _D,
        "[llorando|esta llorando|llorando mucho|no para de llorar]",
        "[ataque de panico|ataque de pánico|tiene un ataque de panico|ataque de ansiedad]",
        "[muy nerviosa|muy nervioso|muy triste] [y llorando|, quiere hablar con alguien|]",
    ),
}
#: Spanish weapon statements: the same facts as rk.WEAPON_NONE / rk.WEAPON_PRESENT.
WEAPON_NONE_ES = bank("weapon=none", "[NO HAY ARMAS|SIN ARMAS|no hay armas|NO TIENE ARMAS|NO HAY ARMAS EN LA CASA|sin armas]")
WEAPON_PRESENT_ES = bank("weapon=present", "[tiene un cuchillo|TIENE UN CUCHILLO|tiene un cuchillo en la mano|TIENE UNA PISTOLA|tiene un machete]")

SUICIDE_ATTEMPT: tuple[Phrase, ...] = (
    *bank(
        _S,
        "[attempted hanging|ATTEMPTED HANGING|hanging attempt|tried to hang {himself}] [, cut down by {his} [brother|sister|mother|dad|roommate|{kin}]|in the [closet|garage|basement]|]",
        "[tried to hang {himself}|attempted to hang {himself}] [with a belt|with a sheet|with an extension cord|from the stair railing|], [RP|{his} {kin}|family] [stopped {him}|cut {him} down|got it off {him}]",
        "[ligature around {his} neck|had a ligature around {his} neck|LIGATURE AROUND NECK] [, RP removed it|when RP found {him}|, {kin} cut it off]",
        "[stepped in front of a bus|stepped in front of a car|tried to walk into traffic|ran into traffic on purpose] [to kill {himself}|, bus stopped in time|, says {he} wants to die|]",
        "[tried to jump|attempted to jump|was about to jump] from the [2nd|3rd|4th|5th] floor [balcony|window] [, {kin} pulled {him} back|, RP grabbed {him}]",
    ),
    *bank(
        (_S, "med:unresponsive=yes"),
        "found hanging in [the garage|the closet|the basement|{his} room], [family|RP|{his} {kin}] cut {him} down, [unresponsive|not responding|unconscious|UNCONSCIOUS]",
        "[attempted hanging|ATTEMPTED HANGING], [unresponsive|UNCONSCIOUS|not responding]",
    ),
    *bank(
        (_S, "med:breathing=no"),
        "found hanging in [the garage|the closet|the basement|{his} room], [family|RP|{his} {kin}] cut {him} down, [breathing|is breathing|BREATHING]",
        "[attempted hanging|ATTEMPTED HANGING|tried to hang {himself}], [cut down by {kin}|RP cut {him} down], [breathing|breathing on {his} own]",
    ),
    *bank(
        (_S, "med:breathing=yes"),
        "[ligature around {his} neck|ligature marks on {his} neck|found with a cord around {his} neck] [, trouble breathing|, breathing shallow|, gasping|, snoring respirations]",
    ),
    *bank(
        (_S, "med:injury=yes"),
        "jumped from the [2nd|3rd|4th|5th] floor [balcony|window|parking garage] [to kill {himself}|in a suicide attempt|after saying goodbye|], [injured|possible broken legs|conscious with leg injuries|hurt {his} back]",
        "[stepped|jumped|threw {himself}] in front of a [bus|car|truck] [on purpose|to kill {himself}|in a suicide attempt], [struck|hit|injured|struck, conscious]",
        "[walked into traffic|jumped off the overpass] [to kill {himself}|in a suicide attempt], [injured|has injuries|bleeding from the head]",
    ),
)

OPIOID: tuple[Phrase, ...] = (
    *bank(
        (_U, "med:ingestion=yes", "med:unresponsive=yes"),
        "OD [23-D-1|23-D-2|23-C-1] [UNCONSCIOUS|UNC|NOT ALERT] [/ NARCAN GIVEN BY PD|/ PD GAVE NARCAN|/ NARCAN X2 BY PD|/ RP GAVE NARCAN|]",
        "[OPIOID OD|POSS FENT OD|HEROIN OD|POSS OPIOID OD], [UNCONSCIOUS|UNRESPONSIVE], [NARCAN GIVEN BY [PD|RP|BYSTANDER]|NARCAN X2|NO NARCAN ON SCENE]",
    ),
    *bank(
        (_U, "med:ingestion=yes", "med:unresponsive=yes", "med:breathing=yes"),
        "FOUND [ROOMMATE|PT|SUBJ|FRIEND|{mf}] W/ [NEEDLE|SYRINGE] NEXT TO {him}, NOT BREATHING[, CPR|, CPR IN PROGRESS|, RP DOING CPR|]",
        "[UNCONSCIOUS|UNRESPONSIVE], PINPOINT PUPILS, [SNORING RESPIRATIONS|AGONAL BREATHING|SLOW BREATHING|BLUE LIPS]",
    ),
    *bank(
        (_U, "med:ingestion=yes"),
        "[PINPOINT PUPILS|PUPILS PINPOINT] [, NODDING OFF|, NODDING IN AND OUT|, POSS FENTANYL|]",
        "NODDING OFF IN [CAR|THE CAR|DRIVERS SEAT|CAR AT THE LIGHT], PINPOINT PUPILS",
        "OD [23-C-1|23-D-1] [/ ALERT AFTER NARCAN|/ AWAKE AFTER NARCAN BY PD]",
    ),
    *bank(
        (_U, "med:ingestion=yes", "med:unresponsive=no"),
        "OD REVERSED W/ NARCAN, [NOW AWAKE AND TALKING|NOW ALERT|NOW CONSCIOUS, REFUSING]",
    ),
    *bank(
        (_U, "med:ingestion=yes", "combative=yes"),
        "OD REVERSED W/ NARCAN, [NOW COMBATIVE|NOW AWAKE AND COMBATIVE|WOKE UP COMBATIVE]",
    ),
    *bank(
        _U,
        "TRACK MARKS [ON ARMS|ON BOTH ARMS|] [, NODDING OFF|, NEEDLE ON FLOOR|]",
        "NODDING OFF IN [CAR|THE CAR|DRIVERS SEAT|CAR AT THE LIGHT]",
    ),
)

#: Chance that a (non-story) behavioral note's first core phrase takes each form. About
#: two thirds of each crisis type's notes are composed this way (the rest are stories,
#: and suicide notes opened as a welfare check take no form), so attempts and opioid
#: signs end up in about 4-5% of their crisis type's notes and Spanish in about 3-3.5%
#: (measured on 40,000 notes): Spanish is kept low because ordinary notes must carry as
#: much of it (bank_dispatch.P_SPANISH_ORDINARY) for language to mark no label.
FORM_RATES: dict[str, dict[str, float]] = {
    "suicide": {"spanish": 0.055, "attempt": 0.1},
    "psychosis": {"spanish": 0.05},
    "substance": {"spanish": 0.055, "opioid": 0.075},
    "distress": {"spanish": 0.05},
    "welfare": {"spanish": 0.05},
    "family": {"spanish": 0.06},
}
POOLS: dict[str, dict[str, tuple[Phrase, ...]]] = {
    primary: {"spanish": SPANISH[primary]} for primary in SPANISH
}
POOLS["suicide"]["attempt"] = SUICIDE_ATTEMPT
POOLS["substance"]["opioid"] = OPIOID

_SPANISH_IDS = frozenset(id(p) for pool in SPANISH.values() for p in pool) | {id(p) for p in WEAPON_NONE_ES + WEAPON_PRESENT_ES}


def is_spanish(phrase: Phrase | None) -> bool:
    """Whether ``phrase`` is (partly) the caller's Spanish, rendered verbatim."""
    return phrase is not None and id(phrase) in _SPANISH_IDS
