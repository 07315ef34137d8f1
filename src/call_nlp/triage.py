"""From a note to a suggestion: classifier heads + the agency's call mix + safety rules + policy.

`Triager` is what the API, the batch CLI and evaluation share; it is built once from a
model directory and a policy file and then only reads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from call_nlp import prior, registry, safety, serving
from call_nlp.artifact import LoadedModel
from call_nlp.cues import Cue
from call_nlp.cues import merge as merge_cues
from call_nlp.labels import HEADS, NOT_BEHAVIORAL, PRECEDENCE
from call_nlp.language import LanguageLayer, NoteAnalysis
from call_nlp.language.layer import STATUS_PREFIX
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

    def __init__(self, model: LoadedModel, policy: Policy, thresholds: dict[str, float] | None = None,
                 *, use_estimator: bool = False) -> None:
        self.model = model
        self.policy = policy
        served = model.served
        if model.pipeline is None and (served is None or use_estimator):
            raise ValueError("a model read from its serving files only cannot score with the estimator")
        #: Each head as one sparse product per note (`serving`): read from the serving files, or
        #: derived from the pipeline; None when asked to use the estimator itself (evaluation) or
        #: for a pipeline it does not cover.
        if served is not None and not use_estimator:
            self.form: serving.ServingForm | None = served.form
            self.layer: LanguageLayer = served.layer
            #: The crisis head's training words, for the unknown-vocabulary check.
            self.known_words = served.known_words
        else:
            self.form = None if use_estimator else serving.derive(model.pipeline)
            self.layer = model.pipeline.named_steps["language"].layer_
            heads = model.pipeline.named_steps["heads"]  # an older champion's heads know no vocabulary check
            self.known_words = heads.known_words() if hasattr(heads, "known_words") else frozenset()
        manifest = model.manifest
        chosen = thresholds or manifest.thresholds
        self.thresholds: dict[str, float] = {h: float(chosen[h]) for h in HEADS}
        #: Below this share of known words a note cannot be read (0, off, for older models).
        self.min_known_share = float(chosen.get("known_vocabulary", 0.0))
        #: A behavioral type is suggested when the behavioral types together reach this (0.5 for
        #: older models: about the top class).
        self.behavioral_threshold = float(chosen.get("behavioral", 0.5))
        #: A note read as ordinary that states a behavioral cue is flagged when the behavioral
        #: types together reach this (1, off, for older models).
        self.conflict_threshold = float(chosen.get("behavioral_conflict", 1.0))
        #: Per word of a note: whether the crisis-type head knows it, None for a number (`_known_share`).
        self._known: dict[str, bool | None] = {}
        #: The agency's call mix the crisis-type probabilities are adjusted to (None: as trained).
        self.call_mix = prior.from_manifest(manifest)
        self.info = ModelInfo(
            version=manifest.version,
            run_id=manifest.mlflow_run_id,
            sha256=manifest.model_sha256,
            policy_version=policy.version,
            policy_digest=policy.digest,
            lexicon_version=manifest.lexicon.version,
            lexicon_digest=manifest.lexicon.digest,
        )

    def settings(self) -> dict[str, float]:
        """Every threshold in force, by its name in the training configuration."""
        return {**self.thresholds, "behavioral": self.behavioral_threshold,
                "behavioral_conflict": self.conflict_threshold, "known_vocabulary": self.min_known_share}

    @classmethod
    def load(cls, model: str | Path, policy_path: Path, *, use_estimator: bool = False,
             tracking_uri: str | None = None) -> Triager:
        """Load a model directory or ``models:/name@alias`` URI (verified against its manifest;
        resolved in ``tracking_uri``'s store, else `registry.default_tracking_uri`) and a policy
        file. ``use_estimator``: score with the fitted pipeline itself, as evaluation does, rather
        than its serving form (the same numbers, slower)."""
        return cls(registry.load(model, tracking_uri, estimator=use_estimator), Policy.from_yaml(policy_path),
                   use_estimator=use_estimator)

    def triage(self, text: str) -> Suggestion:
        return self.triage_many([text])[0]

    def triage_many(self, texts: Sequence[str]) -> list[Suggestion]:
        """Suggestions for several notes, in order (one vectorized model call)."""
        if not texts:
            return []
        analyses = self.layer.analyze_many(texts)
        if self.form is not None:
            return [self._suggest(a, p) for a, p in zip(analyses, self.form.probabilities(analyses), strict=True)]
        from call_nlp.model import head_probabilities  # the estimator: scikit-learn and pandas

        probas = head_probabilities(self.model.pipeline, texts, analyses)
        return [
            self._suggest(analysis, {h: probas[h].iloc[i].to_dict() for h in HEADS})
            for i, analysis in enumerate(analyses)
        ]

    def _suggest(self, analysis: NoteAnalysis, probas: dict[str, dict[str, float]]) -> Suggestion:
        reasons: list[str] = []
        crisis_probas, unreadable = self._crisis_probabilities(analysis, probas["crisis_type"])
        crisis, why_behavioral = _crisis_decision(crisis_probas, self.behavioral_threshold)
        if why_behavioral:
            reasons.append(why_behavioral)
        crisis, outranked = _precedence(analysis, crisis, crisis_probas)
        if outranked:
            reasons.append(outranked)
        risk = _top(probas["violence_risk"])
        bound = safety.risk_bound(analysis)
        risk_raised = False
        if bound is not None and bound.applies_to(risk.label):
            reasons.append(bound.reason())
            risk = HeadResult(bound.level, round4(risk.probabilities.get(bound.level, 0.0)), risk.probabilities, True)
            risk_raised = bound.kind == "floor"
        elif bound is not None and bound.kind == "floor":
            reasons.append(bound.reason(changed=False))  # the classifier agrees; still name the cue
        medical_needs = _medical_needs(analysis)
        decision = self.policy.decide(crisis.label, risk.label, medical_needs)
        reasons.extend(decision.reasons)
        response, guard = safety.guard_response(decision.response_model, crisis.label, analysis)
        if guard:
            reasons.append(guard)
        low = [(h, head) for h, head in (("crisis_type", crisis), ("violence_risk", risk))
               if not head.overridden and head.confidence < self.thresholds[h]]
        for h, head in low:
            reasons.append(f"low confidence in {h} ({head.confidence:.2f} < {self.thresholds[h]:.2f}): review before accepting")
        reasons.extend(unreadable)
        conflict = self._cue_conflict(analysis, crisis)
        if conflict:
            reasons.append(conflict)
        needs_review = (bool(low) or risk_raised or guard is not None or bool(unreadable) or bool(conflict)
                        or outranked is not None)
        return Suggestion(
            response_model=response,
            needs_review=needs_review,
            crisis_type=crisis,
            violence_risk=risk,
            cues=merge_cues(analysis.cues),
            reasons=reasons,
            model=self.info,
            rule=decision.rule,
            medical_needs=medical_needs,
        )

    def _crisis_probabilities(self, analysis: NoteAnalysis, probas: dict[str, float]) -> tuple[dict[str, float], list[str]]:
        """The crisis-type probabilities under the agency's call mix, and why the note cannot
        be read when it cannot.

        Such a note gets no confident guess: its probabilities are pulled halfway toward the mix
        when no cue says what the situation is (so no behavioral label reaches 0.55 on the
        model's word alone), and by the share of unknown words when most of its words were never
        seen.
        """
        if self.call_mix is not None:
            probas = self.call_mix.adjust(probas)
        why: list[str] = []
        weight = 1.0
        if not analysis.situational:
            why.append("the note says nothing recognised about the situation (location, callback or logistics only)")
            weight *= UNREADABLE_WEIGHT
        known = self._known_share(analysis)
        if known < self.min_known_share:
            why.append(f"most of the note's words were never seen in training ({known:.0%} known): review before accepting")
            weight *= known
        if weight < 1 and self.call_mix is not None:
            target = self.call_mix.target.shares
            probas = {k: weight * v + (1 - weight) * target.get(k, 0.0) for k, v in probas.items()}
        return probas, why

    def _cue_conflict(self, analysis: NoteAnalysis, crisis: HeadResult) -> str | None:
        """Why the cues and the crisis type disagree, when a note suggested ``not_behavioral``
        states a behavioral cue and the behavioral types together still reach the conflict
        threshold; else None."""
        if crisis.label != NOT_BEHAVIORAL:
            return None
        concepts = analysis.behavioral_concepts
        share = 1.0 - crisis.probabilities[NOT_BEHAVIORAL]
        if not concepts or share < self.conflict_threshold:
            return None
        return (f"cues conflict: the note states {', '.join(concepts)}, but it is read as an ordinary call "
                f"(behavioral types together {share:.2f}): review before accepting")

    def _known_share(self, analysis: NoteAnalysis) -> float:
        """Share of the note's words (not numbers) the crisis-type head was trained on."""
        cache = self._known
        words = known = 0
        for w in analysis.words:
            said = cache.get(w, _UNSEEN)
            if said is _UNSEEN:
                if len(cache) >= KNOWN_CACHE_SIZE:
                    cache.clear()  # bounded over a long run of unseen words
                bare = w.split("_", 1)[1] if w.startswith(_PREFIXES) else w
                said = cache[w] = (bare in self.known_words) if any(ch.isalpha() for ch in bare) else None
            if said is not None:
                words += 1
                known += said
        return known / words if words else 0.0


_PREFIXES = tuple(STATUS_PREFIX.values())
#: Words whose known-or-not answer `_known_share` keeps (a few MB at most).
KNOWN_CACHE_SIZE = 50_000
_UNSEEN = object()  # a word `_known_share` has not answered yet (None is its answer for a number)
#: How much of the classifier's own reading a note with no situational cue keeps (the rest is
#: the call mix): at most 0.5 for any label, so never a confident guess.
UNREADABLE_WEIGHT = 0.5


def _medical_needs(analysis: NoteAnalysis) -> list[str]:
    """Medical needs the note states; a possible one ("POSS OD") still calls for EMS."""
    if analysis.resolved.get("medical") not in ("affirmed", "uncertain"):
        return []
    return sorted({c.concept for c in analysis.cues if c.kind == "medical" and c.status in ("affirmed", "uncertain")})


def _crisis_decision(probabilities: dict[str, float], threshold: float) -> tuple[HeadResult, str | None]:
    """The likeliest behavioral type when the behavioral types together reach ``threshold``,
    else ``not_behavioral``; and, when that is not simply the top class, why."""
    behavioral = {k: v for k, v in probabilities.items() if k != NOT_BEHAVIORAL}
    share = sum(behavioral.values())
    top = _top(probabilities)
    label = max(behavioral, key=behavioral.__getitem__) if share >= threshold else NOT_BEHAVIORAL
    if label == top.label:
        return top, None
    chosen = HeadResult(label, round4(float(probabilities[label])), top.probabilities)
    if label == NOT_BEHAVIORAL:
        return chosen, f"behavioral crisis types together {share:.2f} < {threshold:.2f}: not suggested as behavioral"
    return chosen, (f"behavioral crisis types together {share:.2f} >= {threshold:.2f}: "
                    f"the likeliest of them, {label}, is suggested")


#: Cue kinds whose affirmed statement decides the crisis type by TAXONOMY's precedence, and
#: the type each names. Only the two highest: their cues are specific ("WANTS TO DIE", "HEARING
#: VOICES"), while the lower types' cues (crying, an argument, a drink) often describe a caller
#: or a side detail, and the classifier weighs those better than a rule.
PRECEDENCE_KINDS: dict[str, str] = {"suicide": "suicide_risk", "psychosis": "psychosis"}


#: Cue kinds whose affirmed statement makes a note behavioral even when the classifier read it
#: as ordinary. Only suicidal cues: TAXONOMY defines ``suicide_risk`` by them (thoughts, threats,
#: plans, attempts, self-harm) and no ordinary call states one, while psychotic-sounding words
#: ("acting strange", "not making sense") also describe strokes, low blood sugar and head injuries.
OUTRANKS_ORDINARY: frozenset[str] = frozenset({"suicide"})


def _precedence(analysis: NoteAnalysis, crisis: HeadResult, probabilities: dict[str, float]) -> tuple[HeadResult, str | None]:
    """The behavioral type TAXONOMY's precedence gives a note that affirms a suicidal or psychotic
    cue, when the classifier read it as a lower behavioral type (or, for a suicidal cue, as
    ``not_behavioral``); and why. Otherwise whether a call is behavioral stays the classifier's call."""
    kinds = OUTRANKS_ORDINARY if crisis.label == NOT_BEHAVIORAL else PRECEDENCE_KINDS.keys()
    stated = [c for c in analysis.cues if c.kind in kinds and c.status == "affirmed"]
    if not stated:
        return crisis, None
    cue = min(stated, key=lambda c: PRECEDENCE.index(PRECEDENCE_KINDS[c.kind]))
    label = PRECEDENCE_KINDS[cue.kind]
    if crisis.label != NOT_BEHAVIORAL and PRECEDENCE.index(label) >= PRECEDENCE.index(crisis.label):
        return crisis, None
    chosen = HeadResult(label, round4(float(probabilities[label])), crisis.probabilities, overridden=True)
    return chosen, (f"the note states {cue.concept} ({cue.kind}), and {label} outranks {crisis.label} "
                    f"(TAXONOMY precedence): review before accepting")


def _top(probabilities: dict[str, float]) -> HeadResult:
    label = max(probabilities, key=probabilities.__getitem__)
    rounded = {k: round4(float(v)) for k, v in probabilities.items()}
    return HeadResult(label=label, confidence=rounded[label], probabilities=rounded)


def round4(x: float) -> float:
    """``round(x, 4)``, to the bit, without its cost for a probability (it formats the number
    as a decimal string and parses it back; a note has a dozen probabilities).

    For 0 < x <= 1, ``p = x * 10000`` is off from the exact product by at most half an ulp
    (under 1e-12); unless ``p`` lies within 1e-6 of a half, the exact product rounds to the same
    integer n, and ``n / 10000`` (both exact in a double) is the double nearest n/10^4, which is
    what ``round`` returns. Near a half, and for anything else (0, -0.0, NaN), ``round`` answers."""
    p = x * 10000.0
    if 0.0 < x <= 1.0 and abs(p - math.floor(p) - 0.5) > 1e-6:
        return math.floor(p + 0.5) / 10000.0
    return round(x, 4)
