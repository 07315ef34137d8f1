"""Medical complaints: 28% of ordinary calls in CAD_TEXT.md.

Chest pain, breathing problems, falls, seizures, diabetic problems, stroke, abdominal
pain, sick person, unconscious or fainting, hemorrhage, cardiac arrest, heart problems,
traumatic injuries, allergic reactions, back pain and childbirth. TAXONOMY.md: a medical
complaint with no overdose, self-harm, psychiatric or intoxication content is
not_behavioral, so no phrase here mentions any of them. Keyword traps ("shooting pain",
"stabbing chest pain", "killer headache", a flu shot, a kitchen knife while cooking,
bug killer) state no danger to anyone, and look-alikes (a confused diabetic, slurred
speech from a stroke, confusion after a seizure) no behavioral content.

Key-question answers are protocol text ("CONSCIOUS: YES", "BREATHING: YES", "ALERT: NO")
and label-neutral; the protocol numbers are those CAD_TEXT.md lists for ordinary notes.
"""

from __future__ import annotations

from call_nlp.demo import bank_lookalike as lk
from call_nlp.demo.phrasebook import Phrase, bank
from call_nlp.demo.protocol import Complaint

_I = "crisis:incident"
_OTHER = (_I, "med:other=yes")

AWAKE_QA = bank(
    "",
    "CONSCIOUS: [YES|Y|YES]", "BREATHING: [YES|Y|YES]", "[ALERT|COMPLETELY ALERT]: [YES|NO|UNK|Y|N]",
    "CHANGING COLOR: [NO|UNK|N]", "SERIOUS BLEEDING: [NO|N]", "BREATHING NORMALLY: [YES|NO]",
)
DOWN_QA = bank(
    "",
    "CONSCIOUS: [NO|N]", "BREATHING: [NO|UNK|UNCERTAIN|AGONAL|INEFFECTIVE]", "[AED|AED AVAILABLE]: [NO|YES|UNK]",
    "CPR: [IN PROGRESS|STARTED|INSTRUCTIONS GIVEN]",
)
_DETAILS = bank(
    "",
    "HX [CHF|COPD|DIABETES|HTN|CARDIAC|STROKE|SEIZURES|CANCER|KIDNEY FAILURE|A-FIB|ASTHMA]",
    "[ON BLOOD THINNERS|ON HOME O2|ON DIALYSIS|PT ON HOSPICE|DNR ON FILE|HAS A PACEMAKER]",
    "[PT IN THE BATHROOM|PT ON THE FLOOR|PT IN BED|PT SITTING IN A CHAIR|PT IN THE CAR|PT IN THE LOBBY|PT ON THE COUCH|PT AT THE FRONT DESK]",
    "[STARTED {num} MIN AGO|SINCE THIS MORNING|FOR {days}|ONSET {num} MIN AGO|SUDDEN ONSET]",
    "[CONSCIOUS AND BREATHING|C/B|A&O|A&OX4|A&OX3|AWAKE AND TALKING|ALERT AND ORIENTED]",
    "[PALE AND SWEATY|VOMITING|DIZZY|NAUSEA|WEAK|CLAMMY|FEVER|CHILLS]",
    "[BP [180/110|90/60|210/120|160/95]|SUGAR [38|45|52|350|480]|PULSE [40|130|150|170]|O2 SAT [84|86|88|90] PERCENT]",
    "[NURSE ON SCENE|STAFF WITH PT|FAMILY WITH PT|NEIGHBOR WITH PT]",
    "[{he} is|{he}'s] [conscious and breathing|awake and talking|alert|breathing but not talking much|sitting up now|on the floor]",
    "{he} [has a|has|has a long] [hx|history] of [seizures|diabetes|heart problems|COPD|falls|strokes|kidney problems]",
    "{he} [takes|is on] [blood thinners|insulin|oxygen|heart meds|dialysis]",
    "RP IS {his} [daughter|son|wife|husband|neighbor|caregiver|home health aide]",
    "[ALLERGIES|MEDS|HX|PMH]: [UNK|NONE KNOWN|UNK PER RP]",
    "[NOT ALERT|NOT ACTING RIGHT|NOT FEELING WELL|NOT ABLE TO GET UP|CAN NOT GET UP|NOT ON BLOOD THINNERS|NOT PREGNANT|NOT DIABETIC|NOT INJURED|DOES NOT WANT TO GO TO THE HOSPITAL|NOT {his} USUAL SELF PER FAMILY]",
    "[PT|{mf}] [IS NOT|NOT] [ABLE TO WALK|ABLE TO STAND|TALKING MUCH|MAKING SENSE, NO HX|BREATHING NORMALLY]",
)
_UPDATES = bank(
    _I,
    "[PT|{mf}] [NOW ALERT|NOW TALKING|NOW SITTING UP|VOMITING NOW|BREATHING BETTER|GETTING WORSE|NOW PALE|NOW SWEATING]",
    "[FAMILY|DAUGHTER|SON|NEIGHBOR|STAFF] WILL [MEET UNITS|OPEN THE DOOR|BE AT THE DOOR|MEET EMS OUT FRONT]",
    "[MEDS LIST READY|DNR AT BEDSIDE|POLST ON THE FRIDGE|PT HAS {his} MEDS]",
    "[UPGRADED|UPGRADE] TO [DELTA|ECHO|CHARLIE] [RESPONSE|]",
    "[DOWNGRADED|DOWNGRADE] TO [ALPHA|BRAVO|COLD|NON EMERGENT]",
    "[PT|{mf}] [HAS A HX OF|HX] [CHF|COPD|DIABETES|HTN|HEART PROBLEMS|FALLS]",
)
_OUTCOMES = bank(
    "",
    "[TRANSPORTED TO {hosp}|{unit} TRANSPORTING 1 TO {hosp}|PT TAKEN BY POV|PT TO {hosp} BY FAMILY]",
    "[PT REFUSED TRANSPORT|RMA SIGNED|TREATED AND RELEASED|NO TRANSPORT]",
)
_AGITATION = bank(
    "",
    "[PT|{mf}] [CRYING IN PAIN|SCREAMING IN PAIN|YELLING FOR HELP|CRYING|MOANING|YELLING IN PAIN]",
    "[CHILD|BABY|KIDS] CRYING [IN THE BACKGROUND|]",
    "[RP|CALLER] [CRYING|UPSET AND CRYING|YELLING, HARD TO UNDERSTAND]",
)


def _med(core: tuple[Phrase, ...], chief: tuple[str, ...], codes: tuple[str, ...], qa: tuple[str, ...] = (),
         protocol: int = 0, acuity: str = "ABCD", age: str = "", down: bool = False) -> Complaint:
    return Complaint(
        core=core, chief=chief, codes=codes, protocol=protocol, acuity=acuity,
        details=_DETAILS, qa=bank("", *qa) + (DOWN_QA if down else AWAKE_QA), updates=_UPDATES,
        outcomes=_OUTCOMES, agitation=_AGITATION, age=age, down=down,
    )


CHEST_PAIN = _med(bank(
    _OTHER,
    "[CHEST PAIN|CP|C/O CHEST PAIN|CHEST PAINS|CHEST PRESSURE|CHEST TIGHTNESS|STABBING CHEST PAIN]",
    "[CHEST PAIN|CP] [RADIATING TO [LEFT ARM|JAW|BACK]|W/ SOB|, SWEATY|, CLAMMY|, NAUSEA|, HX MI|, HX STENTS|, HX CARDIAC]",
    "[PT|{mf}|CALLER] [C/O|COMPLAINING OF|W/] [CHEST PAIN|CP|PAIN IN CHEST|CHEST DISCOMFORT] [, CONSCIOUS AND BREATHING|]",
), ("Chest Pain", "Chest Pain/Chest Discomfort (Non-Traumatic)", "CHEST PAIN"), ("CP", "CHEST"),
    ("CLAMMY: [YES|NO]", "HX HEART PROBLEMS: [YES|NO|UNK]", "OVER 35: [YES|NO]"), protocol=10, acuity="ACD")

BREATHING = _med(bank(
    (_I, "med:breathing=yes"),
    "[DIFF BREATHING|DIFFICULTY BREATHING|TROUBLE BREATHING|SOB|SHORT OF BREATH|RESP DISTRESS|BREATHING PROBLEMS|CAN'T CATCH BREATH] [, HX ASTHMA|, HX COPD|, ON HOME O2|, INHALER NOT HELPING|, CAN ONLY SPEAK IN SHORT SENTENCES|]",
    "[ASTHMA ATTACK|COPD EXACERBATION|WHEEZING|CHOKING, NOW BREATHING|CHOKED ON FOOD, NOW COUGHING]",
    "[SPRAYED|USED] BUG KILLER [IN THE KITCHEN|IN A SMALL ROOM|IN THE BASEMENT], NOW [SOB|COUGHING|HAVING TROUBLE BREATHING]",
), ("Breathing Problems", "BREATHING PROBLEMS", "Difficulty Breathing"), ("SOB", "DIFFBR", "BREATH"),
    ("DIFFICULTY SPEAKING BETWEEN BREATHS: [YES|NO]", "ASTHMA: [YES|NO]", "SPECIAL EQUIPMENT: [O2|NEBULIZER|INHALER|NONE]"), protocol=6, acuity="CD")

FALL = _med(bank(
    (_I, "med:injury=yes"),
    "[FALL|FELL|FELL|S/P FALL|GROUND LEVEL FALL|FALL VICTIM|PT FELL|{mf} FELL] [IN THE BATHROOM|IN THE KITCHEN|DOWN {num} STAIRS|DOWN THE STAIRS|OFF A LADDER|IN THE PARKING LOT|ON THE ICE|OUT OF BED|IN THE SHOWER|AT THE STORE|] [, HIP PAIN|, HIT HEAD|, HEAD LAC|, CAN'T GET UP|, POSS BROKEN [WRIST|ARM|ANKLE|HIP]|, ON BLOOD THINNERS|, NO LOC|, BACK PAIN|]",
    "[{age} YO {mf}|{age}YO {mf}|{mf}, {age},] FELL [, CAN'T GET UP|, HIP PAIN|, HIT {his} HEAD|]",
    "[PT|{he}] [fell|slipped and fell|tripped and fell] [earlier|this morning|getting out of bed|going to the bathroom] and [can't get up|hurt {his} hip|hit {his} head|has a cut on {his} head]",
    "[FELL|FALL] [FROM STANDING|FROM A CHAIR|FROM BED], [ARM PAIN|WRIST PAIN|FACE INJURY|BLEEDING FROM THE HEAD]",
), ("Falls", "FALLS", "Fall"), ("FALL", "FALLS", "FALLV"),
    ("FALL HEIGHT: [GROUND LEVEL|GROUND LEVEL|3 FT|6 FT|10 FT]", "DANGEROUS BODY AREA: [NO|YES|UNK]", "LONG FALL: [NO|N]", "ON THE FLOOR: [YES|NO]"),
    protocol=17, acuity="ABD", age="old")

SEIZURE = _med(bank(
    (_I, "med:seizure=yes"),
    "[SEIZURE|SEIZURES|SZ|SEIZING|ACTIVE SEIZURE|HAVING A SEIZURE|SEIZURE ACTIVITY|CONVULSIONS] [, HX SEIZURES|, HX EPILEPSY|, FIRST TIME|, STILL SEIZING|, STOPPED NOW|, LASTED {num} MIN|]",
) + bank((_I, "med:seizure=yes"), "[CHILD|TODDLER|INFANT] [FEBRILE SEIZURE|SEIZURE W/ FEVER|HAD A SEIZURE, HAS A FEVER]", age="child") + lk.POST_ICTAL, ("Convulsions/Seizures", "SEIZURES", "Seizure"), ("SZ", "SEIZ", "CONV"),
    ("STILL SEIZING: [NO|YES]", "EPILEPTIC: [YES|NO|UNK]", "PREGNANT: [NO|UNK]"), protocol=12, acuity="ABCD")

DIABETIC = _med(bank(
    _OTHER,
    "[DIABETIC|DIABETIC PROBLEM|LOW BLOOD SUGAR|LOW BS|BS {num}0|BLOOD SUGAR {num}0|HIGH BLOOD SUGAR|HYPOGLYCEMIC] [, SWEATY|, SHAKY|, UNABLE TO EAT|, INSULIN DEPENDENT|, GAVE JUICE|]",
    "[DIABETIC|INSULIN DEPENDENT DIABETIC], NOT ACTING RIGHT [, SUGAR {num}0|, LOW SUGAR PER {kin}|]",
) + lk.DIABETIC_CONFUSED, ("Diabetic Problems", "DIABETIC PROBLEMS"), ("DIAB", "DIABETIC"),
    ("BEHAVING NORMALLY: [NO|YES]", "DIABETIC: YES", "ABLE TO SWALLOW: [YES|NO]"), protocol=13, acuity="AC")

STROKE = _med(bank(
    _OTHER,
    "[STROKE|POSS STROKE|CVA|STROKE SYMPTOMS|STROKE SX|TIA] [, FACIAL DROOP|, SLURRED SPEECH|, LEFT SIDE WEAKNESS|, RIGHT SIDED WEAKNESS|, LAST SEEN NORMAL {num} MIN AGO|, LKW [0800|1130|1400|2100]|]",
) + lk.STROKE_SLURRED, ("Stroke (CVA)", "Stroke (CVA)/Transient Ischemic Attack (TIA)", "STROKE"), ("CVA", "STROKE"),
    ("SPEECH: [SLURRED|NORMAL]", "FACIAL DROOP: [YES|NO]", "WEAKNESS: [LEFT|RIGHT|NONE]", "LAST KNOWN WELL: {num} MIN"),
    protocol=28, acuity="C", age="old")

ABDOMINAL = _med(bank(
    _OTHER,
    "[ABD PAIN|ABDOMINAL PAIN|STOMACH PAIN|STOMACH ACHE|SEVERE ABD PAIN|ABD PAINS] [, VOMITING|, NAUSEA|, PREGNANT|, FEVER|, FOR {days}|]",
), ("Abdominal Pain/Problems", "ABDOMINAL PAIN"), ("ABD", "ABDPN"), ("VOMITING BLOOD: [NO|YES]", "OVER 50: [YES|NO]"), protocol=1, acuity="AC")

SICK = _med(bank(
    _OTHER,
    "[SICK PERSON|SICK CASE|ILL PERSON|GENERAL ILLNESS|NOT FEELING WELL|FLU LIKE SYMPTOMS|FEVER|VOMITING|NAUSEA AND VOMITING|WEAKNESS|GENERALIZED WEAKNESS|DIZZY|DIZZINESS|DEHYDRATED|CATHETER PROBLEM|HIGH BP]",
    "[HAD|GOT] [A FLU SHOT|A COVID SHOT|A SHOT OF ANTIBIOTICS] [TODAY|YESTERDAY] [AND NOW FEELS DIZZY|, NOW HAS A FEVER|, ARM SWOLLEN]",
    "[MIGRAINE|KILLER HEADACHE|BAD HEADACHE|WORST HEADACHE OF {his} LIFE|HEADACHE] [, VOMITING|, LIGHT SENSITIVE|]",
) + lk.FEVER_CONFUSED, ("Sick Person", "Sick Person (Specific Diagnosis)", "SICK PERSON"), ("SICK", "ILL", "SICKP"),
    ("PRIORITY SYMPTOMS: [NONE|NO]", "PAIN: [NO|YES]"))

UNCONSCIOUS = _med(bank(
    (_I, "med:unresponsive=yes"),
    "[UNCONSCIOUS|UNC PERSON|UNCONSCIOUS PERSON|UNRESPONSIVE|PERSON DOWN] [IN THE [BATHROOM|CHURCH|STORE|RESTAURANT|PARKING LOT]|AT THE [GYM|DENTIST|BUS STOP]|] [, BREATHING|, BREATHING UNK|, HX DIABETES|]",
), ("Unconscious/Fainting (Near)", "UNCONSCIOUS PERSON"), ("UNC", "UNCON", "PDOWN"), down=True)

FAINTING = _med(bank(
    _OTHER,
    "[SYNCOPE|SYNCOPAL EPISODE|FAINTED|PASSED OUT|NEAR SYNCOPE|FAINTING|FAINTING EPISODE] [, NOW ALERT|, NOW AWAKE|, BACK UP NOW|IN THE HEAT|AFTER GIVING BLOOD|AT CHURCH|AT WORK|]",
), ("Unconscious/Fainting (Near)", "FAINTING"), ("SYNC", "FAINT", "UNC"))

HEMORRHAGE = _med(bank(
    (_I, "med:bleeding=yes"),
    "[NOSEBLEED|NOSE BLEED|BLEEDING|HEMORRHAGE|BLEEDING FROM DIALYSIS SITE|BLEEDING FROM THE LEG|VAGINAL BLEEDING|RECTAL BLEEDING|VOMITING BLOOD|BLEEDING FROM THE MOUTH] [, ON BLOOD THINNERS|, WON'T STOP|, SERIOUS BLEEDING|, CONTROLLED|]",
    "[CUT {his} [HAND|FINGER|THUMB] [ON A SAW|WITH A KITCHEN KNIFE WHILE COOKING|ON A PIECE OF GLASS|ON A TABLE SAW]|HAND LAC FROM A KNIFE WHILE COOKING|LACERATION TO [HAND|LEG|HEAD]] [, BLEEDING CONTROLLED|, WON'T STOP BLEEDING|]",
), ("Hemorrhage/Lacerations", "HEMORRHAGE", "Bleeding"), ("BLEED", "HEM", "LAC"),
    ("BLOOD THINNERS: [YES|NO]", "BLEEDING CONTROLLED: [YES|NO]"), protocol=21, acuity="ABCD")

ARREST = _med(bank(
    (_I, "med:unresponsive=yes", "med:breathing=yes"),
    "[CARDIAC ARREST|FULL ARREST|CPR IN PROGRESS|NOT BREATHING|UNRESPONSIVE NOT BREATHING|POSS DOA|OBVIOUS DOA|CODE] [, CPR IN PROGRESS|, AED ON SCENE|, RP DOING CPR|, T-CPR STARTED|, COLD TO TOUCH|, UNK DOWN TIME|]",
    "[PT|{mf}] [NOT BREATHING|NOT BREATHING, CPR INSTRUCTIONS GIVEN|COLLAPSED AND NOT BREATHING|FOUND NOT BREATHING]",
), ("Cardiac or Respiratory Arrest/Death", "CARDIAC ARREST", "Cardiac Arrest"), ("ARREST", "CPR", "CODE"),
    protocol=9, acuity="BDE", down=True, age="old")

HEART = _med(bank(
    _OTHER,
    "[HEART PROBLEMS|HEART PALPITATIONS|HEART RACING|IRREGULAR HEARTBEAT|HR [38|42|150|180|200]|AFIB|PACEMAKER PROBLEM|DEFIB FIRED|AICD FIRED|LOW HEART RATE|HIGH HEART RATE] [, DIZZY|, SOB|, HX CARDIAC|]",
), ("Heart Problems/A.I.C.D.", "HEART PROBLEMS"), ("HEART", "CARD"), ("CLAMMY: [YES|NO]", "HX HEART PROBLEMS: [YES|NO]"),
    protocol=19, acuity="ACD", age="old")

TRAUMA = _med(bank(
    (_I, "med:injury=yes"),
    "[INJURY|INJURED PERSON|TRAUMATIC INJURY|ANKLE INJURY|LEG INJURY|ARM INJURY|HEAD INJURY|HAND INJURY|FINGER INJURY|CRUSH INJURY|DOG BITE|BURN TO HAND|BURNS] [AT WORK|ON THE JOB SITE|AT THE GYM|PLAYING SOCCER|PLAYING BASKETBALL|FROM A FALL OFF A BIKE|FROM A SKATEBOARD|]",
    "[HAND CAUGHT IN MACHINERY|FELL OFF A ROOF|HIT BY A BALL|STRUCK IN THE HEAD BY A FALLING BRANCH|KICKED BY A HORSE|TWISTED ANKLE ON THE TRAIL]",
), ("Traumatic Injuries (Specific)", "TRAUMATIC INJURIES", "Injury"), ("INJ", "TRAUMA", "INJURY"),
    ("DANGEROUS BODY AREA: [NO|YES]", "SERIOUS HEMORRHAGE: [NO|YES]"), protocol=30, acuity="ABD")

ALLERGY = _med(bank(
    _OTHER,
    "[ALLERGIC REACTION|ALLERGIC RXN|ALLERGIES|HIVES|BEE STING|STUNG BY A WASP|ANAPHYLAXIS] [, FACE SWELLING|, THROAT TIGHT|, HAS EPIPEN|, EPIPEN GIVEN|, TO PEANUTS|, TO SHELLFISH|]",
), ("Allergies (Reactions)/Envenomations", "ALLERGIC REACTION"), ("ALLERG", "ALRX"), ("DIFFICULTY SWALLOWING: [NO|YES]", "EPIPEN: [YES|NO|USED]"))

BACK_PAIN = _med(bank(
    _OTHER,
    "[BACK PAIN|LOWER BACK PAIN|BACK SPASMS|BACK PAIN, NON TRAUMATIC] [, CAN'T MOVE|, CAN'T WALK|, HX BACK PROBLEMS|]",
    "[SHOOTING PAIN|SHARP SHOOTING PAIN] [DOWN {his} LEG|IN {his} BACK|IN {his} ARM|DOWN THE LEG]",
), ("Back Pain (Non-Traumatic)", "BACK PAIN"), ("BACK", "BACKPN"))

CHILDBIRTH = _med(bank(
    _OTHER,
    "[PREGNANT|PREG|PREGNANCY] [, CONTRACTIONS {num} MIN APART|, WATER BROKE|, IN LABOR|, IMMINENT DELIVERY|, BABY CROWNING]",
    "[OB|LABOR|CHILDBIRTH] [, {num} WEEKS|, FIRST BABY|, WATER BROKE]",
), ("Pregnancy/Childbirth/Miscarriage", "CHILDBIRTH"), ("OB", "LABOR"), ("WEEKS: {num}", "FIRST PREGNANCY: [YES|NO]"))

#: Medical complaints and their shares within the family.
MEDICAL: dict[str, tuple[float, Complaint]] = {
    "fall": (0.2, FALL), "breathing": (0.12, BREATHING), "chest_pain": (0.11, CHEST_PAIN), "sick": (0.1, SICK),
    "unconscious": (0.04, UNCONSCIOUS), "fainting": (0.04, FAINTING), "seizure": (0.06, SEIZURE), "diabetic": (0.05, DIABETIC),
    "stroke": (0.05, STROKE), "abdominal": (0.05, ABDOMINAL), "hemorrhage": (0.05, HEMORRHAGE), "arrest": (0.03, ARREST),
    "heart": (0.04, HEART), "trauma": (0.04, TRAUMA), "allergy": (0.02, ALLERGY), "back_pain": (0.02, BACK_PAIN),
    "childbirth": (0.01, CHILDBIRTH),
}

#: A combative patient: violence risk elevated on a medical call (TAXONOMY section 2).
COMBATIVE_PT = bank(
    "combative=yes",
    "[PT|{mf}|PATIENT] [COMBATIVE|IS COMBATIVE|GETTING COMBATIVE|COMBATIVE WITH STAFF|SWINGING AT STAFF|AGGRESSIVE WITH FAMILY|COMBATIVE WITH FAMILY]",
)
