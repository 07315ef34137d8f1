"""Synthetic demo corpus of 911 call-taker notes (no real person's data).

No public corpus of labeled 911 notes exists, so the demo and the tests train on notes
composed from many independent parts (situation, risk and medical statements, caller,
subject, location, protocol answers, unit-status lines, appended updates) rendered in
several writing styles with typing noise. Half the notes are ordinary calls (fire,
medical complaints, traffic, service, crimes; :mod:`call_nlp.demo.ordinary`), the rest
behavioral (:mod:`call_nlp.demo.compose`, :mod:`call_nlp.demo.story`). Labels are
computed from the composed parts by the rules of ``TAXONOMY.md`` in
:mod:`call_nlp.demo.labeling`.

>>> from call_nlp.demo import generate_corpus
>>> frame = generate_corpus(n=100, seed=1)
"""

from call_nlp.demo.corpus import COLUMNS, DEFAULT_N, DEFAULT_SEED, generate_annotated, generate_corpus, write_corpus

__all__ = ["COLUMNS", "DEFAULT_N", "DEFAULT_SEED", "generate_annotated", "generate_corpus", "write_corpus"]
