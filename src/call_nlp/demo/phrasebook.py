"""A tiny template language for composing note fragments, and the tagged phrase type.

Templates are plain text with two constructs:

* ``[a|b|c]`` picks one alternative uniformly (``[a|]`` makes ``a`` optional); nests.
* ``{name}`` fills a slot from the note's :class:`Slots` (subject, pronouns, weapon, ...).

A :class:`Phrase` pairs a compiled template with the *facts* it states (tags such as
``crisis:suicide`` or ``weapon=present``). Labels are computed from those tags by
:mod:`call_nlp.demo.labeling`, never from the text.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable, Union

# A compiled template: a tuple of items; an item is literal text, a slot name wrapped
# in a 1-tuple, or a tuple of alternative compiled templates wrapped in a list.
Node = tuple[Union[str, tuple[str], list["Node"]], ...]
SlotFn = Callable[[random.Random], str]

_CACHE: dict[str, Node] = {}


def compile_template(text: str) -> Node:
    """Parse ``text`` into a :data:`Node` (cached)."""
    node = _CACHE.get(text)
    if node is None:
        node, end = _parse(text, 0, top=True)
        if end != len(text):  # pragma: no cover - guarded by tests of the banks
            raise ValueError(f"unbalanced template: {text!r}")
        _CACHE[text] = node
    return node


def _parse(text: str, i: int, top: bool) -> tuple[Node, int]:
    """Parse one sequence until ``|`` or ``]`` (or the end when ``top``)."""
    items: list[Union[str, tuple[str], list[Node]]] = []
    buf: list[str] = []
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "[":
            if buf:
                items.append("".join(buf))
                buf = []
            alts: list[Node] = []
            i += 1
            while True:
                alt, i = _parse(text, i, top=False)
                alts.append(alt)
                if i >= n:
                    raise ValueError(f"unclosed '[' in {text!r}")
                if text[i] == "|":
                    i += 1
                    continue
                i += 1  # the closing ]
                break
            items.append(alts)
        elif ch in "|]" and not top:
            break
        elif ch == "{":
            end = text.index("}", i)
            if buf:
                items.append("".join(buf))
                buf = []
            items.append((text[i + 1 : end],))
            i = end + 1
        else:
            buf.append(ch)
            i += 1
    if buf:
        items.append("".join(buf))
    return tuple(items), i


def expand(node: Node, rng: random.Random, slots: "Slots") -> str:
    """Render a compiled template with ``rng`` choices and ``slots`` fills.

    An optional group (one with an empty alternative) is left out with probability
    ``slots.p_skip`` before the uniform choice, which makes terse writers terser.
    """
    out: list[str] = []
    for item in node:
        if type(item) is str:
            out.append(item)
        elif type(item) is tuple:
            out.append(slots.fill(item[0], rng))
        elif slots.p_skip and () in item and rng.random() < slots.p_skip:
            continue
        else:
            out.append(expand(item[int(rng.random() * len(item))], rng, slots))
    return "".join(out)


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_PUNCT = re.compile(r" +([,.;:!?])")
_DUP_COMMA = re.compile(r",\s*,")


def tidy(text: str) -> str:
    """Collapse the double spaces and stray commas that optional parts leave behind."""
    text = _SPACES.sub(" ", text)
    text = _SPACE_PUNCT.sub(r"\1", text)
    text = _DUP_COMMA.sub(",", text)
    return text.strip(" ,")


class Slots:
    """Slot fillers for one note: a mapping of slot name to a function of the rng.

    Slot values are themselves templates, so a filler may use ``[a|b]`` too.
    """

    def __init__(self, fillers: dict[str, SlotFn], p_skip: float = 0.0) -> None:
        self._fillers = fillers
        self.p_skip = p_skip

    def fix(self, name: str, value: str) -> None:
        """Always fill ``{name}`` with ``value`` (e.g. one family member per story)."""
        self._fillers[name] = lambda rng: value

    def fill(self, name: str, rng: random.Random) -> str:
        try:
            value = self._fillers[name](rng)
        except KeyError:
            raise KeyError(f"no filler for slot {{{name}}}") from None
        if "[" in value or "{" in value:
            return expand(compile_template(value), rng, self)
        return value


def choice_slot(options: tuple[str, ...]) -> SlotFn:
    """A slot filler that picks uniformly among ``options``."""
    k = len(options)
    return lambda rng: options[int(rng.random() * k)]


@dataclass(frozen=True)
class Phrase:
    """One way to state something, with the facts it states.

    ``tags`` use three forms: ``crisis:<concept>``, ``<risk concept>=<state>`` and
    ``med:<concept>=<yes|no>``; an empty tuple means the phrase is label-neutral.
    """

    template: str
    tags: tuple[str, ...] = ()
    #: Age the phrase implies for the subject ("old", "youth" or "child"), else "".
    age: str = ""

    @property
    def node(self) -> Node:
        return compile_template(self.template)

    @property
    def size(self) -> int:
        """Words in the shortest rendering (a slot counts as one word)."""
        size = _SIZES.get(self.template)
        if size is None:
            size = _SIZES[self.template] = _min_words(self.node)
        return size

    def render(self, rng: random.Random, slots: Slots) -> str:
        return tidy(expand(self.node, rng, slots))


_SIZES: dict[str, int] = {}


def _min_words(node: Node) -> int:
    words = 0
    for item in node:
        if type(item) is str:
            words += len(item.split())
        elif type(item) is tuple:
            words += 1
        else:
            words += min(_min_words(alt) for alt in item)
    return words


def pick_brief(rng: random.Random, pool: tuple[Phrase, ...] | list[Phrase], k: int = 1) -> Phrase:
    """The shortest of ``k`` uniform draws from ``pool``: terse writers pick terse phrasings."""
    best = pool[int(rng.random() * len(pool))]
    for _ in range(k - 1):
        other = pool[int(rng.random() * len(pool))]
        if other.size < best.size:
            best = other
    return best


def bank(tags: tuple[str, ...] | str, *templates: str, age: str = "") -> tuple[Phrase, ...]:
    """Build phrases sharing the same tags (a single tag may be given as a string)."""
    if isinstance(tags, str):
        tags = (tags,) if tags else ()
    return tuple(Phrase(t, tags, age) for t in templates)


def pick(rng: random.Random, items: tuple | list):
    """Uniform choice using only ``rng.random`` (stable across Python versions)."""
    return items[int(rng.random() * len(items))]


def from_quantiles(rng: random.Random, quantiles: tuple[tuple[float, float], ...]) -> float:
    """A value drawn from a distribution given by ``(quantile, value)`` points (linear between)."""
    u = rng.random()
    for (q0, w0), (q1, w1) in zip(quantiles, quantiles[1:]):
        if u <= q1:
            return w0 + (w1 - w0) * (u - q0) / (q1 - q0)
    return quantiles[-1][1]


def weighted(rng: random.Random, table: dict) -> object:
    """Pick a key of ``table`` with probability proportional to its value."""
    total = sum(table.values())
    r = rng.random() * total
    acc = 0.0
    for key, w in table.items():
        acc += w
        if r < acc:
            return key
    return key
