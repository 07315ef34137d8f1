"""Builds ``resources/confusable_letters.json``, the look-alike letters `unicode_text` folds.

The table maps each Cyrillic, Greek or Armenian letter that looks like exactly one ASCII letter
(Unicode's confusables data, UTS #39, as the ``confusable_homoglyphs`` package ships it) to that
letter, of the same case where one exists: "І" → "I", "о" → "o". Multi-letter look-alikes
("rn" for "m") and digits are never in it. The service reads the committed file, so this
package is needed only to rebuild it (``python -m call_nlp.language.confusable_table``) and by
the test that checks the file is what it builds.
"""

from __future__ import annotations

import json
import string
import unicodedata
from importlib import resources
from pathlib import Path

from call_nlp.language.unicode_text import FILE

#: Cyrillic (with its supplement), Greek and Armenian: the scripts a look-alike letter in an
#: English note comes from (a keyboard layout switched mid-word, a pasted word).
BLOCKS = ((0x0370, 0x03FF), (0x0400, 0x052F), (0x0530, 0x058F))


def build() -> dict[str, str]:
    """{look-alike letter: the ASCII letter it passes for}, in code point order."""
    from confusable_homoglyphs import confusables

    data = json.loads(resources.files(confusables.__package__).joinpath("confusables.json").read_text("utf-8"))

    def alike(ch: str) -> set[str]:
        return {h["c"] for h in data.get(ch, []) if len(h["c"]) == 1}

    ascii_letters = set(string.ascii_letters)
    table: dict[str, str] = {}
    for low, high in BLOCKS:
        for ch in map(chr, range(low, high + 1)):
            if not unicodedata.category(ch).startswith("L") or unicodedata.normalize("NFKC", ch) != ch:
                continue  # not a letter, or one NFKC replaces before it could be folded
            # the ASCII letters it is listed with, and theirs ("І" is listed with "l", and "l" with "I")
            near = {y for y in ascii_letters if y in alike(ch) or ch in alike(y)}
            near |= {z for y in near for z in alike(y) if z in ascii_letters}
            same_case = sorted(y for y in near if y.isupper() == ch.isupper())
            choices = same_case or sorted(near)
            if len(choices) == 1:
                table[ch] = choices[0]
    return table


def main() -> None:
    path = Path(str(resources.files("call_nlp").joinpath(FILE)))
    path.write_text(json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
