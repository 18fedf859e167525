"""Python's cycle collector set aside while a file's rows are read, checked and written."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off meanwhile, on again after (unless it was off already).

    A file's rows are millions of small lists, dicts and tuples that hold no cycles; the
    collector would walk them all again and again as they pile up (a tenth of a big import).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
