"""Core situations for substance use, welfare checks and family conflict."""

from __future__ import annotations

from call_nlp.demo import bank_lookalike as lk
from call_nlp.demo.phrasebook import Phrase, bank

_U = "crisis:substance"
_W = "crisis:welfare"
_F = "crisis:family"

SUBSTANCE: dict[str, tuple[Phrase, ...]] = {
    "short": bank(
        _U,
        "[INTOX|INTOX PERSON|INTOX {mf}|DRUNK|DRUNK {mf}|ETOH|POSS ETOH|HIGH ON METH|POSS DRUG USE|VERY DRUNK|DETOX REQUEST|INTOXICATED|INTOXICATED PERSON|DRUNK PERSON|POSS INTOX|HIGH ON SOMETHING]",
        "[TWEAKING|DOPE SICK|NODDING OUT|AMPED UP ON METH|COMING DOWN OFF METH|IN WITHDRAWAL|ETOH WITHDRAWAL|POSS DTS|USING IN BATHROOM|WITHDRAWAL, SHAKING]",
        "[{s}|{mf}|PT] [intoxicated|drunk|high|very drunk|using drugs|drinking]",
    ),
    "intoxication": bank(
        _U,
        "[{s} |][intoxicated|very intoxicated|highly intoxicated|heavily intoxicated|INTOX|drunk|very drunk|wasted|hammered|ETOH|ETOH involved|ETOH on board|POSS ETOH|under the influence|impaired|appears drunk]",
        "[smells of|strong odor of|odor of|reeks of] [alcohol|ETOH|beer|liquor]",
        "[slurring {his} words|slurred speech and smells of ETOH|stumbling around drunk|staggering drunk|swaying and slurring]",
        "[has been drinking|drinking|been drinking|drinking heavily] [all day|since this morning|for {days}|since noon|all night]",
        "[drank|finished|went through] [a whole bottle of {drink}|a fifth of {drink}|a case of beer|{num} beers|most of a bottle of {drink}]",
        "[took a few|had several|been doing|was doing] shots of {drink} [at the bar|all night|]",
        "[slumped|sleeping it off|nodding off] [at the bus stop|on the bench|in the doorway|in {his} car|on the steps] [, smells of ETOH|, appears drunk|, drunk|, appears high]",
        "[binge drinking|on a bender|on a binge] [for {days}|since {days} ago|]",
        "[drinking {himself} to death|has been drinking {himself} to death for years|drinking {himself} into the ground]",
    ),
    "drugs": bank(
        _U,
        "[high on|using|smoking|on] [meth|crack|fentanyl|heroin|K2|spice|PCP|cocaine|pills|molly|something]",
        "[shooting [heroin|up|dope]|injecting|using needles] [in the bathroom|in the stairwell|in the alley|in {his} car|behind the store]",
        "[tweaking|acting high|appears high|looks high|on something|under the influence of drugs|drug use|POSS drug use]",
        "[needles|syringes|drug paraphernalia|a pipe|foil and a straw] [next to {him}|on the floor|in plain view] [, appears high|, acting high|]",
        "[smoked|smoking] [weed|marijuana|a blunt] [laced with something|that was laced] [and now acting high|]",
        "[relapsed|started drinking again|using again|back on drugs] [after {num} [months|years] sober|]",
        "[K2|spice|flakka|tranq] [users|user] [at the bus stop|in the park|by the station] [, acting high|, nodding out|]",
    ),
    "withdrawal": bank(
        _U,
        "[in withdrawal|withdrawing from [heroin|opiates|alcohol|benzos]|dope sick|detoxing|coming down off [meth|a binge]|going through withdrawals] [, shaking and sweating|, wants help|, vomiting|]",
        "[DTs|shakes from ETOH withdrawal|withdrawal tremors|hasn't had a drink in {days} and shaking]",
    ),
    "medical": bank(
        _U,
        "[nodding off|nodding in and out|pinpoint pupils and nodding off|sweating and nodding off] [after using|after smoking something|, POSS fentanyl|, took something at a party]",
        "[mixed|took] [xanax|pills|{his} pain pills|benzos] [with alcohol|and vodka|and has been drinking] [to get high|at a party|], [drowsy|sleepy but talking|very sleepy]",
        "[diabetic|has diabetes|on insulin] [and very drunk|and has been drinking all day|, intoxicated], [RP unsure if {he} ate|slurring]",
        "[drunk|intoxicated|high] [and vomiting|and throwing up|, vomiting|, sick to {his} stomach] [in the bathroom|in the car|on the sidewalk|]",
    ),
    "help": bank(
        _U,
        "[wants|asking for|requesting] [help getting into detox|a ride to detox|to go to detox|help to stop drinking|help with {his} drinking|rehab info|help with {his} drug use]",
        "[drinking problem|substance abuse problem|alcoholic|addicted to [pills|heroin|meth]] [, wants help|and using again|]",
    ),
    # Drug-attributed effects and signs of use (see bank_lookalike for the labeling reading).
    "effects": lk.SUBSTANCE_EFFECTS,
    "signs": lk.SUBSTANCE_SIGNS,
    # Only beside a psychotic illness that is the concern (psychosis notes' secondary).
    "coexisting": lk.SUBSTANCE_COEXISTING,
}

WELFARE: dict[str, tuple[Phrase, ...]] = {
    "short": bank(
        _W,
        "[WELFARE CHECK|WELFARE CHK|CHECK WELFARE|CHK WELFARE|WELL BEING CHECK|WELFARE CHECK ON RESIDENT|PERSON DOWN|WELFARE CHECK, NO ANSWER AT DOOR|CHECK THE WELFARE|WELFARE CHECK REQ|WELLNESS CHECK]",
        "[welfare check|check welfare|welfare chk] [on {s}|on {mf}|, no contact in {days}|]",
    ),
    "unreachable": bank(
        _W,
        "[RP|{his} {kin}|family|{his} employer|{his} coworker|a friend] [unable to reach|can't reach|hasn't heard from|has not heard from|can't get ahold of|unable to contact] [{s}|{him}] [in {days}|for {days}|since {days} ago|since last week|since yesterday]",
        "[hasn't|has not|not] [answered the door|answered {his} phone|answered calls|been seen|picked up {his} mail|shown up to work|checked in] [in {days}|for {days}|since {days} ago|]",
        "[mail piling up|newspapers piling up|packages piling up|car in the driveway|lights on all night] [and no answer at the door|, no answer at door|and no one answering]",
        "[missed|didn't show up for] [work|dialysis|{his} appointment|church|a family dinner] [, not like {him}|which is unusual|and not answering]",
        "[requesting|REQ|RP REQ|asking for] [a welfare check|welfare check|check welfare|a wellness check|CHK WELFARE|a well being check] [on RP's {kin}|on {s}|on the resident|on a neighbor|on RP's neighbor|]",
        "[family out of state|{kin} out of state|out of state family|{kin} in another state] [requesting|asking for] [a check|a welfare check|someone to check on {him}]",
        "[phone going straight to voicemail|phone off|not responding to texts] [since {days} ago|for {days}|], [RP worried|family concerned|]",
        "[dog barking nonstop|dog barking inside] [and resident not answering|for {days}, no answer at door]",
        "[well being check|welfare check|WELFARE CHK|check on the welfare] [of {s}|at {addr}|]",
    ),
    "exposed": bank(
        _W,
        "[{mf}|person|subject|someone|party] [sleeping|lying|laying|sitting] [in a doorway|on the sidewalk|at the bus stop|under the bridge|in the park|on a bench|in the alley|outside the library] [in the cold|in freezing temps|in the rain|in the snow|with no coat|with no shoes on]",
        "[unhoused|homeless|transient] [{mf}|person|subject|individual] [without a coat|with no shoes|in the cold|in the heat|in the median|sleeping in the roadway|lying in the road]",
        "[it is|temps are|it's] [freezing|below zero|10 degrees|very cold|over 100 degrees] [and {s} is outside|, subject is outside without a coat|and person is sleeping outside|and {he} has no shelter]",
        "[{mf}|person|someone] [sitting|standing] in the [median|middle of the road|roadway|off ramp] [not moving|for hours|]",
    ),
    "confused": bank(
        _W,
        "[elderly|older|senior] [{mf}|person|{man}] [confused|disoriented|lost|wandering] [, doesn't know {his} address|, can't remember where {he} lives|in the street|in a robe|in pajamas|in the parking lot]",
        "[dementia|alzheimers|memory issues] [pt|patient|resident|{mf}] [walked away from|wandered off from|left] [home|the memory care facility|the nursing home|{his} house]",
        "[elderly|older|] [confused|disoriented] [{mf}|person|] [asking for help finding {his} [house|car|daughter]|doesn't know where {he} is|can't say where {he} lives]",
        "[lost|missing] [elderly|vulnerable|at risk] [adult|{mf}] [, last seen {days} ago|, left home on foot|]",
        age="old",
    ),
    "odd": bank(
        _W,
        "[{mf}|person|guy|woman|someone] [talking loudly on {his} phone|talking very loudly|talking on a phone] [for an hour|in the lobby|at the bus stop|on the bench] [and seems upset|, unk if okay|, RP not sure {he} is okay]",
        "[{mf}|person|someone] [sleeping|has been sleeping|sitting] in [a car|{his} car|a parked car] [in the lot|on the street|behind the store] [since last night|for hours|for {days}] [, windows fogged up|, RP knocked and {he} waved|, engine off|]",
        "[hoarding|hoarder house|apartment full of trash and boxes|stacks of newspapers to the ceiling] [, strong odor|, resident elderly|, neighbors concerned|], [haven't seen resident in {days}|resident not answering]",
        "[elderly|older|senior] [{mf}|man|woman|resident] [driving around lost|can't find {his} way home|asking people what day it is|has been riding the bus all day|disoriented at the gas station]",
        "[{mf}|person|resident] [not dressed for the weather|in shorts in the snow|barefoot outside|in a hospital gown] [at the bus stop|in the park|walking along the road|]",
    ),
    "child": bank(
        _W,
        "[child|young child|toddler|kid|little kid] [wandering alone|walking alone|alone] [in the parking lot|near the road|at the park|at the store] [, no parents around|, can't find parents]",
        age="child",
    ),
    "down": bank(
        _W,
        "[person|{mf}|someone|party] [lying|laying|down] [on the ground|on the sidewalk|in the grass|next to the dumpster|behind the store|in the parking lot] [not moving|, not moving|, hasn't moved in an hour|, unk if okay]",
        "[person down|PERSON DOWN|subject down|party down] [, unk problem|, unknown problem|]",
        "[sitting|slumped] [in a car|in a vehicle|in the driver seat] [for hours|since this morning|with the engine running] [, not answering the window|]",
        "[unk problem|unknown problem|UNK PROB] [, RP saw {him} go down|, party on ground|]",
    ),
}

FAMILY: dict[str, tuple[Phrase, ...]] = {
    "short": bank(
        _F,
        "[VERBAL DOMESTIC|VERBAL DV|FAMILY DISTURBANCE|DOMESTIC DISTURBANCE|FAMILY ARGUMENT|VERBAL ARGUMENT|FAMILY FIGHT, VERBAL|ROOMMATE DISPUTE|PARENT/CHILD ARGUMENT|DOMESTIC, VERBAL|FAMILY DISPUTE]",
        "[argument|arguing|verbal dispute|yelling] [with|W/] {his} {kin}",
    ),
    "argument": bank(
        _F,
        "[{s} and {his} {kin}|mother and adult son|father and son|husband and wife|boyfriend and girlfriend|roommates|brothers|sisters|the couple|{his} parents] [yelling|arguing|screaming at each other|in a verbal argument|fighting verbally|having a loud argument|in a shouting match]",
        "[verbal domestic|verbal DV|DV verbal|family disturbance|domestic disturbance|verbal dispute|family argument|domestic argument|verbal altercation|family fight] [between {s} and {his} {kin}|with {kin}|]",
        "[arguing|fighting|yelling|argument] [with|at] {his} {kin} [about money|about rent|over the kids|over custody|over the car|about chores|over the TV|about moving out|over a phone]",
        "[yelling|screaming] heard [from the apt|next door|upstairs], [sounds like a couple|sounds like family|male and female voices] [arguing|fighting verbally]",
        "[in-laws|grandparents|siblings|{his} family] [arguing|fighting] [over the will|about grandma's house|about money|over the house]",
        "[{s}|{kin}] [slamming doors|throwing a fit|screaming] [during an argument|after an argument] [with {his} {kin}|]",
        "[{s} and {his} {kin}|mother and daughter|the couple|father and teenage son] [screaming and crying at each other|yelling, both in tears|in a heated argument, everyone crying|crying and yelling at each other] [about [money|the divorce|the kids|the house]|]",
    ),
    "unwanted": bank(
        _F,
        "[{kin}|RP] [wants {him} to leave|is trying to get {him} to leave|kicked {him} out] [and {he} refuses|, refusing to leave|and they are arguing]",
        "[ex|{his} ex|ex boyfriend|ex girlfriend|ex husband|ex wife] [showed up|came over|keeps coming over] [and is arguing|yelling outside|banging on the door|refusing to leave]",
        "[custody exchange|child exchange] [turned into an argument|argument|going bad]",
        "[adult son|adult daughter|{his} grown son] [won't|refuses to] [move out|leave], [arguing|fighting] with [parents|mom|dad]",
        "[roommate|housemate|roommates] [dispute|argument|conflict] [over [rent|bills|the lease|noise|dishes]|]",
        "[{kin}|{his} partner] [locked {him} out|took {his} phone and keys|won't let {him} in] [after an argument|, they are arguing|]",
    ),
    "dispute": lk.FAMILY_DISPUTE,
    "meltdown": bank(
        _F,
        "[{his} |RP's |][teen|teenager|13yo|15 yo|16yo|teenage son|teenage daughter] [had a meltdown|is having a meltdown|lost it|blew up] [after RP took {his} phone|over the game console|about curfew|after an argument with mom|over chores], [screaming and crying|yelling at parents|slammed {his} door|called RP names]",
        "[{his} |][son|daughter|grandson|kid] [with autism|with ADHD|who has anxiety|who is on the spectrum] [having a meltdown|yelling at {his} parents|refusing to get in the car|arguing with {his} sister] [, parents stressed|, mom overwhelmed|]",
        "[siblings|brothers|sisters|the kids|{his} two teenagers] [fighting over|arguing about|screaming at each other over] [the TV|the car|the bathroom|a phone|chores] [, parent stressed out|, RP can't get them to stop|]",
        age="youth",
    ),
    "elder": bank(
        _F,
        "[elderly|{num}0s] [mother|father|parent] [with dementia|with alzheimers|with memory problems] [arguing with|yelling at|fighting with|refusing help from] [{his} caregiver|{his} adult son|{his} daughter|the home aide|{his} grandson] [over {his} meds|about going to bed|about the car keys|about a shower|]",
        "[RP|caller] [and {his} elderly|and {his} aging|and {his}] [mother|father|parent] [arguing|in an argument|keep fighting] [about [moving to assisted living|the house|money|{his} driving]|], [both upset|RP stressed|]",
        age="old",
    ),
    "ex": bank(
        _F,
        "[ex|{his} ex|ex boyfriend|ex girlfriend|ex husband|ex wife|children's father|baby's mother] [won't leave|refusing to leave|keeps texting and showing up|sitting in the driveway] [after dropping off the kids|after the custody exchange|, they are arguing|]",
        "[custody dispute|argument over custody|dispute over visitation|argument about child support] [with {his} ex|between parents|at the exchange] [, kids present|, getting loud|, verbal only|]",
        "[ex|{his} ex|former partner] [is at the door|showed up] [demanding to see the kids|wanting {his} things back|wanting to talk] and [they are arguing|RP wants {him} gone|won't go away]",
    ),
    "youth": bank(
        _F,
        "[RP's |][15yo|14 yo|16 year old|teen|teenage son|teenage daughter|juvenile|13yo] [refusing|won't go|refuses to go] [to school|to class] [, screaming|, slamming doors|, yelling at parents|, locked in room]",
        "[teen|juvenile|RP's son|RP's daughter|the kid|RP's 15yo] [out of control|won't listen|refusing to follow rules|yelling at parents|slamming doors|cursing at {kin}]",
        "[parents|RP|{kin}] [can't control|unable to control|need help with] [{s}|RP's teenager|RP's son|RP's daughter] [, refusing school|, yelling at family|]",
        age="youth",
    ),
}
