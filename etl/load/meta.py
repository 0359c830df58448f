"""Checks of the ``--meta`` records against the files of a load.

A record is matched to a file by base name. A record that names no file of
the load, or whose ``jurisdiction`` resolves to no division, is most likely a
typo that would otherwise go unnoticed: the document is then loaded without
that metadata (its place taken from its text). Each case gives one warning.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any


def meta_warnings(meta: Mapping[str, Any], files: Iterable[tuple[str, str]], *, shown: int = 5) -> list[str]:
    """One-line warnings about ``meta`` (name -> record) for ``files`` ((shown, absolute) pairs)."""
    if not meta:
        return []
    names = {os.path.basename(shown) for shown, _ in files}
    warnings = []
    unused = sorted(name for name in meta if name not in names)
    if unused:
        listed = ", ".join(unused[:shown]) + (f" and {len(unused) - shown} more" if len(unused) > shown else "")
        warnings.append(f"--meta: {len(unused)} record(s) name no file of this load: {listed}")
    for name in sorted(names & set(meta)):
        place = _field(meta[name], "jurisdiction")
        if place and not resolves(place):
            warnings.append(
                f"--meta: {name}: jurisdiction {place!r} is no known division "
                "(the document's place is taken from its text)"
            )
    return warnings


def resolves(place: str) -> bool:
    """True when ``place`` is a division's code, name or alias (a substring is not enough)."""
    from etl.jurisdictions import lookup  # the catalogue, only when a record names a place

    return any(match.matched_by != "substring" for match in lookup(place))


def _field(record: Any, name: str) -> Any:
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)
