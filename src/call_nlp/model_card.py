"""The model card logged with every run (``model_card.md``): what an auditor reads first."""

from __future__ import annotations

from typing import Any

from call_nlp.data import Dataset
from call_nlp.labels import HEADS, LABELS
from call_nlp.prior import CallMix
from call_nlp.slices import SliceReport
from call_nlp.training_rows import SOURCE_FIGURES, SourceReport

INTENDED_USE = """\
Suggests, for a 911 call-taker to accept or override, the crisis type, violence risk and
response model (police + clinician, EMS + clinician, peer-led, standard dispatch) of a
call-taker's free-text note (TAXONOMY.md). It never dispatches. A note that states a weapon
present is never suggested an unarmed response (a safety rule in code overrides the
classifier and raises `needs_review`). Not for: deciding without a person, notes in other
languages than English, notes from outside the call-taking workflow it was trained on."""

KNOWN_LIMITS = """\
- Trained and evaluated on the data listed above only; the synthetic demo corpus (when used)
  is generated from templates and overstates accuracy on real notes.
- Held-out metrics come from a split of the same sources; the gate set is a second held-out
  file, not a prospective evaluation.
- Demographic slices are assigned by words the note contains (the lexicon's demographic
  terms, which the model masks), not by who the person is; common words such as "black" or
  "white" in other senses put a note in a race slice, and pronouns put most notes in a gender slice.
- Slices under the configured minimum size are not reported (listed as skipped), so small
  groups get no figure at all.
- Crisis-type probabilities are re-weighted to the call mix in force (section above), an
  assumption or an estimate: where the agency's real mix differs, they are off by that ratio.
  The held-out notes keep the training mix but are scored at the mix in force: their per-class
  recall carries over to the agency's calls, their accuracy, precision and F1 do not.
- Calibration is measured on the classifier's top-label probability; labels raised by the
  weapon rule are not calibrated probabilities.
- Misclassified notes are redacted by rules (phones, names after a marker, addresses,
  dates of birth), which miss names that follow no marker."""


def fmt(value: Any) -> str:
    """A figure as the card and the run description show it: 4 decimals for a rate."""
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _call_mix(mix: CallMix) -> list[str]:
    lines = ["## Call mix (prior)", "",
             "Crisis-type probabilities are re-weighted from the training mix to the mix in force "
             "(Bayes' rule) before thresholds. Held-out metrics are computed at the mix in force; the gate "
             "scores both models at the gate set's own crisis-type mix.", "",
             f"In force: **{mix.target.source}**: {mix.target.description}.", ""]
    if mix.target.estimate is not None:
        est = mix.target.estimate
        lines += [f"Estimated from `{est.path}` (sha256 `{est.sha256}`, {est.rows} notes), {est.iterations} EM "
                  f"iterations ({'converged' if est.converged else 'stopped at the limit, not converged'}).", ""]
    lines += ["| crisis type | training | in force |", "|---|---|---|"]
    lines += [f"| {label} | {mix.training.shares[label]:.4f} | {mix.target.shares[label]:.4f} |"
              for label in LABELS["crisis_type"]]
    return [*lines, ""]


def render(*, run_id: str, version: str, outcome: str, reason: str, dataset: Dataset, gate_set: Dataset,
           split: str, train_rows: int, test_rows: int, metrics: dict[str, Any], ece: dict[str, float],
           slices: SliceReport, sources: SourceReport, gate_figures: dict[str, dict[str, Any]], gate_set_name: str,
           policy: dict[str, str],
           lexicon: dict[str, str], git: dict[str, str], lock_sha256: str, prior: CallMix) -> str:
    lines = [f"# Model card: call-nlp version {version}", "",
             f"- MLflow run: `{run_id}`", f"- registry outcome: **{outcome}** ({reason})",
             f"- git commit: `{git.get('git.commit')}` (dirty: {git.get('git.dirty')})",
             f"- policy: {policy['version']} (`{policy['digest']}`)",
             f"- lexicon: {lexicon['version']} (`{lexicon['digest']}`)",
             f"- requirements.lock sha256: `{lock_sha256}`", "",
             "## Intended use", "", INTENDED_USE, "", "## Labels", ""]
    for head in (*HEADS, "response_model"):
        lines.append(f"- `{head}`: " + ", ".join(f"`{label}`" for label in LABELS[head]))
    lines += ["", "## Data", "", "| role | file | sha256 | rows | labeled | weak | superseded | unexplained | skipped |",
              "|---|---|---|---|---|---|---|---|---|"]
    for s in dataset.sources:
        kinds = s.kinds or {"labeled": s.rows}
        role = "training source" if tuple(s.heads) == HEADS else f"base file ({', '.join(s.heads)} only)"
        lines.append(f"| {role} | `{s.path}` | `{s.sha256}` | {s.rows} | {kinds.get('labeled', 0)} | "
                     f"{kinds.get('weak', 0)} | {kinds.get('superseded', 0)} | {kinds.get('unexplained', 0)} | "
                     f"{kinds.get('skipped', 0)} |")
    lines += [f"| gate set | `{s.path}` | `{s.sha256}` | {s.rows} | {s.rows} | 0 | 0 | 0 | 0 |" for s in gate_set.sources]
    lines += ["", f"Combined training-data digest `{dataset.digest}`. Split: {split}; "
              f"{train_rows} training / {test_rows} held-out notes.", "", *_call_mix(prior),
              "## Held-out metrics", "", "| metric | value |", "|---|---|"]
    for key in ("n", *(f"{h}.{m}" for h in (*HEADS, "response_model") for m in ("accuracy", "macro_f1")),
                "imminent_recall", "unsafe_suggestions", "unsafe_suggestions_elevated", "needs_review_rate"):
        if key in metrics:
            lines.append(f"| {key} | {fmt(metrics[key])} |")
    lines += [f"| calibration.{head}.ece | {value:.4f} |" for head, value in ece.items()]
    lines += ["", f"## Held-out metrics per data file (minimum {sources.min_size} notes)", "",
              "Each file's held-out part scored on its own; weak labels (from call types) as agreement, not accuracy.", ""]
    if sources.rows:
        lines += ["| file | " + " | ".join(SOURCE_FIGURES) + " |", "|---" * (len(SOURCE_FIGURES) + 1) + "|"]
        lines += [f"| `{r['path']}` | " + " | ".join(fmt(r.get(c, "n/a")) for c in SOURCE_FIGURES) + " |"
                  for r in sources.rows]
    too_small = ", ".join(f"{name} (n={n})" for name, n in sources.skipped.items()) or "none"
    lines += ["", f"Not scored on their own, fewer than {sources.min_size} held-out notes: {too_small}."]
    lines += ["", f"## Gate: {gate_set_name} (both models, same policy)", "", "| figure | this model | champion |",
              "|---|---|---|"]
    champion = gate_figures.get("champion") or {}
    for key, value in gate_figures["candidate"].items():
        lines.append(f"| {key} | {fmt(value)} | {fmt(champion.get(key, 'n/a'))} |")
    lines += ["", f"## Slices (minimum {slices.min_size} notes)", ""]
    if slices.rows:
        columns = [c for c in slices.rows[0] if c != "slice"]
        lines += ["| slice | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
        lines += [f"| {r['slice']} | " + " | ".join(fmt(r[c]) for c in columns) + " |" for r in slices.rows]
    skipped = ", ".join(f"{name} (n={n})" for name, n in slices.skipped.items()) or "none"
    lines += ["", f"Skipped as smaller than {slices.min_size} notes: {skipped}.", "",
              "## Known limits", "", KNOWN_LIMITS, ""]
    return "\n".join(lines)
