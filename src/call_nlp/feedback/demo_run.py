"""A scripted shift on synthetic calls: triage, review, then the audit report of that store.

    call-nlp demo-run --calls 200 [--model DIR]

Starts the app in-process (FastAPI `TestClient`, no socket: nothing leaves the machine)
with a temporary record store, sends one triage per call from the synthetic demo
generator (with its district; some calls are re-sent as the note grows, so those
have several suggestions), and plays a call-taker who knows each note's true
labels (the generator's): intermediate suggestions are often accepted as-is or left
unreviewed; the final one is reviewed most of the time, accepted when the suggested response is
right, and otherwise mostly overridden to the right response with corrected labels. A few
correct suggestions are overridden to ``co_response`` as if the caller said more on the
phone than the note holds. It then prints the audit report, and the simulated counts to
check it against.
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import secrets
import sys
import tempfile
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from call_nlp import defaults, log_setup
from call_nlp.feedback.audit_report import POLICE_RESPONSE, build_report, format_text
from call_nlp.feedback.source import open_store

log = logging.getLogger("call_nlp.feedback")

MAX_CALLS = 2000
DEFAULT_SEED = 20261126
LOOPBACK = ("127.0.0.1", 50000)

#: Share of calls whose note is sent again as it grows (2 or 3 sends).
GROWN_CALLS = 0.4
#: Intermediate (not yet final) suggestions the call-taker accepts; the rest are left unreviewed.
INTERMEDIATE_ACCEPTED = 0.6
#: Final suggestions reviewed at all.
FINAL_REVIEWED = 0.92
#: A wrong suggested response is overridden this often (otherwise accepted: a missed error).
WRONG_OVERRIDDEN = 0.85
#: A right suggestion without police is overridden to co_response this often (caller said more).
EXTRA_INFO_POLICE = 0.06

#: Where a note may have stood while it was typed: after a sentence, clause or dash, before an update.
_CUT = re.compile(r"(?<=[.!?,;])\s+|\s+(?=-\s|\*\*|UPD\b|UPDATE\b|\(?\d{4} HRS)")


@dataclass
class Tally:
    """What the script did, to check the report against."""

    calls: int = 0
    triages: int = 0
    reviews: Counter[str] = field(default_factory=Counter)
    police_added: int = 0


def growth(text: str, rng: random.Random) -> list[str]:
    """The note as sent while it was typed: one or two earlier prefixes (cut at a sentence or update), then all."""
    cuts = [m.start() for m in _CUT.finditer(text) if 0.25 * len(text) <= m.start() <= 0.85 * len(text)]
    if not cuts or rng.random() >= GROWN_CALLS:
        return [text]
    chosen = sorted(rng.sample(cuts, k=min(len(cuts), rng.choice((1, 2)))))
    return [text[:c].rstrip() for c in chosen] + [text]


def review_body(
    suggestion: dict[str, Any], truth: dict[str, str], final: bool, rng: random.Random, reviewer: str
) -> dict[str, Any] | None:
    """The simulated call-taker's review of one suggestion, or None when they leave it unreviewed."""
    if not final:
        return {"decision": "accepted", "reviewer": reviewer} if rng.random() < INTERMEDIATE_ACCEPTED else None
    if rng.random() >= FINAL_REVIEWED:
        return None
    suggested = suggestion["response_model"]
    if suggested != truth["response_model"]:
        if rng.random() >= WRONG_OVERRIDDEN:
            return {"decision": "accepted", "reviewer": reviewer}
        body: dict[str, Any] = {
            "decision": "overridden",
            "response_model": truth["response_model"],
            "reason": "simulated: the call-taker read the note differently",
            "reviewer": reviewer,
        }
        for head in ("crisis_type", "violence_risk"):
            if suggestion[head]["label"] != truth[head]:
                body[head] = truth[head]
        return body
    if suggested != POLICE_RESPONSE and rng.random() < EXTRA_INFO_POLICE:
        body = {
            "decision": "overridden",
            "response_model": POLICE_RESPONSE,
            "reason": "simulated: caller says there are guns in the house",
            "reviewer": reviewer,
        }
        if suggestion["violence_risk"]["label"] == "low":  # access to guns: elevated (never lowers imminent)
            body["violence_risk"] = "elevated"
        return body
    return {"decision": "accepted", "reviewer": reviewer}


def run(calls: int, model: Path, policy: Path, seed: int, work_dir: Path) -> tuple[Tally, str]:
    """Play ``calls`` calls against an in-process app recording into ``work_dir``; returns the tally and store URL."""
    from fastapi.testclient import TestClient

    from call_nlp.api.main import create_app
    from call_nlp.api.settings import Settings
    from call_nlp.demo import generate_corpus

    database_url = f"sqlite:///{work_dir / 'records.db'}"
    settings = Settings(
        model_path=model,
        policy_path=policy,
        database_url=database_url,
        spool_dir=work_dir / "spool",
        hmac_secret=SecretStr(secrets.token_hex(32)),  # throwaway store: no key file to keep
        api_keys=SecretStr(""),
        host="127.0.0.1",
        store_text="redacted",
        log_text=False,
    )
    notes = generate_corpus(n=calls, seed=seed)
    rng = random.Random(f"call_nlp.feedback.demo_run:{seed}")
    tally = Tally()
    with TestClient(create_app(settings), client=LOOPBACK, base_url="http://127.0.0.1") as client:
        ready = client.get("/readyz")
        if ready.status_code != 200:
            raise RuntimeError(f"the app is not ready: {ready.json().get('reason')}")
        for i, note in enumerate(notes.to_dict("records")):
            call_id = f"DEMO-{i + 1:04d}"
            reviewer = f"ct-{rng.randint(101, 112)}"
            tally.calls += 1
            sends = growth(str(note["text"]), rng)
            for k, text in enumerate(sends):
                request = {"text": text, "call_id": call_id, "district": note["district"]}
                answer = client.post("/v1/triage", json=request)
                answer.raise_for_status()
                suggestion = answer.json()
                tally.triages += 1
                body = review_body(suggestion, note, k == len(sends) - 1, rng, reviewer)
                if body is None:
                    continue
                done = client.post(f"/v1/suggestions/{suggestion['suggestion_id']}/review", json=body)
                done.raise_for_status()
                tally.reviews[body["decision"]] += 1
                if body.get("response_model") == POLICE_RESPONSE and suggestion["response_model"] != POLICE_RESPONSE:
                    tally.police_added += 1
    return tally, database_url


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="call-nlp demo-run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=200, help=f"number of calls, 1..{MAX_CALLS} (default 200)")
    parser.add_argument("--model", type=Path, default=defaults.MODEL_DIR, help="trained model directory")
    parser.add_argument("--policy", type=Path, default=defaults.POLICY_PATH)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the notes and the simulated reviews")
    parser.add_argument("--keep", type=Path, help="record into this folder and keep it (an existing store there is added to; default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    if not 1 <= args.calls <= MAX_CALLS:
        parser.error(f"--calls must be between 1 and {MAX_CALLS}")
    log_setup.basic()
    if not args.verbose:  # one line per triage otherwise
        for name in ("call_nlp.api", "call_nlp.records", "httpx"):
            logging.getLogger(name).setLevel(logging.WARNING)
    if not (args.model / "manifest.json").is_file():
        print(f"demo_run: error: no trained model in {args.model} (run `make train` or pass --model)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="call-nlp-demo-run-") as tmp:
        work_dir = args.keep or Path(tmp)
        work_dir.mkdir(parents=True, exist_ok=True)
        tally, database_url = run(args.calls, args.model, args.policy, args.seed, work_dir)
        store = open_store(database_url)
        try:
            report = build_report(store)
        finally:
            store.close()
    print(
        f"simulated: {tally.calls} calls, {tally.triages} triage requests, {sum(tally.reviews.values())} reviews "
        f"({tally.reviews['accepted']} accepted, {tally.reviews['overridden']} overridden, "
        f"{tally.police_added} of them adding police)"
    )
    print(f"call-nlp audit-report --database-url {database_url}" + (" --json" if args.json else ""))
    if args.keep is None:
        print("(temporary store, deleted now; --keep DIR keeps it)")
    print()
    if args.json:
        import json

        print(json.dumps(report.to_json(), indent=2))
    else:
        print(format_text(report), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
