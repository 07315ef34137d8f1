"""The call mix as a prior on crisis type: Bayes re-weighting, the EM estimate, config and manifest."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from call_nlp.artifact import load_model
from call_nlp.config import ConfigError, PriorConfig, load_config
from call_nlp.data import DataValidationError
from call_nlp.labels import CRISIS_TYPES
from call_nlp.prior import (
    EPSILON,
    CallMix,
    Prior,
    adjust,
    estimate,
    estimate_prior,
    from_manifest,
    read_notes,
    recalibrate,
    resolve,
    training_prior,
)
from tests.conftest import REPO

#: Notes per unlabeled file in the EM tests, and the seed of the notes they are drawn from
#: (neither the tiny training corpus's seed 7 nor the gate set's).
UNLABELED_NOTES = 1000
UNLABELED_SEED = 20270301
EVEN = {label: 1 / len(CRISIS_TYPES) for label in CRISIS_TYPES}


# --- adjust ----------------------------------------------------------------------------


def test_adjust_is_the_identity_when_the_mix_does_not_change() -> None:
    rng = np.random.default_rng(0)
    probabilities = rng.dirichlet(np.ones(len(CRISIS_TYPES)), size=50)
    training = dict(zip(CRISIS_TYPES, rng.dirichlet(np.ones(len(CRISIS_TYPES))), strict=True))
    assert np.allclose(adjust(probabilities, training, training, CRISIS_TYPES), probabilities)
    frame = pd.DataFrame(probabilities, columns=list(CRISIS_TYPES))
    assert np.allclose(adjust(frame, training, training).to_numpy(), probabilities)
    note = frame.iloc[0].to_dict()
    assert adjust(note, training, training) == pytest.approx(note)


def test_adjust_two_class_worked_example() -> None:
    # weights 0.1/0.5 = 0.2 and 0.9/0.5 = 1.8: (0.8*0.2, 0.2*1.8) = (0.16, 0.36) -> (4/13, 9/13)
    training, target = {"a": 0.5, "b": 0.5}, {"a": 0.1, "b": 0.9}
    assert adjust({"a": 0.8, "b": 0.2}, training, target) == pytest.approx({"a": 4 / 13, "b": 9 / 13})
    rows = adjust(np.array([[0.8, 0.2], [0.5, 0.5]]), training, target, ["a", "b"])
    assert np.allclose(rows, [[4 / 13, 9 / 13], [0.1, 0.9]])
    # a rare class needs a much stronger note to win
    assert adjust({"a": 0.9, "b": 0.1}, training, {"a": 0.01, "b": 0.99})["b"] > 0.9


def test_adjusted_rows_sum_to_one_and_keep_the_frame_shape() -> None:
    rng = np.random.default_rng(1)
    training = dict(zip(CRISIS_TYPES, rng.dirichlet(np.ones(len(CRISIS_TYPES))), strict=True))
    target = dict(zip(CRISIS_TYPES, rng.dirichlet(np.ones(len(CRISIS_TYPES)) * 0.3) + 1e-9, strict=True))
    columns = sorted(CRISIS_TYPES)  # a fitted model's classes_ come sorted, not in taxonomy order
    frame = pd.DataFrame(rng.dirichlet(np.ones(len(CRISIS_TYPES)), size=200), columns=columns, index=range(5, 205))
    adjusted = adjust(frame, training, target)
    assert list(adjusted.columns) == columns and list(adjusted.index) == list(frame.index)
    assert np.allclose(adjusted.sum(axis=1), 1.0) and (adjusted.to_numpy() >= 0).all()


def test_adjust_counts_labels_a_note_lacks_as_zero() -> None:
    adjusted = adjust({"suicide_risk": 0.6, "not_behavioral": 0.4}, EVEN, {**EVEN, "suicide_risk": 2 / 7})
    assert set(adjusted) == set(CRISIS_TYPES)
    assert adjusted["suicide_risk"] == pytest.approx(1.2 / 1.6) and sum(adjusted.values()) == pytest.approx(1.0)
    assert all(adjusted[label] == 0.0 for label in CRISIS_TYPES if label not in ("suicide_risk", "not_behavioral"))


def test_adjust_refuses_unnamed_columns_and_unknown_labels() -> None:
    with pytest.raises(ValueError, match="labels"):
        adjust(np.array([[0.5, 0.5]]), {"a": 0.5, "b": 0.5}, {"a": 0.5, "b": 0.5})
    with pytest.raises(ValueError, match=r"no prior share for label\(s\) \['c'\]"):
        adjust({"a": 0.5, "c": 0.5}, {"a": 0.5, "b": 0.5}, {"a": 0.5, "b": 0.5})


# --- estimate (EM) on posteriors with a known mix ---------------------------------------


def _gaussian_posteriors(n: int, share_a: float, training_a: float, seed: int) -> np.ndarray:
    """Exact posteriors p(a|x) under ``training_a`` for x drawn from N(+1, 1) (class a) or N(-1, 1)."""
    rng = np.random.default_rng(seed)
    is_a = rng.random(n) < share_a
    x = np.where(is_a, rng.normal(1.0, 1.0, n), rng.normal(-1.0, 1.0, n))
    odds = np.exp(2 * x) * training_a / (1 - training_a)  # likelihood ratio N(1,1)/N(-1,1) = e^{2x}
    p_a = odds / (1 + odds)
    return np.column_stack([p_a, 1 - p_a])


@pytest.mark.parametrize("share_a", [0.03, 0.2, 0.5, 0.9])
def test_estimate_recovers_a_known_mix_from_calibrated_posteriors(share_a: float) -> None:
    posteriors = _gaussian_posteriors(20000, share_a, training_a=0.5, seed=3)
    result = estimate(posteriors, {"a": 0.5, "b": 0.5}, ["a", "b"])
    assert result.converged and result.iterations > 1
    assert result.shares["a"] == pytest.approx(share_a, abs=0.015)
    assert result.shares["a"] + result.shares["b"] == pytest.approx(1.0)
    naive = posteriors[:, 0].mean()  # the plain mean of posteriors is biased toward the training mix
    assert abs(result.shares["a"] - share_a) < abs(naive - share_a) or share_a == 0.5


def test_estimate_never_drives_a_class_to_zero() -> None:
    posteriors = np.array([[1.0, 0.0]] * 100)
    result = estimate(posteriors, {"a": 0.5, "b": 0.5}, ["a", "b"], max_iterations=5000)
    assert result.shares["b"] >= EPSILON / 2 and result.shares["a"] == pytest.approx(1.0)


def test_recalibration_undoes_under_confidence_before_em() -> None:
    exact = _gaussian_posteriors(20000, 0.5, training_a=0.5, seed=5)
    tempered = np.sqrt(exact) / np.sqrt(exact).sum(axis=1, keepdims=True)  # temperature 2: under-confident
    labels = pd.Series(np.where(np.random.default_rng(6).random(len(exact)) < exact[:, 0], "psychosis", "not_behavioral"))
    frame = pd.DataFrame(tempered, columns=["psychosis", "not_behavioral"])
    fitted = recalibrate(frame, labels)
    assert fitted.temperature == pytest.approx(0.5, rel=0.1)  # sharpening undoes it and fitted.rows == len(labels)
    assert np.allclose(fitted.apply(frame)[:, [CRISIS_TYPES.index("psychosis"), CRISIS_TYPES.index("not_behavioral")]],
                       exact, atol=0.03)
    shifted = _gaussian_posteriors(20000, 0.05, training_a=0.5, seed=7)
    shifted = pd.DataFrame(np.sqrt(shifted) / np.sqrt(shifted).sum(axis=1, keepdims=True), columns=frame.columns)
    raw = estimate(shifted, {**dict.fromkeys(CRISIS_TYPES, 0.0), "psychosis": 0.5, "not_behavioral": 0.5})
    corrected = estimate(fitted.apply(shifted), fitted.mix, fitted.labels)
    assert abs(corrected.shares["psychosis"] - 0.05) < 0.01 < abs(raw.shares["psychosis"] - 0.05)


def test_estimate_stops_at_the_iteration_limit() -> None:
    posteriors = _gaussian_posteriors(2000, 0.1, training_a=0.5, seed=4)
    result = estimate(posteriors, {"a": 0.5, "b": 0.5}, ["a", "b"], tolerance=0.0, max_iterations=3)
    assert result.iterations == 3 and not result.converged


# --- EM with the session's trained model on synthetic notes of a known mix ---------------


@pytest.fixture(scope="module")
def heldout() -> pd.DataFrame:
    """Labeled synthetic notes to recalibrate on, as train.py's held-out split (other notes than the pool's)."""
    from call_nlp.demo import generate_corpus

    return generate_corpus(n=1500, seed=UNLABELED_SEED - 1)


@pytest.fixture(scope="module")
def labeled_pool() -> pd.DataFrame:
    """Synthetic notes from the demo generator; enough of each side for the largest file."""
    from call_nlp.demo import generate_corpus

    frames, seed = [], UNLABELED_SEED
    while True:
        frames.append(generate_corpus(n=3000, seed=seed))
        pool = pd.concat(frames, ignore_index=True)
        behavioral = (pool["crisis_type"] != "not_behavioral").sum()
        if min(behavioral, len(pool) - behavioral) >= UNLABELED_NOTES:
            return pool
        seed += 1


def _unlabeled_file(pool: pd.DataFrame, behavioral_share: float, path: Path) -> Path:
    """``UNLABELED_NOTES`` notes of which ``behavioral_share`` are behavioral, text column only."""
    n_behavioral = round(UNLABELED_NOTES * behavioral_share)
    behavioral = pool[pool["crisis_type"] != "not_behavioral"].sample(n_behavioral, random_state=1)
    ordinary = pool[pool["crisis_type"] == "not_behavioral"].sample(UNLABELED_NOTES - n_behavioral, random_state=1)
    notes = pd.concat([behavioral, ordinary]).sample(frac=1, random_state=2)[["text"]]
    if path.suffix == ".parquet":
        notes.to_parquet(path, index=False)
    else:
        notes.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(("truth", "name"), [(0.03, "agency.csv"), (0.20, "agency.parquet")])
def test_em_estimates_the_behavioral_share_of_unlabeled_notes(
    truth: float, name: str, labeled_pool: pd.DataFrame, heldout: pd.DataFrame, trained_model_dir: Path,
    tmp_path: Path,
) -> None:
    notes = read_notes(_unlabeled_file(labeled_pool, truth, tmp_path / name))
    estimated = estimate_prior(load_model(trained_model_dir).pipeline, notes, heldout)
    print(f"\nbehavioral share {truth:.2f}: estimated {estimated.behavioral_share():.4f} "
          f"({estimated.estimate.iterations if estimated.estimate else '?'} EM iterations)")
    assert estimated.behavioral_share() == pytest.approx(truth, abs=0.03)
    assert estimated.source == "estimate" and estimated.estimate is not None
    assert estimated.estimate.rows == UNLABELED_NOTES and estimated.estimate.path == str(tmp_path / name)
    assert len(estimated.estimate.sha256) == 64 and estimated.estimate.converged
    assert estimated.estimate.recalibration_rows == len(heldout)
    assert min(estimated.shares.values()) > 0


def test_resolve_estimates_from_the_configured_file(trained_model_dir: Path, labeled_pool: pd.DataFrame,
                                                    heldout: pd.DataFrame, tmp_path: Path) -> None:
    path = _unlabeled_file(labeled_pool, 0.5, tmp_path / "half.csv")
    training = training_prior(pd.Series(["not_behavioral", "psychosis", "suicide_risk", "psychosis"]))
    mix = resolve(PriorConfig(estimate=path), load_model(trained_model_dir).pipeline, training, heldout=heldout)
    assert mix.training == training and mix.target.source == "estimate"
    assert mix.target.estimate is not None and mix.target.estimate.rows == UNLABELED_NOTES


# --- reading the unlabeled file ----------------------------------------------------------


def test_read_notes_names_the_file_and_row(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match=r"missing\.csv: file not found"):
        read_notes(tmp_path / "missing.csv")
    pd.DataFrame({"note": ["x"]}).to_csv(tmp_path / "nocol.csv", index=False)
    with pytest.raises(DataValidationError, match=r"nocol\.csv: missing column\(s\) \['text'\]"):
        read_notes(tmp_path / "nocol.csv")
    pd.DataFrame({"text": ["RP STATES NEIGHBOR FELL", "  ", "SMOKE IN HALLWAY"], "district": ["4", "4", "7"]}).to_csv(
        tmp_path / "blank.csv", index=False)
    with pytest.raises(DataValidationError, match=r"blank\.csv: row 2: field 'text' is empty"):
        read_notes(tmp_path / "blank.csv")
    (tmp_path / "empty.csv").write_text("text\n")
    with pytest.raises(DataValidationError, match="no notes"):
        read_notes(tmp_path / "empty.csv")


# --- priors, config and manifest ---------------------------------------------------------


def test_training_prior_is_the_label_shares() -> None:
    prior = training_prior(pd.Series(["not_behavioral"] * 3 + ["psychosis"]))
    assert prior.shares["not_behavioral"] == 0.75 and prior.shares["psychosis"] == 0.25
    assert prior.shares["family_conflict"] == 0.0 and set(prior.shares) == set(CRISIS_TYPES)
    assert prior.source == "training" and "4 notes" in prior.description


def test_shipped_default_is_cad_texts_measured_mix() -> None:
    shares = load_config(REPO / "training" / "config.yaml").prior.shares
    assert shares is not None and set(shares) == set(CRISIS_TYPES)
    assert shares["not_behavioral"] == pytest.approx(0.968)
    assert sum(v for k, v in shares.items() if k != "not_behavioral") == pytest.approx(0.032)
    assert min(shares.values()) > 0


def _config_with(tmp_path: Path, prior: object) -> Path:
    doc = yaml.safe_load((REPO / "training" / "config.yaml").read_text())
    doc["prior"] = prior
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


CAD_MIX = {"not_behavioral": 0.968, "substance_use": 0.0128, "suicide_risk": 0.0064, "welfare_check": 0.0064,
           "psychosis": 0.0032, "emotional_distress": 0.0016, "family_conflict": 0.0016}


@pytest.mark.parametrize(("prior", "message"), [
    ({"shares": {k: v for k, v in CAD_MIX.items() if k != "family_conflict"}},
     r"prior\.shares: missing crisis type\(s\) \['family_conflict'\]"),
    ({"shares": {**CAD_MIX, "fire": 0.0}}, r"prior\.shares: unknown crisis type\(s\) \['fire'\]"),
    ({"shares": {**CAD_MIX, "not_behavioral": 0.9}}, r"prior\.shares: shares sum to 0\.932, not 1"),
    ({"shares": {**CAD_MIX, "not_behavioral": 0.9696, "family_conflict": 0.0}},
     r"prior\.shares: family_conflict: share must be above 0"),
    ({"shares": CAD_MIX, "estimate": "notes.csv"}, r"prior: give exactly one of `shares`"),
    ({}, r"prior: give exactly one of `shares`"),
    ({"estimate": "notes.csv", "share": CAD_MIX}, r"prior\.share: Extra inputs are not permitted"),
])
def test_config_prior_errors_name_the_field(tmp_path: Path, prior: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(_config_with(tmp_path, prior))


def test_config_without_a_prior_says_so(tmp_path: Path) -> None:
    doc = yaml.safe_load((REPO / "training" / "config.yaml").read_text())
    del doc["prior"]
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(doc))
    with pytest.raises(ConfigError, match="prior: Field required"):
        load_config(tmp_path / "config.yaml")


def test_config_estimate_form(tmp_path: Path) -> None:
    cfg = load_config(_config_with(tmp_path, {"estimate": "data/agency/unlabeled.parquet"}))
    assert cfg.prior.estimate == Path("data/agency/unlabeled.parquet") and cfg.prior.shares is None


def test_resolve_uses_the_configured_shares() -> None:
    training = training_prior(pd.Series(["not_behavioral", "psychosis"]))
    mix = resolve(PriorConfig(shares=CAD_MIX), pipeline=None, training=training)  # type: ignore[arg-type]
    assert mix.target.shares == CAD_MIX and mix.target.source == "config" and mix.target.estimate is None
    adjusted = mix.adjust({"not_behavioral": 0.5, "psychosis": 0.5})
    assert adjusted["not_behavioral"] == pytest.approx(0.968 / (0.968 + 0.0032))


def test_manifest_round_trip_and_older_manifests() -> None:
    mix = CallMix(training=training_prior(pd.Series(["not_behavioral", "psychosis"])),
                  target=Prior(shares=CAD_MIX, source="config", description="prior.shares"))
    from call_nlp.manifest import Manifest

    thresholds = {"crisis_type": 0.55, "violence_risk": 0.6}
    written = json.loads(json.dumps({"version": "3", "thresholds": thresholds, "prior": mix.model_dump(mode="json")}))
    assert from_manifest(Manifest.model_validate(written)) == mix
    assert from_manifest(Manifest(version="2", thresholds=thresholds)) is None
    with pytest.raises(ValueError, match="'prior' is not a valid call mix"):
        from_manifest(Manifest(thresholds=thresholds, prior={"training": mix.training.model_dump(),
                                                               "target": {"shares": {"psychosis": 1.0}}}))
    with pytest.raises(ValueError, match="estimate"):
        Prior(shares=CAD_MIX, source="estimate", description="no file")


def test_one_note_is_reweighted_as_the_same_note_in_an_array() -> None:
    """The service re-weights one note's dict in plain floats; it must agree with the array path."""
    import numpy as np

    from call_nlp.prior import adjust

    rng = np.random.default_rng(3)
    labels = ["not_behavioral", "suicide_risk", "psychosis", "substance_use"]
    training = dict(zip(labels, [0.5, 0.2, 0.2, 0.1], strict=True))
    target = dict(zip(labels, [0.97, 0.01, 0.01, 0.01], strict=True))
    for row in rng.dirichlet(np.ones(len(labels)), size=200):
        one = adjust(dict(zip(labels, row.tolist(), strict=True)), training, target)
        many = adjust(row[None, :], training, target, labels)[0]
        assert list(one) == labels
        assert np.allclose(list(one.values()), many, rtol=0, atol=1e-15)
