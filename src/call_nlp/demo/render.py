"""Rendering styles: turn a composed note into the text a call-taker would have typed.

Styles (drawn independently of the labels):

* ``cad`` terse shorthand (RP, SUBJ, W/, POSS, HX ...), segments joined by ``,`` ``.``
  ``/`` ``|`` ``-`` or new lines, dropped articles;
* ``narrative`` full sentences ("Caller states that ..."), shorthand spelled out;
* ``transcript`` near-verbatim caller quotes inside a CAD frame;
* ``stt`` speech-to-text: lower case, no punctuation, homophones, "um".

Each style comes in upper, lower, sentence or mixed case (some segments typed in
capitals, some not; caller quotes in lower case), in the proportions measured in
CAD_TEXT.md. Rendering returns the segments that survived (a fixed-length cut can
drop trailing ones), so labels describe exactly the visible text.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from call_nlp.demo import bank_logistics as lg
from call_nlp.demo import vocab
from call_nlp.demo.segments import Plan, Seg
from call_nlp.demo.noise import misspell, speech_to_text
from call_nlp.demo.people import NoteSlots
from call_nlp.demo.phrasebook import Phrase, compile_template, expand, pick, tidy, weighted

#: style -> (family, case, weight)
STYLES: dict[str, tuple[str, str, float]] = {
    "cad_upper": ("cad", "upper", 0.50),
    "transcript_upper": ("transcript", "upper", 0.06),
    "narrative_upper": ("narrative", "upper", 0.05),
    "cad_lower": ("cad", "lower", 0.07),
    "narrative_lower": ("narrative", "lower", 0.02),
    "stt": ("stt", "lower", 0.05),
    "narrative_sentence": ("narrative", "sentence", 0.09),
    "cad_mixed": ("cad", "mixed", 0.09),
    "transcript_mixed": ("transcript", "mixed", 0.07),
}
_STYLE_WEIGHTS = {k: v[2] for k, v in STYLES.items()}
#: Styles of multi-sentence stories, by voice (drawn independently of the labels).
STORY_STYLES: dict[str, dict[str, float]] = {
    "shorthand": {"cad_upper": 0.8, "cad_mixed": 0.14, "cad_lower": 0.06},
    "third": {"narrative_sentence": 0.4, "narrative_upper": 0.5, "narrative_lower": 0.05, "stt": 0.05},
    "verbatim": {"transcript_upper": 0.5, "transcript_mixed": 0.45, "stt": 0.05},
    "professional": {"narrative_sentence": 0.35, "narrative_upper": 0.35, "cad_upper": 0.3},
}
STORY_SEPARATORS = {". ": 0.72, ", ": 0.08, "\n": 0.08, " ": 0.06, " / ": 0.06}
P_TRUNCATE_STORY = 0.04
SEPARATORS = {", ": 0.26, ". ": 0.19, " / ": 0.1, " | ": 0.07, "\n": 0.11, " - ": 0.07, "; ": 0.05, " ": 0.15}
P_TRUNCATE = 0.15
P_QUESTION = 0.012
TRUNCATE_AT = (80, 100, 120, 128, 150, 160, 200, 240, 255)

_ABBREVIATE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\bwithout\b", ("W/O",)), (r"\bwith\b", ("W/",)), (r"\bpossibl[ey]\b", ("POSS",)),
    (r"\bhistory of\b", ("HX OF", "HX")), (r"\bhistory\b", ("HX",)), (r"\bunknown\b", ("UNK",)),
    (r"\bnegative\b", ("NEG",)), (r"\bpatient\b", ("PT",)), (r"\bsubject\b", ("SUBJ",)),
    (r"\balcohol\b", ("ETOH",)), (r"\boverdose\b", ("OD",)), (r"\badvise[sd]\b", ("ADV", "ADVS")),
    (r"\bstates\b", ("STS",)), (r"\bapartment\b", ("APT",)), (r"\bvehicle\b", ("VEH",)),
    (r"\bmedications?\b", ("MEDS",)), (r"\band\b", ("&",)), (r"\bbecause\b", ("B/C",)),
    (r"\bbetween\b", ("BTWN",)), (r"\bintoxicated\b", ("INTOX",)), (r"\bboyfriend\b", ("BF",)),
    (r"\bgirlfriend\b", ("GF",)), (r"\bin front of\b", ("IFO",)), (r"\bunresponsive\b", ("UNRESP",)),
    (r"\brequest(?:ing|s)?\b", ("REQ",)), (r"\bmother\b", ("MOM",)), (r"\bfather\b", ("DAD",)),
    (r"\byears? old\b", ("YO",)), (r"\binjur(?:y|ies)\b", ("INJ",)),
    (r"\b(?:the|a|an) (?=\w)", ("",)), (r"\bis (?=\w+ing\b)", ("",)),
    (r"\bemotionally disturbed person\b", ("EDP",)),
)
_EXPAND: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\bW/O\b", ("without",)), (r"(?<![\w/])[Ww]/(?=\s)", ("with",)), (r"\bPOSS\b", ("possible",)),
    (r"\bHX [Oo][Ff]\b", ("history of",)), (r"\bHX\b(?= \w)", ("history of",)), (r"\bHX\b", ("history",)), (r"\bUNK\b", ("unknown",)),
    (r"\bNEG\b", ("no",)), (r"\bPT\b", ("patient", "the patient")), (r"\bSUBJ\b", ("subject", "the subject", "subject")),
    (r"\bETOH\b", ("alcohol",)), (r"\bOD\b(?!')", ("overdose",)), (r"\b(?:[Tt]he|a) RP\b", ("the caller",)),
    (r"\bRP\b", ("caller", "the caller", "reporting party")),
    (r"\bSTS\b", ("states",)), (r"\bADVS?\b", ("advised",)), (r"\bINTOX\b", ("intoxicated",)),
    (r"\bCOMP\b", ("complainant",)), (r"\bS/I\b|\bSI\b", ("suicidal thoughts", "suicidal ideation")),
    (r"\bH/I\b|\bHI\b", ("homicidal thoughts",)), (r"\bEDP\b", ("emotionally disturbed person",)),
    (r"\bDV\b", ("domestic",)), (r"(?<!TC )(?<!MVA )(?<!10-50 )\bPD\b(?! ONLY)", ("police",)), (r"\bCB\b", ("callback",)), (r"\bREQ\b", ("requesting",)),
    (r"\bDIFF\b", ("difficulty",)), (r"\bSOB\b", ("short of breath",)), (r"\bRTIS\b", ("responding to internal stimuli",)),
    (r"\bSZ\b", ("seizure",)), (r"\bS/A\b", ("suicide attempt",)), (r"\bASSLT\b", ("assault",)),
    (r"\bBURG\b", ("burglary",)), (r"\bINJ\b", ("injuries",)), (r"\bWPN\b", ("weapon",)), (r"&", ("and",)),
    (r"\bIP\b", ("in progress",)), (r"\bAH/VH\b", ("hallucinations",)), (r"\bA&O\b", ("alert and oriented",)),
)
_COMPILED_ABBR = tuple((re.compile(p, re.I), r) for p, r in _ABBREVIATE)
_COMPILED_EXP = tuple((re.compile(p), r) for p, r in _EXPAND)
#: Shorthand kept upper case in mixed-case notes.
KEEP_UPPER = frozenset(
    "RP SUBJ PT ETOH UNK NEG ADV ADVS HX POSS OD EDP SI HI DV PD EMS CB APT MVA MVC TC INTOX CCW RTIS SOB "
    "DIFF CP NFI XREF VOIP TTY LOC IFO ALS BLS CAD BURG ASSLT SZ INJ STS REQ RES JUV MH WPN LP CHP YOM YOF "
    "COMP UNRESP VEH ETA CO CVA MI COPD ABD DTS ASL PREM CAUTION UPD UPDATE NFI KQ WPH2 CHK PROB MEDIC".split()
)
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z'/&-]{3,}\b")


def _apply(text: str, rules: tuple, rng: random.Random) -> str:
    for pattern, options in rules:
        text = pattern.sub(lambda m: pick(rng, options), text)
    return text


def _soft_case(text: str) -> str:
    """Mixed case: long all-caps words lower-cased unless they are shorthand."""
    return _UPPER_WORD.sub(lambda m: m.group(0) if m.group(0) in KEEP_UPPER else m.group(0).lower(), text)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _markers(rng: random.Random, when: datetime, n: int) -> tuple[list[str], datetime]:
    """Update markers for ``n`` appended updates, with clock times after ``when``; and the last time."""
    form = weighted(rng, {"word": 0.55, "hrs": 0.15, "bracket": 0.15, "colon": 0.08, "at": 0.07})
    combine = rng.random() < 0.3
    out, t = [], when
    for _ in range(n):
        t = t + timedelta(minutes=1 + int(rng.random() * 7), seconds=int(rng.random() * 60))
        word = pick(rng, lg.UPDATE_MARKERS)
        stamp = {"hrs": f"{t:%H%M} HRS", "bracket": f"[{t:%H:%M:%S}]", "colon": f"{t:%H%M}:", "at": f"@{t:%H%M}"}.get(form, "")
        out.append(word if not stamp else f"{stamp} {word}" if combine else stamp)
    return out, t


#: How unit-status lines carry their clock time ({t} the line).
LOG_STAMPS = {"[%H:%M:%S] {t}": 0.3, "%H%M {t}": 0.2, "%H:%M:%S {t}": 0.15, "{t} %H%M": 0.1, "{t} @%H%M": 0.1, "{t}": 0.15}


def _log_stamps(rng: random.Random, after: datetime, n: int) -> list[str]:
    """Clock-time templates for ``n`` unit-status lines, later than ``after``."""
    form, out, t = str(weighted(rng, LOG_STAMPS)), [], after
    for _ in range(n):
        t = t + timedelta(minutes=int(rng.random() * 6), seconds=int(rng.random() * 60))
        out.append(t.strftime(form))
    return out


class Renderer:
    """Renders one :class:`Plan` in one style."""

    def __init__(self, plan: Plan, rng: random.Random, when: datetime) -> None:
        self.plan, self.rng, self.when = plan, rng, when
        self.story = bool(plan.meta.get("story"))
        self.style = weighted(rng, STORY_STYLES[str(plan.meta["voice"])] if self.story else _STYLE_WEIGHTS)
        self.family, self.case, _ = STYLES[self.style]
        self.slots = NoteSlots(plan.cast, lg.SAYS, lg.RP_WORDS)
        self.slots.p_skip = float(plan.meta.get("p_skip", 0.0))  # type: ignore[arg-type]
        self._said: dict[int, str] = {}
        if self.story:  # one family member throughout a story
            self.slots.fix("kin", pick(rng, vocab.KIN_ANY))
        # Which shorthand rules this writer uses (a writer is consistent within a note).
        p_rule = {"cad": 0.5, "transcript": 0.35}.get(self.family, 0.0)
        self.abbr = tuple(r for r in _COMPILED_ABBR if rng.random() < p_rule)
        p_exp = {"narrative": 0.7, "stt": 1.0}.get(self.family, 0.0)
        self.exp = tuple(r for r in _COMPILED_EXP if rng.random() < p_exp)
        noisy = rng.random() < 0.2 and self.family != "stt"
        self.p_typo = (0.04 + 0.06 * rng.random()) if noisy else 0.0
        self.p_common = 0.6 if noisy else 0.0 if self.family == "stt" else 0.05

    def _phrase_text(self, phrase: Phrase, quote: bool) -> str:
        """A phrase's words; a phrase shown twice (a Problem: line and the body) reads the same."""
        if quote:
            return self._expand(phrase.template, quote)
        text = self._said.get(id(phrase))
        if text is None:
            text = self._said[id(phrase)] = self._expand(phrase.template)
        return text

    def _expand(self, template: str, quote: bool = False) -> str:
        self.slots.mode = "quote" if quote else "cad"
        return tidy(expand(compile_template(template), self.rng, self.slots))

    def _segment_text(self, seg: Seg, quote: bool) -> str:
        """The segment's words, framed, abbreviated or spelled out, with typing noise, cased."""
        rng = self.rng
        text = seg.text if seg.phrase is None else self._phrase_text(seg.phrase, quote)
        if seg.prefix:
            text = f"{self._expand(seg.prefix)} {text}"
        if seg.verbatim:
            return self._case(text, seg)
        if quote:
            text = _apply(text, _COMPILED_EXP, rng)
            if rng.random() < 0.2:
                text = f"{text}, {pick(rng, lg.FILLERS)}"
            text = self._noise(text)
            if not seg.lead and rng.random() < 0.6:
                return f'"{text.lower()}"' if self.case == "mixed" else self._case(f'"{text}"', seg)
            frame = self._noise(_apply(self._expand("{rp} {says}"), self.abbr, rng))
            if self.case == "mixed":
                return f'{frame.upper()} "{text.lower()}"'
            return self._case(f'{frame} "{text}"', seg)
        if seg.lead:
            if self.family == "cad" and rng.random() < 0.45 * (1 - self.slots.p_skip):
                text = f"{self._expand('{rp} {says}')} {text}"
            elif self.family == "narrative" and rng.random() < 0.8 - 0.5 * self.slots.p_skip:
                text = f"{pick(rng, lg.NARRATIVE_FRAMES)} {text[:1].lower() + text[1:] if text[1:2].islower() else text}"
        if seg.kind != "header":
            text = _apply(text, self.abbr, rng)
            text = _apply(text, self.exp, rng)
        return self._case(self._noise(text), seg)

    def _noise(self, text: str) -> str:
        if self.p_typo or self.p_common:
            return misspell(text, self.rng, self.p_typo, self.p_common)
        return text

    def _case(self, text: str, seg: Seg) -> str:
        case = self.case
        if case == "mixed":
            case = "upper" if self.rng.random() < 0.55 else "sentence"
        if case == "upper":
            return text if seg.kind == "header" and self.rng.random() < 0.5 else text.upper()
        if case == "lower":
            return text.lower()
        return _sentence(_soft_case(text))

    def render(self) -> tuple[str, list[Seg]]:
        rng = self.rng
        segs = self.plan.segs
        if self.family == "stt":
            spoken = [s for s in segs if s.kind in ("body", "update") and s.phrase is not None]
            segs = spoken or segs
        n_upd = sum(s.kind == "update" for s in segs)
        marker_list, last = _markers(rng, self.when, n_upd)
        markers = iter(marker_list)
        n_log = sum(s.kind == "log" for s in segs)
        stamps = iter(_log_stamps(rng, last, n_log) if n_log else ())
        log_sep = weighted(rng, {"\n": 0.5, " ": 0.2, " / ": 0.15, " | ": 0.15}) if n_log else "\n"
        sep = weighted(rng, STORY_SEPARATORS if self.story else SEPARATORS) if self.family in ("cad", "transcript") else ". "
        qa_sep = pick(rng, (" ", ", ", "\n", " / "))
        upd_sep = weighted(rng, {"\n": 0.45, " ": 0.35, " | ": 0.1, " / ": 0.1})
        pieces: list[tuple[str, int]] = []
        prev_kind = ""
        for i, seg in enumerate(segs):
            # Callers describe the situation; the call-taker writes the rest in shorthand.
            quote = (self.family == "transcript" and seg.kind == "body" and seg.phrase is not None
                     and ":" not in seg.phrase.template and '"' not in seg.phrase.template and seg.phrase.size >= 2
                     and any(t.startswith("crisis:") for t in seg.tags) and (seg.lead or rng.random() < 0.15))
            text = self._segment_text(seg, quote)
            if seg.kind == "update" and self.family != "stt":
                marker = next(markers)
                text = f"{marker.lower() if self.case == 'lower' else marker} {text}"
            elif seg.kind == "log":
                text = next(stamps).replace("{t}", text)
            if not pieces:
                joiner = ""
            elif seg.kind == "update":
                joiner = upd_sep
            elif seg.kind == "log":
                joiner = log_sep
            elif seg.kind == prev_kind == "qa":
                joiner = qa_sep
            elif seg.kind == "header" or prev_kind == "header":
                joiner = pick(rng, ("\n", " ", " / "))
            else:
                joiner = sep
            if self.family == "narrative" and joiner.strip() in ("", ".") and pieces and pieces[-1][0][-1:] not in ".!?\"":
                joiner = ". " if joiner != "\n" else ".\n"
            pieces.append((joiner, -1))
            pieces.append((text, i))
            prev_kind = seg.kind
        if self.family == "narrative" and rng.random() < 0.6:
            pieces.append((".", -1))
        if rng.random() < P_QUESTION:
            body = [k for k, (_, i) in enumerate(pieces) if i >= 0 and segs[i].kind == "body"]
            if body:
                k = pick(rng, body)
                pieces[k] = (pieces[k][0].rstrip(".,;") + "?", pieces[k][1])
        text, kept = self._truncate(pieces, segs)
        if self.family == "stt":
            text = speech_to_text(text, rng)
        return re.sub(r"[ \t]+", " ", text).strip(), kept

    def _truncate(self, pieces: list[tuple[str, int]], segs: list[Seg]) -> tuple[str, list[Seg]]:
        full = "".join(p for p, _ in pieces)
        kept_idx = [i for _, i in pieces if i >= 0]
        if self.family != "stt" and self.rng.random() < (P_TRUNCATE_STORY if self.story else P_TRUNCATE):
            limit = pick(self.rng, TRUNCATE_AT)
            if len(full) > limit + 5:
                pos, keep = 0, []
                for piece, i in pieces:
                    end = pos + len(piece)
                    if pos >= limit:
                        break
                    if i >= 0:
                        if end > limit and segs[i].tags:
                            return full, [segs[j] for j in kept_idx]  # would cut a stated fact: keep all
                        keep.append(i)
                    pos = end
                if any(t.startswith("crisis:") for j in keep for t in segs[j].tags):
                    return full[:limit], [segs[j] for j in keep]
        return full, [segs[j] for j in kept_idx]
