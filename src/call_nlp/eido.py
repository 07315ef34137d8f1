"""NENA EIDO (NENA-STA-021.1a-2022, the JSON Emergency Incident Data Object) in and out.

In: a document is checked against our JSON Schema of the fields read (`resources/eido/`, which
cites the official schema it was derived from); each problem is named by its JSON path. Its
notes (``notesComponent[].notesActionComments``, HTML5) become plain text: tags dropped, entities
unescaped, the content of ``<script>`` and ``<style>`` dropped, nothing ever run (the standard
library's HTML tokenizer reads it as text). They are put in time order (``lastUpdateTimeStamp``,
ties in document order) and joined into one note, each later one as an appended update, so the
latest statement about a cue wins as in a call-taker's note. The incident type is read and
echoed back, and recorded; it never changes the suggestion.

Out: a fragment a CAD can merge: a prologue naming the service, a ``notesComponent`` entry that
carries the suggestion as (HTML-escaped) text, and a ``cautionComponent`` entry (the 021.1.1
draft's CautionType) whose severity is mapped from the violence risk, linked from the note by
``cautionReference``.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from html.parser import HTMLParser
from importlib.resources import files
from typing import Any

import call_nlp
from call_nlp.triage import Suggestion

EIDO_VERSION = "1.0"
#: Who the fragment says issued it (`issuingElementIdentification`).
ISSUER = f"call_nlp/{call_nlp.__version__}"
#: Violence risk -> cautionSeverity (the draft's values: highest, high, normal, low, lowest).
SEVERITY = {"imminent": "highest", "elevated": "high", "low": "low"}
#: The caution's common-registry text. The draft points to a "CautionType" registry that no public
#: file lists; this value names what the caution is about until an agency maps it to its registry.
CAUTION_REGISTRY_TEXT = "ViolenceRisk"
#: Elements whose content is never text (dropped with their content).
_SKIPPED = {"script", "style", "template", "noscript", "iframe", "object"}
#: Elements that end a line of text.
_BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table"}


class EidoError(ValueError):
    """A document that breaks the schema: each problem as (JSON path parts, message)."""

    def __init__(self, problems: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{json_path(path)}: {message}" for path, message in problems))


def json_path(parts: tuple[str | int, ...]) -> str:
    """``("notesComponent", 2, "lastUpdateTimeStamp")`` -> ``$.notesComponent[2].lastUpdateTimeStamp``."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


@dataclass(frozen=True)
class IncidentType:
    """What the document says the incident is; echoed back and recorded, never used to decide."""

    common_registry_text: str
    internal_text: str | None = None
    internal_code: str | None = None

    def recorded(self) -> str:
        """One line for the suggestion record."""
        return " | ".join(p for p in (self.common_registry_text, self.internal_code, self.internal_text) if p)


@dataclass(frozen=True)
class Intake:
    """What a document gives triage: its notes as one text, in time order, and where they came from."""

    text: str
    call_id: str | None
    incident_type: IncidentType | None
    agency: dict[str, str]  # the document's updatedByAgencyReference, echoed in the fragment
    notes: int


@cache
def schema() -> dict[str, Any]:
    """Our JSON Schema of the parts of an EIDO that are read and written (`resources/eido/`)."""
    return dict(json.loads(files("call_nlp").joinpath("resources", "eido", "eido.schema.json").read_text("utf-8")))


@cache
def _validator(definition: str) -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date-time", raises=ValueError)(_timestamp)
    return Draft202012Validator({**schema(), "$ref": f"#/$defs/{definition}"}, format_checker=checker)


def problems(document: Any, definition: str = "document") -> list[tuple[tuple[str | int, ...], str]]:
    """Every way ``document`` breaks the schema's ``definition``, by JSON path, in path order."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    errors = list(_validator(definition).iter_errors(document))
    while errors:
        error = errors.pop()
        if error.validator == "oneOf" and error.context:  # an incident object, or an array of them:
            branch = 1 if isinstance(error.instance, list) else 0  # the errors of the shape it has
            errors += [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == branch]
            continue
        path = tuple(error.absolute_path)
        if error.validator == "required":  # named by the missing field's own path
            missing = [n for n in error.validator_value if isinstance(error.instance, dict) and n not in error.instance]
            found += [((*path, name), "required, missing") for name in missing]
        else:
            found.append((path, _message(error)))
    return sorted(set(found), key=lambda p: (json_path(p[0]), p[1]))


def _message(error: Any) -> str:
    """The validator's message without echoing the value (a note's text could be in it)."""
    if error.validator == "type":
        return f"must be of type {error.validator_value}"
    if error.validator == "format":
        return f"not a {error.validator_value} with a time zone (e.g. 2026-12-04T21:15:00-05:00)"
    if error.validator == "enum":
        return f"must be one of {error.validator_value}"
    if error.validator == "minItems":
        return f"must hold at least {error.validator_value} item(s)"
    if error.validator == "minLength":
        return "must not be empty"
    return f"breaks the schema ({error.validator})"


def _timestamp(value: object) -> bool:
    if not isinstance(value, str):
        return True  # the type check says so
    moment = datetime.fromisoformat(value)  # raises ValueError: not a date-time
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    return True


def read(document: Any) -> Intake:
    """The triage input of an EIDO document; `EidoError` naming each problem by its JSON path."""
    found = problems(document)
    if found:
        raise EidoError(found)
    notes = document["notesComponent"]
    ordered = sorted(enumerate(notes), key=lambda item: (datetime.fromisoformat(item[1]["lastUpdateTimeStamp"]), item[0]))
    texts = []
    for position, (_, note) in enumerate(ordered):
        text = html_to_text(note["notesActionComments"])
        if not text:
            continue
        if position and texts:  # a later note is an appended update ("UPDATE 2215 ...")
            moment = datetime.fromisoformat(note["lastUpdateTimeStamp"])
            text = f"UPDATE {moment:%H%M} {text}"
        texts.append(text)
    if not texts:
        raise EidoError([(("notesComponent",), "no note holds any text once its HTML is read")])
    incident = _incident(document.get("incidentComponent"))
    call_id = (incident[1] if incident else None) or document["$id"]
    return Intake(text="\n".join(texts), call_id=call_id, incident_type=incident[0] if incident else None,
                  agency=dict(document["updatedByAgencyReference"]), notes=len(texts))


def _incident(component: Any) -> tuple[IncidentType, str] | None:
    """The incident type and $id (of the latest entry, when an array holds several)."""
    if component is None:
        return None
    entries = component if isinstance(component, list) else [component]
    latest = max(enumerate(entries), key=lambda item: (datetime.fromisoformat(item[1]["lastUpdateTimeStamp"]), item[0]))[1]
    return IncidentType(latest["incidentTypeCommonRegistryText"], latest.get("incidentTypeInternalText"),
                        latest.get("incidentTypeInternalCode")), latest["$id"]


class _Text(HTMLParser):
    """The text of an HTML fragment: data only, entities unescaped, skipped elements' content dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML5 note: lines kept, spaces within a line collapsed, ends trimmed."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    lines = ("".join(parser.parts)).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def fragment(suggestion: Suggestion, suggestion_id: str, intake: Intake, now: datetime | None = None) -> dict[str, Any]:
    """The EIDO fragment carrying the suggestion: a note and the caution it links to."""
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    prologue = {"lastUpdateTimeStamp": stamp, "updatedByAgencyReference": intake.agency}
    caution_id = f"urn:call-nlp:caution:{suggestion_id}"
    risk = suggestion.violence_risk
    return {
        "$id": f"urn:call-nlp:suggestion:{suggestion_id}",
        **prologue,
        "eidoVersion": EIDO_VERSION,
        "issuingElementIdentification": ISSUER,
        "notesComponent": [{
            "$id": f"urn:call-nlp:note:{suggestion_id}",
            **prologue,
            "notesActionComments": note_html(suggestion, suggestion_id),
            "cautionReference": [{"$ref": caution_id}],
        }],
        "cautionComponent": [{
            "$id": caution_id,
            **prologue,
            "cautionTypeInternalText": f"call_nlp violence risk: {risk.label}"
                                       + (" (a weapon or threat stated)" if risk.overridden else ""),
            "cautionTypeCommonRegistryText": CAUTION_REGISTRY_TEXT,
            "cautionSeverity": SEVERITY[risk.label],
            "cautionSource": f"{ISSUER} model {suggestion.model.version}",
        }],
    }


def note_html(suggestion: Suggestion, suggestion_id: str) -> str:
    """The suggestion as a short HTML5 note, every value escaped."""
    e = html.escape
    crisis, risk = suggestion.crisis_type, suggestion.violence_risk
    cues = ", ".join(f"{c.concept} ({c.status})" for c in suggestion.cues) or "none"
    lines = [
        f"call_nlp suggestion {e(suggestion_id)}, for a person to accept or override:",
        f"response model {e(suggestion.response_model)}; crisis type {e(crisis.label)} ({crisis.confidence:.2f}); "
        f"violence risk {e(risk.label)} ({risk.confidence:.2f}){' (overridden)' if risk.overridden else ''}; "
        f"needs review: {'yes' if suggestion.needs_review else 'no'}.",
        f"Cues: {e(cues)}.",
        *(f"{e(reason)}" for reason in suggestion.reasons),
    ]
    return "<p>" + "<br>".join(lines) + "</p>"
