"""Sentences for multi-sentence narrative notes (see :mod:`call_nlp.demo.story`).

Most pools here are label-neutral and are drawn with the same probabilities for every
note, whatever its labels: how the subject is behaving in ordinary upset ways (yelling,
crying, pacing, slamming a door, banging on a door to be let in), how other people are
reacting, background history that states no current crisis (a stable diagnosis, a
medical condition, prior calls), what the subject said that carries no crisis content,
who and what is around, what the caller wants, and how long it has been going on.
They teach a model that these words say nothing about the crisis type or the risk.

``QUOTES`` is the exception: things the subject (or, for welfare checks and family
conflicts, the caller) said that state the crisis concept, tagged like any core phrase.
"""

from __future__ import annotations

from call_nlp.demo.phrasebook import Phrase, bank

#: Ordinary upset behaviour: never a risk cue by TAXONOMY section 2 (no threat, no
#: weapon, no property destroyed, no aggression toward a person).
BEHAVIOUR = bank(
    "",
    "{s} [is|has been|keeps] [yelling|yelling and cursing|screaming|raising {his} voice|shouting] [at {rp}|at everyone|at the TV|in the hallway|in the front yard|on the phone|]",
    "{he} [has been|is|keeps] [pacing|pacing back and forth|walking in and out of the house|walking up and down the hallway|going in and out of {his} room]",
    "{he} slammed [the door|{his} bedroom door|the front door|the car door] and [went to {his} room|went outside|locked {himself} in the bathroom|left]",
    "{he} [was|is] [banging|pounding|knocking loudly] on the [front door|door|window|apartment door] [wanting to be let in|to be let back in|because {he} lost {his} key|asking for {his} stuff]",
    "{he} [is|has been] crying on and off [and|,] [yelling|pacing|not making eye contact|won't sit down]",
    "{he} [won't|refuses to] [leave|go back inside|get off the phone|come out of {his} room|open the door|answer {rp}'s questions]",
    "{he} is [cursing|swearing] [at {rp}|at staff|at people walking by|under {his} breath] [but keeping {his} distance|]",
    "{he} [threw|tossed] [{his} own phone|a pillow|{his} jacket|{his} bag] on the [floor|bed|couch|ground] and [sat down|walked off|started crying]",
    "{he} is [sitting on the floor|sitting on the curb|lying on the couch|sitting in {his} car|standing in the doorway] [and won't talk to anyone|with {his} head in {his} hands|not saying much|]",
    "{he} [is loud|has been loud|is being loud] [and argumentative|and upset|but not touching anyone|]",
    "{he} [keeps|has been] [texting|calling] [{rp}|{his} {kin}|everyone] [over and over|nonstop|all night]",
    "[very|really|extremely] [upset|worked up|frustrated|angry] [right now|at the moment|tonight]",
)
#: Other people's reactions: label-neutral.
REACTION = bank(
    "",
    "[{rp} is|{rp} sounds|caller is] [upset|shaken up|crying|stressed out|scared and crying|frustrated|exhausted]",
    "[the kids are|{his} {kin} is|everyone in the house is|the other residents are|staff are] [upset|scared|shaken up|worried|stressed]",
    "[{rp} says|{rp} states|caller says] [{he} is at {his} wits end|{he} doesn't know what else to do|this is the third time this month|{he} just wants some help|{he} is worn out]",
)
#: Background that states no current crisis, the same for every label.
HISTORY = bank(
    "",
    "[{he} has|{s} has|hx of|history of] [diabetes|high blood pressure|a heart condition|asthma|epilepsy|COPD|bad knees|a bad back|kidney problems] [and takes meds for it|, takes meds|]",
    "[{he} has|dx|diagnosed with] [ADHD|autism|anxiety|depression|PTSD|bipolar|a learning disability|a TBI] [but has been doing ok|, sees a counselor|, on meds for it|, takes {his} meds|and has been stable]",
    "[{he} has|history of] [schizophrenia|bipolar disorder|a mental health diagnosis] [but has been stable on {his} meds|, takes {his} meds every day|, has been doing well lately]",
    "[this has happened before|this happens a lot|this is not the first time|similar incident last month|PD has been out here before|prior calls to this address|{num} calls to this address this year]",
    "[{he} recently|{he} just] [moved in with {rp}|started a new job|got out of the hospital for {his} knee|came back from visiting family|got a new apartment|started college]",
    "[{he} lives|{s} lives] [alone|with {rp}|with {his} {kin}|with a roommate|at the group home|in the apartment upstairs]",
    "[{he} has been|{he} is] [sober for {num} years|in recovery and doing well|going to AA] [per {rp}|]",
    "[{he} is|{s} is] [on disability|between jobs|retired|a student|a veteran|recently widowed] [per {rp}|]",
    "[{he} has|{s} has] [a case worker|a therapist|a psychiatrist|a counselor|a payee] [but RP can't reach them|, RP has the number|]",
)
#: Things the subject said with no crisis content.
SAID = bank(
    "",
    '{he} [keeps saying|said|told {rp}|yelled] "[leave me alone|i\'m fine, go away|i don\'t want to talk about it|just let me sleep|i want my stuff back|don\'t call anybody|nobody listens to me|i\'m not going anywhere|get out of my room]"',
    "{he} [keeps saying|said|told {rp}] [{he} is fine|{he} wants to be left alone|{he} doesn't need help|{he} just wants to go home|{he} wants to talk to {his} {kin}|nobody understands {him}]",
    "{he} [won't say|wouldn't say|won't tell {rp}] [what is wrong|what happened|where {he} has been|why {he} is upset]",
    "{he} [asked|keeps asking] [for {his} mom|for a cigarette|for water|to use the phone|for {his} {kin}|where {his} car is]",
)
#: Who and what is around.
AROUND = bank(
    "",
    "[two kids|a baby|{num} children|the kids|{his} little brother|a toddler] [are|is] [in the home|in the house|asleep upstairs|in the next room|with {rp}]",
    "[there is|there's] [a dog|a large dog|two dogs|a cat] in the [house|apartment|yard|car] [, friendly|, locked in the bedroom|]",
    "[{his} {kin}|a neighbor|the landlord|other residents|customers|a coworker|staff] [is|are] [also there|on scene|standing outside|in the lobby|watching from the hallway]",
    "[nobody else is home|{he} is alone|RP is the only other person there|no one else in the apartment]",
    "[{rp} is|caller is] [outside|in the car|across the street|in the next room|on the porch|at the front desk] [and can see {him}|with {his} phone|]",
    "[{his} car|{his} bike|{his} bags] [is|are] [out front|in the parking lot|on the sidewalk|in the hallway]",
)
#: What the caller wants.
REQUEST = bank(
    "",
    "[{rp} wants|{rp} is requesting|{rp} is asking for|caller would like] [someone to come out|someone to come talk to {him}|help|someone to check on {him}|advice on what to do|someone who can help {him}]",
    "[{rp} doesn't want|caller does not want] [{him} arrested|anyone to get in trouble|lights and sirens|a big scene] [, just wants help|, just wants {him} to be okay|]",
    "[{rp} is not sure what to do|{rp} didn't know who else to call|{rp} was told to call 911|{rp}'s counselor told {him} to call]",
    "[please|RP asks units to] [come quietly|park around the corner|call on arrival|not use sirens|come to the back door]",
)
#: How long it has been going on.
WHEN = bank(
    "",
    "[this started|it started|it has been going on] [about an hour ago|this morning|after dinner|around midnight|a few minutes ago|since {he} got home|all day|since last night]",
    "[for the last|over the last] [20 minutes|hour|couple of hours|few days|week]",
)

#: Statements the subject (or the caller, for welfare and family) made that state the concern.
QUOTES: dict[str, tuple[Phrase, ...]] = {
    "suicide": bank(
        "crisis:suicide",
        '{he} [said|told {rp}|texted {rp}|keeps saying] "[i don\'t want to be here anymore|you\'d all be better off without me|this is the last time you\'ll hear from me|i\'m sorry for everything, take care of the kids|i just want it all to stop for good|i won\'t be around much longer|tell everyone i love them, i\'m done]"',
        "{he} [said|told {rp}] [{he} doesn't want to wake up tomorrow|{he} is a burden to everyone|there is no point in living|{he} already wrote letters to {his} family|{he} has been saving up {his} pills]",
    ),
    "psychosis": bank(
        "crisis:psychosis",
        '{he} [said|told {rp}|keeps saying|yelled] "[they are listening through the outlets|the TV is talking about me|the neighbors are putting something in my water|i\'m on a mission from god|you are not my real {kin}|they put a chip in my head|the voices won\'t stop]"',
        "{he} [says|told {rp}|believes] [the radio is sending {him} messages|people are following {him} in cars|{his} food is being poisoned|{he} can read everyone's mind|{he} has been chosen to save the world]",
    ),
    "distress": bank(
        "crisis:distress",
        '{he} [said|told {rp}|keeps saying] "[i just need someone to talk to|i can\'t stop shaking|i don\'t know how i\'m going to pay rent|i feel like i\'m falling apart|i can\'t breathe, i\'m so scared|i can\'t handle all of this]"',
        "{he} [said|told {rp}] [{he} feels hopeless about the eviction|{he} has been having panic attacks all week|{he} can't stop crying since the funeral|{he} feels completely alone since the breakup|{he} is overwhelmed and can't think straight]",
    ),
    "substance": bank(
        "crisis:substance",
        '{he} [said|told {rp}|keeps saying] "[i only had a few drinks|i just need one more hit|i\'m dope sick, i need something|i\'m not that drunk|i took a couple pills to take the edge off]"',
        "{he} [admitted|told {rp}] {he} [has been drinking since this morning|used meth last night|took some pills from a friend|smoked something at a party]",
    ),
    "family": bank(
        "crisis:family",
        '[{rp} says|caller says|{rp} told {him}] "[{he} needs to get out of my house|{he} won\'t let me see my kids|we\'ve been fighting all week|i just want {him} to leave|{he} never listens to me, it\'s always an argument]"',
        "[{rp} says|caller says] [they have been arguing all day|the fight is over the custody schedule|they argue every time {he} drinks|{he} and {his} {kin} can't be in the same room]",
    ),
    "welfare": bank(
        "crisis:welfare",
        '[{rp} says|caller says] "[this isn\'t like {him} at all|i just want to know {he} is okay|{he} always answers {his} phone|{he} wasn\'t dressed for this weather]"',
        "[{rp} says|caller says] [{he} is usually up by now and the blinds are still closed|nobody has seen {him} since the weekend|{he} seemed lost and didn't know what day it was]",
    ),
}
