"""The extractor's version: package version + a digest of its code and catalogue.

Stored with every loaded document, so that ``etl load`` re-extracts a file
whose bytes did not change but whose extraction would (new rule, new alias):
identical bytes *and* an identical parser version mean "unchanged".
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from etl import __version__
from etl.catalogue import cached_per_seeds_dir, seeds_dir

_EXTRACT_DIR = Path(__file__).resolve().parent
# The reader only decodes; a change there that altered the text would also
# change offsets, so it is part of the digest like the rest of the package.
_CATALOGUE_PATTERNS = ("*.csv", "extract/*.csv")


def _fingerprint_files() -> list[Path]:
    code = sorted(_EXTRACT_DIR.glob("*.py"))
    seeds = seeds_dir()
    data = sorted(path for pattern in _CATALOGUE_PATTERNS for path in seeds.glob(pattern))
    return code + data


@cached_per_seeds_dir
def parser_version() -> str:
    """``<package version>+<8 hex digits>`` of the extractor's code and catalogue files."""
    digest = hashlib.sha256()
    for path in _fingerprint_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"
