"""Label-neutral fragments: location, callback, staging, dispatch admin, protocol
boilerplate, update markers and filler. Drawn with the same probabilities for every note.

Content-free notes are made only of these.
"""

from __future__ import annotations

from call_nlp.demo.phrasebook import bank

LOCATION = bank(
    "",
    "[AT|IFO|OUTSIDE|BEHIND|NEAR|IN FRONT OF|ACROSS FROM|LOC:|LOCATION:] {addr}",
    "{addr} [APT {num}|APT {num}B|UNIT {num}|RM {num}|#{num}|BLDG C|{num}TH FLOOR|]",
    "[in the|at the] [lobby|parking lot|back yard|front yard|stairwell|2nd floor hallway|laundry room|basement|kitchen|garage] [of {addr}|]",
    "[RES|residence|house|apartment|business] [on the corner|at the end of the street|with the red door|behind the church|next to the school|]",
    "[X-ST|cross street|XST] {addr}",
    "[caller is|RP is|RP] [outside|in the car|across the street|in the lobby|at the front desk|at the neighbors]",
)
CALLBACK = bank(
    "",
    "[CB|CALLBACK|CB#|RP CB|ALT #|RP'S CELL] {phone}",
    "[call RP|call the RP|contact RP|RP requests a call] [at|on] {phone} [on arrival|when close|before arrival|]",
    "[RP|caller] [does not want contact|doesn't want to be seen|wants to remain anonymous|requests contact by phone]",
)
STAGING = bank(
    "",
    "[STAGE|EMS STAGE|MEDIC STAGE|FIRE STAGE|STAGING] [at|on] {addr} [until PD clears|for PD|until advised|]",
    "[REQ|RP REQ|requesting] [no lights/sirens|no sirens|quiet approach|no lights]",
    "meet [RP|caller|staff|security] [in the lobby|out front|at the gate|in the parking lot|at the side door]",
    "[GATE CODE|DOOR CODE|ACCESS CODE] [#|]{num}{num}",
    "[enter through the|use the] [back|side|rear|front] door",
    "[RP|caller|staff] will [flag units|meet units|wave units down]",
    "[KNOX BOX|LOCKBOX|key box] on site",
    "[PD|EMS|FIRE|MEDIC {num}] [responding|enroute|ER|advised]",
)
ADMIN = bank(
    "",
    "[RP DISCONNECTED|RP HUNG UP|CALL DROPPED|DISCONNECTED] [, CALLBACK NO ANSWER|, CB NO ANSWER|, CB went to VM|, unable to reach on CB|]",
    "[OPEN LINE|open line, nothing heard|silent call|abandoned call] [, CB NO ANSWER|, no answer on CB|]",
    "[2ND CALLER|2ND CALL|DUP CALL|duplicate call|SEE PREV CALL|XREF {num}{num}{num}|SEE CALL {num}{num}{num}]",
    "[PHASE II WIRELESS|WPH2|ANI/ALI VERIFIED|VOIP caller|landline]",
    "[LANGUAGE LINE|language line used|TTY call|text to 911]",
    "[TRANSFERRED FROM|XFER FROM|transfer from] [CHP|SO|PD|the county|fire dispatch]",
    "[10-4|10-87 REQ|10-97|10-8|10-23|10-6|10-22|10-21 RP] [per unit|on scene|]",
    "[PD|EMS|UNITS|MEDIC] [10-97|10-23|10-8|10-76] [at {addr}|]",
    "[no further info|NFI|no additional info|RP unable to give more info|RP unable to provide details]",
)

#: Protocol-software boilerplate with no crisis content (chief complaints are by
#: protocol family, not by label; "Problem:" lines are built from the core phrase).
HEADER_NEUTRAL = bank(
    "",
    "[Response Text|Priority]: [ALS|BLS|P{num}|Hot|Cold]",
    "[Key Questions|KQ]: [completed|done|see below]",
    "[Caller Statement|CALLER STATEMENT]:",
)
#: Behavioral protocol families: chief complaints, protocol numbers and CAD call-type
#: codes (ordinary complaints carry their own, see :mod:`call_nlp.demo.protocol`).
CHIEF_COMPLAINTS = {
    "behavioral": ("Psychiatric/Abnormal Behavior/Suicide Attempt", "Psychiatric Problem", "Abnormal Behavior", "Behavioral"),
    "overdose": ("Overdose/Poisoning (Ingestion)", "Overdose/Poisoning", "Poisoning"),
    "unknown": ("Unknown Problem (Person Down)", "Check Welfare", "Unconscious/Fainting (Near)", "Sick Person"),
    "disturbance": ("Disturbance", "Domestic Disturbance", "Assault/Sexual Assault", "Civil Problem"),
}
DETERMINANT_PROTOCOL = {"behavioral": 25, "overdose": 23, "unknown": 32, "disturbance": 4}
CAD_CODES = {
    "behavioral": ("PSYCH", "MH", "BEHAV", "EDP"), "overdose": ("OD", "POISON", "OVERDOSE"),
    "unknown": ("CHECK", "WELF", "UNK", "PDOWN"), "disturbance": ("DIST", "DOM", "FAMDIST"),
}

NEUTRAL_QA = bank(
    "",
    "[AGE|Age]: {age}",
    "[SEX|Sex]: [M|F|U]",
    "[NUMBER OF PATIENTS|# PTS|Patients]: 1",
    "[LOCATION OF PT|WHERE NOW|PT LOCATION]: [INSIDE|OUTSIDE|BEDROOM|LIVING ROOM|FRONT YARD|IN CAR|]",
    "[CALLER STATEMENT|CHIEF COMPLAINT DETAIL]:",
    "[HAZARDS|HAZARD]: [NONE|UNK|]",
    "[PETS|DOGS]: [NO|YES, LOCKED UP|1 DOG]",
    "[CALLER RELATIONSHIP|RELATION]: [family|neighbor|staff|self|3rd party|friend]",
    "[PEOPLE PRESENT|# ON SCENE]: {num}",
    "[VEHICLE INVOLVED|VEH]: [NO|UNK|YES]",
    "[LANGUAGE|LANG]: [ENGLISH|ENG]",
    "[CALLBACK #|CB#]: {phone}",
    "[APT|UNIT]: {num}",
    "[ACCESS|ENTRY]: [front door|side door|gate|lobby]",
)

UPDATE_MARKERS = (
    "UPD:", "UPDATE:", "** UPDATE **", "**UPD**", "RP CALLED BACK,", "RP CB,", "CALLBACK:", "ADD'L:",
    "ADDL INFO:", "PER 2ND CALLER,", "2ND CALLER ADV", "PER RP ON CB,", "UPDATE FROM RP:", "FURTHER:",
    "FOLLOW UP:", "NEW INFO:", "RP NOW ADV", "ADDITIONAL:", ">>", "-- UPDATE --",
)

NEUTRAL_UPDATES = bank(
    "",
    "[RP|caller] [now outside|now in the car|now at the neighbors|staying on the line|still on the line|will meet units|is waiting out front|went outside]",
    "{s} [went back inside|is now in the [bedroom|kitchen|backyard|bathroom|living room]|is now sitting on the couch|is on the phone with {kin}|is in the front yard|is sitting on the curb]",
    "[units advised|PD advised|EMS advised|fire advised|info relayed to units|relayed to PD]",
    "[door is unlocked|front door open|door is locked|gate is open|RP will unlock the door]",
    "[RP lost sight of {him}|RP unable to see {him}|{he} is out of view]",
    "[wearing|last seen wearing] [a red hoodie|a grey jacket|blue jeans|a green coat|tan pants|a hospital gown|a yellow shirt]",
    "[heading|walking|last seen walking] [NB|SB|EB|WB|north|south] [on|toward] {addr}",
    "[RP|{kin}|staff] [on scene|arrived|is there now|left the residence]",
    "[language line on|interpreter on the line|RP switched phones]",
    "[RP asks ETA|RP asking for ETA|RP asking how long]",
    "[units|PD|EMS|medic] [on scene|arriving|staging nearby|2 min out]",
    "[RP|caller] [gave|provided] [a description|a better address|the gate code|directions to the unit]",
    "[RP|caller] [requests|asking for] [a call back|an update|the name of the responding officer]",
    "[another caller|a 2nd caller|neighbor] [calling about the same thing|reporting the same|also calling], [no new info|nothing new|]",
    "{s} is [sitting in the kitchen|on the porch|in the backyard|in {his} car|at the front door|back in {his} room]",
    "{s} has [a dog|two dogs|a cat] in the [house|apartment|car]",
    "[{his}|the] [car|vehicle] is a [grey|blue|red|green|tan] [sedan|pickup|SUV|minivan] [, plate unk|, partial plate {num}{num}|]",
    "[RP|caller] [would like|wants] [contact from an officer|to speak with a supervisor|a case number] [after|later|]",
    "[porch light is on|lights are off|garage door is open|blinds are closed]",
    "[no answer on callback|callback went to voicemail|RP not answering callback]",
    "[RP|caller] [spelled|gave] [{his}|SUBJ's] [name|last name|date of birth] [for the record|]",
    "[RP|caller] [is|will be] [waiting|standing] [by the mailbox|at the corner|in the lobby|by the gate]",
)

#: Caller-voice filler for transcription-style notes.
FILLERS = (
    "please hurry", "can you send someone", "i don't know what to do", "this has happened before",
    "please send somebody", "i need help", "hurry please", "i just need someone to come", "we need help here",
)
#: How the call-taker frames the caller's report ({says} and {rp} slots).
SAYS = (
    "STATES", "STS", "ADV", "REPORTS", "SAYS", "STATING", "REPORTING", "STATES THAT", "REPORTING THAT",
    "STATED", "CALLING TO REPORT", "CALLING BC", "STATES", "SAYS", "REPORTS", "ADVISED", "STS", "STATES",
)
RP_WORDS = ("RP", "CALLER", "CALLER", "RP", "CALLER", "REPORTING PARTY", "CALLER", "COMP", "CALLER", "RP")

NARRATIVE_FRAMES = (
    "Caller states", "Caller states that", "The caller is reporting that", "RP advised", "Caller reports",
    "Per caller,", "Caller is calling because", "RP says", "Reporting party states", "Caller advised that",
    "The caller says", "Complainant states",
)

