"""textkit: clean scraped news and web text, find near-duplicate documents,
and find quotations and who said them.

>>> from textkit import dedup
>>> [d.kept for d in dedup(["A wire story about talks.", "a wire story about talks!"]).decisions]
[True, False]
"""
from importlib.metadata import PackageNotFoundError, version

from textkit.dedup import DedupResult, DuplicateCluster, RecordDecision, dedup
from textkit.lsh import LSHIndex, candidate_probability, lsh_params
from textkit.minhash import (EMPTY_SLOT, MinHasher, exact_jaccard, fingerprints, jaccard,
                             set_jaccard)

try:
    __version__ = version("textkit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "DedupResult",
    "DuplicateCluster",
    "EMPTY_SLOT",
    "LSHIndex",
    "MinHasher",
    "RecordDecision",
    "__version__",
    "candidate_probability",
    "dedup",
    "exact_jaccard",
    "fingerprints",
    "jaccard",
    "lsh_params",
    "set_jaccard",
]
