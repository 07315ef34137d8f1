"""Reading a NENA EIDO document's notes and writing the fragment that carries a suggestion.

Every document here is written for these tests (synthetic, no real call)."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from call_nlp import eido
from call_nlp.labels import VIOLENCE_RISKS

AGENCY = {"$ref": "psap.example.gov"}


def note(ident: str, when: str, html: str) -> dict[str, Any]:
    return {"$id": ident, "lastUpdateTimeStamp": when, "updatedByAgencyReference": AGENCY, "notesActionComments": html}


def document(*notes: dict[str, Any], incident: Any = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"$id": "urn:emergency:uid:incidentid:t-1:psap.example.gov",
                           "lastUpdateTimeStamp": "2026-12-04T21:20:00-05:00", "updatedByAgencyReference": AGENCY,
                           "eidoVersion": "1.0", "issuingElementIdentification": "cad.example", "notesComponent": list(notes)}
    if incident is not None:
        doc["incidentComponent"] = incident
    return doc


def incident(registry: str, code: str | None = None, ident: str = "inc-1") -> dict[str, Any]:
    found = {"$id": ident, "lastUpdateTimeStamp": "2026-12-04T21:00:00-05:00", "updatedByAgencyReference": AGENCY,
             "incidentTypeCommonRegistryText": registry}
    return found | ({"incidentTypeInternalCode": code} if code else {})


@pytest.mark.parametrize(("html", "text"), [
    ("<p>RP STATES SON &amp; DAD FIGHTING</p>", "RP STATES SON & DAD FIGHTING"),
    ("RP STATES<br>NO WEAPONS<br/>DENIES SI", "RP STATES\nNO WEAPONS\nDENIES SI"),
    ("<div>SUBJ YELLING</div><script>document.title='x'</script><style>p{color:red}</style>", "SUBJ YELLING"),
    ('<img src=x onerror="alert(1)">MALE DOWN <b>KNI</b>FE IN HAND', "MALE DOWN KNIFE IN HAND"),
    ("&lt;script&gt;alert(1)&lt;/script&gt; IS WHAT RP TYPED", "<script>alert(1)</script> IS WHAT RP TYPED"),
    ("  LOTS   OF\tSPACE  ", "LOTS OF SPACE"),
    ("<p></p><p>  </p>", ""),
])
def test_html_notes_become_plain_text_and_nothing_runs(html: str, text: str) -> None:
    assert eido.html_to_text(html) == text


def test_notes_are_read_in_time_order_whatever_their_order_in_the_document() -> None:
    doc = document(note("n3", "2026-12-04T21:10:00-05:00", "RP NOW STATES HE HAS A KNIFE"),
                   note("n1", "2026-12-05T01:55:00Z", "RP STATES BROTHER ACTING STRANGE"),  # 20:55 at -05:00
                   note("n2", "2026-12-04T21:01:00-05:00", "<p>TALKING TO HIMSELF</p>"))
    intake = eido.read(doc)
    assert intake.text == ("RP STATES BROTHER ACTING STRANGE\nUPDATE 2101 TALKING TO HIMSELF\n"
                           "UPDATE 2110 RP NOW STATES HE HAS A KNIFE")
    assert intake.notes == 3 and intake.call_id == doc["$id"] and intake.incident_type is None


def test_the_latest_note_about_a_weapon_wins(triager) -> None:  # noqa: ANN001
    """The document lists the knife first but wrote it last: it is the latest update, so the
    suggestion must raise the risk (a missed weapon is the costliest error)."""
    doc = document(note("b", "2026-12-04T21:10:00-05:00", "<p>UPDATE: SUBJ NOW HOLDING A K&#x200B;NIFE</p>"),
                   note("a", "2026-12-04T21:02:00-05:00", "RP STATES SON OFF MEDS, NO WEAPONS"))
    suggestion = triager.triage(eido.read(doc).text)
    assert suggestion.violence_risk.label == "imminent" and suggestion.response_model == "co_response"
    assert any(c.kind == "weapon" and c.concept == "knife" and c.status == "affirmed" for c in suggestion.cues)


def test_the_incident_type_is_echoed_and_never_changes_the_suggestion(triager) -> None:  # noqa: ANN001
    notes = [note("a", "2026-12-04T21:02:00-05:00", "RP STATES NEIGHBOR TALKING TO HIMSELF, NO WEAPONS")]
    suggestions = []
    for kind in (None, incident("Psychiatric", "MNTL"), incident("Fire Alarm", "FA"), [incident("Burglary")]):
        intake = eido.read(document(*copy.deepcopy(notes), incident=kind))
        suggestions.append(triager.triage(intake.text))
        if kind is not None:
            first = kind[0] if isinstance(kind, list) else kind
            assert intake.incident_type is not None
            assert intake.incident_type.common_registry_text == first["incidentTypeCommonRegistryText"]
            assert intake.call_id == first["$id"]
    assert all((s.response_model, s.crisis_type, s.violence_risk, s.needs_review)
               == (suggestions[0].response_model, suggestions[0].crisis_type, suggestions[0].violence_risk,
                   suggestions[0].needs_review) for s in suggestions)


@pytest.mark.parametrize(("broken", "path", "message"), [
    (lambda d: d.pop("notesComponent"), "$.notesComponent", "required, missing"),
    (lambda d: d.update(notesComponent=[]), "$.notesComponent", "at least 1"),
    (lambda d: d["notesComponent"][1].update(lastUpdateTimeStamp="2026-12-04T21:02:00"), "$.notesComponent[1].lastUpdateTimeStamp",
     "time zone"),
    (lambda d: d["notesComponent"][0].update(notesActionComments=["x"]), "$.notesComponent[0].notesActionComments",
     "type string"),
    (lambda d: d["notesComponent"][0].pop("updatedByAgencyReference"), "$.notesComponent[0].updatedByAgencyReference",
     "required"),
    (lambda d: d.update(incidentComponent={"$id": "i"}), "$.incidentComponent.incidentTypeCommonRegistryText", "required"),
    (lambda d: d.update(incidentComponent=[incident("X"), {"$id": 5}]), "$.incidentComponent[1].$id", "type string"),
    (lambda d: d.update(updatedByAgencyReference={"ref": "x"}), "$.updatedByAgencyReference.$ref", "required"),
])
def test_a_malformed_document_is_refused_naming_the_json_path(broken: Any, path: str, message: str) -> None:
    doc = document(note("a", "2026-12-04T21:02:00-05:00", "RP STATES X"), note("b", "2026-12-04T21:03:00-05:00", "Y"))
    broken(doc)
    with pytest.raises(eido.EidoError) as refused:
        eido.read(doc)
    named = {eido.json_path(p): m for p, m in refused.value.problems}
    assert path in named and message in named[path], named


def test_notes_without_text_are_refused() -> None:
    with pytest.raises(eido.EidoError, match=r"\$\.notesComponent: no note holds any text"):
        eido.read(document(note("a", "2026-12-04T21:02:00-05:00", "<p> </p><script>x</script>")))


def test_the_fragment_is_an_eido_with_a_caution_the_note_links_to(triager) -> None:  # noqa: ANN001
    intake = eido.read(document(note("a", "2026-12-04T21:02:00-05:00", "CALLER SAYS HE HAS A GUN AND WILL USE IT")))
    suggestion = triager.triage(intake.text)
    fragment = eido.fragment(suggestion, "sid-1", intake)
    assert eido.problems(fragment, "fragment") == []  # the schema's CautionType (021.1.1 draft) and NotesType
    [caution], [carried] = fragment["cautionComponent"], fragment["notesComponent"]
    assert carried["cautionReference"] == [{"$ref": caution["$id"]}]
    assert caution["cautionSeverity"] == "highest" and fragment["updatedByAgencyReference"] == AGENCY
    assert fragment["issuingElementIdentification"].startswith("call_nlp/")
    assert "response model co_response" in carried["notesActionComments"]
    for risk, severity in zip(VIOLENCE_RISKS, ("highest", "high", "low"), strict=True):
        head = replace(suggestion.violence_risk, label=risk)
        assert eido.fragment(replace(suggestion, violence_risk=head), "s", intake)["cautionComponent"][0][
            "cautionSeverity"] == severity


def test_the_note_it_writes_escapes_every_value(triager) -> None:  # noqa: ANN001
    suggestion = triager.triage("RP STATES FRIEND TALKING ABOUT SUICIDE")
    written = eido.note_html(replace(suggestion, reasons=['<script>alert("x")</script>']), "<sid>")
    assert "<script>" not in written and "&lt;script&gt;" in written and "&lt;sid&gt;" in written
    assert eido.html_to_text(written).splitlines()[-1] == '<script>alert("x")</script>'  # as text, back again
