"""A synthetic agency for the labeling loop: a CAD export in a style unlike the demo corpus, with
hidden true labels. SYNTHETIC: made from the demo generator's notes, no real call or person.

The agency writes its notes its own way, and codes its calls its own way:
- lower case, `` // `` between statements, ``** `` before an update;
- its own shorthand, which the packaged lexicon does not know (``comp`` for the caller,
  ``s1`` for the subject, ``wpn`` for a weapon, ``adv`` for states);
- its own call-type codes, some of them unknown to the default map (``WELF``, ``DIST``,
  ``ALRMF``, ``SF``), and codes that are what the caller first reported, so about one call in
  eight carries the code of a neighbouring type.

`write_agency` writes ``export.csv`` (``id``, ``text``, ``call_type``, ``call_id``: what an
agency would hand over) and ``truth.csv`` (the hidden labels, by id), and the agency's own
call-type map, the default one plus its codes.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from call_nlp import defaults
from call_nlp.demo.corpus import generate_corpus

#: The agency's words for things (whole words, case ignored): none is in the packaged lexicon.
AGENCY_WORDS = {
    "caller": "comp", "reporting party": "comp", "rp": "comp", "complainant": "comp",
    "subject": "s1", "subj": "s1", "patient": "s1", "pt": "s1",
    "weapon": "wpn", "weapons": "wpns", "states": "adv", "stated": "adv'd", "says": "adv",
    "advised": "adv'd", "with": "w", "and": "+", "update": "**", "upd": "**",
}
_WORDS = re.compile(r"\b(" + "|".join(sorted(map(re.escape, AGENCY_WORDS), key=len, reverse=True)) + r")\b",
                    re.IGNORECASE)
_STATEMENT = re.compile(r"(?<=[.!?])\s+|\s*/\s+|\n+")

#: The agency's call-type codes by hidden crisis type (several for ordinary calls).
CODES = {
    "suicide_risk": ["SUIC", "SUICTHRT"],
    "psychosis": ["EDP"],
    "substance_use": ["OD", "INTOX"],
    "emotional_distress": ["MNTL"],
    "welfare_check": ["WELF"],
    "family_conflict": ["DVNA", "DIST"],
    "not_behavioral": ["ALRMF", "SF", "MVA", "CHEST PAIN", "FALL", "TRAFFIC ACCIDENT", "THEFT"],
}
#: Codes the agency adds to the default map (its own, and what each means).
AGENCY_MAP = {"SUIC": "suicide_risk", "WELF": "welfare_check", "DIST": "family_conflict",
              "ALRMF": "not_behavioral", "SF": "not_behavioral"}
#: The share of calls coded as a neighbouring type (what the caller first reported).
MISCODED = 0.125
NEIGHBOURS = {
    "suicide_risk": "emotional_distress", "psychosis": "emotional_distress", "substance_use": "welfare_check",
    "emotional_distress": "welfare_check", "welfare_check": "not_behavioral", "family_conflict": "not_behavioral",
    "not_behavioral": "welfare_check",
}


def restyle(text: str) -> str:
    """A demo note as this agency writes it."""
    words = _WORDS.sub(lambda m: AGENCY_WORDS[m.group(1).lower()], text)
    statements = [s.strip(" ,;") for s in _STATEMENT.split(words) if s.strip(" ,;")]
    return " // ".join(s.lower() for s in statements)


def call_type(crisis_type: str, rng: random.Random) -> str:
    label = NEIGHBOURS[crisis_type] if rng.random() < MISCODED else crisis_type
    return rng.choice(CODES[label])


@dataclass(frozen=True)
class Agency:
    export: Path  #: id, text, call_type, call_id: what the agency hands over
    truth: Path  #: id and the hidden labels
    heldout: Path  #: the agency's own labeled notes kept for scoring, never trained on
    call_types: Path  #: the default map plus the agency's codes


def write_agency(out_dir: Path, notes: int, heldout: int, seed: int) -> Agency:
    """Write the agency's export (``notes`` calls), its hidden truth and a labeled held-out set."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frame = generate_corpus(n=notes + heldout, seed=seed)
    frame = frame[frame["crisis_type"] != ""].reset_index(drop=True)
    rng = random.Random(seed)
    frame["id"] = [f"AG-{i:06d}" for i in range(len(frame))]
    frame["text"] = frame["text"].map(restyle)
    frame["call_type"] = [call_type(c, rng) for c in frame["crisis_type"]]
    frame["call_id"] = [f"AG-CALL-{i:06d}" for i in range(len(frame))]
    pool, kept = frame.iloc[:notes], frame.iloc[notes:]
    paths = Agency(out_dir / "export.csv", out_dir / "truth.csv", out_dir / "heldout.csv", out_dir / "call_types.yaml")
    pool[["id", "text", "call_type", "call_id"]].to_csv(paths.export, index=False)
    pool[["id", "crisis_type", "violence_risk", "response_model"]].to_csv(paths.truth, index=False)
    kept[["id", "text", "crisis_type", "violence_risk", "response_model", "call_type"]].to_csv(paths.heldout, index=False)
    mapping = yaml.safe_load(defaults.CALL_TYPES_PATH.read_text())
    mapping["version"] = f"{mapping['version']}+synthetic-agency"
    mapping["codes"] = {**mapping["codes"], **AGENCY_MAP}
    paths.call_types.write_text("# SYNTHETIC agency: the default map plus its own codes\n" + yaml.safe_dump(mapping))
    return paths
