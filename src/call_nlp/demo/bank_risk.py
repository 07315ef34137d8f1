"""Violence-risk statements: weapons, assaults, threats, history, and their negation.

The same pools are used for every crisis type, so a weapon, a threat or "NO WEAPONS"
reads the same whether the note is about psychosis or a burglary. Each phrase is tagged
with the state it asserts for one risk concept; :mod:`call_nlp.demo.labeling` keeps the
latest state per concept. ``*_QA`` pools are the protocol question/answer form of the
same statements.
"""

from __future__ import annotations

from call_nlp.demo.phrasebook import Phrase, bank

WEAPON_PRESENT = bank(
    "weapon=present",
    "{s} [has|is holding|is armed with|has got|is waving|is swinging|grabbed|picked up|pulled out|is brandishing|came out with|is walking around with] {a_weapon}",
    "[has|holding|with] {a_weapon} in [{his} hand|hand|{his} waistband|{his} pocket|{his} lap]",
    "[armed W/|W/|armed with|w/] {a_weapon}",
    "{a_weapon} [on the table next to {him}|on the bed next to {him}|within reach|right next to {him}|in {his} lap]",
    "[won't|refuses to|will not] [put down|drop|let go of] {the_weapon}",
    "[in the kitchen holding|standing in the doorway with|sitting on the porch with|locked in the bathroom with|pacing the hallway with|walking down the street with] {a_weapon}",
    "[RP|{rp}] [saw|can see] {him} [with|holding] {a_weapon} [just now|right now|]",
    "[now has|just grabbed|picked up|went and got|came back with] {a_weapon} [from the kitchen|from the garage|from {his} room|from the car|]",
    "{a_weapon} [is |]in [{his} hand|hand], [pacing|yelling|not listening|]",
    "[has|holding] {a_weapon} and [won't put it down|is pacing|is yelling|is not listening]",
)
WEAPON_PRESENT_QA = bank(
    "weapon=present",
    "[WEAPON|WPN|weapons involved|WEAPONS]: [YES - |Y - |]{weapon}",
    "WEAPONS: [YES|Y], {weapon}",
)

#: A weapon held only against oneself: imminent, and a suicide-risk cue in itself.
WEAPON_SELF = bank(
    ("crisis:suicide", "weapon=present"),
    "[holding|has|pressing] {a_blade} to {his} [wrist|wrists|throat|neck|arm]",
    "[has|holding] {a_gun} to {his} [head|chest] [and is crying|, says {he} will do it|]",
    "[threatening to|says {he} will|says {he} is going to] [cut|stab|slit] {himself} with {the_blade} [that is in {his} hand|{he} is holding|, has it in hand]",
    "[threatening to|says {he} will] shoot {himself}, [has|holding] {the_gun} [in {his} hand|in {his} lap|right now]",
    "[sitting in {his} car|locked in the bathroom|in the garage|in the bedroom] with {a_gun}, [says {he} is going to use it on {himself}|suicidal|saying goodbye]",
    "[cutting {himself}|cutting {his} arms] with {a_blade} [right now|as we speak|now]",
    "[sitting in {his} [car|truck]|locked in the bathroom|in the garage|in the basement] with {a_weapon} [saying {he} can't do this anymore|saying {he} is done|saying goodbye to {rp}|and won't come out]",
)

#: A threat to kill or hurt someone together with the means to do it: imminent.
THREAT_MEANS = bank(
    "threat=means",
    "[threatening|threatened|says {he} is going] to [kill|stab|shoot|hurt] {victim} [and has|, has|while holding|W/] {a_weapon}",
    "[threatening|threatened] to shoot {victim}, [has|keeps] {a_gun} [in the house|in {his} nightstand|in the car|on {him}]",
    "[said|says] {he} will [kill|hurt] {victim} and [went to get|went for|is looking for] {the_weapon}",
    "[threatening|threatened] to [burn the house down|set the house on fire|light {victim} on fire] [, has lighter fluid|, has a gas can and lighter|, poured gas on the floor]",
)

WEAPON_POSSIBLE = bank(
    "weapon=possible",
    "UNK [IF ARMED|WEAPONS|IF WEAPONS|IF {he} HAS WEAPONS|WEAPONS IN THE HOUSE|IF ANY WEAPONS]",
    "[may have|might have|possibly has|POSS has|believes {he} has|thinks {he} has|could have] {a_weapon} [in {his} room|in the house|in {his} car|on {him}|]",
    "[has access to|there are] [guns|firearms|a gun|a rifle|knives|weapons] in the [house|home|apartment|garage|car][, not on {him}|]",
    "[won't say|wouldn't say|refuses to say|won't tell RP] if {he} [has|is carrying] [a weapon|anything|a gun|a knife|weapons]",
    "[kitchen knife|a knife|one of the knives|a steak knife] [is missing|missing from the kitchen|missing from the block|is unaccounted for]",
    "[has a|has|known to have a] [carry permit|CCW|conceal carry permit|concealed carry license] [, unk if carrying|]",
    "[possibly armed|POSS ARMED|may be armed|POSS WEAPON|unknown if armed]",
    "[said|claims|told RP] {he} has {a_weapon} [but RP hasn't seen it|, not seen|, RP unsure]",
    "[guns in the house but not on {him}|has guns at home, not on {him}|owns [guns|a gun|several guns]|hunting rifles in the house]",
    "[usually carries|known to carry|always carries] {a_weapon}",
    "[may have|might have|could have] [a gun|a rifle|a knife|a gun or a knife] in {his} [truck|car|backpack|jacket]",
    "[won't say|wouldn't say|refused to say] if {he} has anything on {him}",
    "[RP thinks|RP believes|{rp} isn't sure but thinks] there [is|may be] [a gun|a shotgun|a knife|a machete] [in the house|in {his} room|under {his} bed]",
    "[had|was carrying|showed RP] {a_weapon} [last week|a few days ago|yesterday], unk if [{he} still has it|{he} has it now]",
)
WEAPON_POSSIBLE_QA = bank(
    "weapon=possible",
    "WEAPONS: [UNK|UNKNOWN|UNK IF ANY]",
    "[weapons involved|WEAPONS INVOLVED]: [unk|unknown]",
)

#: A weapon recently present and now taken away: elevated.
WEAPON_REMOVED = bank(
    "weapon=removed",
    "[had|was holding|was waving] {a_weapon} [earlier|before RP called|a few minutes ago], [RP|{kin}|staff|security|a neighbor] [took it away|took it from {him}|got it away from {him}|locked it up|has it now][, no other weapons|, NO OTHER WEAPONS KNOWN|]",
    "[gave|handed] {the_weapon} to [RP|staff|{kin}|security] [a few minutes ago|before the call|], [no other weapons|nothing else on {him}|]",
    "[gun|guns|firearm|the guns] [removed|taken out] of the [house|home] [last week|yesterday|earlier today] by [{kin}|PD|RP]",
    "[RP|{kin}|staff] [locked up|hid|removed] [the knives|all the knives|{his} gun|the guns|the weapons] [before calling|earlier|]",
)

WEAPON_NONE = bank(
    "weapon=none",
    "[NO|NO|NO|NEG|NO KNOWN|NO SEEN|NO|NO REPORTED] WEAPONS[ SEEN| KNOWN| ON {him}| INVOLVED|]",
    "[W/O|without|w/o] [a weapon|weapons|any weapons]",
    "[RP|caller|{kin}] [doesn't think|does not think|doesn't believe] {he} has [anything|a weapon|weapons] on {him}",
    "[no weapons involved|no weapons in the home|RP states no weapons|no weapons per RP|unarmed|not armed|RP sees no weapons|no weapons on {him}|denies weapons]",
    "[searched|checked] [{his} room|the house|{his} bag] [, no weapons found|and found no weapons]",
)
WEAPON_NONE_QA = bank(
    "weapon=none",
    "WEAPONS: [NO|NONE|NO|N|NO|NEG]",
    "[weapons involved|weapons]: none",
)
#: Resolution of an earlier "unknown weapons": used in updates.
WEAPON_NONE_CONFIRMED = bank(
    "weapon=none",
    "[RP confirms|RP now confirms|confirmed|RP now says|RP checked,] [no weapons|NO WEAPONS|{he} has no weapons|no weapons in the house]",
    "[NEG WEAPONS|no weapons] [per RP|confirmed|after RP checked]",
)
WEAPON_PRESENT_CONFIRMED = bank(
    "weapon=present",
    "[RP confirms|RP now sees|RP now states] {he} [has|is holding] {the_weapon} [in {his} hand|right now|]",
)

#: An assault in progress against a named victim ({victim} is family, staff or RP by context).
ASSAULT_ON_VICTIM = bank(
    "assault=active",
    "{s} [is |][currently |][hitting|punching|assaulting|choking|beating|kicking|attacking] {victim} [now|right now|at this time|]",
    "[RP|caller] [can hear|hears] {victim} being [hit|beaten|choked] [in the background|right now|]",
    "[strangling|choking] {victim} [now|right now]",
    "[struck|hit] {victim} and is still [swinging|hitting|fighting]",
)
ASSAULT_ACTIVE = ASSAULT_ON_VICTIM + bank(
    "assault=active",
    "[they are|are] [fighting|hitting each other|physically fighting|wrestling on the floor] [now|right now|at this time]",
    "[physical fight|getting physical|fighting] [now|in progress|right now]",
    "[assault|ASSLT] [in progress|IP|ongoing]",
    "[RP|caller] [can hear|hears] [hitting and screaming|sounds of hitting] [in the background|right now|]",
)
ASSAULT_ENDED = bank(
    "assault=ended",
    "[hit|punched|pushed|slapped|shoved|struck|kicked] {victim} [earlier|before RP called|a few minutes ago|prior to call][, now in {his} room|, now outside|, now calmer|]",
    "[{victim} struck|struck {victim}|{victim} was hit] [earlier|prior to call|before the call]",
    "[was|got] physical with {victim} [earlier|last night|before the call]",
    "[shoved|pushed|grabbed|slapped] {victim} [earlier tonight|before RP called|during the argument] [, no injuries|, now separated|]",
)
ASSAULT_OVER = bank(
    "assault=ended",
    "[fight is over|no longer fighting|they have been separated|separated now|not fighting anymore]",
)
ASSAULT_NONE = bank(
    "assault=none",
    "[VERBAL ONLY|verbal only|verbal only, nothing physical|no physical|not physical|nothing physical|no one has been hit|no hitting|no physical contact]",
    "[no physical contact|hasn't touched anyone|no one was touched|nobody has been hurt|not physical, just yelling|verbal argument only|only yelling, no hitting]",
)

#: A gun fired by the subject (outside a crime report).
SHOTS_BY_SUBJECT = bank(
    ("shots=active", "weapon=present"),
    "{s} fired [a round|a shot|shots|{his} gun] [into the ceiling|into the air|in the house|at the wall|in the backyard]",
)

THREAT_MADE = bank(
    "threat=made",
    "[threatening|threatened|making threats|says {he} is going|said {he} would|told RP {he} would] to [kill|hurt|beat up|fight|stab|shoot|get] {victim}",
    "[making threats toward|threatening|yelling threats at] {victim}",
    "says {he} will [hurt|fight|kill] the next [person|cop|officer] [who comes to the door|that shows up|who touches {him}]",
    "[verbal threats|threats made|making threats] [to|toward|against] {victim}",
    "[threatened to|says {he} is going to] [kill everyone|hurt someone|hurt people]",
    "[threatened|said {he} was going] to [beat up|beat|fight|knock out|break the jaw of|bash in the face of] {victim}",
    "[said|yelled|told RP] {he}['d| would] [kill|beat the hell out of|hurt|mess up] [the neighbor|{victim}|whoever comes to the door|the next person who talks to {him}]",
    "[told|texted] {victim} [{he} is going to hurt them|they are going to regret it and {he} will hurt them|{he} is coming over to fight]",
    "[threatening|says {he} will hurt] [staff|the nurse|security|the bus driver|the clerk] if they [come near {him}|touch {him}|call the cops]",
)
THREAT_NONE = bank(
    "threat=none",
    "[no threats made|NO THREATS|not threatening anyone|has not threatened anyone|made no threats|no threats toward anyone]",
    "[upset but not threatening|upset but has not threatened anyone|loud but not threatening|hasn't made any threats|no threats toward RP or anyone else]",
)

HI_STATED = bank(
    "hi=stated",
    "[HI|H/I|homicidal ideation|homicidal|having thoughts of hurting others|thoughts of killing [someone|{his} {kin}]]",
    "[states|says] {he} wants to kill [{his} {kin}|{his} boss|someone|people]",
)
HI_NONE = bank("hi=none", "[DENIES HI|no HI|no thoughts of hurting others|no homicidal thoughts|not homicidal]")

HX_VIOLENCE = bank(
    "hx=yes",
    "[HX|history] of [violence|assaulting officers|assault on police|DV|domestic violence|violence toward {kin}|fighting staff|assaultive behavior]",
    "[PREMISE HISTORY|PREM HX|PREMISE HAZARD|CAUTION NOTE]: [assault on officer|violent subject|officer safety|fought PD]",
    "[was|has been] violent [with PD|with police|with EMS|with family] [before|in the past|last time]",
    "[hit|assaulted|attacked] [{kin}|staff|a neighbor] [last week|last month|before]",
    "[known to|has been known to] [fight|get violent|be assaultive|fight officers]",
    "[prior|previous] [DV|domestic violence|assault] [calls|arrests] [at this address|]",
    "[has an active|has a] [restraining order|protective order|no contact order] [against {him}|]",
    "[hx assaulting police|HX ASSAULT ON LEO|history of fighting officers|fought PD last time they came out|hx of spitting on officers]",
    "[put|sent] {his} {kin} [in the hospital|to the ER] [last year|a few months ago]",
    "[was arrested for assault|just got out of jail for assault|on probation for assault] [last month|recently|]",
)
HX_NONE = bank("hx=none", "[no hx of violence|no history of violence|NO VIOLENCE HX|never been violent|no prior violence]")

PROPERTY = bank(
    "property=active",
    "[punching holes in the walls|breaking windows|throwing things|smashing dishes|broke the TV|kicking in doors|breaking furniture|destroying the apartment|threw a chair through the window|flipping furniture|smashing things|busting up the house|throwing things at the walls|broke the door|tearing up the room]",
    "[punched a hole in the wall|put {his} fist through the wall|broke the TV|smashed the TV|threw a lamp through the window|ripped the cabinet doors off|smashed RP's phone|broke the windshield of RP's car|kicked the door off its hinges|threw a chair at the wall and broke it|smashed the coffee table]",
)

COMBATIVE = bank(
    "combative=yes",
    "[combative|aggressive|agitated and aggressive|getting aggressive|in people's faces|posturing at RP|taking a fighting stance|belligerent|very aggressive|charging at people|acting aggressive toward {victim}]",
    "[swung at|took a swing at|lunged at|tried to hit|spit at|spat on|squared up on|got in the face of] [staff|security|officers|the nurse|RP|the clerk|{victim}] [but missed|and had to be pulled away|]",
)
COMBATIVE_QA = bank("combative=yes", "[VIOLENT|COMBATIVE|AGGRESSIVE]: [YES|Y]")
CALM = bank(
    "combative=no",
    "[NOT VIOLENT|NOT COMBATIVE|calm and cooperative|cooperative|not aggressive|non violent|non-combative|calm now and cooperative|NOT VIOLENT OR COMBATIVE]",
    "[upset but not aggressive|loud but not violent|not violent, just upset|not aggressive toward anyone|no aggression toward staff|calmer now|calmed down and sitting]",
)
CALM_QA = bank("combative=no", "[VIOLENT|COMBATIVE|VIOLENT]: [NO|NO|N|NEG]")

#: Keyword traps and look-alikes that state nothing about violence.
TRAPS_NEUTRAL: tuple[Phrase, ...] = bank(
    "",
    "[knives are|knife block is|the knives are] [in the kitchen|on the counter] [, {he} hasn't touched them|, {he} is not near them|, not near {him}]",
    "[RP|caller] was [just |]killing time [at the bus stop|in the lobby|at the library] [when RP noticed {him}|and saw this]",
    "no [guns|firearms] in the [house|home]",
    "[weapons involved|WEAPONS INVOLVED|where now|WHERE NOW]:",
)
