"""Risk statements and dispatch text of police calls: crimes and disputes between people
who are not family.

The same risk concepts as every other note (:mod:`call_nlp.demo.bank_risk`), phrased the
way a crime or dispute report states them: a threat to beat the caller up, a gun in a
waistband, a weapon the caller did not see, a fight that is over, "NO WEAPONS SEEN",
"NOT VIOLENT", "VERBAL ONLY". Each pool states one concept and nothing about the crisis
type, so a crime or dispute scenario (:mod:`call_nlp.demo.crime`) can combine them with
its situation at any risk level. ``{party}`` is the other party of the note (a neighbor,
a customer, a stranger ...); ``{he}``/``{him}``/``{his}`` refer to that party, RP is the
caller. Details, updates and dispositions here state nothing.
"""

from __future__ import annotations

from call_nlp.demo import bank_risk as rk
from call_nlp.demo.phrasebook import Phrase, bank

_THREAT_MADE = bank(
    "threat=made",
    "[SAYS|SAID|STATES] {he} WILL [BEAT RP UP|KICK RP'S ASS|KILL RP|HURT RP|FIGHT RP|GET RP|JUMP RP] [NEXT TIME {he} SEES RP|IF RP CALLS PD|AFTER WORK|]",
    "[{he} |][threatened|is threatening|keeps threatening] to [beat RP up|kick RP's ass|shoot RP|kill RP|stab RP|hurt RP|jump RP|break RP's legs]",
    "told RP {he}['d| would] [kick RP's ass|beat RP up|break RP's jaw|put RP in the hospital|shoot RP|kill RP]",
    "[yelled|told RP|said|kept saying] \"[i'm gonna kick your ass|i'll kill you|you're dead|i'll shoot you|i'm gonna beat your ass|come outside and i'll fight you|i'll break your face]\"",
    "[threats made|making threats|verbal threats|threatening] [toward RP|to RP|to staff|to the clerk|to the manager]",
    "[texted|messaged|left RP a voicemail saying] {he} [is coming to beat RP up|will hurt RP|is going to kill RP|will be waiting for RP after work]",
)
_THREAT_MEANS = bank(
    "threat=means",
    "[threatened|said {he} would|says {he} will] [shoot|kill] RP [and showed RP|and lifted {his} shirt to show|, showed RP] {a_gun}",
    "[threatened to shoot RP|said {he} would shoot RP|threatening to shoot RP], [has|keeps] {a_gun} [in {his} truck|on {him}|in {his} car|at home]",
    "[threatened to stab RP|said {he} would cut RP|threatening to cut RP] [and has|, has|while holding] {a_blade}",
    "[threatening|threatened] to [hurt|kill|beat] RP [while holding|with] {a_weapon} [in {his} hand|]",
)
_PRESENT = bank(
    "weapon=present",
    "{he} [has|is holding|is waving|pulled out|is swinging|has got|is brandishing] {a_weapon}",
    "[holding|with|has] {a_weapon} in [{his} hand|hand|{his} right hand]",
    "[armed W/|W/|armed with] {a_weapon}",
    "[came back out|came back|went to {his} car and came back] [with|W/|holding] {a_weapon}",
    "[GUN|HANDGUN|PISTOL] [IN {his} WAISTBAND|TUCKED IN {his} PANTS|VISIBLE ON {his} HIP|IN {his} HAND]",
    "[RP|caller|witnesses] [can see|saw] {a_weapon} in {his} hand [right now|]",
)
#: A weapon nobody could ask about: a burglar, a prowler, someone in a crowd.
_UNKNOWN = bank(
    "weapon=possible",
    "UNK [IF ARMED|WEAPONS|IF {he} HAS A WEAPON|IF ANY WEAPONS]",
    "[POSS ARMED|POSSIBLY ARMED|MAY BE ARMED|UNK IF ARMED|POSS WEAPON]",
    "[RP thinks|RP believes|witness thinks] {he} [has|had|may have] a [gun|knife|weapon] [, didn't see it|, saw a bulge|, saw something shiny|]",
)
_POSSIBLE = _UNKNOWN + bank(
    "weapon=possible",
    "[said|claimed|told RP] {he} [has|had] a [gun|knife|piece] [but RP didn't see it|, not seen|, RP unsure]",
    "[kept {his} hand|had {his} hand|hand] [in {his} pocket|in {his} waistband|under {his} shirt] [like {he} had a gun|the whole time|, RP thinks {he} has a gun]",
    "[may have|might have|possibly has|known to carry] [a gun|a knife|a weapon] [in {his} [car|truck|backpack|jacket]|on {him}|]",
    "[has a|known to have a] [CCW|carry permit|concealed carry permit] [, unk if carrying|]",
    "[won't say|wouldn't say|refused to say] if {he} has anything on {him}",
)
_NO_WEAPON = bank(
    "weapon=none",
    "[NO|NEG|NO KNOWN|NO SEEN|NO REPORTED] WEAPONS[ SEEN| KNOWN| INVOLVED| DISPLAYED|]",
    "[no weapons seen|no weapon seen|RP did not see a weapon|no weapon displayed|unarmed|not armed|did not see any weapons|no weapons involved]",
    "[W/O|without|w/o] [a weapon|weapons|any weapons]",
)
_CALM = bank(
    "combative=no",
    "[NOT VIOLENT|NOT COMBATIVE|NON VIOLENT|NOT AGGRESSIVE|NOT VIOLENT AT THIS TIME|LOUD BUT NOT VIOLENT|UPSET BUT NOT VIOLENT|NOT VIOLENT, JUST LOUD]",
)
_VERBAL_ONLY = rk.ASSAULT_NONE + bank(
    "assault=none",
    "[VERBAL ONLY|VERBAL DISPUTE ONLY|NO PHYSICAL|NOTHING PHYSICAL|no one touched anyone|no punches thrown|no contact between parties|no one hurt, verbal only]",
)
_NO_THREAT = bank(
    "threat=none",
    "[NO THREATS MADE|no threats|no direct threats|did not threaten RP|no threats toward RP|rude but no threats|no threats, just name calling]",
)
_ASSAULT = bank(
    "assault=active",
    "[now|they are|parties are] [fighting|physically fighting|throwing punches|wrestling on the ground|hitting each other] [now|right now|in the lot|]",
    "[it's|it is|now|has gone] physical [now|, they are fighting|]",
    "{he} [is punching|is hitting|is attacking|is beating|is kicking|is choking] [RP|RP's friend|a customer|the clerk|the other {mf}|security] [now|right now|]",
    "[assault|ASSLT|ASSAULT] [in progress|IP]",
)
_OVER = rk.ASSAULT_OVER + bank(
    "assault=ended",
    "[fight is over|parties separated|fight broke up|no longer fighting|{he} walked off|{he} left on foot|bystanders pulled them apart]",
)
_ENDED = bank(
    "assault=ended",
    "[punched|hit|shoved|pushed|slapped|kicked|headbutted] [RP|the clerk|a customer|security|RP's friend] [before RP called|earlier|a few minutes ago|during the argument|then walked off]",
)
_SHOTS = bank(
    "shots=active",
    "[shots fired|heard [{num}|several|multiple] shots|{he} fired [a shot|shots|a round] [into the air|at the car|at the house|at RP's car]]",
)
_NO_SHOTS = bank(
    "shots=none",
    "[PD ADV|UNITS ADV|PER PD|PD CHECKED AREA,] [FIREWORKS, NO SHOTS|NO EVIDENCE OF SHOTS FIRED|IT WAS FIREWORKS|CAR BACKFIRING, NO SHOTS|KIDS WITH FIRECRACKERS, NO SHOTS]",
)
_COMBATIVE = bank(
    "combative=yes",
    "[getting in RP's face|chest bumping RP|squared up on RP|taking a fighting stance|aggressive toward staff|very aggressive|got in the clerk's face|posturing at RP|getting aggressive]",
    "[swung at|lunged at|took a swing at|tried to hit] [RP|the clerk|security|the manager] [but missed|]",
)
_PROPERTY = bank(
    "property=active",
    "[kicking|punching|banging on] RP's [door|car|window] [now|right now|hard enough to crack it]",
    "[smashed|broke|kicked in] [RP's|the] [windshield|window|side mirror|door|front window] [just now|during the argument|right in front of RP]",
    "[throwing rocks at|keying|slashing the tires on] RP's car [now|right now|as we speak]",
)
_HX = bank(
    "hx=yes",
    "[known to PD|KNOWN TO PD], [HX ASSAULT|HX OF WEAPONS|HX VIOLENCE|hx fighting officers]",
    "[prior calls|PRIOR CALLS|several prior calls] [for threats|for assault|for fights] [at this address|with this party|]",
    "[RP has|has] a [restraining order|protective order|no contact order|harassment order] against {him}",
    "[was arrested for assault|just got out of jail for assault|on probation for assault] [last month|recently|]",
    "[CAUTION NOTE|PREM HX|PREMISE HAZARD]: [officer safety|armed subject previously|assault on officer]",
)
_REMOVED = bank(
    "weapon=removed",
    "[security|the bouncer|LP|staff|a bystander|RP] [took|got|has] [{the_weapon}|the weapon|it] [away from {him}|from {him}|now][, no other weapons|, NO OTHER WEAPONS KNOWN|]",
    "{he} [dropped|threw down|put down|tossed] {the_weapon} [and ran|when security came|], [security has it|RP has it now|it's on the ground]",
)
_TOY = bank(
    "weapon=none",
    "[PD ADV|UNITS ADV|PER PD|RP NOW STATES] [item was a cell phone|it was a phone|it was an umbrella|it was a tripod|was a flashlight|it was a toy|it was a vape pen]",
)
_CONFIRMED_NONE = rk.WEAPON_NONE_CONFIRMED + bank(
    "weapon=none",
    "[PD ADV|UNITS ADV|PER PD] [no weapons on {him}|subj patted down, no weapons|no weapon found|subj unarmed]",
)
_INJURY = bank(
    "med:injury=yes",
    "[victim|RP|the other {mf}|one party] [has a bloody nose|is bleeding from the head|has a cut over the eye|has a swollen eye|lost a tooth|has a busted lip|is holding {his} ribs]",
    "[BLOODY NOSE|LAC TO HEAD|FACIAL INJURY|POSS BROKEN NOSE|CUT ON THE ARM|BLEEDING FROM THE MOUTH] [, REQ EMS|, EMS REQ|]",
)
_DOWN = bank(
    ("med:unresponsive=yes", "med:injury=yes"),
    "[one down not moving|ONE DOWN NOT MOVING|1 PARTY DOWN, NOT MOVING|victim on the ground not moving|someone knocked out|victim unconscious|one male down, unresponsive]",
)
_NO_INJURY = bank(
    "med:injury=no",
    "[NO INJURIES|no one hurt|no injuries reported|victim not injured|denies injuries|NO EMS NEEDED|declined EMS]",
)

#: Risk and medical statements a scenario's plan may add, by name (``+name`` in a plan
#: puts it in an appended update). QA forms are mixed in where dispatch software asks.
PARTS: dict[str, tuple[Phrase, ...]] = {
    "threat": _THREAT_MADE,
    "means": _THREAT_MEANS,
    "present": _PRESENT + rk.WEAPON_PRESENT_QA,
    "possible": _POSSIBLE + rk.WEAPON_POSSIBLE_QA,
    "unknown": _UNKNOWN + rk.WEAPON_POSSIBLE_QA,
    "no_weapon": _NO_WEAPON + rk.WEAPON_NONE_QA,
    "calm": _CALM + rk.CALM_QA,
    "verbal_only": _VERBAL_ONLY,
    "no_threat": _NO_THREAT,
    "assault": _ASSAULT,
    "over": _OVER,
    "ended": _ENDED,
    "shots": _SHOTS,
    "no_shots": _NO_SHOTS,
    "combative": _COMBATIVE + rk.COMBATIVE_QA,
    "property": _PROPERTY,
    "hx": _HX,
    "removed": _REMOVED,
    "toy": _TOY,
    "confirmed_none": _CONFIRMED_NONE,
    "injury": _INJURY,
    "down": _DOWN,
    "no_injury": _NO_INJURY,
}

#: Label-neutral details of police calls: descriptions, wishes, reactions. They carry the
#: words behavioral notes use too (upset, scared, crying, elderly, someone to talk to).
DETAILS = bank(
    "",
    "[SUSPECT|SUSP] [LAST SEEN|LS] [HEADING|WALKING|RUNNING] [NB|SB|EB|WB] [ON FOOT|IN A [GREY|BLUE|BLACK|WHITE] [SEDAN|SUV|PICKUP]|]",
    "[SUSP DESC|SUSPECT DESCRIPTION|DESC]: [MALE|FEMALE|UNK], [DARK CLOTHING|RED HOODIE|BLUE JEANS|BLACK JACKET|GREY SWEATSHIRT|BALL CAP|BACKPACK]",
    "[RP WANTS TO PRESS CHARGES|RP WANTS A REPORT|RP WANTS A CASE NUMBER|RP DOES NOT WANT TO PRESS CHARGES|RP JUST WANTS IT DOCUMENTED]",
    "[RP wants someone to talk to {him} about it|RP wants an officer to talk to {him}|RP wants someone to talk to about it|RP wants to talk to an officer]",
    "[RP UPSET|RP VERY UPSET|RP SCARED|RP SHAKEN UP|VICTIM CRYING|RP CRYING|RP UPSET AND YELLING|RP SCARED TO GO OUTSIDE]",
    "[RP IS ELDERLY|ELDERLY RP|RP IS [78|81|84|86|90] YO|RP IS HARD OF HEARING|RP IS ELDERLY AND LIVES ALONE]",
    "[VIDEO AVAILABLE|CAMERAS ON SITE|BUSINESS HAS VIDEO|RP HAS IT ON A DOORBELL CAMERA|RP HAS THE TEXTS SAVED]",
    "[RP DOES NOT WANT CONTACT|RP WILL MEET OFFICER OUT FRONT|RP REQ PHONE CALL FIRST|RP REQ CALLBACK]",
)
#: Appended updates of police calls that change no fact.
UPDATES = bank(
    "",
    "[PD ON SCENE|LAW ON SCENE|OFFICERS ON SCENE|PD SEARCHING AREA|PD CHECKING THE AREA|PD HAS ONE DETAINED]",
    "[2ND CALLER|ANOTHER CALLER|3RD CALLER] [REPORTING SAME|SAW SUSPECT LEAVE|HAS A VEH DESCRIPTION|ADV SAME PARTIES]",
    "[SUSP|SUSPECT] [NOW|LAST SEEN] [WALKING|HEADING|RUNNING] [NB|SB|EB|WB] [ON {addr}|TOWARD THE PARK|BEHIND THE STORE|]",
    "[RP CALLED BACK|RP ON THE LINE AGAIN|RP CALLING BACK] [ASKING ETA|WITH PLATE|, NO CHANGE|, SUSP STILL THERE]",
    "[RP|VICTIM] NOW [SAYS|ADV] [NO CHARGES WANTED|WANTS A REPORT|WILL BE IN THE LOBBY|DOES NOT WANT TO PRESS CHARGES|WANTS TO PRESS CHARGES]",
)
#: Label-neutral details and updates of a found item or a hazard (no suspect, no victim).
HAZARD_DETAILS = bank(
    "",
    "[RP WILL WAIT BY IT|RP STAYING WITH IT|RP WILL MEET OFFICER|NO ONE AROUND|RP DID NOT TOUCH IT|RP TOOK A PHOTO]",
    "[NON EMERGENT|NOT URGENT|ROUTINE|WHEN AVAILABLE|RP UPSET IT KEEPS HAPPENING|RP SCARED FOR THE KIDS]",
    "[PARKS DEPT NOTIFIED|PUBLIC WORKS NOTIFIED|STATE PATROL NOTIFIED|TOW REQUESTED|CODE ENFORCEMENT NOTIFIED]",
)
HAZARD_UPDATES = bank(
    "",
    "[2ND CALLER|ANOTHER CALLER] [REPORTING SAME|SAME LOCATION|NOW SB|NOW AT THE NEXT EXIT]",
    "[RP NOW ADV|PER RP] [IT IS STILL THERE|SOMEONE PICKED IT UP|RP HAD TO LEAVE|RP WILL STAY UNTIL PD ARRIVES]",
)
#: Dispositions of police calls.
OUTCOMES = bank(
    "",
    "[REPORT TAKEN|CASE NUMBER ISSUED|SUSPECT IN CUSTODY|GOA|UTL|HANDLED BY PD|CIVIL MATTER|PARTIES ADVISED|WARNED AND RELEASED|CITATION ISSUED|TRESPASS WARNING ISSUED|ARREST MADE|REFERRED TO DETECTIVES]",
)
#: Upset words of ordinary police calls (the composer adds them at the ordinary rate).
AGITATION = bank(
    "",
    "[PEOPLE SCREAMING|CAN HEAR YELLING|RP CRYING AND SCARED|VICTIM CRYING|CROWD YELLING|BOTH PARTIES YELLING|RP YELLING IN THE BACKGROUND|RP VERY UPSET AND SCARED]",
)
