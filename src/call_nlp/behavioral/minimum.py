"""Minimum-functionality cases: short synthetic notes with the labels TAXONOMY.md gives them.

One group per response-policy rule (section 3) and per row of the violence-risk table
(section 2). A label is only stated where the taxonomy leaves no doubt; e.g. a note
whose main concern could be read two ways states only its risk and response.
"""

from __future__ import annotations

from call_nlp.behavioral.case import Case

# (note, crisis_type, violence_risk, response_model); None = not checked for this note
_Row = tuple[str, str | None, str | None, str | None]

_MFT: dict[str, list[_Row]] = {
    "mft.policy.not_behavioral": [
        ("BURGLARY IN PROGRESS, 2 SUBJS IN BACKYARD, NO WEAPONS SEEN", "not_behavioral", "low", "standard_dispatch"),
        ("CHEST PAIN 60YOM, CONSCIOUS: YES BREATHING: YES", "not_behavioral", "low", "standard_dispatch"),
        ("MVA W/ INJURIES, 2 VEHICLES BLOCKING NB LANES", "not_behavioral", None, "standard_dispatch"),
        ("shots fired in the parking lot behind the laundromat, rp heard 4 shots", "not_behavioral", "imminent", "standard_dispatch"),
        ("ARMED ROBBERY AT GAS STATION, SUSPECT HAS A HANDGUN, FLED ON FOOT SB", "not_behavioral", None, "standard_dispatch"),
        ("Caller reports her garage door was pried open overnight, tools missing, nobody on scene", "not_behavioral", "low", "standard_dispatch"),
        ("LOUD MUSIC FROM APT 3B FOR 2 HRS, RP WANTS IT TURNED DOWN", "not_behavioral", "low", "standard_dispatch"),
        ("SMOKE COMING FROM ROOF OF VACANT HOUSE, NO ONE INSIDE", "not_behavioral", "low", "standard_dispatch"),
        ("SHOPLIFTER DETAINED BY LOSS PREVENTION, COOPERATIVE, NO WEAPONS", "not_behavioral", "low", "standard_dispatch"),
        ("STRANGER PULLED A KNIFE ON RP AT ATM AND TOOK HIS WALLET, SUSPECT STILL IN AREA", "not_behavioral", "imminent", "standard_dispatch"),
    ],
    "mft.policy.co_response": [
        ("RP STATES SON HEARING VOICES, THREATENING TO HURT RP, UNK IF ARMED", "psychosis", "elevated", "co_response"),
        ("SUBJ ON BRIDGE RAILING W/ A KNIFE IN HAND, SAYS HE WILL JUMP", "suicide_risk", "imminent", "co_response"),
        ("mother and adult son yelling, son punched holes in the wall and is breaking dishes, no weapons seen", "family_conflict", "elevated", "co_response"),
        ("EX-BOYFRIEND AT DOOR THREATENING TO KILL RP, HAS A GUN IN HIS WAISTBAND", "family_conflict", "imminent", "co_response"),
        ("very drunk male outside the bar, yelling and combative with staff, no weapons", "substance_use", "elevated", "co_response"),
        ("PANIC ATTACK, PACING, SAYS SHE WANTS TO HURT HER BOSS, HX OF VIOLENCE TOWARD PD", None, "elevated", "co_response"),
        ("THINKS NEIGHBORS PUT CAMERAS IN WALLS, HAS ACCESS TO GUNS IN THE HOUSE", "psychosis", "elevated", "co_response"),
        ("15yo refusing school, screaming at mom, threw a chair through the window", "family_conflict", "elevated", "co_response"),
    ],
    "mft.policy.medical_need": [
        ("POSS OD, FRIEND FOUND HIM UNRESPONSIVE, BLUE LIPS, NO WEAPONS", "substance_use", "low", "ems_clinician"),
        ("ETOH, SLUMPED AT BUS STOP, CANT STAND, VOMITING, CALM", "substance_use", "low", "ems_clinician"),
        ("female having a panic attack, says she can't breathe, shaking, no weapons, no threats", "emotional_distress", "low", "ems_clinician"),
        ("ELDERLY MALE CONFUSED WANDERING, FELL AND HURT HIS HEAD, BLEEDING, COOPERATIVE", "welfare_check", "low", "ems_clinician"),
        ("RP STATES ROOMMATE TOOK A BUNCH OF PILLS, NOW VERY DROWSY, CALM, NO WEAPONS", None, "low", "ems_clinician"),
        ("SUBJ HAVING A SEIZURE ON SIDEWALK, PER RP SHE USED METH TODAY, NO WEAPONS", "substance_use", "low", "ems_clinician"),
        ("man passed out drunk in the park, won't wake up, no weapons", "substance_use", "low", "ems_clinician"),
        ("teen ate too many of her mom's gummies, chest pounding, scared, not violent", "substance_use", "low", "ems_clinician"),
    ],
    "mft.policy.clinical_crisis": [
        ("RP STATES BROTHER SAYS HE WANTS TO END IT ALL, DENIES HI, NO WEAPONS", "suicide_risk", "low", "ems_clinician"),
        ("SUBJ TEXTING GOODBYE MESSAGES, SAYS NO REASON TO LIVE. NO WEAPONS IN HOME, CALM", "suicide_risk", "low", "ems_clinician"),
        ("woman talking to people who aren't there in the library, calm, not threatening anyone", "psychosis", "low", "ems_clinician"),
        ("SON OFF MEDS, NOT MAKING SENSE, BELIEVES FBI IS WATCHING HIM THRU TV. CALM AND COOPERATIVE, NO WEAPONS", "psychosis", "low", "ems_clinician"),
        ("Caller says her husband keeps talking about killing himself since he lost his job. He is sitting quietly in the living room, no weapons, no threats to others", "suicide_risk", "low", "ems_clinician"),
        ("HEARING VOICES TELLING HIM HE IS CHOSEN, WALKING IN CIRCLES IN LOBBY, NEG WEAPONS", "psychosis", "low", "ems_clinician"),
        ("17YOF STATES SHE IS THINKING OF SUICIDE, AT SCHOOL COUNSELOR OFFICE, NO WEAPONS, CALM", "suicide_risk", "low", "ems_clinician"),
    ],
    "mft.policy.peer": [
        ("CRYING, JUST LOST JOB, WANTS SOMEONE TO TALK TO, NO WEAPONS", "emotional_distress", "low", "peer_response"),
        ("HASNT ANSWERED DOOR IN 3 DAYS, MAIL PILING UP, RP IS NEIGHBOR", "welfare_check", "low", "peer_response"),
        ("15YO REFUSING SCHOOL, YELLING AT MOM, NO THREATS, NO WEAPONS", "family_conflict", "low", "peer_response"),
        ("man sleeping in doorway in freezing temps, responds when spoken to", "welfare_check", "low", "peer_response"),
        ("mother and adult daughter arguing loudly about rent, no weapons, both calm now", "family_conflict", "low", "peer_response"),
        ("SUBJ DRUNK AT BUS SHELTER, ABLE TO WALK AND TALK, NO WEAPONS, NEEDS A RIDE TO SHELTER", "substance_use", "low", "peer_response"),
        ("anxious and overwhelmed since her mom died last week, wants to talk to someone, denies SI", "emotional_distress", "low", "peer_response"),
        ("ELDERLY FEMALE CONFUSED, DOESNT KNOW HER ADDRESS, WALKING ON SIDEWALK, CALM", "welfare_check", "low", "peer_response"),
    ],
    "mft.risk.weapon_imminent": [
        ("SUBJ HAS A KNIFE IN HAND, YELLING AT NEIGHBORS", None, "imminent", None),
        ("holding a kitchen knife to her wrist, crying, says she wants to die", "suicide_risk", "imminent", "co_response"),
        ("RP STATES SON IN GARAGE W/ A GUN TO HIS HEAD", "suicide_risk", "imminent", "co_response"),
        ("PSYCH HX, HEARING VOICES, WAVING A MACHETE IN FRONT YARD", "psychosis", "imminent", "co_response"),
        ("husband drunk, swinging a baseball bat at the tv, wife and kids in the house", None, "imminent", "co_response"),
        ("WPN: YES - KNIFE. SUBJ PACING IN KITCHEN, STATES WANTS TO DIE", "suicide_risk", "imminent", "co_response"),
        ("man in lobby with a broken bottle in hand, not making sense, talking to himself", "psychosis", "imminent", "co_response"),
    ],
    "mft.risk.weapon_unknown": [
        ("RP STATES SON HEARING VOICES, UNK IF ARMED", "psychosis", "elevated", "co_response"),
        ("ROOMMATE SAYS SUBJ MAY HAVE A KNIFE IN HIS ROOM, SUBJ SCREAMING AND CRYING", None, "elevated", "co_response"),
        ("WEAPONS: UNK. DAUGHTER AND MOTHER ARGUING, RP LOCKED IN BEDROOM", "family_conflict", "elevated", "co_response"),
        ("caller unsure if her ex has a gun on him, he is banging on the door drunk", None, "elevated", "co_response"),
        ("UNK IF ARMED, SUBJ TALKING ABOUT SUICIDE ON PHONE W/ RP", "suicide_risk", "elevated", "co_response"),
        ("father has access to guns in the house, yelling at his teenage son", "family_conflict", "elevated", "co_response"),
    ],
    "mft.risk.weapon_removed": [
        ("HAD A KNIFE EARLIER, RP TOOK IT AWAY, NO OTHER WEAPONS", None, "elevated", None),
        ("SUBJ WAS WAVING A BAT EARLIER, BROTHER TOOK IT FROM HIM, NO OTHER WEAPONS. SUBJ HEARING VOICES", "psychosis", "elevated", "co_response"),
        ("son had a kitchen knife a few minutes ago, mom took it away, no other weapons known. he says he wants to die", "suicide_risk", "elevated", "co_response"),
        ("GUNS REMOVED FROM HOME YESTERDAY BY PD, SUBJ DEPRESSED AND CRYING, DENIES SI", None, "elevated", "co_response"),
        ("GAVE THE KNIFE TO STAFF BEFORE THE CALL, NOTHING ELSE ON HIM, SUBJ PACING AND PANICKING", None, "elevated", "co_response"),
    ],
    "mft.risk.weapon_negated": [
        ("NO WEAPONS SEEN, SUBJ CRYING ON PORCH", "emotional_distress", "low", "peer_response"),
        ("WEAPONS: NO. VIOLENT: NO. SUBJ HEARING VOICES", "psychosis", "low", "ems_clinician"),
        ("denies weapons, denies HI, says she feels hopeless but is safe tonight", None, "low", None),
        ("NEG WEAPONS, NEG THREATS, ELDERLY MALE CONFUSED IN ROADWAY", "welfare_check", "low", "peer_response"),
        ("no weapons, calm and cooperative, just drunk and sitting on the curb", "substance_use", "low", "peer_response"),
        ("RP DENIES ANY WEAPONS IN THE HOME, SON PACING AND ANXIOUS", "emotional_distress", "low", "peer_response"),
    ],
    "mft.risk.latest_update": [
        ("RP STATES SON HEARING VOICES. NEG WEAPONS. UPD: NOW HOLDING A MACHETE", "psychosis", "imminent", "co_response"),
        ("CRYING, PANIC ATTACK. UPDATE: RP NOW STATES SHE HAS A KNIFE", "emotional_distress", "imminent", "co_response"),
        ("SUBJ HAS A KNIFE IN HAND. UPD: RP TOOK THE KNIFE AWAY, NO OTHER WEAPONS", None, "elevated", "co_response"),
        ("UNK IF ARMED, SUBJ YELLING AT MOM. UPD: NO WEAPONS, SUBJ NOW CALM AND COOPERATIVE", "family_conflict", "low", "peer_response"),
        ("man sitting on bench not moving. ** UPD ** rp now says he has a gun in his lap", None, "imminent", "co_response"),
        ("WIFE AND HUSBAND ARGUING, NO WEAPONS. UPD: HUSBAND JUST GRABBED A HAMMER FROM THE GARAGE", "family_conflict", "imminent", "co_response"),
    ],
    "mft.risk.update_ends_scope": [
        ("NO WEAPON SEEN UPD: CALLER STILL ON LINE, SUBJ CRYING ON PORCH, JUST LOST HIS JOB", "emotional_distress", "low", "peer_response"),
        ("DENIES SI UPD: RP STILL ON LINE, SUBJ ANXIOUS AND OVERWHELMED, WANTS SOMEONE TO TALK TO", "emotional_distress", "low", "peer_response"),
        ("NO WEAPONS UPD: NOW HAS A KNIFE, SON HEARING VOICES", "psychosis", "imminent", "co_response"),
        ("WEAPONS: UNK UPD: RP STILL ON LINE, SON HEARING VOICES IN HIS ROOM", "psychosis", "elevated", "co_response"),
        ("NEG WEAPONS UPD RP ADVS SUBJ DRUNK AND SITTING ON CURB, ABLE TO WALK", "substance_use", "low", "peer_response"),
        ("not suicidal upd: caller says mom confused, doesn't know where she is, no weapons", "welfare_check", "low", "peer_response"),
    ],
    "mft.risk.weapon_against_self": [
        ("SHOT HIMSELF IN THE GARAGE, WIFE ON SCENE", None, "imminent", None),
        ("RP STATES HER SON GOT SHOT OUTSIDE THE BAR, BLEEDING FROM LEG", None, "imminent", None),
        ("GSW TO CHEST, CALLER DOING CPR", None, "imminent", None),
        ("man was shot in the leg in the alley, conscious and breathing", None, "imminent", None),
        ("17YOF CUTTING HER ARM WITH A PIECE OF GLASS IN HER ROOM", None, "imminent", None),
        ("cutting herself with a can lid in the bathroom, crying", None, "imminent", None),
        ("SUBJ CUT HIS WRISTS WITH A BROKEN MIRROR, BLEEDING, NO OTHER WEAPONS", None, "imminent", None),
        ("pt self harming w/ a paperclip in the group home, staff on scene", None, "imminent", None),
        ("27-D-3 GSW TO LEG, CONSCIOUS: YES BREATHING: YES", None, "imminent", None),
        ("SE CORTO LAS VENAS CON UN VIDRIO EN EL BAÑO", None, "imminent", None),
    ],
    "mft.risk.weapon_stays_stated": [
        ("HE WONT PUT DOWN THE KNIFE, MOM LOCKED IN BEDROOM", None, "imminent", None),
        ("subj refusing to drop the bat, yelling in the street", None, "imminent", None),
        ("SON HAS NOT PUT DOWN THE MACHETE, PACING IN YARD", None, "imminent", None),
        ("SUBJ HAS A KNIFE NOT MAKING SENSE, TALKING TO HIMSELF", None, "imminent", None),
        ("VERY DRUNK, CANT STAND, HAS A KNIFE IN HAND", None, "imminent", None),
        ("has a gun no one hurt yet, wife outside with the kids", None, "imminent", None),
        # an officer word before a weapon makes it the officer's only when nothing else stands between,
        ("SEND POLICE HE HAS A GUN, YELLING AT NEIGHBORS", None, "imminent", None),
        ("CALL PD SUBJ HAS KNIFE, HEARING VOICES", None, "imminent", None),
        # "PD" in a traffic note is property damage, not police,
        ("10-50 PD W/ KNIFE IN VEH, DRIVER YELLING AT OTHER DRIVER", None, "imminent", None),
        ("TC PD ONLY KNIFE ON THE SEAT, DRIVER ACTING STRANGE", None, "imminent", None),
    ],
    "mft.risk.looks_violent_is_not": [
        ("STABBING CHEST PAIN, 60YOM, CONSCIOUS: YES BREATHING: YES", None, "low", None),
        ("PED STRUCK BY A CAR AT MAIN AND 3RD, CONSCIOUS", None, "low", None),
        ("CHOKING ON FOOD AT THE RESTAURANT, NOW BREATHING", None, "low", None),
        ("did shots of tequila at the bar, now vomiting in the restroom", None, "low", None),
        ("got his flu shot this morning, now dizzy and pale", None, "low", None),
        ("SIBLINGS FIGHTING OVER THE HOUSE, YELLING, RP IS NEIGHBOR", None, "low", None),
        ("believes he was shot by a laser from the building across the street", None, "low", None),
        ("CUT HIS THUMB WITH A KITCHEN KNIFE WHILE COOKING, BLEEDING CONTROLLED", None, "low", None),
        ("accidentally cut herself with a knife making dinner, bleeding from her hand", None, "low", None),
        ("cut himself with a kitchen knife while cooking, elderly, confused", None, "low", None),
    ],
    # real notes misspell; a weapon word one slip away is still read as a weapon (lexicon shorthand)
    "mft.risk.misspelled_weapon": [
        ("SUBJ HAS A NIFE IN HIS HAND, PACING IN KITCHEN", None, "imminent", None),
        ("knie on the counter next to her, she wont step away from it", None, "imminent", None),
        ("SON ON PORCH WITH A SOHTGUN, YELLING AT CARS", None, "imminent", None),
        ("CRYING, HOLDING SISSORS, WONT PUT THEM DOWN", None, "imminent", None),
    ],
    "mft.risk.shots_heard": [
        ("RP HEARD SHOTS NEAR THE PARK, DID NOT SEE ANYONE", None, "imminent", None),
        ("neighbor heard several shots coming from the house next door, no one outside", None, "imminent", None),
    ],
    "mft.risk.object_swung": [
        ("ELDERLY MALE SWINGING A CANE AT THE AIDES, CONFUSED", None, "imminent", None),
        ("pulled a metal rod off the bed frame and is swinging it at his brother", None, "imminent", None),
        ("HOLDING A BROKEN BEER BOTTLE, SCREAMING AT HIS GIRLFRIEND", None, "imminent", None),
        ("patient still swinging at security in the lobby", None, "imminent", None),
        ("WONT LET GO OF THE SHOVEL, SAYS SHE WANTS TO DIE", None, "imminent", None),
        ("man brandishing something at the clerk, yelling about the government", None, "imminent", None),
        ("WILL NOT PUT DOWN THE STICK, YELLING AT PEOPLE AT THE BUS STOP", None, "imminent", None),
        ("upset, crying, refuses to drop the glass, staff backing away", None, "imminent", None),
        ("SUBJ SWINGING BAT AT PASSING CARS ON RT 4, RAMBLING", None, "imminent", None),  # CAD drops the article
        ("woman swinging metal pipe in the laundromat, says the dryers talk to her", None, "imminent", None),
    ],
    "mft.risk.everyday_violence": [
        ("DRUNK MALE KICKING CARS IN THE LOT, NO WEAPONS", None, "elevated", None),
        ("husband threw a glass at her during the argument, missed, no weapons", None, "elevated", None),
        ("resident pushed a staff member earlier, now in his room, no weapons", None, "elevated", None),
        ("says he is going to snap and hurt somebody, no weapons known", None, "elevated", None),
    ],
    # an assault happening now is imminent (TAXONOMY section 2), whoever the parties are
    "mft.risk.assault_in_progress": [
        ("HE IS SLAMMING HER AGAINST THE FRIDGE RIGHT NOW, RP HEARS SCREAMING", None, "imminent", None),
        ("neighbor says the boyfriend is dragging her by the hair down the hallway", None, "imminent", None),
        ("2 MALES PUNCHING EACH OTHER OUTSIDE THE BAR", None, "imminent", None),
        ("caller says her son is choking his father in the kitchen", None, "imminent", None),
    ],
    "mft.risk.dated_history": [
        ("ASSAULTED AN OFFICER LAST YEAR, PACING IN THE LOT, NO WEAPONS", None, "elevated", None),
        ("hx of assault on staff in 2024, currently calm, yelling at tv, no weapons", None, "elevated", None),
    ],
    # Spanish weapons, stated or in a protocol answer: a weapon present whatever the language
    "mft.risk.spanish_weapon": [
        ("TIENE UN CUCHILLO EN LA MANO, SE QUIERE MATAR", None, "imminent", None),
        ("su esposo tiene una pistola y amenaza con matarla", None, "imminent", None),
        ("HIJO ESCUCHA VOCES, ARMAS: SI - CUCHILLO", None, "imminent", None),
        ("esta borracho con una navaja en la calle", None, "imminent", None),
        ("RP STATES SUBJ ESTÁ ARMADO, PACING IN THE YARD", None, "imminent", None),
    ],
    "mft.risk.violence_wording": [
        ("SAID SHE WAS GOING TO BEAT UP HER SISTER, NO WEAPONS, MOTHER AND DAUGHTER ARGUING", "family_conflict", "elevated", "co_response"),
        ("PRIOR DV CALLS AT THIS ADDRESS, COUPLE ARGUING ABOUT MONEY, NO WEAPONS", "family_conflict", "elevated", "co_response"),
        ("HAS CCW, VERY DRUNK AND YELLING IN THE DRIVEWAY", "substance_use", "elevated", "co_response"),
        ("HEARING VOICES, LUNGED AT STAFF AND HAD TO BE PULLED AWAY, NO WEAPONS", "psychosis", "elevated", "co_response"),
        ("15YO ARGUING WITH HIS DAD, THREW A CHAIR THROUGH THE WINDOW", "family_conflict", "elevated", "co_response"),
        ("YELLING THREATS AT HIS MOM, OFF HIS MEDS, THINKS SHE IS POISONING HIM", "psychosis", "elevated", "co_response"),
        ("CRYING IN THE BREAKROOM, TOLD A COWORKER SHE'D PUNCH THE NEXT PERSON WHO BOTHERS HER, NO WEAPONS", "emotional_distress", "elevated", "co_response"),
        ("TEEN SCREAMING AT PARENTS, THREW HIS PHONE AND A PLATE AT THE WALL, NO WEAPONS", "family_conflict", "elevated", "co_response"),
        ("ex boyfriend keeps texting that hell come over and smack her, no weapons known", "family_conflict", "elevated", "co_response"),
        ("SON HEARING VOICES TELLING HIM TO HURT HIS MOM, NO WEAPONS SEEN, MOM OUTSIDE", "psychosis", "elevated", "co_response"),
    ],
    # the violence-risk head must not read risk from what the crisis is (NoteAnalysis.risk_words)
    "mft.risk.crisis_wording": [
        (frame.format(crisis), None, risk, None)
        for frame, risk in (
            ("RP STATES SON {}, NO WEAPONS, CALM", "low"),
            ("SUBJ {}, THREATENING TO HURT HIS BROTHER", "elevated"),
            ("roommate {}, unk if armed", "elevated"),
        )
        for crisis in ("TOOK A BOTTLE OF PILLS", "SAYS HE WANTS TO DIE", "HEARING VOICES")
    ],
    "mft.crisis.weapon_against_self": [
        ("SHOT HIMSELF IN THE GARAGE, WIFE ON SCENE", "suicide_risk", "imminent", "co_response"),
        ("RP STATES HER SON GOT SHOT OUTSIDE THE BAR, BLEEDING FROM LEG", "not_behavioral", "imminent", "standard_dispatch"),
        ("GSW TO CHEST, CALLER DOING CPR", "not_behavioral", "imminent", "standard_dispatch"),
        ("17YOF CUTTING HER ARM WITH A PIECE OF GLASS IN HER ROOM", "suicide_risk", "imminent", "co_response"),
        ("cutting herself with a can lid in the bathroom, crying", "suicide_risk", "imminent", "co_response"),
    ],
    "mft.crisis.threat_against_self": [
        ("THREATENING TO KILL HERSELF, NO WEAPONS, CALM", "suicide_risk", "low", "ems_clinician"),
        ("caller says her brother is threatening suicide by text, no weapons in the home", "suicide_risk", "low", "ems_clinician"),
        ("RP STATES SON THREATENING TO HURT HIMSELF, DENIES HI, NO WEAPONS", "suicide_risk", "low", "ems_clinician"),
        ("PT THREATENING TO OD ON HER MEDS, NO WEAPONS", "suicide_risk", "low", "ems_clinician"),
        ("threatened to jump off the overpass, walking toward it now, no weapons", "suicide_risk", "low", "ems_clinician"),
    ],
    # "jump" someone is an assault threat, not a jump from a height
    "mft.crisis.jump_someone_not_suicide": [
        ("NEIGHBOR KEEPS THREATENING TO JUMP RP OVER PARKING, NO WEAPONS SEEN", "not_behavioral", "elevated", "standard_dispatch"),
        ("coworker threatened to jump the caller after work, caller is home now", "not_behavioral", "elevated", "standard_dispatch"),
    ],
    # a suicidal statement or act inside an ordinary-looking call (poisoning, a fall, traffic) is
    # suicide_risk; the traffic "suicide lane" is not
    "mft.crisis.suicidal_in_ordinary_call": [
        ("55 YOM DRANK ANTIFREEZE, TOLD HIS SISTER HE WANTED TO DIE, VOMITING, CONSCIOUS", "suicide_risk", None, None),
        ("pedestrian standing in the travel lanes of the bypass, told a trucker he wants to get hit, no weapons", "suicide_risk", None, None),
        ("MVC SINGLE VEH INTO BRIDGE PILLAR, DRIVER TOLD WITNESS HE WAS TRYING TO END HIS LIFE, CONSCIOUS, NO WEAPONS", "suicide_risk", None, None),
        ("girl on the floor of the store bathroom cutting her wrist with a broken mirror piece, conscious", "suicide_risk", None, None),
    ],
    "mft.crisis.suicide_lane_traffic": [
        ("2 VEH TC IN THE SUICIDE LANE MAIN/8TH, NO INJ, BLOCKING", "not_behavioral", "low", "standard_dispatch"),
        ("car stalled in the suicide lane on Grand Ave, hazards on, driver waiting for a tow", "not_behavioral", "low", "standard_dispatch"),
    ],
    "mft.crisis.drug_use_not_gun": [
        ("brother shooting heroin in the bathroom again, awake and talking, no weapons", "substance_use", "low", "peer_response"),
        ("SUBJ SHOOTING UP IN THE STAIRWELL, ALERT, NO WEAPONS, WANTS TREATMENT INFO", "substance_use", "low", "peer_response"),
        ("roommate shot up meth last night and hasnt slept, pacing, no weapons", "substance_use", "low", "peer_response"),
    ],
    "mft.crisis.passive_and_self_harm": [
        ("72YOM WIDOWED, SAYS HE GOES TO SLEEP HOPING HE WONT WAKE UP, NO WEAPONS, CALM", "suicide_risk", "low", "ems_clinician"),
        ("mom found fresh cuts on her daughters thighs, no blades found, daughter calm and talking", "suicide_risk", "low", "ems_clinician"),
        ("caller says her sister keeps saying she wishes she was dead, no plan, no weapons", "suicide_risk", "low", "ems_clinician"),
    ],
    "mft.crisis.delusions": [
        ("thinks neighbor is poisoning her food, calm, no weapons", "psychosis", "low", "ems_clinician"),
        ("SAYS THE GOVERNMENT PUT CAMERAS IN HIS WALLS, NEG WEAPONS", "psychosis", "low", "ems_clinician"),
        ("believes he was shot by a laser from the building across the street, no weapons, cooperative", "psychosis", "low", "ems_clinician"),
        ("says she's been shot with radio waves all night, pacing but calm, no weapons", "psychosis", "low", "ems_clinician"),
        ("ELDERLY FEMALE THINKS SOMEONE IS POISONING HER WATER, NO WEAPONS", "psychosis", "low", "ems_clinician"),
        ("says god is talking to him through the streetlights, calm, no weapons", "psychosis", "low", "ems_clinician"),
        ("MALE OUTSIDE LIBRARY YELLING ABOUT THE FBI, SAYS THEY ARE AFTER HIM, NEG WEAPONS", "psychosis", "low", "ems_clinician"),
        ("SUBJ SWINGING A PIPE AT PARKED CARS, SAYS THE DEVIL TOLD HIM TO", "psychosis", "imminent", "co_response"),
        ("smoked something at a party, now on the roof saying he can fly, no weapons", "psychosis", "low", "ems_clinician"),
        ("WOMAN AT THE PARK SCREAMING AT THE SKY, NOBODY NEAR HER, NO WEAPONS", "psychosis", "low", "ems_clinician"),
    ],
    "mft.crisis.spanish": [
        ("RP DICE QUE SU HIJO SE QUIERE MATAR, NO HAY ARMAS", "suicide_risk", "low", "ems_clinician"),
        ("ESCUCHA VOCES Y ESTA MUY PARANOICO, SIN ARMAS", "psychosis", "low", "ems_clinician"),
        ("borracho, no responde, tirado en la calle, no hay armas", "substance_use", "low", "ems_clinician"),
        ("LLORANDO, ATAQUE DE PANICO, NO HAY ARMAS", "emotional_distress", "low", "peer_response"),
        ("señora confundida, no sabe dónde está, sin armas", "welfare_check", "low", "peer_response"),
        ("NO SABE SI TIENE ARMAS, SU HIJO ESCUCHA VOCES", "psychosis", "elevated", "co_response"),
    ],
    "mft.crisis.suicide_means": [
        ("FOUND HANGING IN GARAGE, CUT DOWN BY WIFE, BREATHING, NO WEAPONS", "suicide_risk", "low", "ems_clinician"),
        ("attempted hanging in the closet, conscious now, calm", "suicide_risk", "low", "ems_clinician"),
        ("jumped from the overpass, conscious, legs injured, no weapons", "suicide_risk", "low", "ems_clinician"),
        ("STEPPED IN FRONT OF A BUS ON PURPOSE PER WITNESS, CONSCIOUS, NO WEAPONS", "suicide_risk", "low", "ems_clinician"),
        ("LIGATURE AROUND NECK, RP REMOVED IT, PT BREATHING, CALM", "suicide_risk", "low", "ems_clinician"),
    ],
    "mft.crisis.drug_signs": [
        ("NARCAN GIVEN, PINPOINT PUPILS, NOW BREATHING, NO WEAPONS", "substance_use", "low", "ems_clinician"),
        ("MALE SLUMPED IN CAR, NEEDLE NEXT TO HIM, NO WEAPONS", "substance_use", "low", None),
        ("track marks on both arms, nodding at the bus stop, no weapons", "substance_use", "low", None),
        # used needles left in a park are a hazard to clear, not someone's drug use
        ("SYRINGES FOUND IN THE PARK, NEED DISPOSAL", "not_behavioral", "low", "standard_dispatch"),
        ("needles in the playground near the swings, rp wants them picked up", "not_behavioral", "low", "standard_dispatch"),
        # a cooking injury is an ordinary medical call
        ("CUT HIS THUMB WITH A KITCHEN KNIFE WHILE COOKING, BLEEDING CONTROLLED", "not_behavioral", "low", "standard_dispatch"),
    ],
    "mft.crisis.protocol_text": [
        ("25-B-3 SUBJ HEARING VOICES, TALKING TO HIMSELF. VIOLENT: NO WEAPONS: NO", "psychosis", "low", "ems_clinician"),
        ("Chief Complaint: Falls. Determinant: 17A02. 80YOF FELL IN BATHROOM, CONSCIOUS: YES BREATHING: YES", "not_behavioral", "low", "standard_dispatch"),
        ("10-D-4 60YOM CHEST PAIN, CONSCIOUS: YES BREATHING: YES", "not_behavioral", "low", "standard_dispatch"),
        ("23C01 TOOK A BOTTLE OF PILLS, INTENTIONAL: YES, VIOLENT: NO, WEAPONS: NO", "suicide_risk", "low", "ems_clinician"),
        ("29B01 MVA 2 VEH BLOCKING LANE, NO INJURIES REPORTED", "not_behavioral", "low", "standard_dispatch"),
        ("Determinant: 52C01 COMMERCIAL FIRE ALARM, ZONE 3, KEYHOLDER ENRT", "not_behavioral", "low", "standard_dispatch"),
        ("25A01 Violent: No; Weapons: Unk. SUBJ YELLING AT PEOPLE WHO ARENT THERE IN LOBBY", "psychosis", "elevated", "co_response"),
        ("Chief Complaint: Psychiatric/Abnormal Behavior/Suicide Attempt. VIOLENT: NO WEAPONS: NO. PT CRYING, SAYS SHE WANTS TO DIE", "suicide_risk", "low", "ems_clinician"),
        ("12-D-2 SEIZURE, 40YOF, CONSCIOUS: NO BREATHING: YES", "not_behavioral", "low", "standard_dispatch"),
    ],
}


def mft_cases() -> list[Case]:
    """Every minimum-functionality case, named ``<group>.<n>``."""
    cases: list[Case] = []
    for group, rows in _MFT.items():
        for i, (text, crisis, risk, response) in enumerate(rows, start=1):
            expected = {
                k: v
                for k, v in (("crisis_type", crisis), ("violence_risk", risk), ("response_model", response))
                if v is not None
            }
            cases.append(Case(name=f"{group}.{i:02d}", group=group, text=text, expected=expected))
    return cases
