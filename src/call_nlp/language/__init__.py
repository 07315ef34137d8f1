"""The language layer: reads a call-taker's note the way it is written.

Shorthand is normalized, demographic descriptors masked, the note split into its appended
updates, cues found and each given an assertion status (affirmed, negated, uncertain,
historical, other person). Built on spaCy: its English vocabulary and tokenizer rules, its
phrase matcher and Docs, with our own tokenizer and four components run in order (`NotePipeline`).
"""

from call_nlp.language.layer import LanguageLayer, NoteAnalysis
from call_nlp.language.lexicon import Lexicon, LexiconError, load_lexicon

__all__ = ["LanguageLayer", "Lexicon", "LexiconError", "NoteAnalysis", "load_lexicon"]
