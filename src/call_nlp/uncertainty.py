"""How unsure a suggestion is, for choosing what people label next.

A head's *margin* is its top class's probability minus the runner-up's; a suggestion's margin is
the smaller of its two heads' (the head it is least sure of). The smallest margins are labeled
first: Schröder et al. 2022 ("Revisiting Uncertainty-based Query Strategies for Active Learning
with Transformers") found this "breaking ties" rule beats entropy. The probabilities are those
the suggestion shows and the record stores (crisis types under the agency's call mix, rounded
to 4 places), so the review queue and ``call-nlp queue`` rank alike.
"""

from __future__ import annotations

from collections.abc import Mapping


def head_margin(probabilities: Mapping[str, float]) -> float:
    """Top probability minus the runner-up's (1.0 for a head with a single class)."""
    top = second = 0.0
    for p in probabilities.values():
        if p > top:
            top, second = p, top
        elif p > second:
            second = p
    return round(top - second, 6) if len(probabilities) > 1 else 1.0


def margin(probabilities: Mapping[str, Mapping[str, float]]) -> float:
    """The smaller of the heads' margins (``{head: {label: probability}}``)."""
    return min((head_margin(p) for p in probabilities.values()), default=1.0)
