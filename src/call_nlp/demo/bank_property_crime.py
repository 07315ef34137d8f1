"""Property crimes, prowlers, harassment and scams, and found hazards.

Burglaries, car break-ins, thefts, shoplifting, vandalism, trespass, suspicious persons
and prowlers, harassment, stalking by someone who is not a partner or an ex, frauds and
scams against elderly callers (``crisis:crime``); found property, syringes in a park and a
wrong-way driver (``crisis:incident``: a hazard, not a drug crisis). Keyed like
:mod:`call_nlp.demo.bank_conflict` by the violence risk the situation's tags state on
their own, except ``in_progress`` (a burglar who may still be inside, a prowler in the
yard), ``stalking`` and ``fraud``, named for what they are: they state no risk until the
plan adds one ("UNK IF ARMED", a protective order, a threat). Vandalism in progress is destroying property (elevated).
"""

from __future__ import annotations

from call_nlp.demo.phrasebook import Phrase, bank

_C = "crisis:crime"
_I = "crisis:incident"

#: Who breaks in, prowls or trespasses.
BURGLARY_PARTIES = ("an unknown {mf}", "someone", "a {man}", "a subject", "the suspect", "a {man} with a flashlight", "a juvenile", "a stranger")
BURGLARY: dict[str, tuple[Phrase, ...]] = {
    "low": (
        *bank(
            _C,
            "[burglary|BURG|break in|breaking and entering|residential burglary] [just occurred|report|, suspect gone|] [at {addr}|]",
            "[back door|front door|window|garage door|slider] [kicked in|broken|pried open] [overnight|while RP was at work|while RP was on vacation], [nothing taken|TV and laptop missing|jewelry missing|items missing|suspect gone]",
            "[commercial burglary|BURG BUSINESS|business break in] [, front glass broken|, register taken|, owner on scene|], [suspect gone|occurred overnight]",
            "[prowler|suspicious person|SUSP PERSON] [was|had been] [in RP's backyard|looking in windows|checking car doors|on RP's porch] [, left the area|, gone now|, RP has it on camera]",
            "[trespasser|trespassing|unwanted person] [sleeping in the vacant unit|in the closed park|on the construction site|in the stairwell] [, left when RP yelled|, gone now|, RP wants {him} trespassed]",
            "[someone|a {man}] [went through RP's car|took RP's package|was in RP's garage] [last night|earlier|this morning], [gone now|RP has video]",
            "[suspicious|SUSP] [person|male|female|subject] [acting nervous|acting sketchy|looking over {his} shoulder] [, checking car doors|, looking in windows|, hanging around the ATM], [gone now|left when RP yelled|walked off]",
        ),
    ),
    "in_progress": bank(
        _C,
        "[burglary|BURG|break in] [in progress|IP|just happened], [suspect|someone|unk subject] [may still be inside|possibly still inside|unk if still inside|still inside]",
        "[RP|caller] [hears|heard] [someone|a person|glass breaking and someone|people] [inside the house|in the garage|in the basement|downstairs] [, RP hiding in bedroom|, RP locked in bathroom|]",
        "[someone|a {man}|two males|{party}] [breaking into|trying to get into|prying open] [the back door|a window|the garage|the house next door]",
        "[someone with a flashlight|a {man} with a flashlight|a prowler|{party}] [in RP's backyard|walking along the side of the house|looking in RP's windows|in the neighbor's yard] [now|right now|at this time]",
        "[suspicious person|SUSP PERSON|a {man}|{party}] [trying door handles|going car to car|looking into windows|trying to open RP's door] [now|right now|on the block]",
    ),
    "imminent": bank(
        (_C, "weapon=present"),
        "[burglar|intruder|someone|{party}] [inside|in RP's house|in the garage|in the basement] [with|W/|holding] {a_weapon} [, RP hiding|, RP locked in the bedroom|, RP can see {him}|]",
        "[RP|homeowner] [confronted|walked in on] [a burglar|an intruder|{party}] [who has|holding] {a_weapon} [, suspect still inside|, suspect in the kitchen|]",
    ),
}

#: Who steals or damages: strangers, shoplifters, juveniles.
THEFT_PARTIES = ("an unknown {mf}", "a shoplifter", "a juvenile", "a {man}", "the suspect", "a customer", "someone")
THEFT: dict[str, tuple[Phrase, ...]] = {
    "low": bank(
        _C,
        "[car window smashed|car broken into|window busted out|vehicle break in] [and purse taken|, purse taken from the front seat|, laptop bag stolen|, wallet taken] [while RP was in the store|at the gym|at the trailhead|overnight|]",
        "[shoplifting|shoplifter|SHOPLIFTER|retail theft] [in custody|detained by LP|just left|left in a [white|grey] sedan|, suspect gone] [with [{num} items|a cart full of items|liquor|baby formula]|]",
        "[theft|stolen bike|stolen package|package theft|stolen catalytic converter|stolen vehicle|stolen plates|tools stolen from truck] [report|, report only|overnight|from the driveway|]",
        "[vandalism|VANDALISM|criminal mischief] [overnight|report|discovered this morning] [, car keyed|, tires slashed|, graffiti on the garage|, windows broken|, mailbox destroyed]",
        "[purse|phone|wallet|bag] [snatched|grabbed|stolen off RP] by [an unknown male|a suspect|a juvenile] [, suspect fled on foot|, suspect left in a car|]",
        "[robbery|strong arm robbery] [just occurred|report] at the [gas station|corner store|pharmacy|bus stop], [suspect left|suspect gone on foot]",
        "[gas drive off|fuel theft|dine and dash|skipped out on the bill] [, [white|black|red] [SUV|sedan|pickup] [left NB|left SB|gone]|]",
    ),
    "elevated": (
        *bank(
            (_C, "property=active"),
            "[vandalism|someone|juveniles|a {man}|{party}] [smashing car windows|breaking windows|kicking in car doors|smashing mailboxes|spray painting the building|slashing tires] [in progress|now|right now]",
            "[juveniles|kids|a group] [throwing rocks at|breaking] [cars|windows|the bus shelter|the store front] [now|right now]",
        ),
        *bank(
            (_C, "assault=ended"),
            "[strong arm robbery|robbery|purse snatching], [suspect|{party}] [shoved RP|pushed RP down|knocked RP over|grabbed RP by the arm] and [took RP's phone|took RP's purse|took RP's wallet], [suspect gone|suspect fled on foot]",
            "[shoplifter|suspect|{party}] [pushed|shoved|fought with] [LP|security|the clerk] [and left|on the way out|, gone now]",
        ),
    ),
    "imminent": (
        *bank(
            (_C, "assault=active"),
            "[shoplifter|suspect|trespasser|{party}] [fighting|swinging at|punching] [security|LP|staff|the clerk] [now|right now|]",
        ),
        *bank(
            (_C, "weapon=present"),
            "[shoplifter|shoplift suspect|{party}] [pulled a knife on|pulled {a_blade} on|is threatening LP with] [LP|security|the clerk] [, still in the store|, in the parking lot|]",
            "[someone|{party}|a {man}] [smashing car windows|breaking windows|beating on cars] with {a_weapon} [now|right now|in the lot]",
        ),
    ),
}

#: Harassment, stalking and scams: by someone who is not family, a partner or an ex.
HARASSMENT_PARTIES = (
    "a former coworker", "a coworker", "the neighbor", "a {man} from RP's gym", "a customer", "a stranger",
    "someone RP doesn't know", "a former client", "a classmate", "a {man} from church",
)
HARASSMENT: dict[str, tuple[Phrase, ...]] = {
    "low": (
        *bank(
            _C,
            "[harassment|HARASSMENT|harassing calls|harassing texts] [from {party}|by {party}] [, wants it documented|, ongoing for {days}|, RP blocked the number|]",
            "{party} [keeps calling|keeps texting|keeps messaging|keeps leaving notes on RP's car|keeps recording RP] [, RP wants it to stop|, RP asked {him} to stop|]",
            "[stalking report|RP reporting stalking|possible stalking] [by {party}|, {party} keeps showing up] [, no threats|, RP wants advice on a protective order|]",
        ),
    ),
    "fraud": (
        *bank(
            _C,
            "[identity theft|fraud|FRAUD|credit card fraud|check fraud] [report|, lost money|, someone opened accounts in RP's name]",
        ),
        *bank(
            _C,
            "[elderly RP|RP is elderly and|{age} yo RP] [got a call|was called] [saying {his} grandson was in jail|from someone claiming to be from the IRS|from someone claiming to be from the bank|saying RP won a prize] [and sent gift cards|and gave bank info|and wired money|, sent ${num}00]",
            "[scam|SCAM|phone scam|romance scam|tech support scam] [report|reported] [, elderly RP lost ${num}00|, RP gave out card number|, RP bought gift cards|, RP realized it was a scam] [, RP upset|]",
            "[a {man}|someone|{party}] [came to the door|showed up] [claiming to be from the water company|claiming to be a contractor|selling roof repairs] [and took cash from elderly RP|and got into the house|, RP thinks it was a scam]",
            age="old",
        ),
    ),
    "stalking": bank(
        _C,
        "{party} [has been following RP|keeps showing up at RP's work|parked outside RP's house again|followed RP home|is outside RP's house again] [, RP scared|, third time this week|, RP wants {him} to stop|]",
        "{party} [sitting in a car|standing across the street|waiting] [outside RP's apartment|in RP's work parking lot|by RP's car] [now|right now|again]",
    ),
}

#: Found items and public hazards: no one to be in conflict with.
HAZARD: dict[str, tuple[Phrase, ...]] = {
    "low": bank(
        _I,
        "[found|RP found|kids found] [syringes|needles|used needles|a bag of syringes|a sharps container] [in the park|near the playground|by the benches|in the sandbox|on the sidewalk|behind the library] [, requesting pickup|, no one around|, RP did not touch them]",
        "[found property|found a wallet|found a phone|found a bike|found a backpack|found a purse|found keys|found a license plate] [, turning it in|, RP will bring it to the station|in the park|at the bus stop|]",
        "[wrong way driver|WRONG WAY DRIVER|veh going the wrong way] [on the freeway|NB in the SB lanes|on the ramp|on {addr}] [, [white|dark|red] [sedan|pickup|SUV]|, lights off|]",
        "[abandoned vehicle|abandoned car|car parked for weeks] [on {addr}|in the lot|in front of RP's house] [, no plates|, flat tires|]",
        "[open door|door found open|gate open] [at the business|at the school|at {addr}] [, no one around|, alarm not sounding|]",
        "[shopping carts|debris|a mattress|a sign] [in the roadway|blocking the bike lane|dumped in the alley]",
    ),
}
