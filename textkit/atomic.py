"""Writing a file so that readers never see half of it."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from typing import IO, Iterator, Optional


@contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "wb",
                 encoding: Optional[str] = None) -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it to ``path`` when the
    block ends normally, delete it if the block raises.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_write(path, "w", encoding="utf-8") as out:
    ...     _ = out.write("done")
    >>> open(path).read()
    'done'
    """
    folder = os.path.dirname(os.path.abspath(os.fspath(path)))
    fd, tmp = tempfile.mkstemp(prefix=".textkit-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, mode, encoding=encoding) as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
