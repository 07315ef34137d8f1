"""Medical statements (TAXONOMY section 3 rule 3) and their negation.

Ingestion and self-injury also state a crisis concept (an intentional ingestion is a
suicide attempt; an overdose on drugs is substance use), so they carry both tags.
"""

from __future__ import annotations

from call_nlp.demo.phrasebook import bank

INGESTION_SUICIDE = bank(
    ("crisis:suicide", "med:ingestion=yes"),
    "took [{num}|a bunch of|a handful of|all of {his}|a whole bottle of|an unknown amount of] [{pills}|pills|{his} meds] [to [die|end it|kill {himself}|not wake up]|in a suicide attempt|and says {he} wants to die|trying to kill {himself}]",
    "[swallowed|drank] [bleach|antifreeze|bug killer|rat poison|a bottle of {pills}] [to kill {himself}|trying to die|in a suicide attempt]",
    "[intentional OD|intentional overdose|OD, intentional|POSS intentional OD|overdose, INTENTIONAL: YES]",
    "[OD|overdose|overdosed] on {pills} [, states wanted to die|, suicide attempt|to end {his} life]",
)
INGESTION_SUBSTANCE = bank(
    ("crisis:substance", "med:ingestion=yes"),
    "[POSS OD|OD|overdose|POSS overdose|suspected OD|heroin OD|fentanyl OD|opioid overdose] [, narcan given|, RP gave narcan|, narcan x2|]",
    "[overdosed|OD'd|ODed] on [heroin|fentanyl|pills|xanax|meth|{pills}|something]",
    "[took|ate] too many [{pills}|pills|edibles|xanax bars] [by accident|accidentally|to get high|]",
    "[accidental|unintentional] [ingestion|OD|overdose] [of {pills}|]",
    "[snorted|smoked|injected|used] [fentanyl|heroin|something|dope] and [went down|fell out|is barely breathing|turned blue]",
)
INTENTIONAL_NO_QA = bank("", "INTENTIONAL: [NO|UNK|ACCIDENTAL]")
#: The overdose protocol's answer for a suicide attempt by ingestion.
INTENTIONAL_YES_QA = bank("crisis:suicide", "INTENTIONAL: [YES|Y]", "[INTENTIONAL|DELIBERATE]: YES")

BLEEDING_SELF = bank(
    ("crisis:suicide", "med:bleeding=yes"),
    "[cut|slit|slashed] {his} [wrists|wrist|arms|forearm|thigh] [and is bleeding|, bleeding heavily|, actively bleeding|, lots of blood]",
    "[self inflicted|self-inflicted] [lacerations|laceration|cuts|stab wound] [to {his} [wrist|arm|wrists|leg]|] [, bleeding|, actively bleeding|, bleeding controlled]",
    "[bleeding|blood everywhere] [from cuts to {his} arms|in the bathroom after cutting {himself}]",
)
BLEEDING_NO_QA = bank("med:bleeding=no", "BLEEDING: [NO|NONE|NO]", "[SERIOUS BLEEDING|bleeding]: no")

UNRESPONSIVE = bank(
    "med:unresponsive=yes",
    "[unresponsive|UNRESPONSIVE|not responding|won't wake up|can't wake {him}|not waking up|unconscious|UNCONSCIOUS|barely responsive|in and out of consciousness|not responding to RP]",
)
UNRESPONSIVE_QA = bank("med:unresponsive=yes", "CONSCIOUS: [NO|N]")
CONSCIOUS = bank("med:unresponsive=no", "[conscious and breathing|awake and talking|alert|A&O|responsive|alert and talking]")
CONSCIOUS_QA = bank("med:unresponsive=no", "CONSCIOUS: [YES|Y]", "ALERT: [YES|Y]")

BREATHING_TROUBLE = bank(
    "med:breathing=yes",
    "[trouble breathing|difficulty breathing|DIFF BREATHING|breathing shallow|not breathing right|gasping for air|snoring respirations|blue lips|lips turning blue|can't breathe|struggling to breathe]",
)
BREATHING_TROUBLE_QA = bank("med:breathing=yes", "BREATHING: [NO|ABNORMAL|SHALLOW|DIFFICULTY]")
BREATHING_OK_QA = bank("med:breathing=no", "BREATHING: [YES|NORMAL|Y]")

SEIZURE = bank("med:seizure=yes", "[having a seizure|seizing|SZ|seizure activity|had a seizure|seized|actively seizing]")

INTOX_MEDICAL = bank(
    ("crisis:substance", "med:intox=yes"),
    "[too drunk to stand|can't stand up|unable to stand|falling down drunk|keeps falling over drunk|so drunk {he} can't walk]",
    "[vomiting and can't keep {his} head up|can't hold {his} head up|too intoxicated to protect {his} airway|vomiting, too drunk to sit up]",
)

INJURY = bank(
    "med:injury=yes",
    "[fell and hit {his} head|bleeding from the head|head lac|injured {his} [arm|leg|hand]|cut {his} hand on the glass|possible broken [arm|wrist]|has a cut on {his} [face|arm]|has injuries|visible injuries|twisted {his} ankle]",
)
#: An injury from a fight that is over: states the injury and a recent assault.
INJURY_FROM_FIGHT = bank(
    ("med:injury=yes", "assault=ended"),
    "[{kin}|RP|{victim}] has [a cut lip|a bloody nose|a cut on the face|a swollen eye|injuries] from [the fight earlier|when {he} hit them|being hit earlier|when {he} shoved them into the wall]",
)
INJURY_NONE = bank("med:injury=no", "[no injuries|NO INJ|not injured|no visible injuries|no injuries reported]")
INJURY_NONE_QA = bank("med:injury=no", "INJURIES: [NONE|NO]")
#: Breathing trouble as it comes up in panic or distress calls.
BREATHING_PANIC = bank(
    "med:breathing=yes",
    "[trouble breathing|difficulty breathing|says {he} can't breathe|struggling to breathe|can't catch {his} breath|hyperventilating and says {he} can't breathe]",
)

#: What is found when someone who could not be reached is finally seen (updates).
FOUND_DOWN = (
    *bank(
        "med:unresponsive=yes",
        "[RP got inside|PD made entry|door was unlocked|landlord opened the door|RP looked in the window], {he} is [on the floor unresponsive|not responding|unconscious|on the floor, not moving and not responding]",
    ),
    *bank(
        "med:injury=yes",
        "[RP got inside|landlord opened the door|RP got in], {he} [fell and can't get up, bleeding from the head|is on the floor with a possible broken hip|fell in the bathroom and is injured]",
    ),
    *bank(
        "med:breathing=yes",
        "[RP got inside|RP can see {him} through the window], {he} is [breathing funny|gasping|having trouble breathing]",
    ),
)
