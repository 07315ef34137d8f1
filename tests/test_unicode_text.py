"""Issue 11, point 2: no invisible or look-alike character hides a cue word.

A guarantee, not an average: every weapon term of the shipped lexicon, with any format
character inside it or any look-alike letter swapped in, reads as the same cues as when typed
plainly; a sample of every other kind's terms too.
"""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict

import pytest

from call_nlp.language import LanguageLayer
from call_nlp.language.confusable_table import build
from call_nlp.language.lexicon import load_lexicon
from call_nlp.language.unicode_text import clean, confusable_letters

#: Format characters (category Cf) and other invisible ones a pasted or spoofed note can hold.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u200e", "\u034f", "\ufe0f", "\u180e"]
#: Terms of the other kinds checked (seeded sample; the weapon terms are all checked).
OTHER_TERMS = 200


@pytest.fixture(scope="module")
def layer() -> LanguageLayer:
    return LanguageLayer(load_lexicon())


def _read(layer: LanguageLayer, note: str) -> list[tuple[str, str, str]]:
    return [(c.kind, c.concept, c.status) for c in layer.analyze(note).cues]


def _terms() -> list[str]:
    by_kind = load_lexicon().cue_terms()
    weapons = [t for terms in by_kind["weapon"].values() for t in terms]
    others = sorted({t for kind, concepts in by_kind.items() if kind != "weapon" for terms in concepts.values()
                     for t in terms})
    return weapons + random.Random(11).sample(others, OTHER_TERMS)


def _inner_positions(term: str) -> list[int]:
    """Positions between two letters of one word of the term."""
    return [i for i in range(1, len(term)) if term[i - 1].isalpha() and term[i].isalpha()]


def _look_alikes() -> dict[str, list[str]]:
    """ASCII letter -> the letters folded to it."""
    found: dict[str, list[str]] = defaultdict(list)
    for other, letter in confusable_letters().items():
        found[letter].append(other)
    return found


def test_ascii_notes_are_read_as_typed() -> None:
    note = "RP STATES SUBJ HAS A KNIFE, NO OTHER WEAPONS"
    assert clean(note) == (note, None)


@pytest.mark.parametrize(("typed", "read"), [
    ("HAS A K\u200bNIFE", "HAS A KNIFE"),
    ("G\u00adU\u200dN", "GUN"),
    ("HAS A KN\u0406FE", "HAS A KNIFE"),  # Cyrillic capital I
    ("\u0430rmed w/ \u0440istol", "armed w/ pistol"),  # Cyrillic a and er
    ("\uff27\uff35\uff2e", "GUN"),  # full-width letters
    ("\ufb01rearm", "firearm"),  # a ligature
    ("\u043d\u043e\u0436 \u0432 \u0440\u0443\u043a\u0435", "\u043d\u043e\u0436 \u0432 \u0440\u0443\u043a\u0435"),  # Russian stays Russian
    ("caf\u00e9, se\u00f1or", "caf\u00e9, se\u00f1or"),  # accents are the tokenizer's to fold
    ("APT \u0417B", "APT \u0417B"),  # a letter like a digit is never folded ("З" for "3")
])
def test_clean_takes_out_what_hides_a_word(typed: str, read: str) -> None:
    assert clean(typed)[0] == read


def test_cue_spans_index_the_note_as_it_was_sent(layer: LanguageLayer) -> None:
    note = "\ufeffRP STATES SON SUICIDAL.\u200b HAS A K\u200bN\u0406FE"
    [weapon] = [c for c in layer.analyze(note).cues if c.kind == "weapon"]
    assert weapon.concept == "knife" and weapon.status == "affirmed"
    assert note[weapon.start:weapon.end] == weapon.text == "K\u200bN\u0406FE"
    suicide = [c for c in layer.analyze(note).cues if c.kind == "suicide"]
    assert suicide and all(note[c.start:c.end] == c.text for c in suicide)


def test_no_invisible_character_inside_a_term_changes_its_cues(layer: LanguageLayer) -> None:
    missed = []
    for term in _terms():
        plain = f"RP STATES {term.upper()} NOW"
        expected = _read(layer, plain)
        for i in _inner_positions(term):
            for ch in INVISIBLE:
                spoofed = f"RP STATES {(term[:i] + ch + term[i:]).upper()} NOW"
                if _read(layer, spoofed) != expected:
                    missed.append(repr(spoofed))
    assert not missed, f"{len(missed)} spoofed notes read differently, e.g. {missed[:5]}"


def test_no_look_alike_letter_inside_a_term_changes_its_cues(layer: LanguageLayer) -> None:
    alikes = _look_alikes()
    missed = []
    checked = 0
    for term in _terms():
        for cased in (term.upper(), term.lower()):
            plain = f"RP STATES {cased} NOW"
            expected = _read(layer, plain)
            for i, letter in enumerate(cased):
                if len(_word_at(cased, i)) < 2 or not letter.isascii():
                    continue  # a one-letter word has no ASCII letter left beside the look-alike
                for other in alikes.get(letter, []):
                    spoofed = f"RP STATES {cased[:i] + other + cased[i + 1:]} NOW"
                    checked += 1
                    if _read(layer, spoofed) != expected:
                        missed.append(repr(spoofed))
    assert checked > 1000
    assert not missed, f"{len(missed)} spoofed notes read differently, e.g. {missed[:5]}"


def _word_at(text: str, i: int) -> str:
    """The run of letters the character at ``i`` is in."""
    start, end = i, i + 1
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


def test_spoofed_weapon_notes_get_the_plain_notes_suggestion(triager) -> None:  # noqa: ANN001
    """The issue's note: a zero-width space in KNIFE no longer turns a co-response into EMS and
    a clinician without review; nor does a Cyrillic letter, for any weapon term."""
    plain = "RP STATES SON SUICIDAL, CRYING IN HIS ROOM. HAS A KNIFE"
    suggested = triager.triage(plain)
    for spoofed in (plain.replace("KNIFE", "K\u200bNIFE"), plain.replace("KNIFE", "KN\u0406FE")):
        s = triager.triage(spoofed)
        assert (s.response_model, s.needs_review, s.violence_risk.label) == (
            suggested.response_model, suggested.needs_review, suggested.violence_risk.label)
    alikes = _look_alikes()
    for term in [t for terms in load_lexicon().cue_terms()["weapon"].values() for t in terms]:
        note = f"RP STATES BROTHER HEARING VOICES, HAS {term.upper()}"
        i = next((k for k in _inner_positions(term) if alikes.get(term[k].upper())), None)
        if i is None:
            continue
        spoofed = f"RP STATES BROTHER HEARING VOICES, HAS {(term[:i] + chr(0x200B) + term[i:]).upper()}"
        swapped = note.replace(term.upper(), term.upper()[:i] + alikes[term[i].upper()][0] + term.upper()[i + 1:], 1)
        expected = triager.triage(note)
        for other in (spoofed, swapped):
            s = triager.triage(other)
            assert (s.response_model, s.needs_review, s.crisis_type.label, s.violence_risk.label) == (
                expected.response_model, expected.needs_review, expected.crisis_type.label,
                expected.violence_risk.label), other


def test_the_look_alike_table_is_what_unicodes_confusables_give() -> None:
    """The committed table (resources/confusable_letters.json) is rebuilt from the confusables
    data exactly (`python -m call_nlp.language.confusable_table`), maps letters to one ASCII
    letter each, and holds no digit."""
    table = confusable_letters()
    assert table == build()
    assert all(len(k) == 1 and len(v) == 1 and v.isascii() and v.isalpha() for k, v in table.items())
    assert all(unicodedata.category(k).startswith("L") for k in table)
    assert table["\u0406"] == "I" and table["\u043e"] == "o" and table["\u0391"] == "A"
