"""The batch CLI: predict, evaluate, demo-data, and its error messages."""

from pathlib import Path

import pandas as pd
import pytest

from call_nlp.cli import PREDICT_COLUMNS, main
from tests.conftest import write_csv


def test_cli_predict_writes_exact_columns(tmp_path: Path, trained_model_dir: Path, policy_path: Path) -> None:
    notes = write_csv(
        tmp_path / "in.csv",
        [
            {"id": "n1", "text": "SUBJ HAS A KNIFE, THREATENING STAFF", "district": "X"},
            {"id": "n2", "text": "very drunk male cant stand at bus stop, POSS OD"},
        ],
    )
    out = tmp_path / "out" / "suggestions.csv"
    code = main(["predict", str(notes), "-o", str(out), "--model", str(trained_model_dir), "--policy", str(policy_path)])
    assert code == 0
    frame = pd.read_csv(out, keep_default_na=False)
    assert tuple(frame.columns) == PREDICT_COLUMNS
    assert list(frame["id"]) == ["n1", "n2"]
    assert frame.loc[0, "response_model"] in ("co_response", "standard_dispatch")
    assert "weapon: knife" in frame.loc[0, "cues"].split(";")
    assert frame["crisis_type_confidence"].between(0, 1).all()


def test_cli_predict_reports_bad_input(tmp_path: Path, trained_model_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = write_csv(tmp_path / "in.csv", [{"id": "n1", "text": "ok"}, {"id": "n2", "text": " "}])
    code = main(["predict", str(notes), "-o", str(tmp_path / "o.csv"), "--model", str(trained_model_dir)])
    assert code == 2
    assert "row 2: field 'text' is empty" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_cli_missing_model_says_how_to_make_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = write_csv(tmp_path / "in.csv", [{"id": "n1", "text": "ok"}])
    code = main(["predict", str(notes), "-o", str(tmp_path / "o.csv"), "--model", str(tmp_path / "none")])
    assert code == 2
    assert "make train" in capsys.readouterr().err


def test_cli_evaluate_prints_every_figure(
    tmp_path: Path, trained_model_dir: Path, tiny_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False).head(60)
    labeled = tmp_path / "labeled.csv"
    sample.to_csv(labeled, index=False)
    assert main(["evaluate", str(labeled), "--model", str(trained_model_dir)]) == 0
    out = capsys.readouterr().out
    for figure in ("crisis_type", "violence_risk", "response_model", "macro-F1", "imminent recall", "unsafe suggestions"):
        assert figure in out
    assert "notes: 60" in out


def test_cli_demo_data_writes_a_valid_corpus(tmp_path: Path) -> None:
    from call_nlp.data import load_dataset

    assert main(["demo-data", "--out", str(tmp_path), "--n", "300", "--seed", "3"]) == 0
    dataset = load_dataset([tmp_path / "notes.csv"])
    assert len(dataset.frame) == 300


def test_cli_help_imports_no_model_stack() -> None:
    """``call-nlp --help`` prints its usage without importing scikit-learn, pandas, spaCy or
    MLflow: a call-taker's tooling or a shell completion must not wait seconds for it (the
    time itself is measured by `make bench`)."""
    import subprocess
    import sys

    heavy = ("sklearn", "pandas", "spacy", "mlflow", "scipy", "joblib", "pydantic")
    code = (
        "import sys, contextlib, io\n"
        "from call_nlp.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules)); print('usage: call-nlp' in out.getvalue())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "True"], done.stdout


def test_cli_evaluate_warns_when_its_notes_were_training_notes(
    tmp_path: Path, trained_model_dir: Path, tiny_corpus: Path, training_run, model_copy: Path,  # noqa: ANN001
    signing_key_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    from call_nlp.training_inputs import split

    cfg = training_run[0]
    corpus = pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False)
    train, _ = split(corpus, cfg.split.test_size, cfg.seed, cfg.split.group_column)
    sample = corpus.head(60)
    expected = int(sample["text"].str.strip().isin(set(train["text"].str.strip())).sum())
    assert 0 < expected < 60
    sample.to_csv(tmp_path / "seen.csv", index=False)
    fresh = sample.assign(text=[f"ZZ NEVER SEEN NOTE {i}, RP STATES SUBJ ACTING ODD" for i in range(60)])
    fresh.to_csv(tmp_path / "fresh.csv", index=False)
    assert main(["evaluate", str(tmp_path / "seen.csv"), str(tmp_path / "fresh.csv"), "--model", str(trained_model_dir)]) == 0
    out = capsys.readouterr().out
    assert f"WARNING: {expected} of 60 notes ({expected / 60:.1%}) were training notes of this model" in out
    assert "training-data overlap: none of the 60 notes was a training note (keyed hash)" in out
    # the hashes are checked like every model file: changed after training, the model is refused
    (model_copy / "training_texts.npy").write_bytes(b"\x93NUMPY tampered")
    assert main(["evaluate", str(tmp_path / "fresh.csv"), "--model", str(model_copy)]) == 2
    assert "training_texts.npy: sha256 does not match the manifest" in capsys.readouterr().err


def test_cli_evaluate_says_when_a_model_has_no_hashes_to_check(
    tmp_path: Path, model_copy: Path, signing_key_path: Path, tiny_corpus: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from tests.conftest import resign

    manifest = json.loads((model_copy / "manifest.json").read_text())
    del manifest["data"]["text_hashes"]  # a model trained before the hashes
    (model_copy / "manifest.json").write_text(json.dumps(manifest))
    resign(model_copy, signing_key_path)
    pd.read_csv(tiny_corpus, dtype=str, keep_default_na=False).head(20).to_csv(tmp_path / "a.csv", index=False)
    assert main(["evaluate", str(tmp_path / "a.csv"), "--model", str(model_copy)]) == 0
    assert "training-data overlap: not checked (the model records no keyed hashes of its training notes)" in \
        capsys.readouterr().out


def test_train_if_missing_keeps_a_model_that_is_there(trained_model_dir: Path, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    import yaml

    config = tmp_path / "config.yaml"
    data = yaml.safe_load(Path("training/config.yaml").read_text())
    config.write_text(yaml.safe_dump({**data, "output": {"model_dir": str(trained_model_dir)}}))
    before = (trained_model_dir / "manifest.json").read_bytes()
    with caplog.at_level("INFO"):
        assert main(["train", "--config", str(config), "--if-missing"]) == 0
    assert "not training" in caplog.text and (trained_model_dir / "manifest.json").read_bytes() == before


def test_training_reads_its_policy_from_the_config(base_config, tiny_corpus: Path, gate_path: Path,  # noqa: ANN001
                                                   signing_key_path: Path, tmp_path: Path) -> None:
    from call_nlp import defaults, train
    from call_nlp.errors import PolicyError
    from tests.conftest import tiny_config

    assert base_config.policy == defaults.POLICY_PATH  # the service's, spelled once
    broken = tmp_path / "policy.yaml"
    broken.write_text("rules: [")
    cfg = tiny_config(base_config, tmp_path, tiny_corpus, gate_path, signing_key_path).model_copy(update={"policy": broken})
    with pytest.raises(PolicyError, match=str(broken)):  # read before the fit, from the config
        train.main(cfg, [tiny_corpus])


@pytest.mark.parametrize("name", ["bench", "behavioral", "demo-run", "agency-loop", "suggestion-diff"])
def test_one_command_runs_every_tool(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The tools that were `python -m` modules are `call-nlp` subcommands, listed in its help."""
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith(f"usage: call-nlp {name}")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert name in capsys.readouterr().out


def test_the_behavioural_suite_runs_from_the_command(trained_model_dir: Path, policy_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["behavioral", "--model", str(trained_model_dir), "--policy", str(policy_path)]) in (0, 1)
    assert "MFT" in capsys.readouterr().out
