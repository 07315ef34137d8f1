"""Core situations for suicide risk, psychosis and emotional distress.

Each group maps a concept (e.g. ``"statement"``) to many phrasings; the composer picks
a group, then a phrasing, then expands its ``[a|b]`` alternatives, so every concept has
dozens to hundreds of surface forms. Tags state the crisis concept only; risk and
medical facts come from :mod:`call_nlp.demo.bank_risk` and :mod:`call_nlp.demo.bank_medical`.
"""

from __future__ import annotations

from call_nlp.demo import bank_lookalike as lk
from call_nlp.demo.phrasebook import Phrase, bank

_S = "crisis:suicide"
_P = "crisis:psychosis"
_D = "crisis:distress"

SUICIDE: dict[str, tuple[Phrase, ...]] = {
    "short": bank(
        _S,
        "[SUICIDAL|SUICIDAL SUBJ|SUICIDAL PARTY|SUICIDAL {mf}|SUICIDE THREAT|SUICIDAL THOUGHTS|THREATENING SUICIDE|WANTS TO DIE|POSS SUICIDAL|SUICIDE ATTEMPT|ATTEMPTED SUICIDE|SUICIDAL, ALONE|SUICIDAL AGAIN|S/I]",
        "[{s}|{mf}|PT] [suicidal|wants to die|threatening suicide|talking about suicide|wants to kill {himself}]",
    ),
    "statement": bank(
        _S,
        "{s} [is |][suicidal|S/I|SI|having suicidal thoughts|having thoughts of suicide|feeling suicidal|making suicidal statements|voicing suicidal thoughts]",
        "[{says} |]{he} [wants to|wanted to|is going to|is gonna|will|plans to] [die|end it all|end {his} life|kill {himself}|take {his} own life|end it tonight|not wake up]",
        "[suicidal statements|SUICIDAL STATEMENTS MADE|threatening suicide|suicide threats|threats of suicide|talking about suicide|talking about killing {himself}|making statements about ending {his} life]",
        "[{says}|keeps saying|told {rp}|told {his} {kin}|said] [{he} doesn't want to be here anymore|{he} doesn't want to live anymore|{he} has nothing to live for|{he} has no reason to live|everyone would be better off without {him}|{he} can't do this anymore and wants to die|{he} won't be here tomorrow|{he} won't make it through the night|life isn't worth living|{he} wishes {he} was dead|{he} would be better off dead]",
        "[says|said|stating] [{he} is going to|{he} will|{he} is about to] [end it|kill {himself}|take {his} life] [tonight|today|after everyone leaves|when {he} gets home|]",
        "[wants to go be with|says {he} wants to join|says {he} is going to see] {his} [late|dead|deceased] [wife|husband|mother|son|daughter|brother]",
        "[says|stated|keeps telling {rp}] {he} [has a plan|has a plan to kill {himself}|has been planning it|picked a date|already decided how]",
        "[asking for|wants|called for] [help|someone to talk to] because {he} is having thoughts of [killing {himself}|suicide|ending {his} life|ending it]",
        "[not safe|doesn't feel safe|does not feel safe] [with {himself}|being alone|by {himself}] [tonight|right now|], [thoughts of suicide|suicidal thoughts|SI]",
        "[crisis line|the hotline|988] [transferring|transferred|called in] [{s}|party|caller], [suicidal|expressing suicidal thoughts|states wants to die]",
        "[says|stating] {he} [wants to die|wishes {he} were dead|wants to kill {himself}] [after|since] [{his} {kin} left|the breakup|losing {his} job|the funeral|getting evicted]",
        "[EDP|] [suicidal|S/I|SI] [subject|party|{mf}|PT]",
    ),
    "goodbye": bank(
        _S,
        "[texted|sent|messaged] [{rp}|{his} {kin}|friends|family] [goodbye messages|a goodbye text|a text saying goodbye|a text saying {he} is going to kill {himself}|pictures saying goodbye]",
        "[left|wrote] a [suicide note|goodbye note|note saying goodbye|note for {his} {kin}] [and left|and is not answering|and took off|]",
        "[posted|posting] [on social media|online|on facebook] [that {he} is going to kill {himself}|goodbye messages|about ending {his} life|that this is goodbye]",
        "[giving away {his} [things|belongings|stuff]|saying goodbye to everyone|gave away {his} dog and said goodbye|wrote out a will and said goodbye]",
        "[called {rp}|called {his} {kin}|called] [to say goodbye|crying and saying goodbye|saying this is the last time they will hear from {him}]",
        "[asked {rp} to|wants {rp} to] [take care of {his} kids after {he} is gone|say goodbye to the family for {him}|help {him} die]",
    ),
    "plan": bank(
        _S,
        "{s} [standing on|on|sitting on|climbing over|on the wrong side of] [the bridge railing|the railing of the overpass|the ledge of the parking garage|the roof of {his} building|the edge of the roof|the rail of the bridge] [threatening to jump|saying {he} will jump|]",
        "[says|stating|threatening that|said] {he} [is going to|will|wants to] [jump off the bridge|jump off the roof|jump in front of a train|step in front of a bus|walk into traffic|drive {his} car into a wall|hang {himself}|jump from the balcony|drive off the road]",
        "[looking up|googling|searching] [ways to kill {himself}|how to overdose|how many pills it takes to die|how to end {his} life]",
        "[is threatening|threatened|says {he} is going] to [overdose|take all {his} pills|take all of {his} {pills}|swallow all {his} meds]",
        "[walked|walking|headed] [toward|to] the [bridge|train tracks|river|lake|overpass] [saying {he} is done|to end it|after saying goodbye]",
        "[sitting in {his} car|in the garage|in the bathtub|locked in the bathroom|locked in {his} room] [saying {he} wants to die|talking about ending it|and says {he} is going to kill {himself}]",
        "[tied|tying] [a sheet|a belt|a rope] to the [closet rod|rafters|stair railing] [, talking about hanging {himself}|, says {he} is done|]",
        "[on|at] the [train tracks|bridge|overpass|parking garage roof] [, suicidal|, says {he} wants to die|, won't come down|]",
    ),
    "history": bank(
        _S,
        "[HX|history of|prior|hx of multiple] [suicide attempts|SI|attempts] [, now|and now|and is] [talking about it again|making statements again|saying the same things again|threatening again]",
        "[S/A|suicide attempt|POSS suicide attempt|attempted suicide|suicidal gesture|POSS S/A]",
        "[recently discharged|just released|got out] [from the psych unit|from the hospital|from inpatient] [after an attempt|for SI] [and making statements again|, now says {he} wants to die]",
    ),
    "indirect": bank(
        _S,
        "[says|keeps saying|told {rp}|texted {rp}] [{he} doesn't want to be here|{he} doesn't want to be here anymore|everyone would be better off without {him}|{he} is tired of being a burden|{he} just wants to go to sleep and not wake up|{he} won't be a problem much longer|{he} is sorry for everything]",
        "[gave away|has been giving away|started giving away] [{his} belongings|{his} things|{his} stuff|{his} guitar and {his} dog|{his} favorite things to friends] [and said goodbye|this week|]",
        "[wrote|left|has been writing] [letters to {his} kids|a letter to {his} {kin}|notes to everyone] [and|,] [has been saving up {his} pills|said {he} is sorry for everything|put {his} affairs in order]",
        "[asked {rp} to take care of {his} [dog|cat|kids] [if anything happens|after {he} is gone|for good]|sent {rp} {his} passwords and said take care|paid off {his} bills and said goodbye to {his} {kin}]",
    ),
    "selfharm": bank(
        _S,
        "[threatening to|says {he} will|said {he} is going to] [cut {himself}|cut {his} wrists|slit {his} wrists|hurt {himself}|harm {himself}]",
        "[has been|was|caught] [cutting {himself}|cutting {his} arms|cutting on {his} legs|self harming|hurting {himself}|burning {himself}] [again|tonight|]",
        "[self harm|self-harm|self injury|SELF HARM] [, superficial scratches|, old scars and new scratches|]",
        "[banging|hitting] {his} head [against the wall|on the floor] [saying {he} wants to die|to hurt {himself}]",
    ),
    "late": lk.SUICIDE_LATE,
}

PSYCHOSIS: dict[str, tuple[Phrase, ...]] = {
    "short": bank(
        _P,
        "[HEARING VOICES|PSYCHOTIC|PARANOID|DELUSIONAL|HALLUCINATING|OFF MEDS, HEARING VOICES|MANIC|BIZARRE BEHAVIOR|ACTING BIZARRE|SEEING THINGS|PARANOID, OFF MEDS|POSS PSYCHOTIC EPISODE|SCHIZOPHRENIC OFF MEDS|RESPONDING TO VOICES]",
        "[{s}|{mf}|PT] [hearing voices|paranoid|delusional|hallucinating|talking to {himself}|seeing things|not making sense]",
    ),
    "hallucination": bank(
        _P,
        "[hearing voices|hears voices|is hearing voices|says {he} hears voices|hearing things|hearing people talk to {him}|hearing voices telling {him} to [do things|leave|pray|stay awake|get out]]",
        "[seeing things|seeing people that aren't there|seeing [shadows|demons|spiders|bugs|snakes|people] [in the walls|on the ceiling|everywhere|in the room]|seeing things that aren't there]",
        "[talking to|yelling at|arguing with|screaming at] [people who aren't there|no one|nobody|the wall|the TV|{his} reflection|imaginary people|someone who isn't there]",
        "[responding to internal stimuli|RTIS|appears to be responding to voices|talking back to voices]",
        "says [the TV is|the radio is|the microwave is|the neighbors are|the birds are|the street lights are] [talking to|sending messages to|sending signals to] {him}",
        "[says|thinks|believes] [bugs|worms|wires] are [crawling under {his} skin|in {his} skin|all over {him}]",
        "[hallucinating|having hallucinations|visual hallucinations|auditory hallucinations|AH/VH]",
        "says [god|the devil|angels|{his} dead [mother|father]|spirits] [is|are] talking to {him} [and telling {him} things|]",
        "[hears|hearing] [people|someone|voices|footsteps] in the [attic|walls|vents|ceiling] [but no one is there|, no one there|, nobody else hears it]",
    ),
    "delusion": bank(
        _P,
        "[thinks|believes|convinced|says] [the neighbors|people|the government|the FBI|the CIA|the police|{his} {kin}|someone] [put cameras in the walls|are watching {him}|are following {him}|are listening through the [vents|phone|smoke detector]|are poisoning {his} food|put a chip in {his} [head|arm|tooth]|are trying to kill {him}|are after {him}|are reading {his} thoughts|are controlling {his} mind|hacked {his} phone and are tracking {him}]",
        "[paranoid|very paranoid|acting paranoid|paranoid delusions|delusional|having delusions|paranoid and delusional]",
        "[believes|thinks|says] {he} is [god|jesus|the president|a prophet|the messiah|a secret agent|being sent messages from space|already dead|royalty]",
        "says [{his} {kin}|RP|{his} wife|{his} neighbor] [is an imposter|has been replaced|is not really {his} {kin}|is a robot]",
        "[thinks|believes|says] {he} [was shot|has been shot|got shot] [by a laser|through the wall|in {his} sleep|by satellites] [but there are no injuries|, no injuries seen|]",
        "[thinks|believes|says] [the neighbors|people outside|someone|the mafia] [are going to shoot {him}|are shooting at {him}|are shooting lasers at the house|have a hit out on {him}]",
        "[covering|covered] [the windows|all the vents|the outlets|the smoke detectors] [with foil|with tape|with towels] [because {he} is being watched|, says they are spying|]",
        "says [there are|people put] [cameras|microphones|listening devices|trackers] in [the walls|the light fixtures|{his} car|{his} teeth]",
        "[thinks|believes] [the water|{his} food|the air in the apartment] is [poisoned|contaminated by the neighbors]",
    ),
    "disorganized": bank(
        _P,
        "[not making sense|talking nonsense|speaking gibberish|word salad|incoherent|disorganized|talking in circles|rambling and not making sense|making no sense]",
        "[walking|running|standing] in [traffic|the middle of the road|the intersection] [naked|with no clothes on|yelling at cars|directing traffic|preaching to cars]",
        "[took off all {his} clothes|undressed|is naked] in [the lobby|the store|the street|the parking lot|the hallway]",
        "[acting bizarre|bizarre behavior|acting erratic|acting strange and talking to {himself}|behaving oddly and not making sense]",
        "[pouring|dumping] [water|bleach|salt] [all over the floor|on the carpet|around the house] [to keep the [spirits|demons] out|]",
        "[cut off all {his} hair|shaved off {his} eyebrows|cutting {his} hair in the hallway] [, not making sense|and talking to {himself}|, says it was sending signals]",
        "[sprayed|spraying] [bug killer|bug spray|raid] [all over the apartment|on {himself}|on the walls] [because of bugs no one else sees|at invisible bugs|]",
        "[praying loudly|preaching|shouting scripture] [in the street|in the lobby|at people] [and not making sense|, says the world is ending]",
        "[writing|wrote] [on the walls|all over the walls|numbers on the walls|messages on the walls] [with marker|with ketchup|]",
        "[talking to {himself}|laughing to {himself}|mumbling to {himself}] [and|,] [staring at nothing|pacing|not answering questions]",
    ),
    "indirect": bank(
        _P,
        "[thinks|says|keeps saying] [the TV talks to {him}|the TV is talking to {him}|the news is about {him}|the radio is giving {him} instructions|songs on the radio are messages for {him}]",
        "[says|thinks|is convinced] [the neighbors are poisoning the water|someone is pumping gas through the vents|{his} {kin} is trying to poison {his} food|there are people living in the attic|the landlord is recording {him}]",
        "[hasn't slept in {days}|up for {days}], [talking fast|talking really fast and jumping topics], [spending all {his} money|maxed out {his} cards|bought {num} phones today|says {he} is a billionaire]",
        "[laughing and talking to|whispering to|arguing with] [someone who isn't there|the mirror|the ceiling|people RP can't see] [for hours|all night|]",
    ),
    "mania": bank(
        _P,
        "[manic|in a manic episode|very manic|hyper and manic] [, hasn't slept in {days}|, talking fast|, not sleeping|]",
        "[hasn't slept in {days}|no sleep for {days}|up for {days} straight] [and talking very fast|, racing thoughts|, can't stop talking|, spending all {his} money]",
        "[racing thoughts|pressured speech|grandiose|talking a mile a minute] [, manic|, not making sense|]",
    ),
    "illness": bank(
        _P,
        "[off|not taking|stopped taking|ran out of] {his} [meds|medication|psych meds|{psychmed}] [for {days}|], [not making sense|hearing voices|paranoid|acting bizarre|decompensating]",
        "[HX|history of|DX|diagnosed with|has] [schizophrenia|schizoaffective|bipolar with psychosis|psychosis|paranoid schizophrenia] [and|,] [decompensating|acting out|getting worse|off meds]",
        "[psychotic|having a psychotic episode|psychotic break|in psychosis|possible psychosis|POSS psychotic episode]",
    ),
}

DISTRESS: dict[str, tuple[Phrase, ...]] = {
    "short": bank(
        _D,
        "[PANIC ATTACK|ANXIETY ATTACK|CRYING|UPSET {mf}|EMOTIONAL|DISTRAUGHT|HYSTERICAL|ANXIETY|DEPRESSED|OVERWHELMED|MENTAL BREAKDOWN|UPSET, CRYING|PANICKING|EMOTIONAL {mf}|GRIEVING]",
        "[{s}|{mf}|PT] [crying|upset|having a panic attack|anxious|depressed|distraught|overwhelmed]",
    ),
    "panic": bank(
        _D,
        "[having a|in the middle of a|having a bad|] [panic attack|anxiety attack]",
        "[panicking|very anxious|extremely anxious|freaking out|hysterical|can't calm down|scared and shaking|shaking and can't calm down|heart racing and scared]",
        "says {he} [feels like {he} is losing it|feels like {he} is going crazy|can't stop shaking|can't calm down|feels like the walls are closing in|is scared and doesn't know why]",
        "[anxious|anxiety] [and|,] [pacing|shaking|crying|can't sit still|overwhelmed]",
    ),
    "grief": bank(
        _D,
        "[crying|sobbing|crying uncontrollably|hysterically crying|can't stop crying|very upset and crying|in tears|weeping]",
        "[just|recently] [lost {his} job|got fired|got laid off|got evicted|found out {his} {kin} is sick|went through a breakup|got divorced|lost {his} [mother|father|wife|husband|son|daughter|dog|best friend]] [and is very upset|, distraught|, crying|and not handling it well]",
        "[grieving|distraught|devastated|heartbroken] [over|after] [the death of {his} {kin}|a breakup|losing {his} [mother|job|apartment]|a miscarriage|{his} divorce]",
        "[wants|needs|asking for] [someone to talk to|to talk to someone|a counselor|someone to come talk to {him}|help calming down]",
        "[lonely|very lonely|feeling alone|isolated] [and wants someone to talk to|, calls often to talk|, wants company]",
    ),
    "loss": bank(
        _D,
        "[just|recently|today] [got evicted|got an eviction notice|got laid off|lost {his} job|got dumped|broke up with {his} partner|found out {his} partner is cheating|lost custody of {his} kids|had {his} car repossessed] [and is beside {himself}|, can't stop crying|, very emotional|, overwhelmed|and is panicking about money]",
        "[feeling hopeless|hopeless|feels like nothing will ever get better] [about the eviction|about money|about finding a job|about the divorce|about {his} situation] [but no thoughts of hurting {himself}|, no self harm talk|, just wants to vent|]",
        "[so lonely|very isolated|alone since {his} [wife|husband|partner] died] [and crying|, calls just to hear a voice|, wants someone to talk to|and can't sleep]",
        "[grieving|in shock|devastated|numb] [after|since] [{his} [dad|mom|brother|best friend] died [this morning|last week|suddenly]|the funeral today|getting bad news from the doctor|the miscarriage]",
        "[hyperventilating|can't catch {his} breath from crying|shaking and hyperventilating|having a hard time calming down] [after [the breakup|getting fired|the bad news|the argument|the eviction notice]|]",
        "[anxiety is through the roof|anxiety getting worse|panicking|overwhelmed and anxious] [, says {he} feels like {he} is dying but knows it is anxiety|, feels like {his} heart is racing|, can't stop crying|, first time this has happened]",
    ),
    "depression": bank(
        _D,
        "[depressed|very depressed|feeling depressed|feeling down|feeling hopeless|feeling worthless] [, not eating|, won't get out of bed|, staying in {his} room|, not sleeping|]",
        "[hasn't left {his} room|won't get out of bed|not eating|not showering] [in {days}|for {days}] [, depressed|, very down|, withdrawn]",
    ),
    "overwhelmed": bank(
        _D,
        "[overwhelmed|stressed out|can't cope|at {his} breaking point|having a breakdown|having a mental breakdown|emotional breakdown|having a hard time]",
        "[agitated|very agitated|upset and pacing|worked up|yelling and upset|screaming and upset|upset and yelling] [about [money|the eviction|{his} kids|work|{his} benefits]|]",
        "[emotional|emotionally distraught|very emotional|upset] [{mf}|party|subject|PT]",
        "[mental health crisis|MH crisis|in crisis|having a crisis|EDP]",
        "[upset|distraught|crying] [after|over] [an argument with {his} {kin}|a fight with {his} {kin}]",
    ),
    "public": lk.DISTRESS_PUBLIC,
}

#: Negated suicide cues: label-neutral (used only where suicide is not the concern).
SUICIDE_DENIED: tuple[Phrase, ...] = bank(
    "",
    "[DENIES SI|no SI|not suicidal|not suicidal|no thoughts of self harm|no suicidal statements|says {he} is not suicidal|no suicidal thoughts|NOT SUICIDAL, NO HX]",
    "[says {he} would never hurt {himself}|no thoughts of hurting {himself}|not suicidal, just needs to talk|asked directly, denies wanting to die|no self harm talk|has not said anything about hurting {himself}|not suicidal per {rp}|denies thoughts of suicide or self harm|{rp} does not think {he} would hurt {himself}|says {he} is not going to do anything stupid, just upset]",
)
