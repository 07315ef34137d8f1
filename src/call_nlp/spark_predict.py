"""``call-nlp predict --engine spark``: a Parquet archive scored on Spark through the registered model.

For an archive one machine cannot score in time (a statewide archive, a study across agencies).
The notes (``id``, ``text``) are read as a Spark DataFrame and scored by ``mlflow.pyfunc.spark_udf``
of the registered model, which is the whole triager (`mlflow_model`): each executor loads the model
once and applies the same policy and safety rules as the service. The output is Parquet with the
columns `call-nlp predict` writes (`cli.PREDICT_COLUMNS`), the cues as their labels joined by ``;``.

Run it from the command (``--master local[4]``, ``spark://host:7077``, ``yarn``...) or hand this file
to ``spark-submit``, which then sets the master (see the README). pyspark is the optional ``[spark]``
extra, and Spark needs Java 17 or newer.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from call_nlp import defaults, log_setup
from call_nlp.cli import PREDICT_COLUMNS
from call_nlp.errors import DataValidationError

log = logging.getLogger(__name__)

#: The pyfunc's answer for one note, as a Spark struct (`mlflow_model.OUTPUT_COLUMNS`).
RESULT_TYPE = ("struct<response_model:string, needs_review:boolean, crisis_type:string, crisis_type_confidence:double, "
               "violence_risk:string, violence_risk_confidence:double, cues:string>")
#: The fields of a cue in the pyfunc's JSON that the output keeps.
CUE_TYPE = "array<struct<label:string>>"


def session(master: str | None) -> Any:
    """The Spark session: ``master`` when given (the command), else spark-submit's or the default.
    Its Python workers run this interpreter (where call_nlp and the model's packages are) unless
    PYSPARK_PYTHON says otherwise."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    builder = SparkSession.builder.appName("call-nlp predict")
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()


def run(source: Path | str, output: Path | str, model_uri: str, *, master: str | None = None,
        partitions: int | None = None, stop: bool = False) -> int:
    """Score every note of the Parquet ``source`` into the Parquet ``output``; the notes written.
    ``stop``: stop the Spark session afterwards (the command; spark-submit stops its own)."""
    spark = session(master)
    try:
        return _score(spark, source, output, model_uri, partitions)
    finally:
        if stop:
            spark.stop()


def _score(spark: Any, source: Path | str, output: Path | str, model_uri: str, partitions: int | None) -> int:
    import mlflow.pyfunc
    from pyspark.sql import functions as F

    notes = spark.read.parquet(str(source))
    missing = [c for c in ("id", "text") if c not in notes.columns]
    if missing:
        raise DataValidationError([f"{source}: no column {', '.join(repr(c) for c in missing)} "
                                   f"(it has {', '.join(notes.columns)})"])
    # ids as `call-nlp predict` writes them: without the whitespace around them
    notes = notes.select(F.regexp_replace(F.col("id").cast("string"), r"^\s+|\s+$", "").alias("id"),
                         F.col("text").cast("string").alias("text"))
    empty = F.col("id").isNull() | (F.col("id") == "") | F.col("text").isNull() | (F.trim("text") == "")
    # one pass over the archive for both checks; the examples are looked up only when one fails
    found = notes.agg(F.count(F.when(empty, 1)).alias("empty"),
                      (F.count("*") - F.countDistinct("id")).alias("repeats")).first()
    if found["empty"]:
        raise DataValidationError([f"{source}: {found['empty']} note(s) with an empty id or text, e.g. id "
                                   f"{notes.filter(empty).first()['id']!r}"])
    if found["repeats"]:  # as `call-nlp predict` refuses them: an answer per id, never two
        repeated = notes.groupBy("id").count().filter(F.col("count") > 1)
        examples = [row["id"] for row in repeated.orderBy("id").limit(3).collect()]
        raise DataValidationError([f"{source}: field 'id': {repeated.count()} id(s) appear on more than one row, "
                                   f"e.g. {', '.join(repr(i) for i in examples)}"])
    if partitions:
        notes = notes.repartition(partitions)
    triage = mlflow.pyfunc.spark_udf(spark, model_uri, result_type=RESULT_TYPE, env_manager="local")
    scored = notes.withColumn("s", triage(F.struct("text")))
    columns = {
        "id": F.col("id"),
        "crisis_type": F.col("s.crisis_type"),
        "crisis_type_confidence": F.col("s.crisis_type_confidence"),
        "violence_risk": F.col("s.violence_risk"),
        "violence_risk_confidence": F.col("s.violence_risk_confidence"),
        "response_model": F.col("s.response_model"),
        "needs_review": F.col("s.needs_review"),
        "cues": F.concat_ws(";", F.transform(F.from_json("s.cues", CUE_TYPE), lambda cue: cue["label"])),
    }
    result = scored.select(*(columns[name].alias(name) for name in PREDICT_COLUMNS))
    result.write.mode("errorifexists").parquet(str(output))
    return int(spark.read.parquet(str(output)).count())


def main(argv: Sequence[str] | None = None) -> int:
    """The spark-submit entry point: ``spark-submit spark_predict.py notes.parquet -o out.parquet --model URI``."""
    parser = argparse.ArgumentParser(prog="spark_predict", description=__doc__.splitlines()[0])
    parser.add_argument("input", help="Parquet file or folder with id and text columns")
    parser.add_argument("-o", "--output", required=True, help="Parquet folder to write (must not exist)")
    parser.add_argument("--model", default=defaults.CHAMPION_URI, help="registered model URI")
    parser.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    parser.add_argument("--partitions", type=int, help="repartition the notes into this many partitions")
    args = parser.parse_args(argv)
    log_setup.basic()
    try:
        written = run(args.input, args.output, args.model, master=args.master, partitions=args.partitions)
    except DataValidationError as exc:
        print(f"spark_predict: error: {exc}", file=sys.stderr)
        return 2
    log.info("wrote %d suggestions to %s", written, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
