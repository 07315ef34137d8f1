"""Slot vocabularies: weapons, substances, durations, places, streets and the like.

These fill ``{slot}`` references in phrase templates. None of them decides a label; a
phrase's tags do.
"""

from __future__ import annotations

#: Weapons as (indefinite form, definite form, bare noun). Guns and blades are also
#: listed separately for phrases that need one of them (a gun to one's head).
GUNS: tuple[tuple[str, str, str], ...] = (
    ("a gun", "the gun", "gun"),
    ("a handgun", "the handgun", "handgun"),
    ("a pistol", "the pistol", "pistol"),
    ("a rifle", "the rifle", "rifle"),
    ("a shotgun", "the shotgun", "shotgun"),
    ("a revolver", "the revolver", "revolver"),
    ("a firearm", "the firearm", "firearm"),
    ("a hunting rifle", "the rifle", "hunting rifle"),
    ("a 9mm", "the 9mm", "9mm handgun"),
)
BLADES: tuple[tuple[str, str, str], ...] = (
    ("a knife", "the knife", "knife"),
    ("a kitchen knife", "the kitchen knife", "kitchen knife"),
    ("a steak knife", "the knife", "steak knife"),
    ("a butcher knife", "the butcher knife", "butcher knife"),
    ("a box cutter", "the box cutter", "box cutter"),
    ("a pocket knife", "the pocket knife", "pocket knife"),
    ("a razor blade", "the razor blade", "razor blade"),
    ("a piece of broken glass", "the glass", "broken glass"),
    ("a pair of scissors", "the scissors", "scissors"),
    ("a machete", "the machete", "machete"),
)
IMPROVISED: tuple[tuple[str, str, str], ...] = (
    ("a bat", "the bat", "bat"),
    ("a baseball bat", "the bat", "baseball bat"),
    ("a screwdriver", "the screwdriver", "screwdriver"),
    ("a hammer", "the hammer", "hammer"),
    ("a crowbar", "the crowbar", "crowbar"),
    ("a tire iron", "the tire iron", "tire iron"),
    ("a bottle", "the bottle", "bottle"),
    ("a broken bottle", "the broken bottle", "broken bottle"),
    ("an extension cord", "the cord", "cord"),
    ("a metal pipe", "the pipe", "pipe"),
    ("a stick", "the stick", "stick"),
    ("a golf club", "the golf club", "golf club"),
    ("a shovel", "the shovel", "shovel"),
    ("a brick", "the brick", "brick"),
    ("a pair of pliers", "the pliers", "pliers"),
    ("a crossbow", "the crossbow", "crossbow"),
    ("an axe", "the axe", "axe"),
    ("a hatchet", "the hatchet", "hatchet"),
    ("a wrench", "the wrench", "wrench"),
    ("a meat cleaver", "the cleaver", "cleaver"),
    ("bear spray", "the bear spray", "bear spray"),
    ("a taser", "the taser", "taser"),
)
#: Weapon family weights when a note names "a weapon".
WEAPON_FAMILIES = {"gun": 0.3, "blade": 0.4, "improvised": 0.3}

PILLS = (
    "tylenol", "ibuprofen", "seroquel", "xanax", "ambien", "benadryl", "klonopin", "trazodone",
    "{his} mom's pills", "sleeping pills", "oxycodone", "lithium", "zoloft", "prozac", "melatonin",
    "aspirin", "percocet", "insulin", "blood pressure pills", "gabapentin", "{his} dad's meds",
)
PSYCH_MEDS = ("seroquel", "lithium", "abilify", "risperdal", "haldol", "depakote", "zyprexa", "clozapine", "invega shot")
DRUGS = ("meth", "heroin", "fentanyl", "crack", "cocaine", "K2", "PCP", "pills", "xanax")
DRINKS = ("vodka", "whiskey", "tequila", "rum", "beer", "wine", "gin", "fireball")
DURATIONS = (
    "2 days", "3 days", "a week", "4 days", "two weeks", "24 hrs", "48 hours", "5 days",
    "a couple days", "several days", "since monday", "10 days", "a month",
)
STREETS = (
    "MAIN", "OAK", "MAPLE", "CEDAR", "ELM", "PINE", "LINCOLN", "WASHINGTON", "PARK", "LAKE",
    "HILL", "RIVER", "BROADWAY", "MARKET", "MILL", "SPRING", "WALNUT", "CHESTNUT", "FRANKLIN",
    "JEFFERSON", "MADISON", "CENTER", "UNION", "HIGH", "GROVE", "SUNSET", "HARBOR", "VALLEY",
    "1ST", "2ND", "3RD", "4TH", "5TH", "7TH", "9TH", "12TH", "14TH", "21ST", "38TH", "MLK",
    "COLLEGE", "AIRPORT", "INDUSTRIAL", "WILLOW", "ASPEN", "BIRCH", "LAUREL", "MAGNOLIA",
)
STREET_SUFFIXES = ("ST", "AVE", "BLVD", "RD", "DR", "LN", "WAY", "CT", "PL", "HWY", "PKWY")
BUSINESSES = (
    "the gas station", "the corner store", "the laundromat", "the bus stop", "the transit center",
    "the public library", "the city park", "the motel", "the shelter", "the group home",
    "the grocery store", "the pharmacy", "the fast food place", "the apartment complex",
    "the mobile home park", "the community center", "the hospital lobby", "the church parking lot",
    "the school", "the dollar store", "the light rail station", "the truck stop", "the mall",
)
PUBLIC_PLACES = (
    "the bus stop", "the park", "the library", "the train station", "the parking lot",
    "the gas station", "the laundromat", "the transit center", "the plaza", "the store",
)

#: Family nouns by the subject's sex ("x" = not stated / nonbinary).
KIN_OF_SUBJECT = {
    "m": ("son", "husband", "brother", "boyfriend", "father", "nephew", "grandson", "uncle", "roommate", "partner", "cousin", "adult son", "stepson"),
    "f": ("daughter", "wife", "sister", "girlfriend", "mother", "niece", "granddaughter", "aunt", "roommate", "partner", "cousin", "adult daughter", "stepdaughter"),
    "x": ("child", "partner", "sibling", "roommate", "kid", "adult child", "cousin"),
}
#: Who the family caller is, for a subject who is their ...
CALLER_FOR_KIN = {
    "son": ("mother", "father", "parent"), "daughter": ("mother", "father", "parent"),
    "adult son": ("mother", "father"), "adult daughter": ("mother", "father"),
    "stepson": ("stepmother", "stepfather"), "stepdaughter": ("stepmother", "stepfather"),
    "husband": ("wife", "spouse"), "wife": ("husband", "spouse"),
    "brother": ("sister", "brother"), "sister": ("sister", "brother"), "sibling": ("sister", "brother"),
    "boyfriend": ("girlfriend", "partner"), "girlfriend": ("boyfriend", "partner"),
    "father": ("son", "daughter"), "mother": ("son", "daughter"),
    "nephew": ("aunt", "uncle"), "niece": ("aunt", "uncle"), "uncle": ("nephew", "niece"), "aunt": ("nephew", "niece"),
    "grandson": ("grandmother", "grandfather"), "granddaughter": ("grandmother", "grandfather"),
    "roommate": ("roommate",), "partner": ("partner",), "cousin": ("cousin",),
    "child": ("parent",), "kid": ("parent",), "adult child": ("parent",),
}
#: Other relatives the subject may be in conflict with or be hurt by.
KIN_ANY = (
    "mother", "father", "brother", "sister", "wife", "husband", "girlfriend", "boyfriend",
    "son", "daughter", "grandmother", "roommate", "partner", "stepfather", "mom", "dad", "uncle",
)
#: Non-family callers and what they call the subject.
CALLER_ROLES: dict[str, tuple[str, ...]] = {
    "neighbor": ("the neighbor", "RP's neighbor", "the {mf} next door", "neighbor"),
    "friend": ("RP's friend", "a friend", "friend"),
    "coworker": ("RP's coworker", "coworker"),
    "group home staff": ("a resident", "the client", "resident", "client"),
    "shelter staff": ("a client", "a resident", "client", "guest"),
    "security": ("a {mf}", "subject", "the {mf}", "party"),
    "store clerk": ("a customer", "a {mf}", "customer"),
    "manager": ("a customer", "a tenant", "the {mf}"),
    "apartment manager": ("a tenant", "the tenant", "resident"),
    "landlord": ("the tenant", "tenant"),
    "nurse": ("a patient", "the patient"),
    "school counselor": ("a student", "the student"),
    "bus driver": ("a passenger", "passenger"),
    "librarian": ("a patron", "a {mf}"),
    "hotel clerk": ("a guest", "the guest in room {num}"),
    "passerby": ("a {mf}", "subject", "someone", "a {man}"),
    "3rd party": ("a {mf}", "subject", "party"),
    "uber driver": ("a passenger", "a {mf}"),
}
VICTIMS_FAMILY = ("{his} {kin}", "{his} {kin}", "RP", "{kin}", "family members", "{his} mom", "{his} dad", "{his} wife", "{his} girlfriend", "{his} brother")
VICTIMS_STAFF = ("staff", "a staff member", "the nurse", "security", "other residents", "RP", "{his} {kin}", "people")
VICTIMS_ANY = ("RP", "{his} {kin}", "the neighbor", "people", "staff", "{his} boss", "police", "everyone", "passersby")

FIRST_NAMES = (
    "James", "Maria", "DeShawn", "Mei", "Jose", "Aisha", "Tyler", "Fatima", "Nguyen", "Olga", "Kevin",
    "Priya", "Luis", "Tanisha", "Brandon", "Yusuf", "Emily", "Carlos", "Hana", "Darnell", "Sofia",
    "Mohammed", "Ashley", "Dmitri", "Keisha", "Juan", "Linh", "Patrick", "Ayana", "Miguel", "Rachel",
    "Tomas", "Jasmine", "Ahmed", "Brittany", "Wei", "Marcus", "Ana", "Samir", "Destiny", "Kofi",
)
LAST_INITIALS = tuple("ABCDEFGHJKLMNPRSTVWZ")

DISTRICTS = (
    "Northgate", "Riverbend", "Cedar Heights", "Old Mill", "Harborview", "Eastfield", "Westbrook",
    "Lakeview", "Pine Hollow", "Southport", "Midtown", "Foxrun",
)

#: Fire/EMS unit prefixes (invented numbering) and hospital names (generic, invented).
UNIT_PREFIXES = ("E", "E", "M", "M", "MEDIC ", "ENGINE ", "L", "R", "BC", "T", "A", "SQ", "RESCUE ", "TRUCK ", "AMB ", "U")
HOSPITALS = ("GENERAL", "REGIONAL", "COUNTY GENERAL", "UNIVERSITY", "MEMORIAL", "CHILDRENS", "THE ER", "COMMUNITY HOSP", "MED CENTER", "NORTH CAMPUS")
#: Where in a building an alarm or a fire is.
FLOORS = ("1ST FLOOR", "2ND FLOOR", "2ND FLR", "3RD FLR", "4TH FLOOR", "BASEMENT", "MECH ROOM", "ELEVATOR LOBBY", "KITCHEN", "ATTIC", "GARAGE", "STAIRWELL B", "RISER ROOM", "EAST WING")
