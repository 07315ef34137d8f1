"""Situations of people in conflict who are not family: threats, fights, weapons in
public, shootings and stabbings, civil disputes.

TAXONOMY.md: conflict among family, partners, exes or housemates is ``family_conflict``;
conflict among anybody else (neighbors, landlord and tenant, customers and staff,
coworkers, strangers, road users) is not behavioral, and a crime against a person with no
mental-health content is ``not_behavioral`` whatever its violence risk. Each situation
is keyed by the violence risk its own tags state ("low" states none), so a scenario can
start from any level and let its plan's statements (:data:`bank_police.PARTS`) set the
rest. Crimes carry ``crisis:crime`` (an intoxicated suspect keeps them not behavioral);
civil disputes carry ``crisis:incident`` and never mention drink or drugs.
``{party}`` is the other party, never a relative, partner, ex or housemate.
"""

from __future__ import annotations

from call_nlp.demo import bank_lookalike as lk
from call_nlp.demo.phrasebook import Phrase, bank

_C = "crisis:crime"
_I = "crisis:incident"

#: Who threatens: non-family people the caller knows or meets.
THREAT_PARTIES = (
    "the neighbor", "RP's neighbor", "the {man} next door", "the neighbor across the street", "the {man} upstairs",
    "a coworker", "RP's coworker", "a former coworker", "RP's boss", "a former tenant", "the ex-tenant", "a tenant",
    "the landlord", "a customer", "a former customer", "a contractor RP fired", "a stranger", "an unknown {mf}",
    "a {man} from RP's gym", "a classmate", "a {man} RP sold a car to", "the tow truck driver", "another parent at the school",
)
THREAT: dict[str, tuple[Phrase, ...]] = {
    "low": bank(
        _C,
        "{party} [threatened to|says {he} will|keeps threatening to] [sue RP|call code enforcement on RP|have RP's car towed|report RP to the HOA|report RP to HR|post about RP online|take RP to small claims|keep RP's deposit]",
        "[RP|caller] [wants to report|reporting|wants it documented] [rude comments|an argument|name calling|nasty messages] [from|with] {party} [over [parking|the fence|a dog|money owed]|]",
        "{party} [yelled at|cussed at|cursed at|flipped off|screamed at] RP [over parking|in the lot|over the fence|at work|in the store] [and left|, then drove off|]",
    ),
    "elevated": bank(
        (_C, "threat=made"),
        "{party} [threatened|is threatening|keeps threatening] to [beat RP up|kick RP's ass|kill RP|hurt RP|fight RP|shoot RP|jump RP|break RP's legs] [over [parking|the fence|a parking spot|money owed|a noise complaint|the security deposit|a bad review|a car sale]|]",
        "{party} [says|said|told RP] {he} [will|is going to|is gonna] [beat RP up|kick RP's ass|fight RP|hurt RP|get RP] [next time {he} sees RP|when RP gets home|after work|]",
        "[THREATS|THREATENING] [BY PHONE|VIA TEXT|OVER TEXT|IN PERSON|ON SOCIAL MEDIA|BY VOICEMAIL] FROM {party}, [SAYS {he} WILL BEAT RP UP|SAYS {he} WILL KILL RP|THREATENING TO SHOOT RP|SAYS {he} IS COMING OVER TO FIGHT]",
        "[RP|caller] [received|got|has been getting] [threatening texts|threatening calls|threatening voicemails|threatening messages] from {party} [saying {he} will hurt RP|saying {he} is coming over to fight|threatening to kill RP|threatening to beat RP up]",
        "{party} [told RP|yelled at RP|said to RP] \"[i'm gonna kick your ass|i'll beat your ass|you're dead|i'm gonna kill you|i'll shoot you|come outside so i can beat you up]\"",
        "[road rage|ROAD RAGE|traffic dispute], [other driver|the other driver|driver of a [white|black|red] [pickup|sedan|SUV]] [followed RP|tailgated RP|pulled up next to RP|boxed RP in] and [threatened to beat RP up|said {he} would kill RP|yelled that {he} would fight RP|threatened RP]",
    ),
    "imminent": (
        *bank(
            (_C, "threat=means"),
            "{party} [threatened|is threatening] to [kill|hurt|beat] RP and [showed RP|flashed|lifted {his} shirt to show] {a_weapon}",
            "{party} [threatened|is threatening] to shoot RP and [showed RP|flashed|lifted {his} shirt to show] {a_gun}",
            "{party} [said|told RP] {he} [would|is going to] [shoot|kill] RP [and keeps|, has] {a_gun} [in {his} truck|on {him}|in {his} car]",
        ),
        *bank(
            (_C, "threat=means", "weapon=present"),
            "{party} [is at RP's door|is outside RP's house|is in the parking lot|is in the driveway] [with|holding|W/] {a_weapon} [saying {he} will kill RP|threatening to beat RP up|yelling that {he} will hurt RP]",
            "[road rage|ROAD RAGE], [other driver|the other driver] [pointed|is waving|showed RP] {a_weapon} and [said {he} would kill RP|threatened to shoot RP|yelled {he} would hurt RP]",
        ),
    ),
}

#: Who fights: strangers, bar patrons, students, neighbors, customers.
FIGHT_PARTIES = (
    "a {man}", "an unknown {mf}", "a stranger", "a patron", "a customer", "a student", "the neighbor", "a passenger",
    "a {man} in a red hoodie", "one of the bar patrons", "a guy from the pickup game", "a juvenile",
)
_PLACES = "[in the parking lot|outside the bar|at the bus stop|in front of the store|at the park|behind the school|at the gas station|in the street|at the apartment pool|on the basketball court|at the transit center|outside the club]"
FIGHT: dict[str, tuple[Phrase, ...]] = {
    "low": bank(
        _C,
        "[verbal disturbance|verbal altercation|loud argument|shouting match|argument] [between|btwn] [{num} males|2 females|customers|patrons|two drivers|students|a group of people] " + _PLACES,
        "[people|a group|juveniles|a crowd|several people] [yelling|shouting|arguing] " + _PLACES + ", [RP thinks they might fight|looks like a fight might start|no one fighting yet|just yelling]",
        "[disturbance|DISTURBANCE|DIST] [at the bar|at {addr}|in the lot|at the party], [people yelling|patrons arguing|bouncer asking for PD]",
    ),
    "elevated": bank(
        (_C, "assault=ended"),
        "[fight|FIGHT|altercation|physical altercation] [just ended|is over|broke up|occurred] " + _PLACES + " [, parties separated|, one party left|, suspect left on foot|, parties dispersed]",
        "RP [was|got] [punched|assaulted|jumped|hit|attacked|shoved to the ground|headbutted] by [{party}|an unknown male|a stranger|[2|3|two|three|several] males] [, suspect left|, suspect fled on foot|, suspect gone|, suspect still in the area|]",
        "[assault|ASSAULT|simple assault|ASSAULT REPORT] [just occurred|occurred|report] [at {addr}|at the bar|at the bus stop|], [victim on scene|suspect gone|suspect known to RP]",
        "{party} [punched|hit|shoved|slapped|pushed|spit on] RP [and left|and walked off|then went back inside|then drove off] [a few minutes ago|earlier|]",
        "[student|a student|a kid] [got jumped|was assaulted|got beat up] [after school|at the bus stop|behind the gym|on the way home] [, suspects gone|, kids ran off]",
    ),
    "imminent": (
        *bank(
            (_C, "assault=active"),
            "[fight|FIGHT|large fight|brawl|fight in progress|fight IP|physical fight] " + _PLACES + " [, {num} people involved|, several males|, about {num} people|, juveniles|]",
            "[2|two|3|several] [males|females|guys|people|students|juveniles|patrons|customers] [fighting|throwing punches|punching each other|wrestling on the ground|physically fighting] [in the lot|outside|at {addr}|in the street|in the hallway] [now|right now|]",
            "[bar fight|fight at the bar|patrons fighting|bouncers fighting with a patron] [now|in progress|IP|, spilling into the street]",
            "[someone|a {man}|unknown male|a stranger|{party}] [is beating|is punching|is attacking|is kicking|is stomping on] [a {man}|a customer|a passerby|someone|a student|the clerk|RP's friend] [now|right now|in front of the store|]",
            "[the neighbor|the {man} next door|{party}] and [another neighbor|RP's friend|RP] [fighting|physically fighting|throwing punches] [in the yard|over the fence|in the driveway] now",
            "[students|kids|juveniles] fighting [at the school|in the school parking lot|at the bus stop|after school|behind the gym] [, crowd gathering|, {num} kids|, one kid getting beat up|]",
        ),
        *lk.CRIME_INTOX_ASSAULT,
    ),
}

#: Who carries a weapon in public: strangers, customers, passengers.
WEAPON_PARTIES = (
    "a {man}", "an unknown {mf}", "a {man} in a black jacket", "a {man} in a grey hoodie", "a customer", "a passenger",
    "a juvenile", "a {mf} at the bus stop", "a stranger", "a subject",
)
_STORES = "[the gas station|the corner store|the pharmacy|the bank|the fast food place|the liquor store|the dollar store]"
WEAPON: dict[str, tuple[Phrase, ...]] = {
    "elevated": bank(
        (_C, "weapon=possible"),
        "{party} [said|told RP|claimed] {he} [had|has] a [gun|knife|piece] [but RP didn't see it|, none seen|, RP did not see one]",
        "{party} [kept|had] {his} hand [in {his} pocket|in {his} waistband|under {his} shirt] [like {he} had a gun|like {he} was holding something|the whole time]",
        "[RP|caller] [thinks|believes] {party} [has|had|was carrying] a [gun|knife|weapon] [, didn't see it|, saw a bulge|, saw something shiny]",
        "[robbery|ROBBERY|strong arm robbery] [just occurred|report] at " + _STORES + ", [suspect implied a weapon|suspect said {he} had a gun, none seen|note said {he} had a gun|suspect kept a hand in {his} pocket]",
    ),
    "imminent": bank(
        (_C, "weapon=present"),
        "{party} [with|W/|has] a [gun|handgun|pistol] in {his} waistband [at the bus stop|in the store|walking down {addr}|in the park|outside the bar|]",
        "{party} [waving|swinging|brandishing] {a_blade} at [people|passersby|customers|cars|RP] [in the street|in the lot|at the bus stop|in the store|]",
        "{party} [is pointing|is brandishing|pulled|flashed] {a_weapon} [at RP|at the clerk|at a customer|at people in the lot] [and is still there|and is still in the lot|right now]",
        "[armed robbery|robbery with a weapon|ARMED ROBBERY|hold up] [in progress|IP|just now] at " + _STORES + ", [suspect|{party}] [has|with|W/|pointing] {a_weapon}",
        "[shoplift suspect|robbery suspect|suspect|{party}] barricaded in [the bathroom|the back room|the stockroom|a stall] [with|W/|holding] [a box cutter|{a_blade}] [, LP outside the door|, staff evacuated|, refusing to come out]",
        "[male|suspect|someone|{party}] [chasing|following] [RP|a {man}|people|a kid] [with|W/] {a_weapon}",
        "{party} [standing|sitting|walking around] [in the lobby|at the bus stop|outside the store|in the park] [holding|with] {a_weapon} [, people leaving the area|, customers scared|, not pointing it at anyone|]",
        "[SUBJ WITH A WEAPON|WEAPONS CALL|ARMED SUBJECT], [{party}|subject] [has|holding|showing people] {a_weapon} [at {addr}|in the lot|]",
        "[MWG|MAN WITH A GUN|PERSON WITH A GUN], [{party}|subject] [has|holding|showing people] {a_gun} [at {addr}|in the lot|]",
    ),
}

#: Shootings: shots heard, shots at people or cars, a person shot (EMS is sent).
_SHOTS = bank(
    (_C, "shots=active"),
    "[shots fired|SHOTS FIRED|gunshots|multiple shots|shooting] [in the area|behind the building|at {addr}|from a passing car|in the parking lot|outside]",
    "[RP|caller] [heard|hearing] [{num} shots|several gunshots|multiple shots|shots] [and a car speed off|nearby|outside|in the street]",
    "[someone|a {man}|subject|{party}] [shooting|firing] [at cars|into the air|at a house|at people] [now|right now|]",
)
SHOOTING: dict[str, tuple[Phrase, ...]] = {
    "low": bank(
        _C,
        "[RP heard|hearing|RP reporting] [popping sounds|loud bangs|what sounded like fireworks] [in the area|behind the building|down the street], [RP thinks fireworks|unk if fireworks|believes it was a car backfiring]",
    ),
    "shots": _SHOTS,
    "imminent": (
        *_SHOTS,
        *bank(
            (_C, "shots=active", "med:injury=yes"),
            "[SHOOTING|GSW|GUNSHOT WOUND|PERSON SHOT|VICTIM SHOT IN THE [LEG|ARM|CHEST|ABDOMEN]] [, 1 DOWN|, VICTIM CONSCIOUS|, SHOOTER UNK|, SHOOTER FLED|]",
        ),
    ),
}
#: Stabbings and cuttings: the suspect fled (elevated) or still holds the knife (imminent).
STABBING: dict[str, tuple[Phrase, ...]] = {
    "elevated": bank(
        (_C, "assault=ended", "med:injury=yes"),
        "[STABBING|PERSON STABBED|STAB WOUND|STABBED IN THE [ARM|BACK|LEG]|ASSAULT VICTIM, CUT] [, SUSPECT FLED|, SUSPECT GONE ON FOOT|, SUSPECT LEFT IN A CAR|, SUSPECT UNK]",
        "[victim|a {man}|RP's friend] [was|got] [stabbed|cut|slashed] [at the bar|at the bus stop|in the lot|at a party], [suspect ran off|suspect left in a car|suspect gone]",
    ),
    "imminent": bank(
        (_C, "weapon=present", "med:injury=yes"),
        "[STABBING|PERSON STABBED|STAB WOUND], [SUSPECT STILL ON SCENE W/ THE KNIFE|SUSPECT STILL THERE HOLDING A KNIFE|SUSPECT STILL HAS THE KNIFE]",
        "[victim|a {man}|a customer] [stabbed|cut|slashed] [at the bar|in the lot|at the bus stop], [{party}|suspect] [still there with {a_blade}|still holding {a_blade}|standing over the victim with {a_blade}]",
    ),
}

#: Who a civil dispute is with: neighbors, landlords and tenants, customers and staff,
#: coworkers, contractors, guests who are not family.
DISPUTE_PARTIES = (
    "the neighbor", "RP's neighbor", "the landlord", "the property manager", "the tenant", "a former tenant",
    "the ex-tenant", "a customer", "the customer", "a coworker", "RP's boss", "the contractor", "the tow driver",
    "the mechanic", "a guest", "a friend of a friend", "a {man} RP met at the bar", "the delivery driver",
)
DISPUTE: dict[str, tuple[Phrase, ...]] = {
    "low": bank(
        _I,
        "[landlord tenant dispute|landlord/tenant dispute|L/T DISPUTE|civil dispute|CIVIL ISSUE] [over the deposit|over rent|over repairs|about an eviction|, landlord changed the locks|, tenant refusing to leave|, landlord removing tenant's belongings]",
        "[parking dispute|parking complaint|dispute over parking|argument over a parking spot] [with the neighbor|between neighbors|in the lot|at {addr}] [, both yelling|, RP blocked in|]",
        "[fence line dispute|property line dispute|dispute over the fence|neighbor dispute over a tree|neighbor dispute over trash cans|neighbor dispute over a dog] [with {party}|, both parties outside|, ongoing issue|]",
        "[loud argument|neighbors arguing|2 neighbors yelling at each other|neighbors in a shouting match] [in the street|in the hallway|over the fence|in the parking lot] [over [noise|a dog|parking|kids|trash]|]",
        "[customer|a customer|a patron|the customer] [yelling at|arguing with|cursing at] [staff|the cashier|the manager|employees] [over a refund|about a return|over a price|about an order|because the store won't take the coupon] [, refusing to leave|]",
        "[ex-tenant|former tenant|evicted tenant] [banging on the door|at the door|knocking and yelling|trying to get back in] [wanting {his} stuff|demanding {his} deposit|saying {he} still lives there]",
        "[unwanted guest|unwanted person|guest won't leave|party guest refusing to leave] [at RP's apartment|at the party|at RP's house] [, a friend of a friend|, someone RP met at the bar|, guy from work|, not family|, acquaintance of RP's]",
        "[coworker dispute|dispute between coworkers|argument at work|employee refusing to leave after being let go] [at the warehouse|in the break room|at the restaurant|on the job site|] [, manager wants {party} removed|]",
        "[dispute with|argument with] [a contractor|the mechanic|the tow driver|a delivery driver|a rideshare driver|the moving company] [over payment|over the bill|about RP's car|about damage] [, refusing to release RP's car|, RP wants PD to standby|]",
        "[RP requesting|REQ|requesting] [civil standby|a civil standby|PD standby|keep the peace] [to get RP's belongings|for a property exchange|to pick up RP's things] [from {party}|from a former landlord|from a friend's house]",
        "{party} [keeps|has been] [blocking RP's driveway|parking in RP's spot|letting {his} dog go on RP's lawn|throwing trash in RP's yard|playing music all night] [, they argued|, RP wants PD to talk to {him}|]",
        "[customer|patron|guest|{party}] [refusing to pay|won't pay the bill|refusing to leave] [at the restaurant|at the motel|at the bar|in the store] [, arguing with staff|, manager wants {him} trespassed|]",
    ),
    "elevated": (
        *bank(
            (_I, "combative=yes"),
            "{party} [getting in RP's face|chest bumping RP|squaring up on RP|aggressive with staff|getting aggressive] [over|about] [parking|the deposit|the refund|the fence|the bill]",
        ),
        *bank(
            (_I, "property=active"),
            "{party} [is tearing down|is kicking in|is smashing|is spray painting|is breaking] [RP's fence|RP's door|RP's mailbox|the office window|RP's car mirror] [now|right now|as RP watches]",
            "{party} [tore down|kicked in|smashed|broke] [RP's fence|RP's door|RP's mailbox|the office window|RP's car mirror] [just now|during the argument|a minute ago] [and is still outside|]",
        ),
    ),
}

#: What goes wrong in a dispute later in the call (appended updates).
DISPUTE_UPDATES = bank(
    _I,
    "[RP NOW ADV|PER RP|2ND CALLER ADV] [BOTH PARTIES BACK INSIDE|NEIGHBOR WENT BACK IN THE HOUSE|CUSTOMER LEFT IN A [BLUE|WHITE] SEDAN|STILL ARGUING|PARTIES STILL OUTSIDE]",
)
