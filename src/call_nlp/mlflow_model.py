"""The registered MLflow model is the whole triager: a pyfunc that answers as the service does.

`mlflow models serve`, `mlflow.pyfunc.load_model` and `mlflow.pyfunc.spark_udf` all get, per
note, the suggestion the service gives: response model, ``needs_review``, both labels with their
confidences, and the cues as JSON. The pyfunc predicts with the fitted Pipeline (the estimator of
record), then applies the same policy and safety rules as the service (`triage.Triager`).

One MLflow model per run holds everything: the model directory (``artifacts/model_dir``: the
pickle, the data-only serving files and the signed manifest) and the policy file, with this
package's code (``code_paths``) so that any process, a Spark executor too, can import it. The
service reads only the serving files and the manifest of that directory (`registry`); MLflow
consumers unpickle the pipeline, as a pyfunc always does.

Its manifest is written before the model is registered, so its ``version`` is ``unregistered``:
the registry entry is the authority for the version (`registry.load_registered` takes it from there).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import mlflow.pyfunc
import pandas as pd

from call_nlp.triage import Suggestion

#: The pyfunc's artifacts: the model directory and the policy file.
MODEL_DIR_ARTIFACT = "model_dir"
POLICY_ARTIFACT = "policy"
#: What the pyfunc answers per note, in this order.
OUTPUT_COLUMNS = ("response_model", "needs_review", "crisis_type", "crisis_type_confidence", "violence_risk",
                  "violence_risk_confidence", "cues")


def output_row(suggestion: Suggestion) -> dict[str, Any]:
    """One note's answer: the service's suggestion, its cues as JSON (the API's cue objects)."""
    return {
        "response_model": suggestion.response_model,
        "needs_review": bool(suggestion.needs_review),
        "crisis_type": suggestion.crisis_type.label,
        "crisis_type_confidence": float(suggestion.crisis_type.confidence),
        "violence_risk": suggestion.violence_risk.label,
        "violence_risk_confidence": float(suggestion.violence_risk.confidence),
        "cues": json.dumps([cue.to_json() for cue in suggestion.cues], ensure_ascii=False),
    }


def output_frame(suggestions: list[Suggestion]) -> pd.DataFrame:
    return pd.DataFrame([output_row(s) for s in suggestions], columns=list(OUTPUT_COLUMNS))


class TriagerModel(mlflow.pyfunc.PythonModel):  # type: ignore[misc]
    """The triager as a pyfunc: a DataFrame with a string column ``text`` in, `OUTPUT_COLUMNS` out."""

    def load_context(self, context: Any) -> None:
        from call_nlp.artifact import MANIFEST_FILE, load_model
        from call_nlp.manifest import Manifest
        from call_nlp.policy import Policy
        from call_nlp.triage import Triager

        model_dir = Path(context.artifacts[MODEL_DIR_ARTIFACT])
        # each file is checked against the manifest's sha256; the manifest itself comes with the
        # MLflow model, whose store is what a pyfunc consumer trusts (it unpickles the model anyway)
        manifest = Manifest.model_validate_json((model_dir / MANIFEST_FILE).read_bytes())
        loaded = load_model(model_dir, estimator=True, manifest=manifest)
        self._triager = Triager(loaded, Policy.from_yaml(Path(context.artifacts[POLICY_ARTIFACT])), use_estimator=True)

    def predict(self, context: Any, model_input: pd.DataFrame, params: dict[str, Any] | None = None) -> pd.DataFrame:
        if "text" not in model_input.columns:
            raise ValueError(f"the input needs a string column 'text'; it has {list(model_input.columns)}")
        texts = ["" if value is None else str(value) for value in model_input["text"].tolist()]
        return output_frame(self._triager.triage_many(texts))


def log(*, model_dir: Path, policy_path: Path, example_output: pd.DataFrame, example_input: pd.DataFrame,
        code_dir: Path, requirements: list[str], registered_model: str) -> str | None:
    """Log the triager as this run's one MLflow model and register it; returns the registered version."""
    from mlflow.models import infer_signature

    info = mlflow.pyfunc.log_model(
        name="model",
        python_model=TriagerModel(),
        artifacts={MODEL_DIR_ARTIFACT: str(model_dir), POLICY_ARTIFACT: str(policy_path)},
        code_paths=[str(code_dir)],
        signature=infer_signature(example_input, example_output),
        input_example=example_input,
        pip_requirements=requirements,
        registered_model_name=registered_model,
    )
    version = getattr(info, "registered_model_version", None)
    return None if version is None else str(version)


def model_dir_in(local_model: Path) -> Path | None:
    """The model directory inside a downloaded MLflow model (None for a model of another layout)."""
    from mlflow.models import Model

    try:
        flavor = Model.load(str(local_model)).flavors.get("python_function", {})
    except Exception:  # noqa: BLE001 - no MLmodel: not a model of this layout
        return None
    entry = (flavor.get("artifacts") or {}).get(MODEL_DIR_ARTIFACT)
    if not isinstance(entry, dict) or "path" not in entry:
        return None
    found = local_model / entry["path"]
    return found if found.is_dir() else None
