# call_nlp: every target sets up .venv/ from requirements.lock on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
MLFLOW_PORT ?= 5000
DATA   ?=
EVAL   ?= ../shared/eval/dev.csv ../shared/eval/dev_calls.csv $(wildcard data/holdout/*.csv data/holdout3/*.csv data/holdout4/*.csv data/holdout6/*.csv data/holdout7/*.csv data/holdout9/*.csv)

export MLFLOW_DISABLE_TELEMETRY := true

.PHONY: setup setup-spark model train serve test bench eval mlflow-ui demo-data lock clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)

# Optional: pyspark for `call-nlp predict --engine spark` and its test (Java 17+ needed too).
setup-spark: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-spark.lock

demo-data: $(STAMP)
	$(BIN)/call-nlp demo-data

# DATA=path/to/notes.csv (or several, space-separated) trains on an agency's own labeled notes.
train: $(STAMP)
	$(BIN)/call-nlp train $(if $(DATA),--data $(DATA))

# A model in the config's output.model_dir, trained if there is none yet.
model: $(STAMP)
	$(BIN)/call-nlp train --if-missing

serve: model
	$(BIN)/call-nlp serve --host 127.0.0.1 --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: model
	$(BIN)/call-nlp bench

# Generalisation check on hand-labeled notes no generator wrote (never trained on).
eval: model
	$(BIN)/call-nlp evaluate $(EVAL)
	$(BIN)/call-nlp behavioral

mlflow-ui: $(STAMP)
	$(BIN)/mlflow ui --backend-store-uri sqlite:///mlflow.db --host 127.0.0.1 --port $(MLFLOW_PORT)

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	{ sed -n '1,2p' requirements.lock; $(BIN)/python -m pip freeze --exclude-editable | grep -viE '^(call-nlp|pyspark|py4j)=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) models/*/ mlflow.db mlartifacts data/demo/notes.csv data/gate/gate.csv
