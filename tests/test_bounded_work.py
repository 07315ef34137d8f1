"""Issue 11, point 1: no note makes the language layer's work grow faster than its length.

spaCy's tokenizer strips symbols off a word one at a time: a run of 10,000 "!" took it 10 s.
`unicode_text.clean` breaks every run of more than `MAX_SYMBOL_RUN` symbols, so what the
tokenizer reads is bounded; these tests check that bound on adversarial notes (hypothesis),
and fuzz the layer for crashes and spans that do not index the note.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from call_nlp.language import LanguageLayer
from call_nlp.language.lexicon import load_lexicon
from call_nlp.language.unicode_text import MAX_NFKC_GROWTH, MAX_SYMBOL_RUN, clean

MAX_NOTE_CHARS = 10_000  # the service's default CALL_NLP_MAX_TEXT_CHARS
_SYMBOL_RUN = re.compile(r"(?:[^\w\s]|_)+")

#: What adversarial notes are made of: symbols spaCy splits off one at a time, emoji (with
#: joiners and variation selectors), format characters, look-alike letters, spaces, cue words.
_PIECES = st.sampled_from([
    "!", "?", ".", "-", "_", '"', "'", "(", ")", "/", "*", "#", ":", "😀", "🔪", "👨\u200d👩", "\ufe0f", "\u200b",
    "\u00ad", "\u0406", "\u043e", " ", "\n", "KNIFE", "gun", "SUBJ", "UPD:", "NO WEAPONS", "a", "1",
])


@pytest.fixture(scope="module")
def layer() -> LanguageLayer:
    return LanguageLayer(load_lexicon())


def _runs(piece: str, times: int) -> str:
    return piece * times


adversarial = st.one_of(
    # one piece repeated up to the note limit: the shape that was quadratic
    st.builds(_runs, _PIECES, st.integers(1, MAX_NOTE_CHARS // 2)).map(lambda t: t[:MAX_NOTE_CHARS]),
    # a mix of pieces, repeated runs included
    st.lists(st.builds(_runs, _PIECES, st.integers(1, 400)), max_size=60).map(lambda p: "".join(p)[:MAX_NOTE_CHARS]),
    # any text at all
    st.text(max_size=2_000),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(adversarial)
def test_the_tokenizer_never_reads_a_long_run_of_symbols(note: str) -> None:
    cleaned, origin = clean(note)
    assert max((len(m.group()) for m in _SYMBOL_RUN.finditer(cleaned)), default=0) <= MAX_SYMBOL_RUN
    assert len(cleaned) <= MAX_NFKC_GROWTH * len(note) + len(note) // MAX_SYMBOL_RUN + 1
    if origin is not None:
        assert len(origin) == len(cleaned) + 1 and origin[-1] == len(note)
        assert all(0 <= a <= b <= len(note) for a, b in zip(origin, origin[1:]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(adversarial)
def test_fuzzed_notes_read_without_error_and_spans_index_the_note(layer: LanguageLayer, note: str) -> None:
    analysis = layer.analyze(note)
    for cue in analysis.cues:
        assert 0 <= cue.start <= cue.end <= len(note)
        assert note[cue.start:cue.end] == cue.text


@pytest.mark.parametrize("piece", ["!", "😀", "_", '"', "!?", "_!", "\u200b!", "👨\u200d", "\ufdfa", "\ufdfa "])
def test_the_worst_known_notes_read_in_bounded_time(layer: LanguageLayer, piece: str) -> None:
    """10,000 characters of what used to take 10-12 s each; the target is 100 ms, this test
    allows ten times that (a timing limit in a unit test is a tripwire, not the benchmark)."""
    note = (piece * MAX_NOTE_CHARS)[:MAX_NOTE_CHARS]
    layer.analyze("warm up")
    started = time.perf_counter()
    layer.analyze(note)
    assert time.perf_counter() - started < 1.0


def test_a_weapon_at_the_end_of_a_long_run_is_still_found(layer: LanguageLayer) -> None:
    note = "!" * 5_000 + " HAS A KNIFE " + "😀" * 4_000
    [weapon] = [c for c in layer.analyze(note).cues if c.kind == "weapon"]
    assert weapon.concept == "knife" and note[weapon.start:weapon.end] == "KNIFE"
