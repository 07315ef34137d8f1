"""Dispatch-log lines, dispositions and caller fragments in Spanish.

Unit-status lines ("Dispatch received by unit M12", "E4 ENRT", "ON SCENE", "CLEARED",
"MEDIC 7 TRANSPORTING") and dispositions ("CANCELLED PRIOR TO ARRIVAL", "NO PATIENT
CONTACT", "TRANSPORTED") appear on ordinary and behavioral notes alike (CAD_TEXT.md:
7% and 11% of notes), so every pool here is label-neutral. The renderer stamps log
lines with clock times. Dispositions that only fit one kind of call ("FALSE ALARM,
RESET") live with that kind in the ordinary banks.
"""

from __future__ import annotations

from call_nlp.demo.phrasebook import bank

#: Share of notes with unit-status lines (police calls: crimes and disputes), and with a
#: shared disposition.
P_LOG = {"ordinary": 0.04, "behavioral": 0.15, "police": 0.08}
P_OUTCOME = {"ordinary": 0.05, "behavioral": 0.04}
#: Share of notes with a "Medical: No / Hazards: No" flag, and with Spanish from the caller.
P_FLAGS, P_SPANISH = 0.02, 0.01
#: Share of ordinary notes with the caller's Spanish. CAD_TEXT.md measures the same share
#: of non-English text in ordinary and behavioral notes; behavioral notes also carry
#: Spanish as their situation (bank_forms.SPANISH, ~3% of each crisis type), so ordinary
#: notes carry Spanish at the behavioral notes' total rate and language marks no label.
P_SPANISH_ORDINARY = 0.04
#: An English CAD frame before a caller's Spanish, shared by every kind of note so that the
#: frame marks no label. "SPANISH" is in few options: it is also a language descriptor.
SPANISH_FRAME = "[RP SPEAKS SPANISH /|SPA SPEAKING RP /|VIA LANG LINE:|PER INTERPRETER,|LANGUAGE LINE USED,|INTERPRETER ON LINE /|RP STATES|RP:|]"

UNIT_STATUS = bank(
    "",
    "[Dispatch received by unit|DISPATCH RECEIVED BY UNIT|Dispatch Received by Unit] {unit}",
    "[Dispatch received by unit|DISPATCH RECEIVED BY UNIT] {unit}",
    "{unit} [ENRT|ENROUTE|EN ROUTE|enroute|EN RTE]",
    "{unit} [ON SCENE|O/S|ONSCENE|on scene|ON-SCENE]",
    "{unit} [CLEARED|CLR|CLEAR|cleared|AVAILABLE|IN SERVICE|BACK IN SERVICE]",
    "{unit} [ASSIGNED|DISPATCHED]",
    "[UNITS ASSIGNED|Units assigned|ASSIGNED]: {unit}[, {unit}|]",
    "[PD|LAW|SO] [ENRT|ON SCENE|ENROUTE]",
    "[Unit|UNIT] {unit} [status changed to|STATUS] [ENROUTE|ONSCENE|AVAILABLE|TRANSPORTING]",
    "{unit} [STAGED|STAGING] [NEARBY|AT THE CORNER|DOWN THE STREET|]",
    "{unit} [CANCELLED|CXL|RELEASED|RECALLED]",
)
#: Police unit-status lines (invented units): on police calls, and beside fire/EMS lines on
#: behavioral calls, which police attend too.
POLICE_STATUS = bank(
    "",
    "{pdunit} [ENRT|ENROUTE|EN ROUTE|RESPONDING]",
    "{pdunit} [ONSC|ON SCENE|O/S|10-97|ARRIVED]",
    "[ONSC|ON SCENE|ARRIVED] {pdunit}",
    "{pdunit} [AND|&] {pdunit} [ENRT|DISPATCHED|ASSIGNED]",
    "[REQ ADDL UNITS|REQ ADDITIONAL UNITS|REQ COVER|REQ ADDL UNITS, PERIMETER|SET UP PERIMETER|PERIMETER SET]",
    "[K9 REQ|K9 ENRT|AIR UNIT REQ|SGT NOTIFIED|SGT ENRT]",
    "{pdunit} [CODE 4|10-8|CLR|CLEARED|AVAILABLE]",
    "[1 DETAINED|1 IN CUSTODY|SUSP DETAINED|SUSP IN CUSTODY|PARTIES SEPARATED] [PER {pdunit}|]",
    "[EMS STAGING, SCENE NOT SECURE|EMS STAGE UNTIL SECURE|SCENE SECURE PER {pdunit}|SCENE SECURE, EMS CAN GO IN]",
    "{pdunit} [TRANSPORTING 1|TRANSPORTING 1 TO JAIL|ENRT TO JAIL|REPORT TO FOLLOW]",
)
#: Unit-status lines of a patient transport (calls about a person).
TRANSPORT_STATUS = bank(
    "",
    "{unit} [TRANSPORTING|TRANSPORTING 1|TRANSPORTING TO {hosp}]",
    "{unit} [AT HOSPITAL|AT DESTINATION|AT {hosp}]",
)
OUTCOMES = bank(
    "",
    "[CANCELLED PRIOR TO ARRIVAL|CXL PTA|CANCELLED PTA|CANCELLED ENRT|CANCELLED BY [PD|CALLER|RP|COMM|DISPATCH]]",
    "[NO PATIENT CONTACT|NO PT CONTACT|NPC|NO PATIENT FOUND]",
    "[GOA|GONE ON ARRIVAL|UTL|UNABLE TO LOCATE|NOTHING FOUND|NOTHING FOUND ON ARRIVAL]",
    "[PT REFUSED|REFUSED TRANSPORT|RMA|REFUSAL SIGNED|PT REFUSAL|NO TRANSPORT]",
    "[TRANSPORTED|TRANSPORTED TO {hosp}|TX TO {hosp}|1 TRANSPORTED|PT TRANSPORTED BY {unit}]",
    "[HANDLED BY PD|TURNED OVER TO PD|REFERRED TO OTHER AGENCY|ASSIST ONLY|SERVICE RENDERED]",
    "[DISPO|DISP|Disposition]: [CXL|TRANSPORTED|NO TRANSPORT|GOA|HANDLED|REPORT TAKEN]",
)
#: Caller's words in Spanish that say nothing about the situation (any note).
SPANISH_NEUTRAL = bank(
    "",
    '[RP|CALLER] [SAYING|YELLING|STATES] "[por favor, rápido|ayúdenme por favor|vengan rápido por favor|no hablo inglés|estamos en la casa|por favor apúrense]"',
    '[SPANISH SPEAKING RP|RP SPEAKS SPANISH|SPA SPEAKING CALLER], "[por favor|ayuda|estoy aquí afuera|la puerta está abierta]"',
)
#: Logistics updates of ordinary calls (no person in them; label-neutral).
ORDINARY_UPDATES = bank(
    "",
    "[RP|CALLER] [STAYING ON THE LINE|WILL MEET UNITS|IS WAITING OUT FRONT|WILL FLAG UNITS|WENT OUTSIDE]",
    "[UNITS ADVISED|INFO RELAYED TO UNITS|RELAYED TO RESPONDING UNITS|FD ADVISED|EMS ADVISED]",
    "[RP ASKING ETA|RP ASKS ETA|RP REQ ETA]",
    "[NO ANSWER ON CALLBACK|CB WENT TO VM|CALLBACK NO ANSWER]",
    "[2ND CALLER|ANOTHER CALLER|3RD CALLER] [REPORTING SAME|SAME INCIDENT|NO NEW INFO]",
    "[DOOR IS UNLOCKED|FRONT DOOR OPEN|GATE IS OPEN|GATE CODE {num}{num}{num}]",
    "[ACCESS FROM|ENTER FROM|USE] THE [SIDE|REAR|NORTH|SOUTH] [ENTRANCE|GATE|DRIVEWAY]",
    "[CORRECTED ADDRESS|ADDRESS CORRECTED|CORRECT LOC] {addr}",
)
#: Caller's words in Spanish about an ordinary call, by family (beside the English note).
SPANISH_ORDINARY = {
    "fire": bank(
        "",
        '[RP|CALLER] [SAYING|STATES|YELLING] "[hay humo|hay mucho humo|necesitamos bomberos|hay fuego|huele a gas|la alarma está sonando]"',
        f"{SPANISH_FRAME} [hay humo en la cocina|sale humo del techo|huele a gas en el edificio|se quema la casa del vecino|la alarma no para de sonar|fuego en el basurero]",
    ),
    "medical": bank(
        "",
        '[RP|CALLER] [SAYING|STATES|YELLING] "[necesito una ambulancia|no se siente bien|está muy mal|se siente mal, por favor|es mi mamá, ayuda|mi esposo no se siente bien]"',
        f"{SPANISH_FRAME} [le duele el pecho|se cayo y no se puede levantar|tiene dolor de pecho|le cuesta respirar|su esposo se cayo en el baño|la señora tiene fiebre alta|se corto la mano con un cuchillo de cocina|mi papa es diabetico y se siente mal]",
    ),
    "traffic": bank(
        "",
        '[RP|CALLER] [SAYING|STATES|YELLING] "[hubo un choque|un accidente aquí en la esquina|chocaron dos carros|hay un accidente]"',
        f"{SPANISH_FRAME} [choque de dos carros|un carro choco contra un poste|atropellaron a un señor|el otro carro se fue|hay un carro en la zanja]",
    ),
    "crime": bank(
        "",
        '[RP|CALLER] [SAYING|STATES|YELLING] "[vengan rápido|alguien entró a la casa|me robaron|se robaron mi carro]"',
        f"{SPANISH_FRAME} [alguien entro a la casa|le robaron la cartera|rompieron la ventana del carro|se robaron la bicicleta|hay alguien en el patio]",
    ),
    "service": bank(
        "",
        f"{SPANISH_FRAME} [se quedo encerrado afuera|el vecino tiene la musica muy alta|hay un perro suelto|hay agua por todo el piso|se fue la luz en el edificio]",
    ),
}
#: A premise hazard flag: history of violence at the address (elevated, any ordinary call).
PREMISE_HAZARD = bank(
    "hx=yes",
    "[PREMISE HAZARD|PREM HAZ|CAUTION NOTE|HAZARD FLAG|PREMISE INFO]: [HX ASSAULT ON EMS|VIOLENT OCCUPANT|HX ASSAULTING FD|AGGRESSIVE OCCUPANT, PD TO STAGE|OFFICER SAFETY, HX ASSAULT]",
)
