"""The spaCy tokenizer for TF-IDF: shorthand kept whole, negation scope marked, picklable."""

import pickle

from call_nlp.text import SpacyTokenizer


def test_text_keeps_dispatch_shorthand_whole() -> None:
    tokens = SpacyTokenizer(mark_negation=False)("SUBJ W/ KNIFE, W/O MEDS, S/I")
    assert tokens == ["subj", "w/", "knife", "w/o", "meds", "s/i"]


def test_text_masks_digits_so_ages_and_units_generalise() -> None:
    assert SpacyTokenizer()("34YOM APT 12") == SpacyTokenizer()("61YOM APT 90")


def test_text_negation_marks_words_in_scope_only() -> None:
    assert SpacyTokenizer()("PT DENIES WEAPONS, STATES HE IS SUICIDAL") == [
        "pt", "denies", "neg_weapons", "states", "he", "is", "suicidal",
    ]
    assert SpacyTokenizer()("NO WEAPONS SEEN. HAS A KNIFE")[-3:] == ["has", "a", "knife"]


def test_text_negative_protocol_answer_negates_the_question() -> None:
    assert SpacyTokenizer()("WEAPONS: NO | VIOLENT: NO") == ["neg_weapons", "no", "neg_violent", "no"]


def test_text_negated_and_affirmed_cue_give_different_tokens() -> None:
    tok = SpacyTokenizer()
    assert "suicidal" in tok("suicidal") and "suicidal" not in tok("not suicidal")


def test_text_tokenizer_pickles_without_the_pipeline() -> None:
    tok = SpacyTokenizer(mark_negation=True)
    tok("warm up builds nlp")
    again = pickle.loads(pickle.dumps(tok))
    assert again("NO WEAPONS") == tok("NO WEAPONS")
    assert repr(again) == "SpacyTokenizer(mask_digits=True, mark_negation=True)"
