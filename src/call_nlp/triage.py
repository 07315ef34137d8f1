"""From a note to a suggestion: classifier heads + cues + policy + the weapon guarantee.

`Triager` is what the API, the batch CLI and evaluation share; it is built once from a
model directory and a policy file and then only reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from call_nlp import registry
from call_nlp.artifact import LoadedModel
from call_nlp.cues import Cue
from call_nlp.labels import HEADS, RISK_ORDER
from call_nlp.language import NoteAnalysis
from call_nlp.model import analyze, head_probabilities
from call_nlp.policy import Policy


@dataclass(frozen=True)
class HeadResult:
    """One head's answer: the label used for the suggestion and the classifier's probabilities."""

    label: str
    confidence: float
    probabilities: dict[str, float]
    #: True when a safety rule set ``label`` rather than the classifier's top class.
    overridden: bool = False


@dataclass(frozen=True)
class ModelInfo:
    version: str
    run_id: str | None
    sha256: str
    policy_version: str
    policy_digest: str
    lexicon_version: str = ""
    lexicon_digest: str = ""


@dataclass(frozen=True)
class Suggestion:
    response_model: str
    needs_review: bool
    crisis_type: HeadResult
    violence_risk: HeadResult
    cues: list[Cue]
    reasons: list[str]
    model: ModelInfo
    rule: str = ""
    medical_needs: list[str] = field(default_factory=list)

    def head(self, name: str) -> HeadResult:
        return {"crisis_type": self.crisis_type, "violence_risk": self.violence_risk}[name]


class Triager:
    """Suggests a response for notes; holds the loaded model, thresholds and policy."""

    def __init__(self, model: LoadedModel, policy: Policy, thresholds: dict[str, float] | None = None) -> None:
        self.model = model
        self.policy = policy
        chosen = thresholds or model.manifest["thresholds"]
        self.thresholds: dict[str, float] = {h: float(chosen[h]) for h in HEADS}
        self.info = ModelInfo(
            version=str(model.manifest.get("version", "unversioned")),
            run_id=model.manifest.get("mlflow_run_id"),
            sha256=str(model.manifest.get("model_sha256", "")),
            policy_version=policy.version,
            policy_digest=policy.digest,
            lexicon_version=str(model.manifest.get("lexicon", {}).get("version", "")),
            lexicon_digest=str(model.manifest.get("lexicon", {}).get("digest", "")),
        )

    @classmethod
    def load(cls, model: str | Path, policy_path: Path) -> Triager:
        """Load a model directory or ``models:/name@alias`` URI (verified against its manifest)
        and a policy file."""
        return cls(registry.load(model), Policy.from_yaml(policy_path))

    def triage(self, text: str) -> Suggestion:
        return self.triage_many([text])[0]

    def triage_many(self, texts: Sequence[str]) -> list[Suggestion]:
        """Suggestions for several notes, in order (one vectorized model call)."""
        if not texts:
            return []
        analyses = analyze(self.model.pipeline, texts)
        probas = head_probabilities(self.model.pipeline, texts, analyses)
        return [
            self._suggest(analysis, {h: probas[h].iloc[i].to_dict() for h in HEADS})
            for i, analysis in enumerate(analyses)
        ]

    def _suggest(self, analysis: NoteAnalysis, probas: dict[str, dict[str, float]]) -> Suggestion:
        cues = analysis.cues
        weapon = analysis.resolved.get("weapon")
        medical = analysis.resolved.get("medical")
        # a possible medical need ("POSS OD") still calls for EMS: uncertain counts as stated
        medical_needs = (
            sorted({c.concept for c in cues if c.kind == "medical" and c.status in ("affirmed", "uncertain")})
            if medical in ("affirmed", "uncertain")
            else []
        )
        heads = {h: _top(probas[h]) for h in HEADS}
        reasons: list[str] = []
        weapon_present = weapon == "affirmed"
        risk = heads["violence_risk"]
        floor, why = _risk_floor(analysis)
        if floor and RISK_ORDER[risk.label] < RISK_ORDER[floor]:
            reasons.append(f"{why}: violence risk raised to {floor}")
            risk = HeadResult(floor, round(probas["violence_risk"].get(floor, 0.0), 4), risk.probabilities, True)
        decision = self.policy.decide(heads["crisis_type"].label, risk.label, medical_needs, weapon_present)
        reasons.extend(decision.reasons)
        low = [h for h in HEADS if heads[h].confidence < self.thresholds[h]]
        for h in low:
            reasons.append(
                f"low confidence in {h} ({heads[h].confidence:.2f} < {self.thresholds[h]:.2f}): review before accepting"
            )
        if not analysis.situational:
            reasons.append("the note says nothing recognised about the situation (location, callback or logistics only)")
        needs_review = bool(low) or risk.overridden or decision.weapon_override or not analysis.situational
        return Suggestion(
            response_model=decision.response_model,
            needs_review=needs_review,
            crisis_type=heads["crisis_type"],
            violence_risk=risk,
            cues=cues,
            reasons=reasons,
            model=self.info,
            rule=decision.rule,
            medical_needs=medical_needs,
        )


def _latest(cues: list[Cue], kind: str) -> list[Cue]:
    """The cues of ``kind`` in the latest update that mentions it."""
    of_kind = [c for c in cues if c.kind == kind]
    last = max((c.segment for c in of_kind), default=0)
    return [c for c in of_kind if c.segment == last]


def _risk_floor(analysis: NoteAnalysis) -> tuple[str | None, str]:
    """The least violence risk the note's own words demand (TAXONOMY section 2), and why.

    A weapon present, an assault in progress, or a threat to hurt someone together with
    access to a weapon is imminent; a weapon that may be present or was removed during the
    call, a threat, homicidal ideation, a history of violence, destroying property, being
    combative, or an assault reported is at least elevated.
    """
    cues, weapon = analysis.cues, analysis.resolved.get("weapon")
    if weapon == "affirmed":
        return "imminent", f"weapon stated present ({_weapon_names(cues)})"
    if any(c.concept == "assault in progress" and c.status == "affirmed" for c in _latest(cues, "assault")):
        return "imminent", "assault in progress"
    threat = analysis.resolved.get("threat") == "affirmed"
    if threat and weapon == "uncertain":
        return "imminent", "threat to hurt someone with access to a weapon"
    if weapon in ("uncertain", "historical"):
        return "elevated", "a weapon may be present" if weapon == "uncertain" else "a weapon was present earlier in the call"
    for kind, why in _ELEVATED_KINDS.items():
        if analysis.resolved.get(kind) == "affirmed":
            return "elevated", why
    if any(c.concept == "assault reported" and c.status == "affirmed" for c in _latest(cues, "assault")):
        return "elevated", "an assault was reported"
    return None, ""


#: Cue kinds that make a note at least elevated when the note affirms them (TAXONOMY section 2).
_ELEVATED_KINDS = {
    "threat": "a threat to hurt others (or homicidal ideation) is stated",
    "violence_history": "a history of violence toward others or responders is stated",
    "property": "property is being destroyed",
    "aggression": "the person is combative or aggressive",
}


def _top(probabilities: dict[str, float]) -> HeadResult:
    label = max(probabilities, key=probabilities.__getitem__)
    rounded = {k: round(float(v), 4) for k, v in probabilities.items()}
    return HeadResult(label=label, confidence=round(float(probabilities[label]), 4), probabilities=rounded)


def _weapon_names(cues: list[Cue]) -> str:
    names = sorted({c.concept for c in cues if c.kind == "weapon" and c.status == "affirmed"})
    return ", ".join(names)
