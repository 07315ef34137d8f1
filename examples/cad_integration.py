"""How a CAD integration uses call_nlp: triage the note as the call-taker types it, show the
suggestion beside the call, then send back what the call-taker decided. Synthetic notes only.

    python examples/cad_integration.py --url http://127.0.0.1:8000 --key "$CALL_TAKER_KEY"

The service suggests; a person decides. Nothing here dispatches anything.
"""

from __future__ import annotations

import argparse
import sys

from call_nlp.client import ApiError, Client, Suggestion

#: A call as a CAD sees it: the first note, then an update the call-taker appends.
CALL_ID = "26-EXAMPLE-0001"
NOTES = ["RP STATES ADULT SON HEARING VOICES, OFF MEDS X2 WKS", "UPDATE RP NOW STATES SON HAS A KNIFE IN KITCHEN"]


def show(suggestion: Suggestion) -> str:
    """The line a CAD shows beside the call: the suggestion, its confidence, and why."""
    risk = suggestion.violence_risk
    flag = " REVIEW" if suggestion.needs_review else ""
    weapon = " (weapon stated)" if risk.overridden else ""
    cues = ", ".join(f"{c.concept} ({c.status})" for c in suggestion.cues) or "no cues"
    return (f"[{suggestion.response_model}{flag}] {suggestion.crisis_type.label} {suggestion.crisis_type.confidence:.0%}, "
            f"risk {risk.label} {risk.confidence:.0%}{weapon}; {cues}")


def run(url: str, key: str | None) -> int:
    with Client(url, api_key=key, timeout=2.0) as api:
        note = ""
        latest = None
        for update in NOTES:  # the note grows as the call goes on: triage it each time
            note = f"{note} {update}".strip()
            latest = api.triage(note, call_id=CALL_ID)
            print(show(latest))
        assert latest is not None
        # the call-taker accepts the last suggestion (or overrides it: decision="overridden",
        # response_model=... and the reason); the review is recorded with the suggestion. A named
        # key names the reviewer itself; otherwise the CAD says who decided.
        review = api.review(latest.suggestion_id, "accepted", reviewer="example call-taker")
        print(f"recorded: {review.decision} {review.response_model} by {review.reviewer}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--key", help="a call-taker key (none for a service open to loopback clients)")
    args = parser.parse_args(argv)
    try:
        return run(args.url, args.key)
    except ApiError as exc:
        print(f"call_nlp: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
