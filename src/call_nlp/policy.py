"""The response policy: from predicted labels and cues to a suggested response model.

The rules come from a YAML file (`defaults.POLICY_PATH` by default) so an agency can change
them. The safety rules that no policy can change (the weapon guarantee of TAXONOMY section 4,
the violence-risk floors) are not here: they are in `call_nlp.safety`, applied after this.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from call_nlp.errors import PolicyError
from call_nlp.labels import CRISIS_TYPES, RESPONSE_MODELS, VIOLENCE_RISKS


@dataclass(frozen=True)
class Rule:
    name: str
    response_model: str
    reason: str
    crisis_type: frozenset[str] | None = None
    violence_risk: frozenset[str] | None = None
    medical_need: bool | None = None

    def applies(self, crisis_type: str, violence_risk: str, medical_need: bool) -> bool:
        return (
            (self.crisis_type is None or crisis_type in self.crisis_type)
            and (self.violence_risk is None or violence_risk in self.violence_risk)
            and (self.medical_need is None or medical_need == self.medical_need)
        )


@dataclass(frozen=True)
class Decision:
    response_model: str
    rule: str
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Policy:
    version: str
    rules: tuple[Rule, ...]
    digest: str

    @classmethod
    def from_yaml(cls, path: Path) -> Policy:
        """Read and validate a policy file."""
        raw = Path(path).read_bytes()
        try:
            doc = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise PolicyError(f"{path}: not valid YAML: {exc}") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list) or not doc["rules"]:
            raise PolicyError(f"{path}: expected a mapping with a non-empty 'rules' list")
        rules = tuple(_parse_rule(path, i, r) for i, r in enumerate(doc["rules"], start=1))
        last = rules[-1]
        if (last.crisis_type, last.violence_risk, last.medical_need) != (None, None, None):
            raise PolicyError(f"{path}: rule {len(rules)} ({last.name!r}): the last rule must have no conditions")
        return cls(version=str(doc.get("version", "unversioned")), rules=rules, digest=hashlib.sha256(raw).hexdigest())

    def decide(self, crisis_type: str, violence_risk: str, medical_needs: list[str]) -> Decision:
        """Apply the first matching rule."""
        medical_need = bool(medical_needs)
        values = {
            "crisis_type": crisis_type,
            "violence_risk": violence_risk,
            "medical": ", ".join(medical_needs) or "none",
        }
        rule = next(r for r in self.rules if r.applies(crisis_type, violence_risk, medical_need))
        return Decision(rule.response_model, rule.name, [rule.reason.format(**values)])


def _labels(path: Path, index: int, name: str, key: str, value: Any, allowed: tuple[str, ...]) -> frozenset[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise PolicyError(f"{path}: rule {index} ({name!r}): '{key}' must be a label or a list of labels")
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise PolicyError(
            f"{path}: rule {index} ({name!r}): unknown {key} {unknown}; expected one of {list(allowed)}"
        )
    return frozenset(values)


def _parse_rule(path: Path, index: int, raw: Any) -> Rule:
    if not isinstance(raw, dict):
        raise PolicyError(f"{path}: rule {index}: expected a mapping")
    name = str(raw.get("name", f"rule-{index}"))
    response = raw.get("response_model")
    if response not in RESPONSE_MODELS:
        raise PolicyError(
            f"{path}: rule {index} ({name!r}): response_model {response!r} is not one of {list(RESPONSE_MODELS)}"
        )
    when = raw.get("when") or {}
    if not isinstance(when, dict):
        raise PolicyError(f"{path}: rule {index} ({name!r}): 'when' must be a mapping")
    extra = set(when) - {"crisis_type", "violence_risk", "medical_need"}
    if extra:
        raise PolicyError(f"{path}: rule {index} ({name!r}): unknown condition(s) {sorted(extra)}")
    medical = when.get("medical_need")
    if medical is not None and not isinstance(medical, bool):
        raise PolicyError(f"{path}: rule {index} ({name!r}): 'medical_need' must be true or false")
    return Rule(
        name=name,
        response_model=response,
        reason=str(raw.get("reason", f"policy rule {name}")),
        crisis_type=_labels(path, index, name, "crisis_type", when["crisis_type"], CRISIS_TYPES)
        if "crisis_type" in when
        else None,
        violence_risk=_labels(path, index, name, "violence_risk", when["violence_risk"], VIOLENCE_RISKS)
        if "violence_risk" in when
        else None,
        medical_need=medical,
    )


__all__ = ["Decision", "Policy", "PolicyError", "Rule"]
