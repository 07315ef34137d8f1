"""Default paths, each spelled once: the CLI, the service, the benchmarks and the behavioural
suite read them from here. Relative to the directory the command runs in (the repo root).

Light on purpose (the standard library only), so that ``call-nlp --help`` stays instant.
"""

from __future__ import annotations

from pathlib import Path

#: The training configuration: seeds, data, split, hyperparameters, thresholds, call mix.
CONFIG_PATH = Path("training/config.yaml")
#: The demo corpus's file name in data.demo_dir of the training config.
DEMO_FILE = "notes.csv"
#: Call type -> crisis type, the weak labels of an agency's CAD export.
CALL_TYPES_PATH = Path("training/call_types.yaml")
#: The champion's copy that `make serve`, `evaluate`, `predict` and the benchmarks load.
MODEL_DIR = Path("models/current")
#: Where training writes a model the promotion gate refused (never the serving directory).
CHALLENGER_DIR = Path("models/challenger")
#: The registered champion (training/config.yaml's mlflow.registered_model and alias), what
#: `call-nlp predict --engine spark` scores by default.
CHAMPION_URI = "models:/call-nlp@champion"
#: The response policy (TAXONOMY section 3 as editable rules).
POLICY_PATH = Path("serve/policy.yaml")
#: How the command and the service's workers write their log lines (to stderr).
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_DATE_FORMAT = "%H:%M:%S"
#: Seconds between a service worker's looks at its model source for a new champion (0: never).
MODEL_POLL_SECONDS = 30.0
#: Notes `call-nlp predict` reads, checks and sends to a worker at a time.
PREDICT_CHUNK_NOTES = 1000
#: Notes `call-nlp queue` writes for people to label.
QUEUE_NOTES = 300
