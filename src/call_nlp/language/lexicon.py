"""The lexicon: a data file of shorthand, cue terms and assertion triggers.

The default ships with the package (``call_nlp/resources/lexicon.yaml``); agencies add
files of the same shape, merged on top. The merged content, not a path, is what a model
stores, with its sha256.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SECTIONS = (
    "shorthand", "phrases", "demographic_terms", "cues", "not_cues", "triggers", "update_markers", "self_harm_objects",
    "protocols", "uncertain_concepts", "reflexive", "accidents", "shorthand_exceptions", "threat_forms",
)
THREAT_FORM_LISTS = ("leads", "verbs", "object_verbs", "objects")
ACCIDENT_LISTS = ("cues", "context", "markers", "fillers", "negators", "unless")
ACCIDENT_NUMBERS = ("reach", "max_gap")
PROTOCOL_KEYS = ("codes", "titles", "answers", "no_answers", "context_questions")
SELF_HARM_OBJECT_LISTS = ("after", "markers", "stop", "fillers", "not_objects")
SELF_HARM_OBJECT_NUMBERS = ("max_words", "max_gap")
TRIGGER_KINDS = (
    "negation_before", "negation_after", "uncertain_before", "uncertain_after",
    "historical_before", "historical_after", "other_person_before", "scope_end", "belief_before", "not_triggers",
    "coordination", "other_person_words",
)


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and section."""


@dataclass(frozen=True)
class Lexicon:
    """The merged lexicon content (plain data, so it pickles and hashes stably)."""

    data: dict[str, Any]

    @property
    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.data, sort_keys=True).encode()).hexdigest()

    @property
    def version(self) -> str:
        return str(self.data.get("version", "unversioned"))

    def cue_terms(self) -> dict[str, dict[str, list[str]]]:
        """Cue terms by kind and concept: the ``cues`` section plus the threats composed by
        ``threat_forms`` (every lead joined with every verb, and with every object verb
        followed by an object)."""
        cues = {kind: {c: list(terms) for c, terms in concepts.items()} for kind, concepts in self.data.get("cues", {}).items()}
        forms = self.data.get("threat_forms")
        if not forms:
            return cues
        kind, concept = forms["becomes"].split("|", 1)
        composed = [f"{lead} {verb}" for lead in forms.get("leads", []) for verb in forms.get("verbs", [])]
        composed += [f"{lead} {verb} {obj}" for lead in forms.get("leads", [])
                     for verb in forms.get("object_verbs", []) for obj in forms.get("objects", [])]
        terms = cues.setdefault(kind, {}).setdefault(concept, [])
        listed = set(terms)
        terms.extend(t for t in dict.fromkeys(composed) if t not in listed)
        return cues


def _read(path: Path | None) -> tuple[str, dict[str, Any]]:
    if path is None:
        name = "call_nlp/resources/lexicon.yaml"
        text = resources.files("call_nlp").joinpath("resources/lexicon.yaml").read_text()
    else:
        name = str(path)
        try:
            text = Path(path).read_text()
        except FileNotFoundError:
            raise LexiconError(f"{path}: lexicon file not found") from None
    try:
        doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # libyaml when built in
    except yaml.YAMLError as exc:
        raise LexiconError(f"{name}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise LexiconError(f"{name}: expected a mapping of sections {list(SECTIONS)}")
    return name, doc


def _check(name: str, doc: dict[str, Any]) -> None:
    unknown = set(doc) - {*SECTIONS, "version"}
    if unknown:
        raise LexiconError(f"{name}: unknown section(s) {sorted(unknown)}; expected {list(SECTIONS)}")
    for key in ("shorthand", "phrases"):
        if key in doc and not (isinstance(doc[key], dict) and all(isinstance(v, str) for v in doc[key].values())):
            raise LexiconError(f"{name}: '{key}' must map words to their canonical form")
    for key in ("demographic_terms", "not_cues", "update_markers", "uncertain_concepts"):
        if key in doc and not (isinstance(doc[key], list) and all(isinstance(v, str) for v in doc[key])):
            raise LexiconError(f"{name}: '{key}' must be a list of phrases")
    for kind, concepts in (doc.get("cues") or {}).items():
        if not isinstance(concepts, dict):
            raise LexiconError(f"{name}: cues.{kind} must map concepts to lists of terms")
        for concept, terms in concepts.items():
            if not (isinstance(terms, list) and terms and all(isinstance(t, str) for t in terms)):
                raise LexiconError(f"{name}: cues.{kind}.{concept} must be a non-empty list of terms")
    _check_objects(name, doc.get("self_harm_objects"), "self_harm_objects", SELF_HARM_OBJECT_LISTS,
                   SELF_HARM_OBJECT_NUMBERS, "concept")
    if any("|" not in label for label in (doc.get("self_harm_objects") or {}).get("after", [])):
        raise LexiconError(f"{name}: self_harm_objects.after must list cue labels as kind|concept")
    _check_protocols(name, doc.get("protocols"))
    _check_reflexive(name, doc.get("reflexive"))
    _check_objects(name, doc.get("accidents"), "accidents", ACCIDENT_LISTS, ACCIDENT_NUMBERS, "becomes")
    _check_objects(name, doc.get("threat_forms"), "threat_forms", THREAT_FORM_LISTS, (), "becomes")
    exceptions = doc.get("shorthand_exceptions")
    if exceptions is not None and not (isinstance(exceptions, dict) and all(_words(v) for v in exceptions.values())):
        raise LexiconError(f"{name}: shorthand_exceptions must map shorthand to lists of neighbouring words")
    for kind, terms in (doc.get("triggers") or {}).items():
        if kind not in TRIGGER_KINDS:
            raise LexiconError(f"{name}: unknown trigger list triggers.{kind}; expected one of {list(TRIGGER_KINDS)}")
        if not (isinstance(terms, list) and all(isinstance(t, str) for t in terms)):
            raise LexiconError(f"{name}: triggers.{kind} must be a list of phrases")


def _check_objects(name: str, section: Any, key: str, lists: tuple[str, ...], numbers: tuple[str, ...],
                   label_key: str) -> None:
    """A section of word lists and whole numbers, plus one label (``concept``: a concept name,
    or ``becomes``: a kind|concept label), as ``self_harm_objects`` and ``accidents`` are."""
    if section is None:
        return
    where = f"{name}: {key}"
    if not isinstance(section, dict):
        raise LexiconError(f"{where} must be a mapping")
    unknown = set(section) - {*lists, *numbers, label_key}
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}")
    for field in lists:
        if field in section and not _words(section[field]):
            raise LexiconError(f"{where}.{field} must be a list of words")
    for field in numbers:
        if field in section and not (isinstance(section[field], int) and section[field] >= 0):
            raise LexiconError(f"{where}.{field} must be a whole number")
    label = section.get(label_key)
    if label_key == "concept" and label is not None and not isinstance(label, str):
        raise LexiconError(f"{where}.concept must be a concept name")
    if label_key == "becomes" and label is not None and not (isinstance(label, str) and "|" in label):
        raise LexiconError(f"{where}.becomes must be a kind|concept label")


def _words(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _numbers(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, int) for v in value)


def _check_protocols(name: str, section: Any) -> None:
    if section is None:
        return
    where = f"{name}: protocols"
    if not isinstance(section, dict):
        raise LexiconError(f"{where} must be a mapping of {list(PROTOCOL_KEYS)}")
    unknown = set(section) - set(PROTOCOL_KEYS)
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}; expected {list(PROTOCOL_KEYS)}")
    codes = section.get("codes") or {}
    if not (isinstance(codes, dict) and all(isinstance(k, int) and isinstance(v, str) and v for k, v in codes.items())):
        raise LexiconError(f"{where}.codes must map protocol numbers to names")
    titles = section.get("titles") or {}
    if not (isinstance(titles, dict) and all(isinstance(k, int) and _words(v) for k, v in titles.items())):
        raise LexiconError(f"{where}.titles must map protocol numbers to lists of titles")
    answers = section.get("answers") or {}
    if not (isinstance(answers, dict) and all("|" in k and _words(v) for k, v in answers.items())):
        raise LexiconError(f"{where}.answers must map kind|concept labels to lists of questions")
    if "no_answers" in section and not _words(section["no_answers"]):
        raise LexiconError(f"{where}.no_answers must be a list of words")
    rules = section.get("context_questions") or []
    for i, rule in enumerate(rules if isinstance(rules, list) else [None]):
        if not (
            isinstance(rule, dict) and isinstance(rule.get("cue"), str) and "|" in rule["cue"]
            and _words(rule.get("questions")) and _numbers(rule.get("protocols", []))
            and _words(rule.get("with_cues", []))
        ):
            raise LexiconError(
                f"{where}.context_questions[{i}] must have cue (kind|concept), questions, and protocols "
                "(numbers) or with_cues (kind|concept labels)"
            )


def _check_reflexive(name: str, section: Any) -> None:
    if section is None:
        return
    where = f"{name}: reflexive"
    if not (isinstance(section, dict) and set(section) <= {"cues", "words", "becomes"}):
        raise LexiconError(f"{where} must be a mapping of cues, words and becomes")
    if not (_words(section.get("cues", [])) and _words(section.get("words", []))):
        raise LexiconError(f"{where}.cues and .words must be lists (cue labels, words)")
    if "becomes" in section and not (isinstance(section["becomes"], str) and "|" in section["becomes"]):
        raise LexiconError(f"{where}.becomes must be a kind|concept label")


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if key == "version":
            out["version"] = f"{base.get('version', '')}+{value}"
        elif isinstance(value, list):
            out[key] = list(dict.fromkeys([*base.get(key, []), *value]))
        elif isinstance(value, dict):
            out[key] = _merge(base.get(key, {}), value)
        else:
            out[key] = value
    return out


def load_lexicon(extra_paths: Sequence[Path] = ()) -> Lexicon:
    """The packaged lexicon with each extra file merged on top, validated."""
    name, data = _read(None)
    _check(name, data)
    for path in extra_paths:
        name, extra = _read(Path(path))
        _check(name, extra)
        data = _merge(data, extra)
    _check_merged(data)
    return Lexicon(data=data)


def _check_merged(data: dict[str, Any]) -> None:
    """What only the merged lexicon can show: a section complete, a label that names a concept."""
    protocols = data.get("protocols") or {}
    codes = set(protocols.get("codes") or {})
    numbers = [*(protocols.get("titles") or {}), *(n for r in protocols.get("context_questions") or [] for n in r.get("protocols", []))]
    if [n for n in numbers if n not in codes]:
        raise LexiconError(f"merged lexicon: protocols name numbers without a code: {sorted(set(numbers) - codes)}")
    labels = {f"{kind}|{concept}" for kind, concepts in data.get("cues", {}).items() for concept in concepts}
    reflexive = data.get("reflexive")
    if reflexive is not None:
        named = [*reflexive.get("cues", []), reflexive.get("becomes", "")]
        if "becomes" not in reflexive or [label for label in named if label not in labels]:
            raise LexiconError(f"merged lexicon: reflexive needs cues and becomes that name cue concepts: {named}")
    unknown_uncertain = [label for label in data.get("uncertain_concepts", []) if label not in labels]
    if unknown_uncertain:
        raise LexiconError(f"merged lexicon: uncertain_concepts names no cue concept: {unknown_uncertain}")
    _check_merged_section(data.get("accidents"), "accidents", {*ACCIDENT_LISTS, *ACCIDENT_NUMBERS, "becomes"},
                          lambda section: [*section["cues"], section["becomes"]], labels)
    _check_merged_section(data.get("self_harm_objects"), "self_harm_objects.after",
                          {*SELF_HARM_OBJECT_LISTS, *SELF_HARM_OBJECT_NUMBERS, "concept"},
                          lambda section: section["after"], labels)
    _check_merged_section(data.get("threat_forms"), "threat_forms", {"leads", "verbs", "becomes"},
                          lambda section: [section["becomes"]], labels)


def _check_merged_section(section: dict[str, Any] | None, name: str, required: set[str],
                          named: Callable[[dict[str, Any]], list[str]], labels: set[str]) -> None:
    """A merged section has every key it needs, and the cue labels it names exist."""
    if section is None:
        return
    key = name.split(".")[0]
    missing = required - set(section)
    if missing:
        raise LexiconError(f"merged lexicon: {key} lacks {sorted(missing)}")
    unknown = [label for label in named(section) if label not in labels]
    if unknown:
        raise LexiconError(f"merged lexicon: {name} names no cue concept: {unknown}")
