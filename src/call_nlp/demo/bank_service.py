"""Rescue, service and transfer calls, and the rest of the ordinary calls.

CAD_TEXT.md: rescue/service/transfers are 7.5% of ordinary calls and other calls (noise,
theft reports, suspicious persons, alarms, animals, threats between neighbors) 2.5%.
Crimes and disputes are composed in :mod:`call_nlp.demo.crime`.
"""

from __future__ import annotations

from call_nlp.demo import bank_incidents as bi
from call_nlp.demo.phrasebook import Phrase, bank
from call_nlp.demo.protocol import Complaint

_I = "crisis:incident"

_SERVICE_DETAILS = bank(
    "",
    "[NO INJURIES|NOT INJURED|NO MEDICAL COMPLAINTS|NO MEDICAL ISSUES]",
    "[RP WILL MEET UNITS|RP WAITING OUTSIDE|DOOR UNLOCKED|GATE CODE {num}{num}{num}|USE THE SIDE DOOR]",
    "[UTILITY CO NOTIFIED|POWER CO NOTIFIED|CITY NOTIFIED|PUBLIC WORKS NOTIFIED|PROPERTY MGMT NOTIFIED]",
    "[{num} PEOPLE|1 PERSON|A CHILD|AN ADULT] [INVOLVED|INSIDE|ON SCENE]",
    "[NON EMERGENT|NO LIGHTS OR SIRENS|ROUTINE|NOT URGENT|NOT AN EMERGENCY|NOT INJURED, JUST NEEDS HELP]",
)
_SERVICE_UPDATES = bank(
    _I,
    "[RP ADV|PER RP|RP NOW ADV] [SITUATION UNCHANGED|STILL WAITING|THEY GOT IT OPEN|NO LONGER NEEDED|WATER STILL RISING]",
    "[UTILITY CO|POWER CO|ELEVATOR CO|ANIMAL CONTROL|TOW] [CALLED|ETA {num} MIN|NOTIFIED]",
)
_SERVICE_OUTCOMES = bank(
    "",
    "[ASSIST ONLY|SERVICE RENDERED|PUBLIC ASSIST COMPLETE|TURNED OVER TO UTILITY|TURNED OVER TO OWNER|LIFT ASSIST ONLY, NO TRANSPORT|CHILD OUT OF CAR, OK]",
)
_SERVICE_AGITATION = bank("", "[CHILD CRYING IN THE CAR|RP CRYING, SCARED|PEOPLE YELLING FOR HELP|PT YELLING FOR HELP FROM THE FLOOR]")


def _service(core: tuple[Phrase, ...], chief: tuple[str, ...], codes: tuple[str, ...], person: bool = True, age: str = "") -> Complaint:
    return Complaint(
        core=core, chief=chief, codes=codes, details=_SERVICE_DETAILS, updates=_SERVICE_UPDATES,
        outcomes=_SERVICE_OUTCOMES, agitation=_SERVICE_AGITATION, person=person, age=age,
    )


#: Rescue, service and transfer calls and their shares within the family.
SERVICE: dict[str, tuple[float, Complaint]] = {
    "lockout": (0.12, _service(bank(
        _I,
        "[LOCKOUT|LOCK OUT|VEHICLE LOCKOUT|CHILD LOCKED IN CAR|CHILD LOCKED IN VEH|KEYS LOCKED IN CAR W/ CHILD INSIDE|DOG LOCKED IN HOT CAR|RESIDENTIAL LOCKOUT, STOVE ON|INFANT LOCKED IN CAR]",
    ), ("Lockout", "Citizen Assist/Service Call"), ("LOCK", "LOCKOUT"), person=False)),
    "lift_assist": (0.16, _service(bank(
        (_I, "med:injury=no"),
        "[LIFT ASSIST|LIFT ASSIST ONLY|NEEDS LIFT ASSIST|PUBLIC ASSIST - LIFT|ASSIST INVALID|NON EMERGENCY LIFT ASSIST] [, NO INJURIES|, NOT INJURED|, FELL OUT OF BED|, ON THE FLOOR|, SLID OUT OF WHEELCHAIR|]",
    ), ("Lift Assist", "Citizen Assist/Service Call"), ("LIFT", "PUBAST", "LA"), age="old")),
    "water_rescue": (0.05, _service(bank(
        _I,
        "[WATER RESCUE|PERSON IN THE WATER|SWIMMER IN DISTRESS|KAYAKER IN DISTRESS|CAR IN THE WATER|PERSON THROUGH THE ICE|SWIFT WATER RESCUE|BOATERS STRANDED|DOG THROUGH THE ICE, OWNER GOING IN]",
    ), ("Water Rescue", "WATER RESCUE"), ("WRES", "WATER"))),
    "elevator": (0.06, _service(bank(
        _I,
        "[ELEVATOR RESCUE|ELEVATOR ENTRAPMENT|PEOPLE STUCK IN ELEVATOR|STUCK ELEVATOR|ELEVATOR STUCK] [, {num} PEOPLE INSIDE|, BETWEEN FLOORS|, NO MEDICAL ISSUES|, ELEVATOR CO NOTIFIED|]",
    ), ("Elevator/Escalator Incident", "ELEVATOR RESCUE"), ("ELEV", "ELEVATOR"))),
    "wires": (0.1, _service(bank(
        _I,
        "[WIRES DOWN|POWER LINES DOWN|LINES DOWN|TRANSFORMER FIRE|TRANSFORMER BLEW|ARCING WIRES|POLE ON FIRE|WIRE DOWN ACROSS THE ROAD] [, ARCING|, SPARKING|, ON A CAR|, ACROSS THE DRIVEWAY|]",
    ), ("Electrical Hazard", "Wires Down"), ("WIRES", "ELEC", "WIRE"), person=False)),
    "tree": (0.06, _service(bank(
        _I,
        "[TREE DOWN|TREE DOWN ACROSS ROAD|LARGE LIMB DOWN|TREE ON A HOUSE|TREE ON A CAR|TREE ON WIRES] [BLOCKING BOTH LANES|, BLOCKING ROAD|, NO ONE HURT|]",
    ), ("Tree Down", "Citizen Assist/Service Call"), ("TREE", "HAZ"), person=False)),
    "water_leak": (0.09, _service(bank(
        _I,
        "[WATER LEAK|WATER LEAKING FROM CEILING|FLOODED BASEMENT|WATER HEATER LEAKING|PIPE BURST|BROKEN WATER PIPE|WATER IN ELECTRICAL PANEL|HYDRANT SHEARED OFF|WATER MAIN BREAK]",
    ), ("Service Call", "Water Problem"), ("WATER", "LEAK", "SVC"), person=False)),
    "animal": (0.05, _service(bank(
        _I,
        "[ANIMAL RESCUE|CAT STUCK IN A TREE|DOG STUCK IN A DRAIN|HORSE STUCK IN MUD|DUCKS IN THE STORM DRAIN|INJURED DOG IN THE ROAD|DEER IN A POOL]",
    ), ("Animal Rescue", "Citizen Assist/Service Call"), ("ANIMAL", "ANRES"), person=False)),
    "assist_agency": (0.1, _service(bank(
        _I,
        "[ASSIST PD|ASSIST OTHER AGENCY|ASSIST EMS|MUTUAL AID|MUTUAL AID TO {addr}|COVER ASSIGNMENT|MOVE UP|STATION COVERAGE|ASSIST SO|LANDING ZONE|LZ FOR AIR MEDICAL|AIR MEDICAL LZ AT {addr}]",
    ), ("Assist Other Agency", "Mutual Aid"), ("ASSIST", "MA", "AOA", "LZ"), person=False)),
    "transfer": (0.13, _service(bank(
        _I,
        "[TRANSFER|INTERFACILITY|IFT|INTERFACILITY TRANSFER|HOSPITAL TRANSFER|ROUTINE TRANSFER|NON EMERGENT TRANSFER|EMERGENT TRANSFER] [FROM {hosp}|TO {hosp}|FROM NURSING HOME TO {hosp}|FROM DIALYSIS TO HOME|] [, BLS|, ALS|, CCT|, STRETCHER|, WHEELCHAIR|, PT ON O2|]",
    ), ("Transfer/Interfacility/Palliative Care", "Interfacility Transfer"), ("IFT", "XFER", "TRANSFER"))),
    "public_service": (0.08, _service(bank(
        _I,
        "[SMOKE DETECTOR BATTERY CHANGE|CITIZEN ASSIST|PUBLIC ASSIST|SERVICE CALL|FUEL SPILL|CHEMICAL SPILL|STRANDED MOTORIST|PERSON STUCK IN A BATHTUB|RING STUCK ON FINGER|CHILD WITH HEAD STUCK IN RAILING|HIKER INJURED ON TRAIL|WORKER STUCK ON A ROOF]",
    ), ("Citizen Assist/Service Call", "Service Call", "Hazmat"), ("SVC", "PUBAST", "CIT", "HAZMAT"))),
}

_OTHER_DETAILS = bank(
    "",
    "[ONGOING FOR {num} MIN|HAPPENS EVERY WEEKEND|2ND COMPLAINT TONIGHT|HAS BEEN GOING ON ALL DAY|JUST STARTED]",
    "[RP WANTS A CASE NUMBER|RP REQ CONTACT BY PHONE|RP WILL BE AT THE FRONT|RP DOES NOT WANT TO SIGN A COMPLAINT]",
    "[PD NOTIFIED|REFERRED TO PD|ANIMAL CONTROL NOTIFIED|CODE ENFORCEMENT NOTIFIED]",
)
_OTHER_OUTCOMES = bank("", "[GOA|REPORT TAKEN|PARTIES ADVISED|HANDLED BY PD|UTL|REFERRED TO ANIMAL CONTROL|CIVIL MATTER]")


_OTHER_AGITATION = bank("", "[NEIGHBORS YELLING|PEOPLE YELLING OUTSIDE|RP UPSET AND YELLING|DOG BARKING AND PEOPLE YELLING|RP CRYING, FED UP]")


def _other(core: tuple[Phrase, ...], chief: tuple[str, ...], codes: tuple[str, ...]) -> Complaint:
    return Complaint(
        core=core, chief=chief, codes=codes, details=_OTHER_DETAILS, updates=_SERVICE_UPDATES,
        outcomes=_OTHER_OUTCOMES, agitation=_OTHER_AGITATION,
    )


#: Other calls (noise, property, suspicious, burglar alarms, animals, threats between neighbors).
OTHER: dict[str, tuple[float, Complaint]] = {
    "noise": (0.25, _other(bi.INCIDENT["noise"], ("Noise Complaint", "Disturbance"), ("NOISE", "DIST"))),
    "property": (0.6, _other(bi.INCIDENT["property"], ("Theft", "Suspicious Person", "Alarm", "Animal Complaint", "Trespass"), ("THEFT", "SUSP", "ALARM", "ANIMAL", "TRESP"))),
    "elevated": (0.15, _other(bi.INCIDENT["elevated"], ("Vandalism", "Threats", "Disturbance"), ("VAND", "THREAT", "DIST"))),
}
