"""``call-nlp predict`` streams: chunks, worker processes, Parquet, and all-or-nothing output."""

from pathlib import Path

import pandas as pd
import pytest

from call_nlp.cli import PREDICT_COLUMNS, main
from call_nlp.demo import generate_corpus
from call_nlp.predict import run
from call_nlp.triage import Triager


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    frame = generate_corpus(n=90, seed=21)[["id", "text"]]
    frame.to_csv(tmp_path_factory.mktemp("predict") / "notes.csv", index=False)
    return frame


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_predict_chunks_and_workers_give_the_one_pass_answer(
    tmp_path: Path, notes: pd.DataFrame, trained_model_dir: Path, policy_path: Path
) -> None:
    source = tmp_path / "notes.csv"
    notes.to_csv(source, index=False)
    whole = Triager.load(trained_model_dir, policy_path).triage_many(notes["text"].tolist())
    for jobs, chunk in ((1, 1000), (1, 7), (2, 7)):
        out = tmp_path / f"out_{jobs}_{chunk}.csv"
        assert run(source, out, trained_model_dir, policy_path, jobs=jobs, chunk_size=chunk, progress=False) == len(notes)
        frame = _read(out)
        assert tuple(frame.columns) == PREDICT_COLUMNS
        assert frame["id"].tolist() == notes["id"].tolist()  # the input's order, whatever the workers did
        assert frame["response_model"].tolist() == [s.response_model for s in whole]
        assert frame["needs_review"].tolist() == [str(s.needs_review) for s in whole]


def test_predict_reads_parquet(tmp_path: Path, notes: pd.DataFrame, trained_model_dir: Path, policy_path: Path) -> None:
    source = tmp_path / "notes.parquet"
    notes.to_parquet(source)
    out = tmp_path / "out.csv"
    assert run(source, out, trained_model_dir, policy_path, jobs=1, chunk_size=25, progress=False) == len(notes)
    assert _read(out)["id"].tolist() == notes["id"].tolist()


def test_predict_bad_row_in_a_later_chunk_leaves_no_output(
    tmp_path: Path, trained_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"id": f"n{i}", "text": "RP STATES SUBJ HEARING VOICES"} for i in range(30)]
    rows[25]["id"] = "n3"  # a duplicate, 22 rows after its first use, in another chunk
    source = tmp_path / "in.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    out = tmp_path / "o.csv"
    code = main(["predict", str(source), "-o", str(out), "--model", str(trained_model_dir), "--jobs", "1",
                 "--chunk-size", "10"])
    assert code == 2
    assert "row 26: field 'id' duplicates 'n3'" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".o.csv*"))


def test_predict_empty_file_writes_the_header(tmp_path: Path, trained_model_dir: Path, policy_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,text\n")
    out = tmp_path / "o.csv"
    assert run(source, out, trained_model_dir, policy_path, jobs=1, progress=False) == 0
    assert out.read_text().strip() == ",".join(PREDICT_COLUMNS)


def test_predict_output_reads_back_as_the_suggestions(
    tmp_path: Path, trained_model_dir: Path, policy_path: Path
) -> None:
    """Every field survives the CSV: ids with commas, quotes and line breaks, confidences as
    the same floats, booleans as True/False and the cues as their labels."""
    ids = ["plain", "a,b", 'say "hi"', "two\nlines", "  padded  ", "ü-ñ"]
    texts = ["RP STATES SUBJ HEARING VOICES, HAS A KNIFE", "ALARM SOUNDING, NO SMOKE", "WANTS TO DIE, TOOK PILLS",
             "MVA 2 CARS, NO INJ", "UNK PROBLEM", "RP: \"HE SAID HE'D KILL ME\", 34YOM"]
    source = tmp_path / "in.csv"
    pd.DataFrame({"id": ids, "text": texts}).to_csv(source, index=False)
    out = tmp_path / "o.csv"
    assert run(source, out, trained_model_dir, policy_path, jobs=1, progress=False) == len(ids)
    frame = _read(out)
    whole = Triager.load(trained_model_dir, policy_path).triage_many(texts)
    assert frame["id"].tolist() == [i.strip() for i in ids]
    assert frame["crisis_type"].tolist() == [s.crisis_type.label for s in whole]
    assert [float(c) for c in frame["crisis_type_confidence"]] == [s.crisis_type.confidence for s in whole]
    assert [float(c) for c in frame["violence_risk_confidence"]] == [s.violence_risk.confidence for s in whole]
    assert frame["needs_review"].tolist() == [str(s.needs_review) for s in whole]
    assert frame["cues"].tolist() == [";".join(c.label() for c in s.cues) for s in whole]
    assert any(";" in c for c in frame["cues"])  # a note with several cues is among them
