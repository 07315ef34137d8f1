"""The serving form gives the estimator's answer: same suggestion, same probabilities."""

from pathlib import Path

import pandas as pd
import pytest

from call_nlp import serving, serving_calibration
from call_nlp.demo import generate_corpus
from call_nlp.triage import Suggestion, Triager

ODD_NOTES = [
    "",  # refused by the API and the data loader, but the library must not crash on it either
    "   \n ",
    "...",
    "SUBJ HAS A KNIFE IN HAND, HEARING VOICES",
    "RP STATES SON SUICIDAL, CRYING IN HIS ROOM. NO WEAPONS. UPD: NOW HOLDING A MACHETE",
    "1234 MAIN ST, CALLBACK 555-0100",
    "zzqx vrrp qqq",  # no known word
    "¡AYUDA! mi hijo escucha voces 🙏🙏",
    "FIRE ALARM ACTIVATION " * 40,  # long and repetitive: sublinear tf matters
]


@pytest.fixture(scope="module")
def both(trained_model_dir: Path, policy_path: Path) -> tuple[Triager, Triager]:
    return Triager.load(trained_model_dir, policy_path), Triager.load(trained_model_dir, policy_path, use_estimator=True)


def _same(fast: Suggestion, slow: Suggestion) -> None:
    assert (fast.response_model, fast.needs_review, fast.rule) == (slow.response_model, slow.needs_review, slow.rule)
    for head in ("crisis_type", "violence_risk"):
        f, s = fast.head(head), slow.head(head)
        assert (f.label, f.overridden) == (s.label, s.overridden)
        assert f.probabilities.keys() == s.probabilities.keys()
        # shown to 4 decimals: a difference in the 7th can move the last digit by one
        assert all(abs(f.probabilities[k] - s.probabilities[k]) < 1.5e-4 for k in f.probabilities)
    assert fast.cues == slow.cues and fast.reasons == slow.reasons


def test_service_reads_the_serving_files_not_the_pickle(both: tuple[Triager, Triager]) -> None:
    fast, slow = both
    assert fast.model.pipeline is None and fast.model.served is not None  # data only, no pickle read
    assert fast.form is not None and slow.form is None
    assert set(fast.form.heads) == {"crisis_type", "violence_risk"}
    assert fast.model.manifest.serving is not None
    check = fast.model.manifest.serving["check"]
    assert check["notes"] == 200 and check["max_difference"] <= 1e-6


def test_serving_form_matches_the_estimator_on_generated_and_odd_notes(both: tuple[Triager, Triager]) -> None:
    fast, slow = both
    notes = generate_corpus(n=400, seed=11)["text"].tolist() + ODD_NOTES
    for f, s in zip(fast.triage_many(notes), slow.triage_many(notes), strict=True):
        _same(f, s)


def test_serving_form_raw_probabilities_match_predict_proba(both: tuple[Triager, Triager], gate_path: Path) -> None:
    from call_nlp.model import analyze, head_probabilities

    fast, slow = both
    pipeline = slow.model.pipeline
    notes = generate_corpus(n=200, seed=12)["text"].tolist() + ODD_NOTES + pd.read_csv(gate_path)["text"].tolist()
    analyses = analyze(pipeline, notes)
    expected = head_probabilities(pipeline, notes, analyses)
    assert fast.form is not None
    served = fast.layer.analyze_many(notes)
    together = fast.form.probabilities(served)  # the batch path
    one_by_one = [fast.form.probabilities([a])[0] for a in served]  # the service's path
    for path in (together, one_by_one):
        for i, got in enumerate(path):
            for head, frame in expected.items():
                row = frame.iloc[i]
                assert max(abs(got[head][c] - float(row[c])) for c in frame.columns) <= 1e-6, (head, notes[i][:40])
    assert together == one_by_one  # the same sums in the same order: equal to the bit


def test_batch_path_equals_the_one_note_path_in_any_chunk(both: tuple[Triager, Triager]) -> None:
    """A note's probabilities do not depend on the notes it is batched with, or on the batch size."""
    fast, _ = both
    assert fast.form is not None
    notes = generate_corpus(n=300, seed=14)["text"].tolist() + ODD_NOTES
    analyses = fast.layer.analyze_many(notes)
    alone = [fast.form.probabilities([a])[0] for a in analyses]
    for size in (serving.BATCH_FROM, 37, len(notes)):
        batched = [p for i in range(0, len(analyses), size) for p in fast.form.probabilities(analyses[i:i + size])]
        assert batched == alone, size


def test_serving_form_declines_what_it_does_not_cover(both: tuple[Triager, Triager]) -> None:
    """Anything but the trained shape (an older champion, another calibration) keeps the pipeline."""
    _, slow = both
    assert serving.derive(object()) is None
    crisis = slow.model.pipeline.named_steps["heads"].estimators_[0]
    classifier = crisis.named_steps["classifier"]
    method = classifier.method
    try:
        classifier.method = "isotonic"
        assert serving.derive(slow.model.pipeline) is None
    finally:
        classifier.method = method
    assert serving.derive(slow.model.pipeline) is not None


def test_serving_form_word_cache_stays_bounded_and_exact(both: tuple[Triager, Triager],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The character block caches each word's columns; past its size it starts again, and a
    cached word gives the same numbers as a fresh one."""
    fast, slow = both
    from call_nlp.model import analyze, head_probabilities

    assert fast.form is not None
    chars = [b for b in fast.form.heads["crisis_type"].blocks if b.word_ngrams is not None]
    assert chars, "the character block reads word by word"
    monkeypatch.setattr(serving, "WORD_CACHE_SIZE", 8)
    for block in chars:  # as if freshly loaded: earlier tests cached these notes' words
        block.cache.clear()
    notes = generate_corpus(n=60, seed=13)["text"].tolist()
    analyses = analyze(slow.model.pipeline, notes)
    expected = head_probabilities(slow.model.pipeline, notes, analyses)["crisis_type"]
    for _ in range(2):  # the second pass reads words cached (or evicted) by the first
        for i, got in enumerate(fast.form.probabilities(analyses)):
            assert max(abs(got["crisis_type"][c] - float(expected.iloc[i][c])) for c in expected.columns) < 1e-5
            assert all(len(b.cache) <= 8 for b in chars)


def test_char_wb_ngrams_are_scikit_learns() -> None:
    """The served character block n-grams notes itself (no scikit-learn): the same n-grams, in
    the same order, as scikit-learn's ``char_wb`` analyzer, short words and odd spacing included."""
    import random

    from sklearn.feature_extraction.text import TfidfVectorizer

    from call_nlp.analyzers import char_wb_ngrams

    rng = random.Random(7)
    alphabet = "ab c\t\nxyz  É😀-|:"
    texts = ["", " ", "a", "ab", "abc", "  two   words\n", *("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
                                                        for _ in range(3000))]
    for low, high in ((2, 5), (1, 3), (3, 3)):
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high), lowercase=False)
        for text in texts:
            assert char_wb_ngrams(text, low, high) == vectorizer._char_wb_ngrams(text), (text, low, high)


@pytest.mark.parametrize("method", ["isotonic", "temperature"])
def test_every_calibration_the_config_allows_has_a_serving_form(
    method: str, base_config, tiny_corpus: Path, tmp_path: Path,  # noqa: ANN001
) -> None:
    """Issue 8: every ``calibration_method`` the configuration allows is served as data: the
    serving form, one note at a time and in a batch, and read back from its files, gives the
    estimator's probabilities within 1e-6 (the same check refuses a model at load otherwise)."""
    from call_nlp import serving_file
    from call_nlp.labels import HEADS
    from call_nlp.model import analyze, build_pipeline, head_probabilities

    corpus = pd.read_csv(tiny_corpus)
    cfg = base_config.model.model_copy(update={"calibration_method": method})
    pipeline = build_pipeline(cfg, base_config.seed).fit(corpus[["text"]], corpus[list(HEADS)].to_numpy())
    form = serving.derive(pipeline)
    assert form is not None and {h.calibration.method for h in form.heads.values()} == {method}
    notes = generate_corpus(n=150, seed=21)["text"].tolist() + ODD_NOTES
    expected = head_probabilities(pipeline, notes, analyze(pipeline, notes))
    analyses = pipeline.named_steps["language"].layer_.analyze_many(notes)
    for got in (form.probabilities(analyses), [form.probabilities([a])[0] for a in analyses]):
        for i, probabilities in enumerate(got):
            for head, frame in expected.items():
                row = frame.iloc[i]
                assert max(abs(probabilities[head][c] - float(row[c])) for c in frame.columns) <= 1e-6, (head, i)
    entry = serving_file.write(pipeline, tmp_path)
    assert entry is not None and entry["check"]["max_difference"] <= 1e-6
    served = serving_file.read(tmp_path, entry)  # from the files alone: arrays and JSON, no pickle
    assert {h.calibration.method for h in served.form.heads.values()} == {method}


def test_head_features_are_each_vectorizers_own_whatever_its_tf() -> None:
    """A head of several TF-IDF blocks, sublinear or not, gives one note the values the fitted
    vectorizers side by side give it: each block counted, weighted and normalised on its own."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    corpus = ["knife knife knife in hand", "hearing voices voices", "fire alarm", "knife voices alarm alarm"]
    fitted = [TfidfVectorizer(analyzer=str.split, sublinear_tf=sublinear, dtype=np.float32).fit(corpus)
              for sublinear in (False, True, False)]
    blocks, offset = [], 0
    for v in fitted:
        blocks.append(serving.Block(str.split, dict(v.vocabulary_), np.asarray(v.idf_, dtype=np.float32),
                                    bool(v.sublinear_tf), offset))
        offset += len(v.vocabulary_)
    head = serving.Head(("a", "b"), tuple(blocks), np.zeros((offset, 2), dtype=np.float32),
                        np.zeros(2), serving_calibration.Sigmoid(np.ones(1), np.zeros(1)))
    for note in ["knife knife knife voices alarm alarm", "fire", "nothing known here", ""]:
        expected = sparse.hstack([v.transform([note]) for v in fitted], format="csr")
        expected.sort_indices()
        columns, values = head.features(note)  # type: ignore[arg-type]
        assert columns.tolist() == expected.indices.tolist()
        np.testing.assert_allclose(values, expected.data, rtol=0, atol=1e-7)
