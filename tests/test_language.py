"""The language layer on short inline notes: shorthand, cues by kind, assertion status,
scope, word senses, updates, demographic masking and the lexicon file."""

from pathlib import Path

import pytest

from call_nlp.cues import Cue, resolve
from call_nlp.language import LanguageLayer, LexiconError, load_lexicon
from call_nlp.language.layer import VIOLENCE_KINDS


@pytest.fixture(scope="module")
def layer() -> LanguageLayer:
    return LanguageLayer(load_lexicon())


def _cues(layer: LanguageLayer, text: str, kind: str | None = None) -> list[Cue]:
    return [c for c in layer.analyze(text).cues if kind is None or c.kind == kind]


def _status(layer: LanguageLayer, text: str, kind: str) -> str | None:
    return resolve(layer.analyze(text).cues, kind)


# --- cue kinds -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kind", "concept"),
    [
        ("SUBJ HAS A KNIFE", "weapon", "knife"),
        ("waving a machete in the yard", "weapon", "machete"),
        ("HOLDING A SCREWDRIVER", "weapon", "sharp object"),
        ("has a .22 in his waistband", "weapon", "gun"),
        ("SHOTS FIRED BEHIND THE STORE", "weapon", "shots fired"),
        ("THREATENING TO KILL HIS BROTHER", "threat", "threat to others"),
        ("states he is homicidal", "threat", "homicidal"),
        ("SON CHOKING HIS MOTHER NOW", "assault", "assault in progress"),
        ("BROKE THE TV AND PUNCHED A HOLE IN THE WALL", "property", "property destruction"),
        ("very combative with staff", "aggression", "combative"),
        ("CAUTION VIOLENT, HX ASSAULTING POLICE", "violence_history", "violence history"),
        ("says she wants to end it all", "suicide", "suicidal statement"),
        ("cut her wrists in the bathroom", "suicide", "self-harm"),
        ("HEARING VOICES TELLING HIM TO RUN", "psychosis", "hallucinations"),
        ("thinks the neighbors put cameras in the walls", "psychosis", "delusions"),
        ("ETOH, SLUMPED AT BUS STOP", "substance", "alcohol"),
        ("PANIC ATTACK, HYPERVENTILATING", "distress", "panic"),
        ("MOTHER AND ADULT SON ARGUING", "family", "argument"),
        ("hasn't answered door in 3 days", "welfare", "cannot be reached"),
        ("BURGLARY IN PROGRESS", "incident", "burglary/theft"),
        ("UNRESPONSIVE ON THE FLOOR", "medical", "unresponsive"),
        ("POSS OD, BLUE LIPS", "medical", "overdose"),
        ("having a seizure", "medical", "seizure"),
        ("CONSCIOUS: NO", "medical", "unresponsive"),
        ("calm and cooperative", "protective", "calm"),
    ],
)
def test_language_finds_each_cue_kind(layer: LanguageLayer, text: str, kind: str, concept: str) -> None:
    assert concept in {c.concept for c in _cues(layer, text, kind)}


# --- assertion status ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("SUBJ HAS A KNIFE", "affirmed"),
        ("holding a kitchen knife to his own throat", "affirmed"),
        ("NO WEAPONS", "negated"),
        ("NEG WEAPONS", "negated"),
        ("WEAPONS: NO", "negated"),
        ("weapons: none", "negated"),
        ("left w/o weapon", "negated"),
        ("NO KNOWN WEAPONS", "negated"),
        ("doesn't think he has anything on him", "negated"),
        ("UNK IF ARMED", "uncertain"),
        ("WEAPONS: UNK", "uncertain"),
        ("may have a knife in his room", "uncertain"),
        ("HAS ACCESS TO GUNS IN THE HOUSE", "uncertain"),
        ("ANY WEAPONS?", "uncertain"),
        ("HAD A KNIFE EARLIER, RP TOOK IT AWAY, NO OTHER WEAPONS", "historical"),
        ("OFFICER HAS HIS GUN DRAWN", "other"),
    ],
)
def test_language_weapon_assertion_status(layer: LanguageLayer, text: str, status: str) -> None:
    assert _status(layer, text, "weapon") == status


@pytest.mark.parametrize(
    ("text", "kind", "status"),
    [
        ("DENIES SI", "suicide", "negated"),
        ("not suicidal", "suicide", "negated"),
        ("HX OF OD", "medical", "historical"),
        ("not sure if he took anything", "medical", "uncertain"),
        ("VIOLENT: NO", "aggression", "negated"),
        ("DENIES HI", "threat", "negated"),
    ],
)
def test_language_assertion_status_of_other_kinds(layer: LanguageLayer, text: str, kind: str, status: str) -> None:
    assert _status(layer, text, kind) == status


def test_language_negation_scope_ends_at_the_clause(layer: LanguageLayer) -> None:
    analysis = layer.analyze("PT DENIES WEAPONS, STATES HE IS SUICIDAL")
    assert analysis.resolved["weapon"] == "negated"
    assert analysis.resolved["suicide"] == "affirmed"


def test_language_negation_does_not_cross_a_sentence(layer: LanguageLayer) -> None:
    assert _status(layer, "NEG WEAPONS. SUBJ W/ KNIFE IN HAND", "weapon") == "affirmed"


def test_language_protocol_answers_on_one_line(layer: LanguageLayer) -> None:
    analysis = layer.analyze("VIOLENT: NO WEAPONS: UNK")
    assert analysis.resolved == {"aggression": "negated", "weapon": "uncertain"}


def test_language_blank_protocol_answer_states_nothing(layer: LanguageLayer) -> None:
    assert _cues(layer, "WEAPONS INVOLVED: | WHERE NOW: KITCHEN", "weapon") == []


@pytest.mark.parametrize(
    "text",
    [
        "got her flu shot today, feels dizzy",
        "was cutting hair at the salon when she fainted",
        "just killing time at the bus stop",
        "knife block on the counter, not involved",
        "RP SAYS HE IS SHOOTING HEROIN IN THE BATHROOM",
        "bought bug killer at the store",
        "SMOKING A CRACK PIPE IN THE STAIRWELL",
        "22 YOM AT UNIT 45",
        "67YOM CHEST PAIN AFTER SHOVELING SNOW",
        "collapsed while using a snow shovel in the driveway",
    ],
)
def test_language_word_senses_that_are_not_weapons(layer: LanguageLayer, text: str) -> None:
    assert _cues(layer, text, "weapon") == []


@pytest.mark.parametrize("text", ["RP SHOOTING HEROIN IN THE BATHROOM", "shooting up in the stairwell", "shot up meth last night"])
def test_language_injecting_drugs_is_drug_use(layer: LanguageLayer, text: str) -> None:
    """"Shooting" a drug names the drug use (substance), and no gun."""
    analysis = layer.analyze(text)
    assert analysis.resolved.get("substance") == "affirmed" and "weapon" not in analysis.resolved


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "...", "-- // --"])
def test_language_note_without_words_reads_as_nothing(layer: LanguageLayer, text: str) -> None:
    """A note with no word (empty, spaces, punctuation) is read, not a spaCy error: no cue,
    nothing situational, no violence words."""
    analysis = layer.analyze(text)
    assert analysis.cues == [] and not analysis.situational and analysis.risk_words == ["risk=none"]


def test_language_customer_refusing_to_leave_is_no_family_dispute(layer: LanguageLayer) -> None:
    assert _cues(layer, "customer refusing to leave the store, manager wants him trespassed", "family") == []


@pytest.mark.parametrize(
    ("text", "kind", "concept"),
    [
        ("NEIGHBOR KEEPS THREATENING TO JUMP RP OVER PARKING", "threat", "threat to others"),
        ("kicked a hole in his bedroom door", "property", "property destruction"),
        ("slammed his fist on the counter", "property", "property destruction"),
        ("husband threw a glass at her", "assault", "assault reported"),
        ("says bugs are crawling under his skin", "psychosis", "hallucinations"),
        ("nobody has seen him since friday", "welfare", "cannot be reached"),
        ("yelled at him and got no response", "medical", "unresponsive"),
        ("so drunk he can barely stand", "medical", "too intoxicated"),
        ("WILL NOT PUT DOWN THE STICK", "weapon", "blunt object"),
        ("EX BANGING ON RP'S DOOR, RP INSIDE", "family", "ex-partner"),
        ("says they are coming to take his organs", "psychosis", "delusions"),
        ("texted a friend that this is the last call i'm ever making", "suicide", "suicidal statement"),
    ],
)
def test_language_everyday_wordings(layer: LanguageLayer, text: str, kind: str, concept: str) -> None:
    """Everyday wordings read as what they say; "jump RP" is an assault threat, not a suicidal
    jump, and "kicked a hole in the door" damages property, it assaults nobody."""
    cues = layer.analyze(text).cues
    assert [(c.kind, c.concept, c.status) for c in cues if c.kind == kind] == [(kind, concept, "affirmed")]
    assert not any(c.kind in {"suicide", "assault"} - {kind} for c in cues)


def test_language_speaks_only_spanish_is_no_hallucination(layer: LanguageLayer) -> None:
    """"HABLA SOLO" is talking to oneself, "HABLA SOLO ESPAÑOL" only a language."""
    assert _cues(layer, "RP HABLA SOLO ESPAÑOL, LE ROBARON EL CARRO", "psychosis") == []
    assert _cues(layer, "SU HIJO HABLA SOLO EN EL CUARTO", "psychosis") != []


# --- updates ---------------------------------------------------------------------------

def test_language_update_adding_a_weapon_wins(layer: LanguageLayer) -> None:
    assert _status(layer, "NO WEAPONS ... UPD: NOW HAS A BAT", "weapon") == "affirmed"


def test_language_update_clearing_an_unknown_weapon_wins(layer: LanguageLayer) -> None:
    assert _status(layer, "UNK WEAPONS. ** RP CALLED BACK ** CONFIRMS NO WEAPONS", "weapon") == "negated"


def test_language_weapon_removed_in_an_update_is_historical(layer: LanguageLayer) -> None:
    text = "34YOM W/ KNIFE. 2215 HRS UPD- PT DROPPED THE KNIFE, NO WEAPONS NOW"
    assert _status(layer, text, "weapon") == "historical"
    assert layer.analyze(text).updates == 1


def test_language_cues_carry_their_span_and_segment(layer: LanguageLayer) -> None:
    text = "MALE YELLING. UPDATE - RP SAYS SUBJ W/ MACHETE"
    (cue,) = _cues(layer, text, "weapon")
    assert text[cue.start : cue.end] == cue.text == "MACHETE"
    assert cue.segment == 1 and cue.label() == "weapon: machete"


# --- normalization, masking, features --------------------------------------------------

def test_language_shorthand_and_spelled_out_give_the_same_words(layer: LanguageLayer) -> None:
    short = layer.analyze("RP STATES SUBJ W/ ETOH, HX OF OD, UNK WEAPONS")
    long = layer.analyze("reporting party states subject with alcohol, history of overdose, unknown weapons")
    assert short.words == long.words and short.cue_features == long.cue_features


def test_language_misspellings_are_normalized(layer: LanguageLayer) -> None:
    assert _status(layer, "PT IS SUCIDAL AND HALUCINATING", "suicide") == "affirmed"
    assert _status(layer, "PT IS SUCIDAL AND HALUCINATING", "psychosis") == "affirmed"


def test_language_demographic_descriptors_are_dropped(layer: LanguageLayer) -> None:
    a = layer.analyze("BLACK MALE, SPANISH SPEAKING, HEARING VOICES")
    b = layer.analyze("WHITE MALE, MUSLIM, HEARING VOICES")
    c = layer.analyze("MALE, HEARING VOICES")  # the same note without any descriptor
    assert a.words == b.words == c.words and a.masked_text == b.masked_text == c.masked_text
    assert "black" not in a.masked_text and "spanish" not in a.words


def test_language_removal_after_a_comma_still_counts(layer: LanguageLayer) -> None:
    assert _status(layer, "son had a kitchen knife a few minutes ago, mom took it away", "weapon") == "historical"
    assert _status(layer, "SUBJ TOOK THE KNIFE FROM THE DRAWER AND IS THREATENING", "weapon") == "affirmed"


def test_language_content_free_note_is_not_situational(layer: LanguageLayer) -> None:
    assert not layer.analyze("1234 MAIN ST APT 2, CALLBACK 555-0100, STAGE AT CORNER").situational
    assert layer.analyze("man asleep at bus stop, ETOH").situational


def test_language_negated_cue_becomes_distinct_features(layer: LanguageLayer) -> None:
    said, denied = layer.analyze("states he is suicidal"), layer.analyze("denies being suicidal")
    assert "cue=suicide:affirmed" in said.cue_features and "cue=suicide:negated" in denied.cue_features
    assert "suicidal" in said.words and "suicidal" not in denied.words


def test_language_layer_pickles_by_its_lexicon(layer: LanguageLayer) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(layer))
    assert again.lexicon.digest == layer.lexicon.digest
    assert again.analyze("NO WEAPONS").resolved == {"weapon": "negated"}


# --- the lexicon file ------------------------------------------------------------------

def test_lexicon_extension_adds_terms_without_code(tmp_path: Path) -> None:
    extra = tmp_path / "agency.yaml"
    extra.write_text("version: city-1\ncues:\n  weapon:\n    knife: [shank]\nshorthand:\n  wpn9: weapon\n")
    lexicon = load_lexicon([extra])
    assert lexicon.digest != load_lexicon().digest and lexicon.version.endswith("+city-1")
    analysis = LanguageLayer(lexicon).analyze("INMATE HAS A SHANK. NO WPN9 OTHERWISE")
    assert {(c.concept, c.status) for c in analysis.cues if c.kind == "weapon"} >= {("knife", "affirmed")}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("cues:\n  weapon: [knife]\n", "cues.weapon must map concepts"),
        ("colours: [red]\n", "unknown section(s) ['colours']"),
        ("triggers:\n  maybe_before: [perhaps]\n", "unknown trigger list triggers.maybe_before"),
        ("shorthand: [rp]\n", "'shorthand' must map words"),
        ("cues: [\n", "not valid YAML"),
        ("self_harm_objects:\n  max_words: many\n", "self_harm_objects.max_words must be a whole number"),
        ("self_harm_objects:\n  markers: with\n", "self_harm_objects.markers must be a list of words"),
        ("protocols:\n  codes:\n    twenty-five: psychiatric\n", "protocols.codes must map protocol numbers to names"),
        ("protocols:\n  context_questions:\n    - cue: suicide\n      questions: [intentional]\n",
         "protocols.context_questions[0] must have cue (kind|concept)"),
        ("protocols:\n  determinants: {}\n", "protocols: unknown key(s) ['determinants']"),
    ],
)
def test_lexicon_errors_name_file_and_section(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(LexiconError, match="bad.yaml") as info:
        load_lexicon([path])
    assert message in str(info.value)


def test_language_protocol_answer_negates_nothing_after_it(layer: LanguageLayer) -> None:
    analysis = layer.analyze("BREATHING: NO - LOCKED IN BATHROOM W/ TASER")
    assert analysis.resolved["weapon"] == "affirmed" and analysis.resolved["medical"] == "affirmed"


def test_language_assault_in_progress_vs_earlier(layer: LanguageLayer) -> None:
    now = _cues(layer, "HIS BROTHER IS ATTACKING HIM AT THIS TIME", "assault")
    earlier = _cues(layer, "SON WAS HITTING HIS MOM EARLIER, NOW CALM", "assault")
    assert [(c.concept, c.status) for c in now] == [("assault in progress", "affirmed")]
    assert [c.status for c in earlier] == ["historical"]


def test_language_inserting_a_descriptor_sentence_changes_no_feature(layer: LanguageLayer) -> None:
    base = layer.analyze("RP STATES DRUNK, YELLING")
    for variant in ("SOMALI SPEAKING. RP STATES DRUNK, YELLING", "RP STATES DRUNK, YELLING WHITE FEMALE."):
        other = layer.analyze(variant)
        assert (other.words, other.masked_text, other.cue_features) == (base.words, base.masked_text, base.cue_features)


def test_language_a_statement_before_an_update_is_not_a_question(layer: LanguageLayer) -> None:
    assert _status(layer, "OFF MEDS X2 WKS. NEG WEAPONS. UPD: CALM NOW", "weapon") == "negated"
    assert _status(layer, "NO WEAPONS. UPDATE: RP SAYS HE IS PACING", "weapon") == "negated"


# --- risk words: what the note says about violence, and nothing else -------------------

CRISIS_WORDINGS = ("TOOK A BOTTLE OF PILLS", "SAYS HE WANTS TO DIE", "HEARING VOICES")


@pytest.mark.parametrize(
    "template",
    [
        "RP STATES SUBJ {}, HAS A KNIFE IN HAND",
        "SUBJ IN KITCHEN {} AND HAS A KNIFE",
        "NO WEAPONS, {}",
        "{}. VIOLENT: NO WEAPONS: UNK",
        "ADULT SON {} AND THREATENING TO HURT HIS MOTHER, NOT COMBATIVE",
        "SUBJ {} UPD: NOW HOLDING A BAT",
        "caller says her roommate {}, calm and cooperative",
        "{}",
        "RP STATES SUBJ {}. MEET RP AT FRONT DOOR",
    ],
)
def test_layer_risk_words_ignore_crisis_wording(layer: LanguageLayer, template: str) -> None:
    overdose, suicide, voices = (layer.analyze(template.format(w)).risk_words for w in CRISIS_WORDINGS)
    assert overdose == suicide == voices


def test_layer_note_without_violence_cue_has_risk_none(layer: LanguageLayer) -> None:
    for text in ("TOOK A BOTTLE OF PILLS, BREATHING: NO", "hearing voices, off meds", "1234 MAIN ST, CALLBACK"):
        analysis = layer.analyze(text)
        assert analysis.risk_words == ["risk=none"] and not analysis.has_violence_cue
    negated = layer.analyze("NO WEAPONS, HEARING VOICES")
    assert negated.has_violence_cue and negated.risk_words != ["risk=none"]


def test_layer_risk_words_carry_violence_status_only(layer: LanguageLayer) -> None:
    armed = layer.analyze("DENIES SI, HAS A KNIFE IN HAND").risk_words
    unarmed = layer.analyze("DENIES SI, NO KNIFE").risk_words
    assert {"knife", "cue=weapon.knife:affirmed", "res=weapon:affirmed"} <= set(armed)
    assert {"neg_knife", "cue=weapon.knife:negated", "res=weapon:negated"} <= set(unarmed)
    assert not [w for w in armed + unarmed if "suicid" in w or w.startswith(("cue=suicide", "res=suicide"))]


def test_layer_risk_words_drop_demographic_descriptors(layer: LanguageLayer) -> None:
    notes = ("SUBJ WITH A KNIFE, HEARING VOICES", "SUBJ BLACK MALE WITH A KNIFE, HEARING VOICES",
             "SUBJ WHITE FEMALE WITH A KNIFE. HEARING VOICES")
    plain, black, white = (layer.analyze(n).risk_words for n in notes)
    assert plain == black == white and "knife" in plain


# --- an update marker ends a clause, with or without punctuation before it -------------

@pytest.mark.parametrize(
    ("text", "kind", "status"),
    [
        ("NO WEAPON SEEN UPD: CALLER STILL ON LINE", "weapon", "negated"),
        ("NO WEAPON SEEN UPD CALLER STILL ON LINE", "weapon", "negated"),
        ("DENIES SI UPD: RP STILL ON LINE", "suicide", "negated"),
        ("UNK IF ARMED UPDATE: RP CALLED BACK", "weapon", "uncertain"),
        ("WEAPONS: UNK UPD: CALLER STILL ON LINE", "weapon", "uncertain"),
        ("WEAPONS: UNK", "weapon", "uncertain"),
        ("NO WEAPONS UPD: NOW HAS A KNIFE", "weapon", "affirmed"),
        ("NOT SUICIDAL ** UPD ** RP ADVS PT CALM", "suicide", "negated"),
    ],
)
def test_components_update_marker_ends_assertion_scope(layer: LanguageLayer, text: str, kind: str, status: str) -> None:
    assert _status(layer, text, kind) == status


def test_components_update_after_a_bare_question_leaves_it_blank(layer: LanguageLayer) -> None:
    cues = _cues(layer, "WEAPONS: UPD: HAS A KNIFE", "weapon")
    assert [(c.concept, c.status, c.segment) for c in cues] == [("knife", "affirmed", 1)]


def test_layer_negation_reach_stops_at_an_update(layer: LanguageLayer) -> None:
    words = layer.analyze("NO WEAPON SEEN UPD: CALLER STILL ON LINE").words
    assert "neg_seen" in words and "caller" in words and "neg_caller" not in words


# --- a gunshot stated as a verb, threats against oneself, objects used for self-harm ---

def _weapons(layer: LanguageLayer, text: str) -> list[tuple[str, str]]:
    return [(c.concept, c.status) for c in _cues(layer, text, "weapon")]


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("SHOT HIMSELF IN THE GARAGE", "gunshot wound"),
        ("RP STATES HER SON GOT SHOT OUTSIDE THE BAR", "gunshot wound"),
        ("male was shot in the leg, conscious", "gunshot wound"),
        ("GSW TO LEFT SHOULDER", "gunshot wound"),
        ("gunshot wound to the chest, caller doing CPR", "gunshot wound"),
        ("SHOTS FIRED NEAR THE PARK", "shots fired"),
    ],
)
def test_lexicon_gunshot_verbs_are_an_affirmed_weapon(layer: LanguageLayer, text: str, concept: str) -> None:
    assert (concept, "affirmed") in _weapons(layer, text)
    assert _status(layer, text, "weapon") == "affirmed"


def test_components_self_inflicted_gunshot_is_a_weapon_and_a_suicide_attempt(layer: LanguageLayer) -> None:
    analysis = layer.analyze("SHOT HIMSELF IN THE HEAD, WIFE ON SCENE")
    assert analysis.resolved["weapon"] == "affirmed" and analysis.resolved["suicide"] == "affirmed"
    assert {c.label() for c in analysis.cues} >= {"weapon: gunshot wound", "suicide: suicide attempt"}


@pytest.mark.parametrize(
    "text",
    [
        "got his flu shot yesterday, now dizzy",
        "had a shot of tequila and fell",
        "SHOOTING HEROIN IN THE STAIRWELL",
        "shot up heroin about an hour ago",
        "kids shooting hoops in the driveway, ball in the street",
        "thinks he was shot by lasers from the neighbors house",
        "says he's been shot with radio waves all night",
    ],
)
def test_lexicon_shot_in_other_senses_is_no_weapon(layer: LanguageLayer, text: str) -> None:
    assert _weapons(layer, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "THREATENING TO KILL HERSELF",
        "caller says her brother is threatening suicide",
        "threatened to jump off the overpass",
        "RP STATES SON THREATENING TO HURT HIMSELF",
        "PT THREATENING TO OD ON HER MEDS",
    ],
)
def test_lexicon_threat_against_oneself_is_suicidal_not_a_threat(layer: LanguageLayer, text: str) -> None:
    analysis = layer.analyze(text)
    assert analysis.resolved.get("suicide") == "affirmed"
    assert "threat" not in analysis.resolved


def test_lexicon_threat_against_oneself_and_others_is_both(layer: LanguageLayer) -> None:
    analysis = layer.analyze("SUBJ THREATENING TO KILL HIMSELF AND OTHERS")
    assert analysis.resolved.get("suicide") == "affirmed" and analysis.resolved.get("threat") == "affirmed"


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("cutting his arm with a piece of glass", "sharp object"),
        ("cutting herself with a razor in the bathroom", "knife"),
        ("CUTTING HER WRIST WITH A CAN LID", "sharp object"),
        ("cut her wrists in the bathroom with a broken mirror", "sharp object"),
        ("cutting himself with scissors", "sharp object"),
        ("cutting herself with the lid of a tin can", "object used for self-harm"),
        ("SELF HARMING W/ A PAPERCLIP, BLEEDING", "object used for self-harm"),
        ("cutting on her arms using a bottle cap", "object used for self-harm"),
    ],
)
def test_objects_used_for_self_harm_are_an_affirmed_weapon(layer: LanguageLayer, text: str, concept: str) -> None:
    assert (concept, "affirmed") in _weapons(layer, text)


@pytest.mark.parametrize(
    "text",
    [
        "cutting herself with her mom watching, minor cuts",
        "tried to kill himself with pills",
        "self harm with no injuries per RP",
        "cut his arm on a fence, bleeding",
    ],
)
def test_objects_words_after_self_harm_that_name_no_object(layer: LanguageLayer, text: str) -> None:
    assert _weapons(layer, text) == []


def test_objects_self_harm_object_from_earlier_is_historical(layer: LanguageLayer) -> None:
    assert _weapons(layer, "cut herself with a can lid last week") == [("sharp object", "historical")]


# --- delusions are psychosis, not poisoning and not a weapon ---------------------------

@pytest.mark.parametrize(
    "text",
    [
        "thinks neighbor is poisoning her food",
        "says the government put cameras in his walls",
        "believes he was shot by a laser",
        "says he's been shot with radio waves",
        "THINKS NEIGHBORS PUT CAMERAS IN WALLS",
        "says god is talking to him through the radio",
        "YELLING ABOUT THE CIA AT THE BUS STOP",
        "SAYS THE DEVIL TOLD HIM TO DO IT",
    ],
)
def test_lexicon_delusions_are_affirmed_psychosis(layer: LanguageLayer, text: str) -> None:
    analysis = layer.analyze(text)
    assert analysis.resolved.get("psychosis") == "affirmed"
    assert "medical" not in analysis.resolved and "weapon" not in analysis.resolved


def test_components_belief_verbs_still_put_a_weapon_in_doubt(layer: LanguageLayer) -> None:
    assert _status(layer, "RP THINKS HE HAS A GUN", "weapon") == "uncertain"
    assert _status(layer, "believes she took pills", "medical") == "uncertain"


def test_lexicon_self_harm_objects_must_follow_a_known_concept(tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    path.write_text("self_harm_objects:\n  after: [suicide|self harm]\n")  # the concept is "self-harm"
    with pytest.raises(LexiconError, match=r"after names no cue concept: \['suicide\|self harm'\]"):
        load_lexicon([path])


# --- protocol software text ------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("25A01", "psychiatric/suicide attempt (25)"),
        ("25-B-3 SUBJ PACING", "psychiatric/suicide attempt (25)"),
        ("23C01", "overdose/poisoning (23)"),
        ("(17A02) FELL IN KITCHEN", "falls (17)"),
        ("10-D-4.", "chest pain (10)"),
        ("Determinant: 29B01", "traffic incident (29)"),
        ("CODE 26-A-1-G", "sick person (26)"),
        ("Chief Complaint: Psychiatric/Abnormal Behavior/Suicide Attempt", "psychiatric/suicide attempt (25)"),
    ],
)
def test_protocols_determinant_codes_and_titles_are_protocol_cues(layer: LanguageLayer, text: str, concept: str) -> None:
    protocol = _cues(layer, text, "protocol")
    assert [(c.concept, c.status) for c in protocol] == [(concept, "affirmed")]
    assert layer.analyze(text).situational


@pytest.mark.parametrize("text", ["25-B-3", "25B03", "25b3", "25-B-03", "25B3"])
def test_protocols_every_spelling_of_a_code_gives_the_same_words(layer: LanguageLayer, text: str) -> None:
    assert layer.analyze(text).words == ["protocol_25", "acuity_b"]


def test_protocols_codes_keep_their_number_and_span(layer: LanguageLayer) -> None:
    text = "Determinant: 17-A-1 80YOF FELL"
    analysis = layer.analyze(text)
    assert "protocol_17" in analysis.words and "protocol_17" in analysis.masked_text
    (cue,) = _cues(layer, text, "protocol")
    assert cue.text == "17-A-1" and cue.label() == "protocol: falls (17)"


def test_protocols_title_is_not_a_suicide_attempt(layer: LanguageLayer) -> None:
    analysis = layer.analyze("Chief Complaint: Psychiatric/Abnormal Behavior/Suicide Attempt. PT CALM")
    assert "suicide" not in analysis.resolved


@pytest.mark.parametrize(
    "text",
    ["APT 25A 1ST FLOOR", "CALLBACK 555-0100", "10-4 ON SCENE", "UNIT 25B PARKED"],
)
def test_protocols_numbers_that_are_not_codes(layer: LanguageLayer, text: str) -> None:
    analysis = layer.analyze(text)
    assert not [w for w in analysis.words if w.startswith("protocol_")] and not analysis.cues


@pytest.mark.parametrize(
    ("text", "resolved"),
    [
        ("23C01 INTENTIONAL: YES", {"protocol": "affirmed", "suicide": "affirmed"}),
        ("23-C-1 INTENTIONAL: NO", {"protocol": "affirmed", "suicide": "negated"}),
        ("TOOK A BOTTLE OF PILLS. INTENTIONAL: UNK", {"medical": "affirmed", "suicide": "uncertain"}),
        ("FELL OFF A LADDER, INTENTIONAL: YES", {"incident": "affirmed"}),
        ("VIOLENT: NO", {"aggression": "negated"}),
        ("Violent: No; Weapons: Unk", {"aggression": "negated", "weapon": "uncertain"}),
        ("CONSCIOUS: NO BREATHING: NO", {"medical": "affirmed"}),
        ("CONSCIOUS: YES BREATHING: YES", {}),
    ],
)
def test_protocols_answers_read_right(layer: LanguageLayer, text: str, resolved: dict[str, str]) -> None:
    assert layer.analyze(text).resolved == resolved


def test_protocols_every_answer_is_its_own_cue(layer: LanguageLayer) -> None:
    cues = _cues(layer, "CONSCIOUS: NO BREATHING: NO", "medical")
    assert [(c.concept, c.status) for c in cues] == [("unresponsive", "affirmed"), ("breathing", "affirmed")]
    assert layer.analyze("ALERT: NO BREATHING: YES").words == ["alert", "no", "breathing", "yes"]


def test_protocols_code_of_an_unknown_protocol_is_words_only(layer: LanguageLayer) -> None:
    analysis = layer.analyze("99B01")
    assert analysis.words == ["protocol_99", "acuity_b"] and not analysis.cues


def test_lexicon_protocol_title_needs_a_code(tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    path.write_text("protocols:\n  titles:\n    88: [welfare check]\n")
    with pytest.raises(LexiconError, match=r"protocols name numbers without a code: \[88\]"):
        load_lexicon([path])


def test_lexicon_agency_adds_a_protocol_code(tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    path.write_text("protocols:\n  codes:\n    60: gas leak\n")
    (cue,) = [c for c in LanguageLayer(load_lexicon([path])).analyze("60-C-1 ODOR OF GAS").cues if c.kind == "protocol"]
    assert cue.concept == "gas leak (60)"



# --- cue labels say what was said --------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("NO WEAPONS SEEN", "negated weapon: weapon (kind not stated)"),
        ("UNK IF ARMED", "uncertain weapon: armed"),
        ("SMOKE SHOWING FROM THE ROOF", "incident: smoke"),
        ("FIRE ALARM ACTIVATION, ZONE 4", "incident: alarm"),
        ("2 VEH MVA, BLOCKING LANE", "incident: traffic collision"),
        ("80YOF FELL IN THE KITCHEN", "incident: fall"),
        ("LOUD MUSIC FROM APT 3B", "incident: noise"),
        ("crying, just lost her job", "distress: crying"),
        ("says she feels hopeless", "distress: depression"),
        ("overwhelmed, can't cope with the kids", "distress: overwhelmed"),
        ("ex-boyfriend banging on the door", "family: ex-partner"),
        ("15YO REFUSING SCHOOL", "family: school refusal"),
        ("custody exchange gone wrong", "family: custody"),
        ("HASNT ANSWERED DOOR IN 3 DAYS", "welfare: cannot be reached"),
        ("elderly female confused in the roadway", "welfare: confused/wandering"),
        ("man lying on the sidewalk not moving", "welfare: lying in public"),
        ("homeless man in the cold without a coat", "welfare: exposed/unhoused"),
    ],
)
def test_cues_labels_name_what_was_said(layer: LanguageLayer, text: str, label: str) -> None:
    assert label in [c.label() for c in layer.analyze(text).cues]


def test_lexicon_no_concept_just_repeats_its_kind() -> None:
    cues = load_lexicon().data["cues"]
    assert [f"{kind}: {concept}" for kind, concepts in cues.items() for concept in concepts if concept == kind] == []


def test_lexicon_keeps_the_concepts_the_safety_rules_read() -> None:
    cues = load_lexicon().data["cues"]
    assert {"gun", "knife", "machete", "blunt object", "sharp object", "other weapon", "shots fired"} <= set(cues["weapon"])
    assert {"assault in progress", "assault reported"} <= set(cues["assault"])
    assert {"overdose", "unresponsive", "breathing", "seizure", "bleeding", "too intoxicated", "injury"} <= set(cues["medical"])


# --- contractions, refusals and what counts as an answer --------------------------------

@pytest.mark.parametrize("text", ["CAN'T STAND", "CANT STAND", "can't stand", "cant stand", "Cannot stand"])
def test_components_contractions_read_alike_in_any_case(layer: LanguageLayer, text: str) -> None:
    analysis = layer.analyze(text)
    assert analysis.words[:2] == ["can", "not"] and analysis.resolved == {"medical": "affirmed"}


def test_components_upper_case_contractions_still_find_cues(layer: LanguageLayer) -> None:
    assert _status(layer, "HASNT ANSWERED DOOR IN 3 DAYS", "welfare") == "affirmed"
    assert _status(layer, "WONT WAKE UP", "medical") == "affirmed"
    assert layer.analyze("WONT WAKE UP").words == layer.analyze("won't wake up").words


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("HE WONT PUT DOWN THE KNIFE", "affirmed"),
        ("REFUSES TO PUT DOWN THE KNIFE", "affirmed"),
        ("WILL NOT DROP THE GUN", "affirmed"),
        ("HAS NOT DROPPED THE BAT", "affirmed"),
        ("SUBJ PUT DOWN THE KNIFE", "historical"),
        ("SUBJ HAS A KNIFE NOT MAKING SENSE", "affirmed"),
        ("has a knife, no one hurt", "affirmed"),
        ("HAS A GUN NOT ANSWERING HIS PHONE", "affirmed"),
        ("WEAPONS NO", "negated"),
        ("WEAPONS NEG PER RP", "negated"),
        ("KNIFE NOT SEEN", "negated"),
    ],
)
def test_components_refusals_and_next_clauses_do_not_negate_a_weapon(layer: LanguageLayer, text: str, status: str) -> None:
    assert _status(layer, text, "weapon") == status


def test_objects_weapon_in_use_is_in_hand_wherever_it_is(layer: LanguageLayer) -> None:
    assert _weapons(layer, "17YOF CUTTING HER ARM WITH A PIECE OF GLASS IN HER ROOM") == [("sharp object", "affirmed")]
    assert _weapons(layer, "cutting herself with a razor in the bathroom") == [("knife", "affirmed")]
    assert _weapons(layer, "HAS A KNIFE IN HIS ROOM") == [("knife", "uncertain")]


# --- what a note says about violence, in the words notes use --------------------------

@pytest.mark.parametrize(
    ("text", "kind", "status"),
    [
        ("SAID SHE WAS GOING TO BEAT UP HER SISTER", "threat", "affirmed"),
        ("YELLING THREATS AT HIS MOM", "threat", "affirmed"),
        ("TOLD RP HE WOULD HURT THE NEIGHBOR", "threat", "affirmed"),
        ("THREATENED TO BURN THE HOUSE DOWN", "threat", "affirmed"),
        ("PRIOR DV CALLS AT THIS ADDRESS", "violence_history", "affirmed"),
        ("KNOWN TO FIGHT OFFICERS", "violence_history", "affirmed"),
        ("HAS A PROTECTIVE ORDER AGAINST HIM", "violence_history", "affirmed"),
        ("THREW A CHAIR THROUGH THE WINDOW", "property", "affirmed"),
        ("KICKING IN DOORS", "property", "affirmed"),
        ("LUNGED AT STAFF AND HAD TO BE PULLED AWAY", "aggression", "affirmed"),
        ("RP HEARS SOUNDS OF HITTING RIGHT NOW", "assault", "affirmed"),
        ("STAFF STRUCK BY PT", "assault", "affirmed"),
        ("SON FIRED A ROUND INTO THE CEILING", "weapon", "affirmed"),
        ("HAS CCW", "weapon", "uncertain"),
        ("Has carry permit, unk if carrying", "weapon", "uncertain"),
        ("ALWAYS CARRIES A MEAT CLEAVER", "weapon", "uncertain"),
        ("ONE OF THE KITCHEN KNIVES IS MISSING", "weapon", "uncertain"),
        ("UNARMED", "weapon", "negated"),
        ("NOT VIOLENT OR COMBATIVE", "aggression", "negated"),
        ("NO THREATS OR WEAPONS", "weapon", "negated"),
    ],
)
def test_lexicon_violence_in_the_words_notes_use(layer: LanguageLayer, text: str, kind: str, status: str) -> None:
    assert _status(layer, text, kind) == status


@pytest.mark.parametrize(
    "text",
    [
        "STABBING CHEST PAIN, 60YOM",
        "PED STRUCK BY A CAR",
        "TRUCK STRUCK A POLE, NO INJURIES",
        "CHOKING ON FOOD, NOW BREATHING",
        "siblings fighting over chores",
        "KNIVES ARE IN KITCHEN, SHE HASNT TOUCHED THEM",
        "hand lac from a knife while cooking",
        "got ripped off by a contractor",
        "SAYS THE NEIGHBORS ARE GOING TO SHOOT HIM",
        "SAYS HE HAS BEEN SHOT BY SATELLITES, NO INJURIES SEEN",
        "NON-COMBATIVE, SITTING ON THE CURB",
    ],
)
def test_lexicon_words_that_look_violent_but_are_not(layer: LanguageLayer, text: str) -> None:
    violent = [c.label() for c in layer.analyze(text).cues if c.kind in VIOLENCE_KINDS - {"protective"}]
    assert violent == []


@pytest.mark.parametrize(
    "text",
    ["STATING SHE WANTS TO KILL HERSELF", "said he would kill himself", "SAYS HE IS GOING TO HURT HIMSELF"],
)
def test_components_threat_turned_on_oneself_is_suicidal(layer: LanguageLayer, text: str) -> None:
    assert layer.analyze(text).resolved == {"suicide": "affirmed"}


def test_components_not_threatening_negates_no_weapon_after_it(layer: LanguageLayer) -> None:
    analysis = layer.analyze("NOT THREATENING IN KITCHEN HOLDING RAZOR BLADE")
    assert analysis.resolved["weapon"] == "affirmed" and analysis.resolved["protective"] == "affirmed"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("UNK IF WEAPONS / 1828: UPD: NEG WEAPONS CONFIRMED", "negated"),
        ("POSS ARMED | UPDATE FROM RP: NO WEAPONS PER RP", "negated"),
        ("WEAPONS INVOLVED: UNK / ADDL INFO: NO WEAPONS AFTER RP CHECKED", "negated"),
        ("CHIEF COMPLAINT: NO WEAPONS", "negated"),
        ("WEAPONS: N. PETS: YES", "negated"),
        ("PETS: NO WEAPONS: UNK", "uncertain"),
        ("W/O ANY WEAPONS, INTENTIONAL: ACCIDENTAL", "negated"),
    ],
)
def test_assertion_update_headers_and_answers(layer: LanguageLayer, text: str, status: str) -> None:
    assert _status(layer, text, "weapon") == status


# --- a little Spanish: cues of the same kinds, with and without accents -----------------

@pytest.mark.parametrize(
    ("text", "kind", "concept"),
    [
        ("RP DICE QUE SU HIJO SE QUIERE MATAR", "suicide", "suicidal statement"),
        ("hermano suicida, encerrado en el baño", "suicide", "suicidal statement"),
        ("quiere matarse", "suicide", "suicidal statement"),
        ("dice que quiere morir", "suicide", "suicidal statement"),
        ("SE QUIERE SUICIDAR", "suicide", "suicidal statement"),
        ("INTENTO DE SUICIDIO", "suicide", "suicide attempt"),
        ("se cortó las venas en el baño", "suicide", "suicide attempt"),
        ("SE CORTO LAS VENAS", "suicide", "suicide attempt"),
        ("escucha voces", "psychosis", "hallucinations"),
        ("OYE VOCES EN LA PARED", "psychosis", "hallucinations"),
        ("esta alucinando", "psychosis", "hallucinations"),
        ("HABLA SOLA EN LA CALLE", "psychosis", "hallucinations"),
        ("muy paranoica", "psychosis", "delusions"),
        ("está fuera de sí", "psychosis", "disorganized"),
        ("ESTA FUERA DE SI", "psychosis", "disorganized"),
        ("borracho en la parada del bus", "substance", "alcohol"),
        ("ESTA EBRIA", "substance", "alcohol"),
        ("muy tomado", "substance", "alcohol"),
        ("drogado, usando drogas", "substance", "drugs"),
        ("SOBREDOSIS DE HEROÍNA", "medical", "overdose"),
        ("NO RESPONDE", "medical", "unresponsive"),
        ("inconsciente en el piso", "medical", "unresponsive"),
        ("NO RESPIRA", "medical", "breathing"),
        ("sangrando de la cabeza", "medical", "bleeding"),
        ("CONVULSIONES", "medical", "seizure"),
        ("tiene un cuchillo", "weapon", "knife"),
        ("CON UNA NAVAJA", "weapon", "knife"),
        ("tiene una pistola", "weapon", "gun"),
        ("TIENE UN MACHETE", "weapon", "machete"),
        ("AMENAZA CON MATAR A SU HERMANO", "threat", "threat to others"),
        ("esta amenazando a la familia", "threat", "threat to others"),
        ("SU ESPOSO ESTA PEGÁNDOLE", "assault", "assault in progress"),
        ("le esta pegandole", "assault", "assault in progress"),
        ("golpeando a su esposa", "assault", "assault in progress"),
        ("DISCUTIENDO CON SU ESPOSO", "family", "argument"),
        ("pelea de pareja", "family", "argument"),
        ("SU ESPOSA LLAMO", "family", "family members"),
        ("señora confundida", "welfare", "confused/wandering"),
        ("perdido, no sabe dónde está", "welfare", "confused/wandering"),
        ("NO SABE DONDE ESTA", "welfare", "confused/wandering"),
        ("llorando", "distress", "crying"),
        ("ATAQUE DE PÁNICO", "distress", "panic"),
        ("ataque de panico", "distress", "panic"),
        ("MUCHA ANSIEDAD", "distress", "anxiety"),
    ],
)
def test_spanish_cues_of_every_kind(layer: LanguageLayer, text: str, kind: str, concept: str) -> None:
    assert (concept, "affirmed") in {(c.concept, c.status) for c in _cues(layer, text, kind)}


@pytest.mark.parametrize(
    ("accented", "plain"),
    [
        ("se cortó las venas", "se corto las venas"),
        ("ATAQUE DE PÁNICO, NO SABE DÓNDE ESTÁ", "ATAQUE DE PANICO, NO SABE DONDE ESTA"),
        ("le está pegándole", "le esta pegandole"),
    ],
)
def test_spanish_accents_change_nothing(layer: LanguageLayer, accented: str, plain: str) -> None:
    a, b = layer.analyze(accented), layer.analyze(plain)
    assert a.words == b.words and a.cue_features == b.cue_features and a.cues


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("NO HAY ARMAS", "negated"),
        ("sin armas", "negated"),
        ("no tiene armas", "negated"),
        ("ARMAS: NO", "negated"),
        ("no hay amenazas ni armas", "negated"),
        ("NO SABE SI TIENE ARMAS", "uncertain"),
        ("no sabe si tiene un cuchillo", "uncertain"),
        ("tal vez tiene un arma", "uncertain"),
        ("PUEDE TENER UNA PISTOLA", "uncertain"),
        ("tiene un cuchillo en la mano", "affirmed"),
        ("ARMAS: SI", "affirmed"),
        ("ARMAS: SÍ - CUCHILLO", "affirmed"),
        ("ESTA ARMADO", "affirmed"),
    ],
)
def test_spanish_weapon_negation_and_uncertainty(layer: LanguageLayer, text: str, status: str) -> None:
    assert _status(layer, text, "weapon") == status


@pytest.mark.parametrize("text", ["NO SABE SI TIENE ARMAS", "ARMAS: SI", "armas: sí", "dice que si", "no se si tiene"])
def test_spanish_si_is_not_suicidal_ideation(layer: LanguageLayer, text: str) -> None:
    analysis = layer.analyze(text)
    assert "suicide" not in analysis.resolved and "suicidal" not in analysis.words


@pytest.mark.parametrize(
    ("text", "status"),
    [("PT DENIES SI", "negated"), ("HX SI", "historical"), ("PT HAS SI", "affirmed"), ("+SI W/ PLAN", "affirmed")],
)
def test_spanish_exception_leaves_english_si_alone(layer: LanguageLayer, text: str, status: str) -> None:
    assert _status(layer, text, "suicide") == status


def test_spanish_gender_of_the_subject_changes_no_word(layer: LanguageLayer) -> None:
    she = layer.analyze("ESTA BORRACHA Y PARANOICA, CONFUNDIDA, HABLA SOLA")
    he = layer.analyze("ESTA BORRACHO Y PARANOICO, CONFUNDIDO, HABLA SOLO")
    assert she.words == he.words and she.cue_features == he.cue_features
    assert {"substance", "psychosis", "welfare"} <= set(she.resolved)


def test_spanish_words_are_not_demographic_descriptors(layer: LanguageLayer) -> None:
    said = layer.analyze("SPANISH SPEAKING, ESCUCHA VOCES, NO HAY ARMAS")
    assert said.words == layer.analyze("ESCUCHA VOCES, NO HAY ARMAS").words
    assert {"escucha", "voces", "neg_armas"} <= set(said.words) and "spanish" not in said.words


def test_spanish_threat_against_oneself_is_suicidal(layer: LanguageLayer) -> None:
    assert layer.analyze("AMENAZANDO CON MATARSE").resolved == {"suicide": "affirmed"}
    assert layer.analyze("amenaza con matar a su esposa").resolved.get("threat") == "affirmed"


def test_spanish_object_used_for_self_harm(layer: LanguageLayer) -> None:
    assert _weapons(layer, "se cortó las venas con un vidrio") == [("object used for self-harm", "affirmed")]
    assert _weapons(layer, "SE CORTO LAS VENAS CON UN PEDAZO DE VIDRIO") == [("sharp object", "affirmed")]


# --- suicide attempts by hanging, jumping, traffic ---------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "ATTEMPTED HANGING, PT BREATHING",
        "hanging attempt in the garage",
        "FOUND HANGING IN CLOSET",
        "wife found him hanging, cut him down",
        "CUT DOWN BY FAMILY PRIOR TO ARRIVAL",
        "LIGATURE AROUND NECK",
        "TRIED TO HANG HIMSELF WITH A BELT",
        "jumped from the overpass onto the freeway",
        "STEPPED IN FRONT OF A BUS",
    ],
)
def test_lexicon_suicide_attempts_by_other_means(layer: LanguageLayer, text: str) -> None:
    assert ("suicide attempt", "affirmed") in {(c.concept, c.status) for c in _cues(layer, text, "suicide")}


@pytest.mark.parametrize(
    "text",
    ["kids hanging out in the park after dark", "city crew cut down a tree, blocking the road",
     "says he wants to cut down on drinking", "juvenile jumped off the fence and ran"],
)
def test_lexicon_hanging_and_jumping_in_other_senses(layer: LanguageLayer, text: str) -> None:
    assert _cues(layer, text, "suicide") == []


# --- drug paraphernalia and signs: a person's use, or a hazard to clear -----------------

@pytest.mark.parametrize(
    "text",
    [
        "MALE SLUMPED IN CAR, NEEDLE NEXT TO HIM",
        "syringe in his arm",
        "TRACK MARKS ON BOTH ARMS",
        "nodding at the bus stop",
        "BURNT FOIL AND A LIGHTER NEXT TO HER",
    ],
)
def test_lexicon_drug_signs_on_a_person_are_drug_use(layer: LanguageLayer, text: str) -> None:
    analysis = layer.analyze(text)
    assert analysis.resolved.get("substance") == "affirmed" and "incident" not in analysis.resolved


@pytest.mark.parametrize(
    "text",
    [
        "SYRINGES FOUND IN THE PARK",
        "needles in the playground, need disposal",
        "used needles on the sidewalk by the school",
        "RP FOUND A NEEDLE IN THE GRASS, REQ PICKUP",
    ],
)
def test_lexicon_discarded_needles_are_a_hazard_not_drug_use(layer: LanguageLayer, text: str) -> None:
    analysis = layer.analyze(text)
    assert "substance" not in analysis.resolved
    assert "incident: discarded needles" in [c.label() for c in analysis.cues]


def test_lexicon_opioid_signs_are_an_overdose(layer: LanguageLayer) -> None:
    analysis = layer.analyze("NARCAN GIVEN, PINPOINT PUPILS")
    assert [c.concept for c in analysis.cues] == ["overdose", "overdose"] and analysis.resolved == {"medical": "affirmed"}
    assert layer.analyze("nodding his head yes, alert and talking").cues == []


# --- misreads seen in ordinary calls ------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "cut his thumb with a kitchen knife while cooking",
        "CUT HIS THUMB W/ KITCHEN KNIFE WHILE COOKING, BLEEDING CONTROLLED",
        "cut himself with a kitchen knife while cooking",
        "ACCIDENTALLY CUT HERSELF WITH A KNIFE",
        "sliced her finger on a knife while cutting vegetables",
        "LAC TO FINGER FROM KITCHEN KNIFE",
        "se cortó el dedo con un cuchillo cocinando",
    ],
)
def test_objects_cooking_injury_is_no_weapon(layer: LanguageLayer, text: str) -> None:
    analysis = layer.analyze(text)
    assert not analysis.has_violence_cue and "suicide" not in analysis.resolved
    assert "medical: accidental cut" in [c.label() for c in analysis.cues]


@pytest.mark.parametrize(
    ("text", "weapons"),
    [
        ("cut herself with a knife, not accidentally", [("knife", "affirmed")]),
        ("cut herself with a knife while her mom was asleep", [("knife", "affirmed")]),
        ("son cut his finger on a knife while fighting with his brother", [("knife", "affirmed")]),
        ("accidentally cut himself with a knife, now threatening his wife", [("knife", "affirmed")]),
    ],
)
def test_objects_accident_rule_keeps_a_weapon_it_cannot_explain(
    layer: LanguageLayer, text: str, weapons: list[tuple[str, str]]
) -> None:
    assert _weapons(layer, text) == weapons


@pytest.mark.parametrize("text", ["SHOOTING PAIN DOWN HIS LEFT LEG", "shooting pains in her arm", "STABBING CHEST PAIN"])
def test_lexicon_shooting_and_stabbing_pain_are_medical_complaints(layer: LanguageLayer, text: str) -> None:
    analysis = layer.analyze(text)
    assert analysis.resolved == {"incident": "affirmed"} and not analysis.has_violence_cue


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("10-50 PD W/ KNIFE IN VEH", "affirmed"),
        ("10-50 PD DRIVER HAS A GUN", "affirmed"),
        ("TC PD ONLY KNIFE ON THE SEAT", "affirmed"),
        ("MVA PD, DRIVER W GUN", "affirmed"),
        ("PDO, DRIVER PULLED A KNIFE", "affirmed"),
        ("SEND POLICE HE HAS A GUN", "affirmed"),
        ("CALL PD SUBJ HAS A KNIFE", "affirmed"),
        ("POLICE SAY SUBJ HAS KNIFE", "affirmed"),
        ("PD ON SCENE WITH GUN DRAWN", "other"),
        ("OFFICER'S GUN IS IN THE CAR", "other"),
        ("SECURITY HAS PEPPER SPRAY", "other"),
    ],
)
def test_assertion_only_an_officers_weapon_is_someone_elses(layer: LanguageLayer, text: str, status: str) -> None:
    assert _status(layer, text, "weapon") == status


def test_lexicon_property_damage_only_is_a_traffic_collision(layer: LanguageLayer) -> None:
    assert "incident: traffic collision" in [c.label() for c in layer.analyze("PDO IN THE PARKING LOT").cues]


@pytest.mark.parametrize(
    "text",
    ["BEHAVING NORMALLY: NO", "13-C-1 DIABETIC, BEHAVING NORMALLY: NO, CONSCIOUS: YES",
     "28-C-1 STROKE SYMPTOMS, BEHAVING NORMALLY: NO"],
)
def test_protocols_behaving_normally_is_no_behavioral_cue(layer: LanguageLayer, text: str) -> None:
    behavioral = {"suicide", "psychosis", "substance", "distress", "family", "welfare"}
    assert not behavioral & set(layer.analyze(text).resolved) and not layer.analyze(text).has_violence_cue


def test_protocols_behaving_normally_no_negates_no_later_weapon(layer: LanguageLayer) -> None:
    assert _status(layer, "BEHAVING NORMALLY: NO. HAS A KNIFE", "weapon") == "affirmed"


@pytest.mark.parametrize(
    ("text", "protocol", "weapon"),
    [
        ("27-D-3 GSW TO LEG", "stab/gunshot/penetrating trauma (27)", "gunshot wound"),
        ("27D03 GSW TO THE CHEST, CONSCIOUS: YES", "stab/gunshot/penetrating trauma (27)", "gunshot wound"),
        ("04-D-1 ASSAULT, SUSPECT HAS A KNIFE", "assault/sexual assault (4)", "knife"),
    ],
)
def test_protocols_27_and_4_read_the_weapon_as_affirmed(layer: LanguageLayer, text: str, protocol: str, weapon: str) -> None:
    analysis = layer.analyze(text)
    assert [c.concept for c in analysis.cues if c.kind == "protocol"] == [protocol]
    assert (weapon, "affirmed") in _weapons(layer, text) and analysis.resolved["weapon"] == "affirmed"


# --- the sections this round added are checked like the others --------------------------

@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("accidents:\n  reach: far\n", "accidents.reach must be a whole number"),
        ("accidents:\n  becomes: injury\n", "accidents.becomes must be a kind|concept label"),
        ("accidents:\n  colour: red\n", "accidents: unknown key(s) ['colour']"),
        ("accidents:\n  becomes: medical|paper cut\n", "accidents names no cue concept: ['medical|paper cut']"),
        ("shorthand_exceptions:\n  si: sabe\n", "shorthand_exceptions must map shorthand to lists"),
        ("triggers:\n  other_person_words: has\n", "triggers.other_person_words must be a list"),
        ("threat_forms:\n  verbs: kill\n", "threat_forms.verbs must be a list of words"),
        ("threat_forms:\n  becomes: threat|menace\n", "threat_forms names no cue concept: ['threat|menace']"),
        ("threat_forms:\n  adverbs: [really]\n", "threat_forms: unknown key(s) ['adverbs']"),
    ],
)
def test_lexicon_new_sections_are_checked(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(LexiconError, match="bad.yaml|merged lexicon") as info:
        load_lexicon([path])
    assert message in str(info.value)


def test_lexicon_agency_adds_a_spanish_neighbour_for_si(tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    path.write_text("shorthand_exceptions:\n  si: [vino]\n")
    assert "suicide" in LanguageLayer(load_lexicon()).analyze("SI VINO").resolved
    assert "suicide" not in LanguageLayer(load_lexicon([path])).analyze("SI VINO").resolved


@pytest.mark.parametrize(
    "note",
    ["FLOODED BASEMENT", "ELEVATOR STUCK BETWEEN FLOORS 2 AND 3", "car vs deer, no inj", "ABD PAIN 40YOF",
     "WATERFLOW ALARM ZONE 2, ALARM CO ON LINE", "FUEL SPILL AT PUMP 3", "LOCKOUT, KEYS LOCKED IN CAR",
     "MVC BLOCKING LANES SB", "LIFT ASSIST 80 YOM", "CARDIAC ARREST CPR IN PROGRESS", "humo en la cocina"],
)
def test_layer_ordinary_calls_are_situational(layer: LanguageLayer, note: str) -> None:
    """An ordinary call says what it is about: it is not a content-free note to review."""
    analysis = layer.analyze(note)
    assert analysis.situational
    assert {c.kind for c in analysis.cues} <= {"incident", "medical", "protocol", "protective"}


@pytest.mark.parametrize(
    ("note", "kind", "concept"),
    [
        ("son punched 2 holes in the bedroom wall, no weapons", "property", "property destruction"),
        ("hearing voices in his room, calm", "psychosis", "hallucinations"),
        ("RESIDENT STRUCK A STAFF MEMBER IN THE FACE", "assault", "assault reported"),
        ("DOMESTIC IN PROG HUSB HITTING WIFE NOW", "assault", "assault in progress"),
        ("EDP threatening neighbors, no weapon seen", "threat", "threat to others"),
        ("HX OF FIGHTING WITH OFFICERS", "violence_history", "violence history"),
    ],
)
def test_assertion_place_words_doubt_only_weapons(layer: LanguageLayer, note: str, kind: str, concept: str) -> None:
    """'IN HIS ROOM' puts a weapon in doubt (access), not something that happened there."""
    assert any(c.kind == kind and c.concept == concept and c.status == "affirmed" for c in layer.analyze(note).cues)
    assert next(c for c in layer.analyze("HAS A GUN IN HIS ROOM").cues if c.kind == "weapon").status == "uncertain"


# --- threats composed from a lead and a violent verb (lexicon threat_forms) ----------------

@pytest.mark.parametrize("text", [
    "yelling at the cashier 'i'll beat your ass'",
    "says if the cops come he'll fight them",
    "HE SAID HE'S GONNA SMOKE ME IF I COME HOME",
    "texted her she's gonna stab him when he gets back",
    "told staff he would strangle the next person who touches him",
])
def test_language_composed_threat_to_others(layer: LanguageLayer, text: str) -> None:
    assert layer.analyze(text).resolved.get("threat") == "affirmed"


@pytest.mark.parametrize("text", [
    "dad was going to get him from school", "she is going to cut her hair", "going to cut the grass later",
    "he will drop her off at the shelter",
])
def test_language_everyday_verbs_without_a_person_are_no_threat(layer: LanguageLayer, text: str) -> None:
    assert "threat" not in layer.analyze(text).resolved


def test_language_composed_threat_against_oneself_is_suicidal(layer: LanguageLayer) -> None:
    assert _cues(layer, "SHE SAID SHE'S GONNA HURT HERSELF", "threat") == []
    both = layer.analyze("GONNA HURT HIMSELF AND OTHERS")
    assert both.resolved.get("suicide") == "affirmed" and both.resolved.get("threat") == "affirmed"


@pytest.mark.parametrize("text", ["XFER FROM FIRE DISPATCH, STAFF WILL WAVE UNITS DOWN", "PD REQ EMS STAGE AT FIRE STATION 6"])
def test_language_agency_names_say_nothing_about_the_situation(layer: LanguageLayer, text: str) -> None:
    """"FIRE DISPATCH" names who called, not a fire: such a note is logistics only."""
    assert not layer.analyze(text).situational


@pytest.mark.parametrize(("text", "threat"), [
    ("said hell fight anyone who stops him", True),  # "he'll" typed without its apostrophe
    ("asked about the shelter, said hell no, sitting on the bench", False),
    ("RP STS SHELL SMACK HIM IF HE COMES BACK", True),
])
def test_language_unapostrophed_leads(layer: LanguageLayer, text: str, threat: bool) -> None:
    assert (layer.analyze(text).resolved.get("threat") == "affirmed") is threat


def test_language_lexicon_phrases_read_fast_read_as_the_tokenizer_reads_them(layer: LanguageLayer) -> None:
    """Lexicon phrases of plain words are read from each word's own reading at start-up; every
    phrase of the shipped lexicon must come out exactly as the note tokenizer would read it."""
    from call_nlp.redact import _strings

    tokenizer = layer.nlp.tokenizer
    composed = [t for concepts in layer.lexicon.cue_terms().values() for terms in concepts.values() for t in terms]
    phrases = {s for s in [*_strings(layer.lexicon.data), *composed] if s.strip()}
    assert len(phrases) > 10000
    fast = 0
    for phrase in sorted(phrases):
        assert tokenizer.pattern_words(phrase) == tokenizer.read(phrase)["words"], phrase
        fast += all(tokenizer._reading(w) is not None for w in phrase.lower().split())
    assert fast > len(phrases) * 0.9  # nearly every phrase is built from its words' readings
    for odd in ("25-B-3", "sí", "no sabe si", "cuchillo ó"):  # codes, exception words, accents
        assert any(tokenizer._reading(w) is None for w in odd.lower().split()), odd


def test_phrase_table_finds_what_spacy_phrase_matcher_finds(layer: LanguageLayer) -> None:
    """The layer's phrase table replaced spaCy's PhraseMatcher (LOWER): on every cue phrase of the
    shipped lexicon, over thousands of notes in three cases and odd text, it finds the same
    matches, overlapping ones and several labels on one span included."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from call_nlp.bench import synthetic_notes
    from call_nlp.language.components import PhraseTable

    tokenizer = layer.nlp.tokenizer
    groups = {f"{kind}|{concept}": terms for kind, concepts in layer.lexicon.cue_terms().items()
              for concept, terms in concepts.items()}
    groups["TRIGGER|negation"] = ["no", "not", "denies", "no weapons", "not sure if"]  # overlaps the cues
    table = PhraseTable(tokenizer, groups)
    matcher = PhraseMatcher(tokenizer.vocab, attr="LOWER")
    for label, phrases in groups.items():
        docs = [Doc(tokenizer.vocab, words=tokenizer.read(p)["words"]) for p in phrases if p.strip()]  # read as notes are
        matcher.add(label, [d for d in docs if len(d)])
    notes = synthetic_notes(1500, seed=11)
    notes += [n.upper() for n in notes[:500]] + [n.lower() for n in notes[500:1000]]
    notes += ["", "   ", "NO WEAPONS", "shot himself shot himself", "25-B-3 VIOLENT: NO; WEAPONS: UNK",
              "sí, no sabe si tiene armas", "KNIFE\nGUN", "!!!" * 30, "k n i f e", "knife" * 3]
    matched = 0
    for note in notes:
        words = tokenizer.read(note)["words"]
        doc = Doc(tokenizer.vocab, words=words, spaces=[True] * len(words))
        expected = sorted((tokenizer.vocab.strings[m], s, e) for m, s, e in matcher(doc))
        assert sorted(table(words)) == expected, note
        matched += bool(expected)
    assert matched > 1500  # the notes do name cues


@pytest.mark.parametrize("note", ["SUSPECT IN CUSTODY, ARGUMENT OVER A REFUND", "1 TAKEN INTO CUSTODY 0526",
                                  "THE EX-TENANT IS AT THE DOOR YELLING", "ex employee came back to the store"])
def test_an_arrest_or_a_former_tenant_is_no_family_cue(layer: LanguageLayer, note: str) -> None:
    """"In custody" is an arrest, not a custody dispute; an ex-tenant or ex-employee is no former partner."""
    assert not any(c.kind == "family" and c.concept in ("custody", "ex-partner") for c in layer.analyze(note).cues)
    assert any(c.concept == "ex-partner" for c in layer.analyze("HER EX IS AT THE DOOR").cues)
    assert any(c.concept == "custody" for c in layer.analyze("custody dispute over the kids").cues)


def test_one_pass_over_the_phrases_gives_each_component_its_own_matches(layer: LanguageLayer) -> None:
    """The components' phrase groups are matched in one pass (`PhraseIndex`); each component
    still gets exactly what a table of its own groups finds, in the same order."""
    from call_nlp.bench import synthetic_notes
    from call_nlp.language.components import PhraseIndex, PhraseTable

    tokenizer = layer.nlp.tokenizer
    groups = {
        "cues": {f"{kind}|{concept}": terms for kind, concepts in layer.lexicon.cue_terms().items()
                 for concept, terms in concepts.items()},
        "triggers": {kind: terms for kind, terms in layer.lexicon.data["triggers"].items()},
        "updates": {"UPDATE": list(layer.lexicon.data["update_markers"])},
        "overlapping": {"A": ["no", "no weapons"], "B": ["no weapons", "weapons seen"]},
    }
    index = PhraseIndex(tokenizer)
    for name, group in groups.items():
        index.add(name, group)
    index.build()
    own = {name: PhraseTable(tokenizer, group) for name, group in groups.items()}
    notes = synthetic_notes(600, seed=5) + ["NO WEAPONS SEEN, NO WEAPONS", "", "UPD: UPD: 2215 RP CALLED BACK"]
    for note in notes:
        words = tokenizer.read(note)["words"]
        found = index(words)
        assert found == {name: table(words) for name, table in own.items()}, note
    with pytest.raises(ValueError, match="added twice"):
        index.add("cues", {})


def test_spacys_vocabulary_stays_bounded_over_endless_new_words(layer: LanguageLayer,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Every unseen token (phone numbers, addresses) would add to spaCy's vocabulary for good: past
    a limit the tokenizer starts a fresh one, and the notes read exactly the same."""
    from call_nlp.language import components

    monkeypatch.setattr(components, "VOCAB_LIMIT", 5000)
    fresh = LanguageLayer(layer.lexicon)
    notes = [f"CB 555-{i:04d} AT {1000 + 7 * i} OAK ST UNIT {i}B, RP STATES SON HAS A KNIFE {i * 7919}" for i in range(3000)]
    sizes = []
    for note in notes:
        fresh.analyze(note)
        sizes.append(len(fresh.nlp.tokenizer.base.vocab.strings))
    assert max(sizes) <= 5000 + 50 and sizes[-1] < max(sizes)  # renewed, and never far past the limit
    assert [fresh.analyze(n) for n in notes[::97]] == [layer.analyze(n) for n in notes[::97]]


def test_word_form_cache_stays_bounded_and_changes_nothing(layer: LanguageLayer,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each word's feature form is kept between notes; over endless new words (unit numbers,
    names) the cache starts again past its size, and a note reads the same with or without it."""
    from call_nlp.language import features

    monkeypatch.setattr(features, "FORM_CACHE_SIZE", 500)
    monkeypatch.setattr(features, "_FORMS", {})
    notes = [f"UNIT {i}B RP ZZQ{i} STATES SON HAS A KNIFE, NO WEAPONS AT 2215 UPD: CALM" for i in range(400)]
    sizes = []
    for note in notes:
        first = layer.analyze(note)
        sizes.append(len(features._FORMS))
        assert layer.analyze(note) == first  # the second reading comes from the cache
    assert max(sizes) <= 500 and sizes[-1] < max(sizes)
    warm = layer.analyze(notes[7])
    features._FORMS.clear()
    assert layer.analyze(notes[7]) == warm  # the same from scratch
    assert "unit" in warm.words and "0b" in warm.words  # digits still read as 0


@pytest.mark.parametrize(("note", "fired"), [
    ("CALLER HEARD SHOTS NEAR THE SCHOOL, NOBODY SEEN", True),
    ("rp heard several shots coming from the alley", True),
    ("heard 4 or 5 shots near 5th and pine a minute ago", True),
    ("3 shots of tequila then passed out", False),  # a drink, not gunfire
    ("got her flu shots today, arm sore", False),
])
def test_gunfire_heard_is_a_gun_and_a_drink_is_not(layer: LanguageLayer, note: str, fired: bool) -> None:
    cues = layer.analyze(note).cues
    assert any(c.kind == "weapon" and c.concept == "shots fired" and c.status == "affirmed" for c in cues) is fired


def test_cad_text_without_articles_still_swings_a_weapon(layer: LanguageLayer) -> None:
    """Call-takers drop articles: "SWINGING PIPE AT CARS" is "swinging a pipe at cars"."""
    for note in ("SWINGING PIPE AT CARS", "SUBJ SWINGING BAT AT HIS BROTHER"):
        assert any(c.concept == "assault in progress" and c.status == "affirmed" for c in layer.analyze(note).cues), note


@pytest.mark.parametrize("text", [
    "SUBJ HAS A KNIFE", "  lead and trail  ", "a  b\n\nc\t d\r\n", "",
    "K\u0130NFE İstanbul", "x\u00a0y\u2003z", "ǅ ß ﬁ ΣΑΣ", "\u200bknife\u200b", "😀GUN😀 can't WONT",
    "e\u0301\u0301x", "S/I W/O WEAPONS: NO.", "25-B-3 ***UPD*** 2215",
])
def test_note_tokenizer_reads_spacys_tokens_as_spacy_gives_them(layer: LanguageLayer, text: str) -> None:
    """The note tokenizer takes each spaCy token's position, length and spacing as one array and
    its text as a slice of the note (`base_pieces`): the very pieces spaCy's own Token objects
    give, odd Unicode (case folding that changes length, zero-width and wide spaces, emoji) included."""
    from call_nlp.language.components import base_pieces

    base = layer.nlp.tokenizer.base
    for note in (text, text.lower()):
        tokens = [(t.idx, t.idx + len(t.text), t.lower_, bool(t.whitespace_), t.is_space) for t in base(note)]
        assert base_pieces(base, note) == tokens


@pytest.mark.parametrize("notes", [
    # a piece read on its own in one note and as part of a contraction, an exception's
    # neighbour, an accented word or a "N." answer in the next
    ["CA RESIDENT CALLING", "CANT BREATHE, CA PLATES"],
    ["SI, HAS PLAN", "NO SABE SI TIENE ARMAS", "ARMAS: SI", "SÍ QUIERE MORIR"],
    ["HX OF SEIZURES", "HX OF OF", "OF HX"],
    ["WEAPONS: N.", "N. MAIN ST", "N"],
    ["34YOM WONT WAKE UP", "WO NT", "WONT", "34 YOM"],
])
def test_note_tokenizer_reads_a_piece_alike_whatever_it_read_before(notes: list[str]) -> None:
    """The tokenizer keeps each piece's context-free reading: a note reads the same in a fresh
    tokenizer as after the others, in either order."""
    def read_all(order: list[str]) -> dict[str, list[str]]:
        tokenizer = LanguageLayer(load_lexicon()).nlp.tokenizer
        return {note: tokenizer.read(note)["words"] for note in order}

    alone = {note: LanguageLayer(load_lexicon()).nlp.tokenizer.read(note)["words"] for note in notes}
    assert read_all(notes) == alone
    assert read_all(notes[::-1]) == alone


def test_note_tokenizer_piece_read_alone_then_in_a_contraction(layer: LanguageLayer) -> None:
    tokenizer = layer.nlp.tokenizer
    assert tokenizer.read("CA PLATES")["words"][0] == "ca"
    assert tokenizer.read("CANT BREATHE, CA PLATES")["words"][:2] == ["can", "not"]
    assert tokenizer.read("HX OF SEIZURES")["words"] == tokenizer.read("HISTORY OF SEIZURES")["words"]
