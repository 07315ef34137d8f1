"""Weak labels from an agency's call types: ``training/call_types.yaml`` read into one typed map.

A CAD export carries, for each note, the call type its CAD assigned (a code such as ``EDP``
or a short text such as ``WELFARE CHECK``). The map turns a call type into a crisis type, into
``not_behavioral``, or into nothing (the row trains no head on its call type):

- ``codes``: exact call types, compared without case and surrounding spaces; a code mapped to
  ``null`` names a call type that says too little (``MNTL``: a mental-health call, but which?);
- ``patterns``: regular expressions tried in order when no code matches, each against the whole
  call type (Python ``re.fullmatch``, case ignored).

A call type that neither names is *unmapped*: its rows are skipped like a ``null`` code, and
counted apart, so that an agency sees which of its call types the map does not know yet.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from call_nlp.errors import ConfigError
from call_nlp.labels import CRISIS_TYPES

#: How a call type was read: by an exact code, by a pattern, mapped to nothing, or not known.
Outcome = Literal["code", "pattern", "none", "unmapped"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _crisis_type(value: str | None) -> str | None:
    if value is not None and value not in CRISIS_TYPES:
        raise ValueError(f"unknown crisis type {value!r}; expected one of {list(CRISIS_TYPES)} or null (no label)")
    return value


class Pattern(_Strict):
    pattern: str
    crisis_type: str | None

    @field_validator("crisis_type")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        return _crisis_type(value)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression ({exc})") from None
        return value


class CallTypeMap(_Strict):
    """The map as the file gives it, and its digest (sha256 of the file's bytes)."""

    version: str = Field(min_length=1)
    codes: dict[str, str | None] = Field(default_factory=dict)
    patterns: list[Pattern] = Field(default_factory=list)
    digest: str = ""

    @field_validator("codes")
    @classmethod
    def _distinct(cls, codes: dict[str, str | None]) -> dict[str, str | None]:
        seen: dict[str, str] = {}
        for code in codes:
            key = _key(code)
            if not key:
                raise ValueError("an empty code")
            if key in seen:
                raise ValueError(f"{code!r} and {seen[key]!r} are the same code (case and spaces are ignored)")
            seen[key] = code
            try:
                _crisis_type(codes[code])
            except ValueError as exc:
                raise ValueError(f"{code}: {exc}") from None
        return codes

    def reader(self) -> CallTypeReader:
        return CallTypeReader(
            {_key(code): label for code, label in self.codes.items()},
            [(re.compile(p.pattern, re.IGNORECASE), p.crisis_type) for p in self.patterns],
        )


def _key(call_type: str) -> str:
    return " ".join(str(call_type).split()).upper()


@dataclass
class CallTypeReader:
    """Reads call types with a map, remembering each distinct call type's answer."""

    codes: dict[str, str | None]
    patterns: list[tuple[re.Pattern[str], str | None]]
    _seen: dict[str, tuple[str | None, Outcome]] = field(default_factory=dict)

    def read(self, call_type: str) -> tuple[str | None, Outcome]:
        """(the crisis type, or None; how it was read). A blank call type is unmapped."""
        key = _key(call_type)
        if key not in self._seen:
            self._seen[key] = self._read(key)
        return self._seen[key]

    def _read(self, key: str) -> tuple[str | None, Outcome]:
        if not key:
            return None, "unmapped"
        if key in self.codes:
            label = self.codes[key]
            return label, "code" if label is not None else "none"
        for pattern, label in self.patterns:
            if pattern.fullmatch(key):
                return label, "pattern" if label is not None else "none"
        return None, "unmapped"


@dataclass(frozen=True)
class CallTypeCounts:
    """What a file's call types gave: rows by outcome, and the commonest unmapped call types."""

    mapped: int
    none: int
    unmapped: int
    unmapped_types: dict[str, int]

    @classmethod
    def of(cls, outcomes: list[Outcome], call_types: list[str], top: int = 20) -> CallTypeCounts:
        counted = Counter(outcomes)
        unmapped = Counter(_key(t) or "(blank)" for t, o in zip(call_types, outcomes, strict=True) if o == "unmapped")
        return cls(mapped=counted["code"] + counted["pattern"], none=counted["none"], unmapped=counted["unmapped"],
                   unmapped_types=dict(unmapped.most_common(top)))


def load_call_types(path: Path) -> CallTypeMap:
    """Read and validate a call-type map; a `ConfigError` names the file and the entry at fault."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        doc = yaml.safe_load(raw)
    except FileNotFoundError:
        raise ConfigError(f"{path}: call-type map not found (data.call_types in the training config)") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}: expected a mapping with `version`, `codes` and `patterns`")
    try:
        return CallTypeMap.model_validate({**doc, "digest": hashlib.sha256(raw).hexdigest()})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
                             for e in exc.errors())
        raise ConfigError(f"{path}: {problems}") from None
