"""Per-slice metrics for auditors: by ``district`` and by the demographic descriptors a note mentions.

A note is tagged with every descriptor group whose terms it contains, read the way the
model reads it (the lexicon's own tokenizer expands shorthand first, so ``34YOM`` counts
as male). The terms are the lexicon's ``demographic_terms``, the ones the model masks;
`DESCRIPTOR_GROUPS` says which group each belongs to. A term an agency lexicon adds that
is not listed there becomes a group of its own (``other.<term>``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from call_nlp.evaluation import compute_metrics
from call_nlp.language import Lexicon

_RACE = {
    "race.black": ("black", "african american", "blk", "bm"),
    "race.white": ("white", "caucasian", "wht", "wm", "wf"),
    "race.hispanic_latino": ("hispanic", "latino", "latina", "latinx", "hisp"),
    "race.asian": ("asian",),
    "race.indigenous": ("native american", "american indian", "indigenous"),
    "race.pacific_islander": ("pacific islander",),
    "race.middle_eastern": ("middle eastern", "arab"),
    "race.multiracial": ("biracial", "mixed race"),
}
_GENDER = {
    "gender.male": ("male", "males", "man", "men", "boy", "guy", "gentleman", "he", "him", "his", "himself",
                    "m", "bm", "wm"),
    "gender.female": ("female", "females", "woman", "women", "girl", "lady", "she", "her", "hers", "herself",
                      "f", "wf"),
    "gender.trans_nonbinary": ("trans", "transgender", "trans woman", "trans man", "nonbinary", "non-binary"),
    "orientation.gay_lesbian": ("gay", "lesbian"),
}
_RELIGION = {
    "religion.muslim": ("muslim",),
    "religion.jewish": ("jewish",),
    "religion.christian": ("christian", "catholic", "mormon"),
    "religion.hindu": ("hindu",),
    "religion.sikh": ("sikh",),
    "religion.buddhist": ("buddhist",),
}
_LANGUAGES = (
    "spanish", "mandarin", "cantonese", "chinese", "vietnamese", "korean", "japanese", "tagalog", "russian",
    "ukrainian", "polish", "arabic", "somali", "amharic", "tigrinya", "swahili", "haitian creole", "creole",
    "french", "portuguese", "hmong", "farsi", "dari", "pashto", "punjabi", "hindi", "urdu", "bengali", "nepali",
    "burmese", "karen", "navajo",
)
_INTERPRETER = ("interpreter", "needs interpreter", "needs an interpreter", "language line")
_LANGUAGE = {
    "language.spanish": ("spanish",),
    # any language other than English, Spanish included: most languages alone are too rare for a slice
    "language.non_english": (*_LANGUAGES, "non english", "non-english", "limited english", *_INTERPRETER),
    "language.interpreter": _INTERPRETER,
    "language.sign_deaf": ("asl", "uses asl", "sign language", "uses sign language", "deaf", "hard of hearing"),
}
#: Slice name → the lexicon terms that put a note in it (a term may feed several slices).
DESCRIPTOR_GROUPS: dict[str, tuple[str, ...]] = {**_RACE, **_GENDER, **_RELIGION, **_LANGUAGE}
#: Demographic terms the model masks that name no group by themselves.
UNGROUPED_TERMS = frozenset({"they", "them", "their", "themselves", "english", "speaking", "speaker", "speaks",
                             "speaks only", "only speaks"})
NO_DESCRIPTOR = "descriptor.none"
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class SliceReport:
    """Metrics of every slice big enough, and the slices skipped as too small (name → n)."""

    rows: list[dict[str, Any]]
    skipped: dict[str, int]
    min_size: int

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows)


def slug(value: str) -> str:
    return _SLUG.sub("_", str(value).lower()).strip("_") or "blank"


def term_groups(lexicon: Lexicon) -> dict[str, list[str]]:
    """Each demographic term of ``lexicon`` → its slices (unlisted agency terms get their own)."""
    by_term: dict[str, list[str]] = {}
    for group, terms in DESCRIPTOR_GROUPS.items():
        for term in terms:
            by_term.setdefault(term, []).append(group)
    out: dict[str, list[str]] = {}
    for term in lexicon.data.get("demographic_terms", []):
        key = term.lower()
        if key in UNGROUPED_TERMS:
            continue
        out[key] = by_term.get(key, [f"other.{slug(key)}"])
    return out


def descriptor_groups(texts: Sequence[str], lexicon: Lexicon) -> list[set[str]]:
    """The descriptor slices each note mentions (empty set: none), read with the lexicon's tokenizer."""
    from call_nlp.language.components import NoteTokenizer, PhraseTable, english_vocab

    groups = term_groups(lexicon)
    tokenizer = NoteTokenizer(english_vocab(), dict(lexicon.data.get("shorthand", {})))
    table = PhraseTable(tokenizer, {term: [term] for term in groups})
    return [{group for term, _, _ in table(tokenizer.read(text)["words"]) for group in groups[term]}
            for text in texts]


def _slice_metrics(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, Any]:
    metrics = compute_metrics(gold, predicted)
    keep = [k for k in metrics if k.endswith((".accuracy", ".macro_f1")) and k.count(".") == 1]
    return {"n": metrics["n"], **{k: metrics[k] for k in keep},
            "unsafe_suggestions": metrics["unsafe_suggestions"],
            "unsafe_suggestions_elevated": metrics["unsafe_suggestions_elevated"]}


def slice_report(gold: pd.DataFrame, predicted: pd.DataFrame, lexicon: Lexicon, min_size: int) -> SliceReport:
    """Accuracy, macro-F1 and unsafe counts per district (when the data has one) and per
    descriptor group; slices under ``min_size`` notes are skipped and listed."""
    gold = gold.reset_index(drop=True)
    predicted = predicted.reset_index(drop=True)
    members: dict[str, list[int]] = {}
    if "district" in gold.columns:
        for district, index in gold.groupby(gold["district"].astype(str)).groups.items():
            members[f"district.{slug(str(district))}"] = list(index)
    tagged = descriptor_groups(gold["text"].tolist(), lexicon)
    for i, groups in enumerate(tagged):
        for group in groups or {NO_DESCRIPTOR}:
            members.setdefault(group, []).append(i)
    rows: list[dict[str, Any]] = []
    skipped: dict[str, int] = {}
    for name in sorted(members):
        index = members[name]
        if len(index) < min_size:
            skipped[name] = len(index)
            continue
        rows.append({"slice": name, **_slice_metrics(gold.iloc[index], predicted.iloc[index])})
    return SliceReport(rows, skipped, min_size)


def slice_metric_dict(report: SliceReport) -> dict[str, float]:
    """Flat MLflow metrics: ``slice.<name>.<metric>``."""
    return {f"slice.{row['slice']}.{key}": float(value) for row in report.rows for key, value in row.items()
            if key != "slice"}
