"""Generate the synthetic demo corpus: one row per note, labels computed from its parts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from call_nlp.defaults import DEMO_FILE
from call_nlp.demo import labeling, vocab
from call_nlp.demo.compose import compose
from call_nlp.demo.phrasebook import pick
from call_nlp.demo.render import Renderer

#: Output columns, in order.
COLUMNS: tuple[str, ...] = (
    "id", "text", "crisis_type", "violence_risk", "response_model", "medical_need", "district", "received_at",
)
#: Extra columns of :func:`generate_annotated` (for tests and corpus audits, not for training).
META_COLUMNS: tuple[str, ...] = (
    "style", "content_free", "ordinary", "primary", "scenario", "target", "verbosity", "voice", "race", "language", "religion", "identity",
)
DEFAULT_N = 24000
#: Longest note in words; longer renderings lose label-neutral parts from the end.
MAX_WORDS = 160
DEFAULT_SEED = 20261126
_EPOCH = datetime(2025, 1, 1)
_YEAR_SECONDS = 365 * 24 * 3600


def _note_rng(seed: int, i: int, salt: str = "") -> random.Random:
    # String seeds hash through SHA-512: stable across processes and PYTHONHASHSEED.
    return random.Random(f"call_nlp.demo:{seed}:{i}{salt}")


def generate_annotated(n: int = DEFAULT_N, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The corpus with :data:`COLUMNS` followed by :data:`META_COLUMNS` (how each note was made)."""
    if n < 0:
        raise ValueError("n must be non-negative")
    rows: list[dict[str, object]] = []
    uninformative: list[int] = []
    for i in range(n):
        rng = _note_rng(seed, i)
        when = _EPOCH + timedelta(seconds=int(rng.random() * _YEAR_SECONDS))
        district = pick(rng, vocab.DISTRICTS)
        plan = compose(rng)
        renderer = Renderer(plan, rng, when)
        text, kept = renderer.render()
        while len(text.split()) > MAX_WORDS:
            neutral = [k for k, seg in enumerate(plan.segs) if not seg.tags and seg.kind in ("update", "qa", "log", "tail")]
            if not neutral:
                break
            del plan.segs[neutral[-1]]
            text, kept = renderer.render()
        tags = [t for seg in kept for t in seg.tags]
        row: dict[str, object] = {"id": f"SYN-{i + 1:06d}", "text": text}
        content_free = plan.content_free or not labeling.is_informative(tags)
        if content_free:
            uninformative.append(i)
            row.update(crisis_type="", violence_risk="", response_model="", medical_need=False)
        else:
            lab = labeling.label(tags)
            row.update(crisis_type=lab.crisis_type, violence_risk=lab.violence_risk,
                       response_model=lab.response_model, medical_need=lab.medical_need)
        cast = plan.cast
        row.update(
            district=district, received_at=when.isoformat(timespec="seconds"), style=renderer.style,
            content_free=content_free, ordinary=plan.ordinary, primary=plan.primary, scenario=plan.meta.get("scenario", ""),
            target=plan.meta.get("target", ""), verbosity=plan.meta.get("verbosity", ""), voice=plan.meta.get("voice", ""),
            race=cast.race, language=cast.language, religion=cast.religion, identity=cast.identity,
        )
        rows.append(row)
    _label_uninformative(rows, uninformative, seed)
    frame = pd.DataFrame(rows, columns=[*COLUMNS, *META_COLUMNS])
    frame["medical_need"] = frame["medical_need"].astype(bool)
    frame["content_free"] = frame["content_free"].astype(bool)
    frame["ordinary"] = frame["ordinary"].astype(bool)
    return frame


def _label_uninformative(rows: list[dict[str, object]], idx: list[int], seed: int) -> None:
    """Content-free notes get (crisis, risk) drawn from the informative notes' joint
    distribution, no stated medical need, and the policy's response model for those."""
    donors = [(r["crisis_type"], r["violence_risk"]) for r in rows if r["crisis_type"]]
    for i in idx:
        crisis, risk = pick(_note_rng(seed, i, ":donor"), donors) if donors else ("welfare_check", "low")
        rows[i].update(crisis_type=crisis, violence_risk=risk, medical_need=False,
                       response_model=labeling.response_model(str(crisis), str(risk), False))


def generate_corpus(n: int = DEFAULT_N, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Generate ``n`` synthetic 911 call-taker notes with taxonomy labels.

    Columns, in order: ``id``, ``text``, ``crisis_type``, ``violence_risk``,
    ``response_model``, ``medical_need``, ``district``, ``received_at``. The same ``n``
    and ``seed`` always give the same frame; note ``i`` depends only on ``seed`` and ``i``.
    """
    return generate_annotated(n, seed).loc[:, list(COLUMNS)]


def write_corpus(out_dir: Path, n: int = DEFAULT_N, seed: int = DEFAULT_SEED) -> Path:
    """Write ``out_dir/notes.csv`` (UTF-8, ``\\n`` line ends) and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / DEMO_FILE
    generate_corpus(n, seed).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path
