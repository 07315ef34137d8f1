// The review page: works the service's review queue under a person's API key.
// The key lives in this closure only (never in storage, cookies or the URL). Note text comes
// from callers, so it is only ever inserted as text nodes; the page's Content-Security-Policy
// allows no inline script and no other origin.
"use strict";

(() => {
  const QUEUE_LIMIT = 200;
  let apiKey = null;
  let items = [];
  let index = 0;
  let current = null; // the suggestion shown: {id, record}

  const $ = (id) => document.getElementById(id);

  function say(message, kind = "info") {
    const status = $("status");
    status.textContent = message;
    status.dataset.kind = kind;
  }

  async function call(method, path, body) {
    const headers = { "X-API-Key": apiKey };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    return { status: response.status, data };
  }

  function problem(result) {
    const detail = result.data && result.data.detail;
    if (Array.isArray(detail)) return detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("; ");
    return typeof detail === "string" ? detail : `HTTP ${result.status}`;
  }

  function setEnabled(enabled) {
    for (const id of ["accept", "override", "prev", "next"]) $(id).disabled = !enabled;
  }

  function clear(element) {
    while (element.firstChild) element.removeChild(element.firstChild);
  }

  // The note with each cue's spans marked; overlapping cues share a mark (first cue's status).
  function renderNote(text, cues) {
    const note = $("note");
    clear(note);
    if (text === null) {
      note.appendChild(document.createTextNode("(the service keeps no text for this note)"));
      return;
    }
    const cuts = new Set([0, text.length]);
    const marks = [];
    for (const cue of cues) {
      for (const span of cue.spans) {
        if (span.start < span.end && span.end <= text.length) {
          cuts.add(span.start);
          cuts.add(span.end);
          marks.push({ start: span.start, end: span.end, cue });
        }
      }
    }
    const bounds = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [start, end] = [bounds[i], bounds[i + 1]];
      const piece = document.createTextNode(text.slice(start, end));
      const over = marks.filter((m) => m.start <= start && end <= m.end);
      if (over.length === 0) {
        note.appendChild(piece);
        continue;
      }
      const mark = document.createElement("mark");
      mark.dataset.status = over[0].cue.status;
      mark.title = over.map((m) => m.cue.label).join("; ");
      mark.appendChild(piece);
      note.appendChild(mark);
    }
  }

  function renderList(id, values) {
    const list = $(id);
    clear(list);
    for (const value of values) {
      const item = document.createElement("li");
      item.textContent = value;
      list.appendChild(item);
    }
  }

  function renderHead(id, head) {
    const body = $(id).tBodies[0];
    clear(body);
    const rows = Object.entries(head.probabilities).sort((a, b) => b[1] - a[1]);
    for (const [label, p] of rows) {
      const row = body.insertRow();
      if (label === head.label) row.className = "top";
      row.insertCell().textContent = label + (label === head.label && head.overridden ? " (safety rule)" : "");
      row.insertCell().textContent = p.toFixed(3);
    }
  }

  async function show() {
    current = null;
    setEnabled(false);
    if (items.length === 0) {
      $("position").textContent = "Nothing to review: the queue is empty.";
      renderNote("", []);
      return;
    }
    index = Math.max(0, Math.min(index, items.length - 1));
    const item = items[index];
    const [record, highlights] = await Promise.all([
      call("GET", `/v1/suggestions/${encodeURIComponent(item.suggestion_id)}`),
      call("GET", `/v1/suggestions/${encodeURIComponent(item.suggestion_id)}/highlights`),
    ]);
    if (record.status !== 200 || highlights.status !== 200) {
      say(`could not open the suggestion: ${problem(record.status !== 200 ? record : highlights)}`, "error");
      return;
    }
    current = { id: item.suggestion_id, record: record.data };
    $("position").textContent = `Suggestion ${index + 1} of ${items.length}` +
      (item.call_id ? ` (call ${item.call_id})` : "");
    renderNote(highlights.data.text, highlights.data.cues);
    renderList("cues", highlights.data.cues.map((c) => c.label));
    $("suggested-response").textContent = record.data.response_model;
    $("margin").textContent = `margin ${item.margin.toFixed(3)}` + (record.data.needs_review ? ", flagged for review" : "");
    renderHead("crisis_type", record.data.crisis_type);
    renderHead("violence_risk", record.data.violence_risk);
    renderList("reasons", record.data.reasons);
    setEnabled(true);
  }

  async function load() {
    const result = await call("GET", `/v1/review-queue?limit=${QUEUE_LIMIT}`);
    if (result.status !== 200) {
      apiKey = result.status === 401 || result.status === 403 ? null : apiKey;
      say(`the queue could not be read: ${problem(result)}`, "error");
      return;
    }
    items = result.data.items;
    index = 0;
    say(`${items.length} suggestion(s) to review`);
    await show();
  }

  async function review(body) {
    if (current === null) return;
    const reviewer = $("reviewer").value.trim();
    if (reviewer) body.reviewer = reviewer;
    const result = await call("POST", `/v1/suggestions/${encodeURIComponent(current.id)}/review`, body);
    if (result.status === 201 || result.status === 409) {
      say(result.status === 201 ? `recorded: ${body.decision}` : "someone reviewed it already; moved on");
      items.splice(index, 1);
      $("override-form").reset();
      if (document.activeElement) document.activeElement.blur(); // the shortcuts work again at once
      await show();
    } else {
      say(`not recorded: ${problem(result)}`, "error");
    }
  }

  function accept() {
    return review({ decision: "accepted" });
  }

  function override(event) {
    if (event) event.preventDefault();
    const body = { decision: "overridden", response_model: $("override-response").value };
    if (!body.response_model) {
      say("choose the response you would send", "error");
      $("override-response").focus();
      return undefined;
    }
    const crisis = $("override-crisis").value;
    const risk = $("override-risk").value;
    const reason = $("override-reason").value.trim();
    if (crisis) body.crisis_type = crisis;
    if (risk) body.violence_risk = risk;
    if (reason) body.reason = reason;
    return review(body);
  }

  function move(step) {
    if (items.length === 0) return;
    index = (index + step + items.length) % items.length;
    show();
  }

  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    apiKey = $("key").value;
    $("key").value = "";
    load();
  });
  $("accept").addEventListener("click", accept);
  $("override-form").addEventListener("submit", override);
  $("next").addEventListener("click", () => move(1));
  $("prev").addEventListener("click", () => move(-1));

  document.addEventListener("keydown", (event) => {
    const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName);
    if (typing || event.ctrlKey || event.metaKey || event.altKey || current === null) return;
    const key = event.key.toLowerCase();
    if (key === "j" || event.key === "ArrowRight") move(1);
    else if (key === "k" || event.key === "ArrowLeft") move(-1);
    else if (key === "a") accept();
    else if (key === "o") { event.preventDefault(); $("override-response").focus(); }
    else return;
    event.preventDefault();
  });
})();
