"""``call-nlp agency-loop``: the labeling loop of a synthetic agency, measured.

1. A CAD export in the agency's own style, with hidden true labels (`agency`), and a labeled
   held-out set of the agency's notes that no model trains on.
2. Weak-label training on the demo corpus and the export (the agency's call-type map).
3. ``call-nlp queue`` of the export with that model; the same number of rows drawn at random.
4. Labels filled in from the hidden truth for the first 100, 200, 300 rows of each order, and
   a retrain on the demo corpus, the export and those rows.
5. Every model scored on the agency's held-out notes.

Each training is an MLflow run of the experiment ``call-nlp-agency-loop`` (registered model
``call-nlp-agency-loop``: the product's own champion is untouched), tagged ``loop.order`` and
``loop.labels``; a summary run logs each order's curve (metric step = labels). The learning
curve, the wall time and the runs are written to ``OUT/report.md``. SYNTHETIC data throughout.
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Any

import pandas as pd

from call_nlp import defaults, log_setup
from call_nlp.config import TrainConfig, load_config
from call_nlp.data import load_dataset
from call_nlp.demo.agency import Agency, write_agency
from call_nlp.evaluation import compute_metrics, predictions_frame

log = logging.getLogger("call_nlp.loop")

EXPERIMENT = "call-nlp-agency-loop"
#: What the report and the summary run show of each model on the agency's held-out notes.
FIGURES = ("crisis_type.macro_f1", "crisis_type.accuracy", "violence_risk.macro_f1", "response_model.accuracy",
           "unsafe_suggestions", "ordinary.false_alarm_rate", "behavioral.recall")


def loop_config(base: TrainConfig, out: Path, call_types: Path, name: str) -> TrainConfig:
    """The training config of one loop model: its own model folder, the loop's MLflow experiment
    and registered model, the agency's call-type map."""
    models = out / "models" / name
    return base.model_copy(update={
        "data": base.data.model_copy(update={"call_types": call_types}),
        "output": base.output.model_copy(update={"model_dir": models, "challenger_dir": models}),
        "mlflow": base.mlflow.model_copy(update={"experiment": EXPERIMENT, "registered_model": EXPERIMENT}),
    })


def labeled_rows(queue: pd.DataFrame, truth: pd.DataFrame, k: int, path: Path) -> Path:
    """The first ``k`` rows of a to-label file, filled in from the hidden truth, as a person would."""
    rows = queue.head(k).drop(columns=["crisis_type", "violence_risk", "response_model"])
    rows = rows.merge(truth, on="id", how="left", validate="one_to_one")
    rows.to_csv(path, index=False)
    return path


def score(model_dir: Path, policy: Path, heldout: pd.DataFrame) -> dict[str, Any]:
    from call_nlp.triage import Triager

    triager = Triager.load(model_dir, policy, use_estimator=True)  # as `call-nlp evaluate` scores
    return compute_metrics(heldout, predictions_frame(triager.triage_many(heldout["text"].tolist())))


def run_loop(out: Path, cfg: TrainConfig, policy: Path, notes: int, heldout_notes: int, labels: list[int],
             seed: int) -> list[dict[str, Any]]:
    import mlflow

    from call_nlp import label_queue, train
    from call_nlp.training_inputs import ensure_demo_corpus

    agency: Agency = write_agency(out / "agency", notes, heldout_notes, seed)
    truth = pd.read_csv(agency.truth, dtype=str, keep_default_na=False)
    heldout = load_dataset([agency.heldout]).frame
    ensure_demo_corpus(cfg, [cfg.data.demo_file])
    rows: list[dict[str, Any]] = []

    def fit(name: str, files: list[Path], order: str, k: int) -> Path:
        run_cfg = loop_config(cfg, out, agency.call_types, name)
        run_id = train.main(run_cfg, files, policy_path=policy)
        figures = score(Path(run_cfg.output.model_dir), policy, heldout)
        client = mlflow.MlflowClient()
        for key, value in [("loop.order", order), ("loop.labels", str(k))]:
            client.set_tag(run_id, key, value)
        for key in FIGURES:
            client.log_metric(run_id, f"agency_heldout.{key}", float(figures[key]))
        rows.append({"order": order, "labels": k, "run_id": run_id, **{key: figures[key] for key in FIGURES}})
        log.info("loop: %s with %d labels: %s", order, k, {key: round(float(figures[key]), 4) for key in FIGURES})
        return Path(run_cfg.output.model_dir)

    weak_model = fit("weak", [cfg.data.demo_file, agency.export], "none", 0)
    top = max(labels)
    label_queue.run(agency.export, out / "to_label_queue.csv", weak_model, policy, top)
    export = pd.read_csv(agency.export, dtype=str, keep_default_na=False)
    export.sample(n=top, random_state=seed).assign(crisis_type="", violence_risk="", response_model="").to_csv(
        out / "to_label_random.csv", index=False)
    orders = {"queue": pd.read_csv(out / "to_label_queue.csv", dtype=str, keep_default_na=False),
              "random": pd.read_csv(out / "to_label_random.csv", dtype=str, keep_default_na=False)}
    for k in sorted(labels):
        for order, queue in orders.items():
            path = labeled_rows(queue, truth, k, out / f"labeled_{order}_{k}.csv")
            fit(f"{order}-{k}", [cfg.data.demo_file, agency.export, path], order, k)
    return rows


def report(rows: list[dict[str, Any]], seconds: float, out: Path, notes: int, heldout_notes: int) -> str:
    lines = ["# The labeling loop of a synthetic agency", "",
             f"Export of {notes} notes in the agency's own style (SYNTHETIC, hidden labels); scored on "
             f"{heldout_notes} held-out notes of the agency that no model trained on. Wall time of the whole loop: "
             f"{seconds / 60:.1f} min.", "",
             "| order | labels | " + " | ".join(FIGURES) + " | MLflow run |", "|---" * (len(FIGURES) + 3) + "|"]
    for row in rows:
        lines.append(f"| {row['order']} | {row['labels']} | "
                     + " | ".join(f"{float(row[k]):.4f}" if isinstance(row[k], float) else str(row[k]) for k in FIGURES)
                     + f" | `{row['run_id']}` |")
    text = "\n".join(lines) + "\n"
    (out / "report.md").write_text(text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="call-nlp agency-loop", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("runs/agency-loop"))
    parser.add_argument("--notes", type=int, default=6000, help="notes in the agency's export")
    parser.add_argument("--heldout", type=int, default=1500, help="the agency's labeled held-out notes")
    parser.add_argument("--labels", type=int, nargs="+", default=[100, 200, 300])
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--config", type=Path, default=defaults.CONFIG_PATH)
    parser.add_argument("--policy", type=Path, default=defaults.POLICY_PATH)
    parser.add_argument("--agency-label-weight", type=float,
                        help="data.agency_label_weight of every loop model (default: the config's)")
    args = parser.parse_args(argv)
    log_setup.basic()
    started = time.perf_counter()
    cfg = load_config(args.config)
    if args.agency_label_weight is not None:
        cfg = cfg.model_copy(update={"data": cfg.data.model_copy(update={"agency_label_weight": args.agency_label_weight})})
    rows = run_loop(args.out, cfg, args.policy, args.notes, args.heldout, args.labels, args.seed)
    seconds = time.perf_counter() - started
    text = report(rows, seconds, args.out, args.notes, args.heldout)
    _summary_run(rows, seconds, cfg)
    print(text)
    return 0


def _summary_run(rows: list[dict[str, Any]], seconds: float, cfg: TrainConfig) -> None:
    """One run holding each order's learning curve (step = labels) and the wall time."""
    import mlflow

    from call_nlp import tracking

    tracking.setup(cfg.mlflow.model_copy(update={"experiment": EXPERIMENT}))
    with mlflow.start_run(run_name="learning curve: queue vs random"):
        mlflow.log_metric("loop.wall_seconds", seconds)
        for row in rows:
            orders = ["queue", "random"] if row["order"] == "none" else [row["order"]]
            for order in orders:
                for key in FIGURES:
                    mlflow.log_metric(f"{order}.{key}", float(row[key]), step=int(row["labels"]))


if __name__ == "__main__":
    raise SystemExit(main())
