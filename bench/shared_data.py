"""Where the shared evaluation data lives, and the message when it is absent.

The labelled sets sit beside the checkout in ``../shared/data`` on the
development machines; they are not part of the repository, so every
evaluation script says it skipped rather than failing without them.
"""
from __future__ import annotations

from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def missing(*paths: Path) -> bool:
    """Print a skip message and return True when any of ``paths`` is absent.

    >>> missing(SHARED_DATA / "no-such-set" / "x.jsonl")  # doctest: +ELLIPSIS
    skipped, not found: .../x.jsonl (the shared evaluation data is not part of the repository)
    True
    """
    absent = [str(p) for p in paths if not Path(p).exists()]
    if absent:
        print(f"skipped, not found: {', '.join(absent)} (the shared evaluation data is not part "
              "of the repository)")
    return bool(absent)
