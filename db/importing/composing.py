"""Text composed from several cells of a row: titles and summaries from a template over the
columns, and generic party names ("Government") made specific by another column ("Government
of Sudan"), so that one borrower named "Government" in 150 countries is 150 actors, not one."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from db.importing.mapping import template_columns
from db.textindex import fold

# Names that say what a party is, not who: alone they would make one actor of many.
GENERIC_NAMES = frozenset({
    "government", "central government", "national government", "federal government",
    "local government", "provincial government", "regional government", "state government",
    "municipal government", "municipality", "state", "treasury", "central bank",
    "ministry of finance", "ministry of energy", "ministry of economy", "ministry of transport",
    "ministry of health", "ministry of education", "ministry of agriculture",
    "ministry of mines", "ministry of water", "ministry of defence", "ministry of defense",
    "state-owned enterprise", "state owned enterprise", "soe", "state-owned company",
    "state owned company", "state utility", "power utility", "public utility", "utility",
    "national oil company", "national power company", "development bank", "armed forces",
})
_SPACES = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# Tidying a template whose cells were empty: "X →  (, Russia, )" → "X (Russia)".
_TIDY = (
    (re.compile(r"\(\s*(?:[,;/|·-]\s*)*\)"), ""),  # nothing left in brackets
    (re.compile(r"\(\s*(?:[,;/|·]\s*)+"), "("),  # a separator first in brackets
    (re.compile(r"(?:\s*[,;/|·])+\s*\)"), ")"),  # … or last
    (re.compile(r"([,;/|·])(?:\s*[,;/|·])+"), r"\1"),  # separators doubled
    (re.compile(r"(?:→|->|–|—|:)\s*(?=\(|$)"), ""),  # an arrow pointing at nothing
    (re.compile(r"^\s*(?:→|->|–|—|:|[,;/|·])\s*"), ""),  # … or from nothing
)


def qualified(name: str, qualifier: str | None) -> str:
    """``name`` made specific when it is generic: "Government", "Sudan" → "Government of Sudan"."""
    if not qualifier or not is_generic(name):
        return name
    return f"{name} of {qualifier}"


@functools.lru_cache(maxsize=1 << 14)
def is_generic(name: str) -> bool:
    """Whether a party's name says what it is rather than who ("Government", "Ministry of
    Finance"); the same few names recur down a file, so each is looked at once."""
    return " ".join(fold(name).split()).removeprefix("the ") in GENERIC_NAMES


def tidy(text: str) -> str:
    """A composed text without the brackets, separators and arrows its empty cells left."""
    text = _SPACES.sub(" ", text).strip()
    for _ in range(2):
        for pattern, replacement in _TIDY:
            text = pattern.sub(replacement, text)
        text = _SPACES.sub(" ", text).strip()
    return text


def compile_template(template: str, columns: list[str],
                     value_of: Callable[[int, list[str]], str]) -> Callable[[list[str]], str]:
    """A function from a row's cells to the template filled in and tidied.

    ``value_of(index, cells)`` gives the text of column ``index`` (qualified where its rule
    says so). A column the file lacks was refused when the mapping was resolved.
    """
    index = {c: i for i, c in enumerate(columns)}
    literals = _PLACEHOLDER.split(template)  # literal, column, literal, column, …, literal
    names = template_columns(template)
    positions = [index[name] for name in names]

    def render(cells: list[str]) -> str:
        parts = [literals[0]]
        for n, position in enumerate(positions):
            parts.append(value_of(position, cells))
            parts.append(literals[2 * n + 2])
        return tidy("".join(parts))

    return render
