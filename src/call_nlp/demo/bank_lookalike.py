"""Situations that look like another crisis type, labeled by TAXONOMY.md.

Four kinds of look-alike, each a group merged into the main banks
(:mod:`call_nlp.demo.bank_social`, :mod:`call_nlp.demo.bank_mental`,
:mod:`call_nlp.demo.bank_incidents`):

* **drug effects** (``crisis:substance``): what intoxication, use and withdrawal look like
  (slurring, nodding, pinpoint pupils, sweating, amped up, no sleep from using, coming
  down, craving, dope sick, needles, pipes, baggies), including paranoia, agitation,
  "seeing things" and bizarre behaviour *that the note attributes to a drug or to
  withdrawal*. Reading of the guide: psychosis outranks substance use only when psychotic
  content is itself the concern; a drug-induced state described as such is the
  intoxication or withdrawal, so ``substance_use``. Psychotic content that stands on its
  own (a psychotic illness, off psych meds, elaborated delusions, voices) stays
  ``psychosis`` even when the person also drinks or uses (:data:`SUBSTANCE_COEXISTING`);
* **late suicide** (``crisis:suicide``): brief or indirect suicidal content that closes a
  note opened as a welfare check (a goodbye text, a note, a plan told to a coworker);
* **family disputes in crime or logistics words** (``crisis:family``): keys, phones,
  cars, property and inheritance, leases between relatives, custody exchanges in
  parking lots, lock-outs, police called before;
* **distress in public places** (``crisis:distress``): stores, cars, work, banks, offices;
* **not_behavioral with behavioural-sounding words** (``crisis:incident``): a diabetic
  who is confused, a stroke with slurred speech, a post-seizure or head-injured person
  who is disoriented, a suspicious person acting nervous.
"""

from __future__ import annotations

from call_nlp.demo.phrasebook import bank

_U = "crisis:substance"
_S = "crisis:suicide"
_F = "crisis:family"
_D = "crisis:distress"
_I = "crisis:incident"

#: Drug-attributed agitation, paranoia, perception and behaviour: the concern is the drug.
SUBSTANCE_EFFECTS = bank(
    _U,
    "[tweaking|tweaked out|spun out|amped up|all amped up|geeked up] [on meth|on something|after smoking meth|from the meth|], [can't sit still|pacing|talking a mile a minute|picking at {his} skin|sweating a lot|jaw clenching]",
    "[high on {drug}|on meth|using meth|smoked meth|did a lot of coke] [and|,] [acting paranoid|paranoid|very paranoid|keeps looking out the windows|thinks someone is outside|hiding in the closet] [, RP says it's the drugs|, {he} gets like this when {he} uses|, only happens when {he} is high|]",
    "[agitated|very agitated|worked up|hyper|jittery|amped] [and high|from using|on meth|after using {drug}|, appears high on something]",
    "[hasn't slept|been up] [in {days}|for {days}|all week] [from using|because of the meth|on a meth binge|partying on {drug}], [irritable|wired|twitchy|now crashing]",
    "[acting strange|acting weird|acting bizarre|not acting right|saying weird things] [after|since] [smoking K2|smoking spice|taking something at a party|using {drug}|taking an edible|smoking something] [, {his} friends say {he} never acts like this sober|, RP thinks it's the drugs|]",
    "[in withdrawal from alcohol|in the DTs|POSS DTs|alcohol withdrawal|withdrawing from ETOH] [, shaking and sweating|, tremors|], [seeing bugs|says {he} sees things on the walls|confused and seeing things] [, last drink {days} ago|, stopped drinking {days} ago]",
    "[coming down|crashing|coming off a binge|coming off meth] [, exhausted and irritable|, very moody|, can't sleep|, craving|and wants more]",
    "[high|on something|on meth|on {drug}] and [says people are following {him}|thinks the cops are after {him}|keeps saying someone is in the house|scratching at bugs on {his} skin], [RP says {he} gets paranoid when {he} uses|{he} admits using|{he} used {num} hours ago]",
)
#: What use looks like: paraphernalia, nodding, pupils, slurring; withdrawal and craving.
SUBSTANCE_SIGNS = bank(
    _U,
    "[nodding out|nodding off|can't stay awake|in and out, nodding|keeps nodding off mid sentence] [, pinpoint pupils|, slurring|, POSS opiates|, RP thinks {he} is on something|]",
    "[pinpoint pupils|pupils pinned|eyes rolling back] [and slurring|, slow to respond|, sleepy|]",
    "[slurring {his} words|slurring|speech slurred] [and can't stay awake|, smells of ETOH|, {he} was drinking|, high on something|after taking pills]",
    "[using|shooting up|smoking] [in the bathroom|in the restroom|in the stairwell|in {his} car|in the lobby bathroom] [at {place}|for {num} minutes|, staff can smell it|]",
    "[needles|a needle|syringes|a pipe|a meth pipe|a crack pipe|baggies|little baggies|burnt foil|a torch lighter] [on the floor next to {him}|in {his} lap|on the counter|in plain view|on the table] [, {he} is nodding|, appears high|, sweating|]",
    "[dope sick|dopesick|sick from withdrawals|in withdrawal|detoxing from [opiates|fentanyl|benzos|heroin]], [throwing up|sweating and shaking|shaking|begging for money|craving|says {he} needs a fix]",
    "[shaking|shaky|tremors] from [withdrawal|alcohol withdrawal|not drinking|detox] [, wants to go to detox|, asking for a drink|, hasn't had a drink since {days} ago|]",
    "[craving|cravings|wants to use] [bad|really bad|all day] [, asking for help|, wants detox|, called {his} sponsor|]",
    "[sweating|sweaty|clammy] and [twitchy|jittery|shaking] [, high on {drug}|, used earlier|, POSS stimulants]",
    "[wants|needs|asking for] [a bed at detox|to go to detox|help getting clean|detox] [, has been using {drug} daily|, shaking from withdrawal|, dope sick|]",
)
#: Substance use beside a psychotic illness that is itself the concern (label: psychosis).
SUBSTANCE_COEXISTING = bank(
    _U,
    "[{he} also drinks|{he} drinks sometimes|{he} smokes weed|{he} also uses meth sometimes] but [RP says|per RP] [the voices|this|the paranoia] started [before|weeks before|long before] {he} [drank today|used|relapsed]",
    "[was drinking tonight|has had a few beers|smoked weed earlier], but [RP says this is {his} illness, not the alcohol|{he} has been like this for weeks while sober|this is how {he} gets off {his} meds]",
)

#: Brief, indirect or late suicidal content (closes a note opened as a welfare check).
SUICIDE_LATE = bank(
    _S,
    "[{he} texted|{he} sent] [{rp}|{his} {kin}|a friend] [\"sorry for everything\"|\"take care of mom\"|\"i love you, goodbye\"|a goodbye text|a long goodbye message|\"this is it\"] [last night|this morning|before {he} stopped answering|]",
    "[{he} posted|there is a post on {his} page] [a goodbye message|saying goodbye to everyone|that {he} is done|that {he} won't be around] [last night|this morning|]",
    "[{he} left|{he} emailed|RP found] [a note|a letter|a voicemail] [saying {he} is sorry|saying goodbye|saying {he} loves the kids and is sorry|with {his} passwords and saying goodbye]",
    "[{he} told|per] [a coworker|a friend|{his} {kin}] [{he} has a plan|{he} didn't see the point anymore|nobody would miss {him}|{he} was going to end it|{he} won't be a problem anymore]",
    "[last thing {he} said was|{his} last text said|{he} said last week] [{he} was tired of living|nobody will miss {him}|{he} wanted to go be with {his} late [wife|husband|son]|{he} would not be around much longer|{he} is done]",
    "[{he} has been|{he} was] [giving away {his} things|saying goodbye to people|talking about dying|talking about not being here] [this week|lately|], [RP worried {he} did something|RP afraid {he} hurt {himself}]",
)

#: Family and partner disputes described in crime or logistics words.
FAMILY_DISPUTE = bank(
    _F,
    "[{his} {kin}|{his} ex|{his} boyfriend|{his} girlfriend|{his} sister|{his} brother] [took|won't give back|is holding] [{his} phone|{his} car keys|{his} ID and purse|{his} wallet|the car|the kids' passports] [, they are arguing|and they are yelling at each other|until {he} pays|after an argument]",
    "[custody exchange|child exchange|drop off of the kids] [at the [walmart|police station|gas station|mcdonalds] parking lot|in the parking lot|at the exchange spot] [turned into an argument|, parents yelling|, father refusing to hand over the child|, mother refusing to leave], [kids in the car|kids present|]",
    "[dispute|argument|fight] [with {his} {kin}|between siblings|between brothers|with in-laws] over [the house|a truck|the inheritance|mom's house|the will|a car title|the storage unit|who owns the dog] [, both on scene yelling|, one says the other stole it|, {kin} changed the locks|]",
    "[{his} adult son|{his} grandson|{his} nephew|{his} {kin}] [is renting|lives in] [the basement|a room|the back unit] [and is behind on rent|and won't pay], [arguing about the lease|RP wants {him} out|they are fighting about eviction]",
    "[{he} is|{s} is] locked out [by {his} {kin}|by {his} partner|after an argument] [and banging on the door|, yelling outside|, wants {his} stuff|, {kin} won't open the door]",
    "[PD|police|officers] [have been out|were called|came out] [before|last week|{num} times this month] for [the same thing|this family|arguments at this address], [now arguing again|same parties arguing|family fighting again]",
    "[{his} {kin}|{his} ex|{his} partner] [cleaned out|emptied] [the bank account|the joint account|{his} savings] [and they are arguing|, {he} wants to report it stolen|, fighting about it now]",
    "[{his} ex|{his} mother-in-law|{his} father-in-law|{his} ex's new partner] [keeps coming on the property|won't leave the driveway|showing up at {his} work] [after being told to leave|, arguing|, RP wants {him} trespassed]",
)

#: Emotional distress told by or about people in stores, cars, workplaces.
DISTRESS_PUBLIC = bank(
    _D,
    "[crying|sobbing|crying hysterically|very upset and crying] [in {his} car|in a parked car|in the parking lot|in aisle {num}|at the register|in the break room|at {his} desk|in the lobby|at the counter] [after [getting fired|a call from the hospital|bad news|the repo|{his} [mom|dad|husband|wife] died]|, can't calm down|]",
    "[customer|employee|driver|a woman|a man|a student] [having a panic attack|hyperventilating|shaking and can't calm down|having an anxiety attack] [at the counter|in the store|at work|in {his} car on the shoulder|at the bank|at the DMV|in the library]",
    "[pulled over|stopped {his} car|parked] [on the shoulder|in a lot|at the gas station] [because {he} is panicking|, too upset to drive|, crying and shaking|, says {he} can't breathe from anxiety]",
    "[store employee|manager|coworker|supervisor|security] says [{s}|{he}] [is overwhelmed|is falling apart|just broke down|can't stop crying|is in shock] [after [being let go|a customer yelled at {him}|getting bad news|losing {his} job]|]",
    "[{s}|{he}] [lost {his} [wallet|phone|car|paycheck]|missed {his} [flight|bus|appointment]|got scammed out of {his} savings|had {his} car towed] and is [beside {himself}|distraught|hysterical|panicking] [at {place}|in the store|at the counter|]",
    "[very upset|distraught|in tears|yelling then crying] at the [front desk|counter|register|pharmacy window|office] [about {his} benefits|about an eviction notice|about a bill|about {his} kids], [says {he} can't take any more|wants someone to talk to|overwhelmed]",
)

#: Not behavioral, though the words sound behavioural (medical confusion, slurred speech).
_MED = (_I, "med:other=yes")
DIABETIC_CONFUSED = bank(_MED, "[diabetic|insulin dependent diabetic|{age} yo diabetic] [confused|acting confused|not making sense|shaky and sweaty|sweaty and confused] [, sugar is {num}0|, low blood sugar|, hasn't eaten|, POSS low sugar]")
STROKE_SLURRED = bank(_MED, "[slurred speech|speech suddenly slurred|trouble talking] [and facial droop|, face drooping|, arm weak|, POSS stroke] [, does not drink|, no ETOH per {kin}|, started {num}0 minutes ago|]")
POST_ICTAL = bank(_MED, "[had a seizure|seized|post seizure|post ictal] [at {place}|at home|], [now confused|disoriented|not making sense|sleepy and confused]")
FEVER_CONFUSED = bank(_MED, "[fever and confusion|confused with a fever|not acting {himself}, has a UTI|confused, POSS infection] [, {kin} says sudden change|, elderly|]")
MEDICAL_LOOKALIKE = DIABETIC_CONFUSED + STROKE_SLURRED + POST_ICTAL + FEVER_CONFUSED
MEDICAL_LOOKALIKE_INJURY = bank(
    (_I, "med:injury=yes"),
    "[fell|fall|hit {his} head] [down the stairs|in the shower|off a bike|at work] [, now confused|, repeating {himself}|, doesn't know what day it is] [, bleeding from the scalp|, head lac|]",
)
SUSPICIOUS_ODD = bank(
    _I,
    "[suspicious|SUSP] [person|male|female|subject] [acting nervous|acting odd|acting sketchy|looking over {his} shoulder] [, checking car doors|, looking in windows|, walking back and forth in front of the bank|, hanging around the ATM]",
    "[someone|a {man}|subject] [looking into windows|going through cars|trying door handles] [on the block|in the lot|], [acting suspicious|took off when RP yelled|gone now]",
)
#: Crimes whose suspect is intoxicated (not_behavioral by the crime rule).
CRIME_INTOX_ASSAULT = bank(
    ("crisis:crime", "crisis:substance", "assault=active"),
    "[two drunk guys|drunk males|intoxicated patrons|a drunk customer and a stranger] [fighting|punching each other|throwing punches] [in the parking lot|outside the bar|at the bus stop] [now|right now|]",
)
