"""textkit: clean scraped news and web text, find near-duplicate documents,
and find quotations and who said them.

>>> from textkit import clean, dedup
>>> clean("Share this:\\nThe talks ended without a deal, officials said on Monday.\\nLeave a Reply")
'The talks ended without a deal, officials said on Monday.'

>>> [d.kept for d in dedup(["A wire story about talks.", "a wire story about talks!"]).decisions]
[True, False]
"""
from importlib.metadata import PackageNotFoundError, version

try:
    from textkit import _core  # noqa: F401  (the compiled kernels)
except ImportError as exc:  # pragma: no cover - depends on how textkit was installed
    raise ImportError(
        f"textkit's compiled core could not be imported from {__path__[0]} ({exc}). "
        "Install textkit with `pip install .` (or `pip install -e .` for development); "
        "if you ran Python from the source folder, run it from another folder so the "
        "installed package is found.") from exc

from textkit.boilerplate import boilerplate_lines, strip_boilerplate
from textkit.clean import CleanConfig, CleanResult, Removal, clean
from textkit.dedup import DedupResult, DuplicateCluster, RecordDecision, dedup
from textkit.lsh import LSHIndex, candidate_probability, lsh_params
from textkit.minhash import (EMPTY_SLOT, MinHasher, exact_jaccard, fingerprints, jaccard,
                             set_jaccard)
from textkit.normalize import normalize, normalize_with_offsets, repair_mojibake
from textkit.quote_groups import QuoteCluster, QuoteOccurrence, quote_clusters
from textkit.quotemarks import QuoteSpan, find_quotes
from textkit.quotes import Quote, attribute
from textkit.repeated import RepeatedLineFilter, source_of

try:
    __version__ = version("textkit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "CleanConfig",
    "CleanResult",
    "DedupResult",
    "DuplicateCluster",
    "EMPTY_SLOT",
    "LSHIndex",
    "MinHasher",
    "Quote",
    "QuoteCluster",
    "QuoteOccurrence",
    "QuoteSpan",
    "RecordDecision",
    "Removal",
    "RepeatedLineFilter",
    "__version__",
    "attribute",
    "boilerplate_lines",
    "candidate_probability",
    "clean",
    "dedup",
    "exact_jaccard",
    "find_quotes",
    "fingerprints",
    "jaccard",
    "lsh_params",
    "normalize",
    "normalize_with_offsets",
    "quote_clusters",
    "repair_mojibake",
    "set_jaccard",
    "source_of",
    "strip_boilerplate",
]
