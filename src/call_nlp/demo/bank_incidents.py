"""Non-behavioral situations other than crimes and disputes (those are in
:mod:`call_nlp.demo.bank_conflict` and :mod:`call_nlp.demo.bank_property_crime`), and an
intoxicated suspect at a crime scene.

Groups are keyed by the violence risk they state on their own; the tags carry the facts
and the labels are computed from them.
"""

from __future__ import annotations

from call_nlp.demo import bank_lookalike as lk
from call_nlp.demo.phrasebook import Phrase, bank

_I = "crisis:incident"

INCIDENT: dict[str, tuple[Phrase, ...]] = {
    "traffic": (
        *bank(
            (_I, "med:injury=yes"),
            "[MVA|2 car MVA|MVC|motor vehicle accident|10-50|car accident|TC|traffic collision] [with injuries|W/ INJ|W/ injuries|, driver injured|, head injury|, POSS broken arm]",
            "[car vs pedestrian|car vs bike|auto vs ped|vehicle vs motorcycle] [, ped injured|, rider down and hurt|, leg injury]",
            "[rollover|vehicle into a pole|car into a tree|vehicle in the ditch] [, driver bleeding from head|, occupant injured|with injuries]",
        ),
        *bank(
            (_I, "med:injury=no"),
            "[MVA|2 car MVA|MVC|fender bender|10-50|TC] [no injuries|NO INJ|non injury|, no one hurt] [, blocking lanes|, in the intersection|]",
            "[hit and run|HIT & RUN] [, no injuries|, non injury], [other car|suspect vehicle] [left the scene|fled]",
        ),
        *bank(
            _I,
            "[stalled vehicle|disabled vehicle|debris in the road|traffic hazard|tree down across the road|downed power lines|water main break] [in the lane|on the highway|at {addr}|]",
            "[reckless driver|erratic driver|vehicle driving on the wrong side] [heading northbound|on the freeway|last seen southbound]",
        ),
    ),
    "medical": (
        *bank(
            (_I, "med:other=yes"),
            "[chest pain|CP|C/O chest pain|stabbing chest pain] [, sweaty|, radiating to arm|, hx heart problems|, hx MI|]",
            "[stroke symptoms|POSS stroke|facial droop and slurred speech|weakness on one side|CVA symptoms]",
            "[diabetic|low blood sugar|diabetic emergency|sugar is 40|high blood sugar]",
            "[allergic reaction|bee sting, swelling|face swelling after eating] [, has an epipen|]",
            "[sick person|vomiting|fever|abd pain|abdominal pain|back pain|killer headache|migraine|shooting pain down {his} leg|dizzy]",
            "[had|got] [a flu shot|{his} flu shot|a covid shot] [today|yesterday] [and now feels dizzy|, now has a fever|, arm swollen]",
        ),
        *bank(
            (_I, "med:breathing=yes"),
            "[diff breathing|DIFF BREATHING|SOB|short of breath|difficulty breathing] [, hx asthma|, hx COPD|, on oxygen|]",
        ),
        *bank(
            (_I, "med:injury=yes"),
            "[fell|fall|slipped and fell] [in the bathroom|down the stairs|on the ice|off a ladder] [, hip pain|, hit {his} head|, can't get up, arm hurts]",
            "[cut {his} hand|hand lac|finger laceration] [while cooking|on a saw|at work]",
        ),
        *bank(
            (_I, "med:injury=no"),
            "[lift assist|fall, needs lift assist|fell, needs help up] [, no injuries|, not injured]",
        ),
        # Confusion, slurred speech, disorientation from a medical cause.
        *lk.MEDICAL_LOOKALIKE,
        *lk.MEDICAL_LOOKALIKE_INJURY,
    ),
    "fire": bank(
        _I,
        "[fire alarm|FIRE ALARM|smoke alarm|commercial fire alarm|alarm company] [sounding|going off|activation|reporting] [, no smoke|, no fire seen|, unk cause|]",
        "[smoke|smoke showing|smell of smoke|light smoke] [in the building|from the roof|in the hallway|from a vent]",
        "[dumpster fire|brush fire|trash fire|grass fire|small fire] [, not threatening anything|, not threatening any structures|, not threatening the building|]",
        "[gas leak|smell of gas|odor of gas|natural gas odor] [in the building|outside|in the apartment]",
        "[CO alarm|carbon monoxide alarm|CO detector] going off [, no symptoms|]",
    ),
    "noise": bank(
        _I,
        "[loud music|loud party|noise complaint|loud noise|barking dog|dog barking for hours|construction noise] [from {addr}|next door|upstairs|after midnight|]",
        "[fireworks|people setting off fireworks] [in the street|in the park|]",
    ),
    "property": (
        *bank(
            _I,
            "[shoplifting|shoplifter|SHOPLIFTER] [in custody|detained by security|just left|on scene|IP]",
            "[theft|stolen bike|stolen package|package theft|theft from vehicle|car broken into|stolen catalytic converter|stolen vehicle] [report|, report only|overnight|]",
            "[trespassing|trespasser|unwanted person] [refusing to leave|on property|in the lobby]",
            "[suspicious vehicle|suspicious person|SUSP VEH|SUSP PERSON] [parked|circling the block|in the lot|looking into cars]",
            "[parking complaint|blocked driveway|abandoned vehicle|car parked on the sidewalk]",
            "[found property|lost wallet|found a bag|found a bike] [, turning it in|]",
            "[burglar alarm|audible alarm|alarm] [at {addr}|, unk zone|, front door zone]",
            "[animal complaint|loose dog|dog bite|a bat in the house|raccoon in the garage|injured deer in the road]",
            "[fraud|scam call|identity theft] [report|, lost money]",
        ),
        *lk.SUSPICIOUS_ODD,
    ),
    "elevated": (
        *bank(
            (_I, "property=active"),
            "[vandalism|someone|juveniles|a {man}] [smashing car windows|breaking windows|kicking in car doors|smashing mailboxes] [in progress|now|right now]",
        ),
        *bank(
            (_I, "threat=made"),
            "[neighbor|other driver|customer|guy next door] [threatening|threatened] to [beat RP up|fight RP|hurt RP|kick RP's ass] over [noise|parking|a parking spot|the fence]",
            "[road rage|traffic dispute], [other driver|driver] [threatening|making threats] [to RP|toward RP]",
        ),
        *bank(
            (_I, "combative=yes"),
            "[trespasser|unwanted person|customer] [refusing to leave and getting aggressive|combative with security|aggressive with staff|getting in staff's faces]",
        ),
    ),
}

#: Someone intoxicated at a crime scene (the note stays not_behavioral by the crime rule).
CRIME_INTOX = bank(
    "crisis:substance",
    "[suspect|the male|the guy|subject|the female|suspect vehicle driver] [appears|seems|is|POSS] [intoxicated|drunk|high|under the influence|ETOH]",
    "[suspect|subject|one of them] [smells of ETOH|was drinking|is drunk|is high on something]",
)
