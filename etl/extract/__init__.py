"""The extractor: decoded report text -> facts (see ``../shared/spec/facts.md``).

Stages, one module each: :mod:`normalize` (full-width forms, spaces, wrapped
lines; offset map back to the original), :mod:`numbers` (the number grammar),
:mod:`document` (title, publisher, dates, report period, plan sections),
:mod:`classify` (program, metric, unit, place, period, status of each number,
using :mod:`periods` and :mod:`places`) and :mod:`facts` (spans, de-duplication).
:mod:`catalogue` compiles the reference data once per process.

Public API, used by the CLI and the loader::

    extract_text(text, document, meta=None, *, title=None) -> Extraction
    extract_file(path, meta=None, *, max_bytes=...) -> Extraction
    extract_files(paths, metas=None, *, max_bytes=...) -> Iterator[(path, Extraction | InputError)]
    read_meta(path) -> dict[str, MetaRecord]
    prepare()  # compile the catalogue and grammars up front (a long-running process)
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from etl.errors import InputError, MetadataError
from etl.extract.native import check_build

check_build()  # before the (possibly compiled) stages below are imported

from etl.extract import read as _read  # noqa: E402
from etl.extract.model import DocumentInfo, Extraction, Fact, Mention  # noqa: E402
from etl.extract.pipeline import extract as _extract, grammar as _grammar  # noqa: E402
from etl.extract.read_common import Decoded  # noqa: E402
from etl.extract.version import parser_version  # noqa: E402

__all__ = ["PARSER_VERSION", "MetaRecord", "extract_text", "extract_file", "extract_files", "prepare", "read_meta", "Extraction", "Fact", "Mention", "DocumentInfo"]


@dataclass(frozen=True)
class MetaRecord:
    """Metadata given with a document (one line of a ``--meta`` JSON-lines file)."""

    document: str
    url: str | None = None
    published: date | None = None
    published_precision: str | None = None  # 'day' | 'month'
    title: str | None = None
    jurisdiction: str | None = None  # a name or a 6-digit code


# Read by the loader and stored with every document (see etl.extract.version).
PARSER_VERSION = parser_version()


def prepare() -> None:
    """Compile the catalogue and grammars now (they are otherwise compiled by the first
    extraction), and take them out of the cyclic garbage collector's sight: they live as
    long as the process, and every full collection of a long run walked their objects
    again (``gc.freeze``; for a process that extracts many reports, such as ``etl extract``)."""
    _grammar()
    gc.freeze()


def extract_text(text: str, document: str, meta: MetaRecord | None = None, *, title: str | None = None) -> Extraction:
    """Extract the facts of one decoded document.

    ``document`` is the file name recorded in every fact; ``meta`` (title,
    publication date, jurisdiction) wins over what is inferred from the text;
    ``title`` is a title known from the file format (an HTML <title>).
    Deterministic, and independent of the database.
    """
    return _extract(text, document, url=meta.url if meta else None, published=meta.published if meta else None,
                    meta_title=(meta.title if meta else None) or None,
                    jurisdiction=meta.jurisdiction if meta else None, title=title)


def extract_file(path: str | os.PathLike[str], meta: MetaRecord | None = None, *,
                 max_bytes: int | None = _read.DEFAULT_MAX_BYTES) -> Extraction:
    """Read and decode a file (see :mod:`etl.extract.read`) and extract its facts.

    Raises an :class:`~etl.errors.InputError` subclass when the file cannot be read.
    """
    name, decoded, title = _read.read_decoded(path, max_bytes=max_bytes)  # (no hash: nothing here uses it)
    ex = extract_text(decoded.text, name, meta, title=title)
    ex.info.encoding = decoded.encoding
    return ex


# Files read ahead of their extraction by extract_files: at most this many, or until their
# text holds this many characters (memory stays bounded whatever the files).
READ_AHEAD_FILES = 64
READ_AHEAD_CHARS = 1 << 20


def extract_files(paths: Iterable[Path], metas: Mapping[str, MetaRecord] | None = None, *,
                  max_bytes: int | None = _read.DEFAULT_MAX_BYTES) -> Iterator[tuple[Path, Extraction | InputError]]:
    """:func:`extract_file` of each path in turn, with the metadata ``metas`` gives its name:
    ``(path, extraction)``, or ``(path, error)`` with the :class:`~etl.errors.InputError`
    that says why the file could not be read (the next files are still extracted).

    The files are read a few dozen at a time, ahead of their extraction: reading a small
    file between two extractions cost more than reading it (read-ahead alone saved about
    6% of the CPU time of extracting 850 small reports, median of 10 alternated runs), as
    if its system calls and decoding pushed the extractor's code and data out of the
    processor's caches. What is yielded, and in what order, is
    the same; an error other than an InputError is raised when its file's turn comes.
    """
    metas = metas if metas is not None else {}
    pending = iter(paths)
    while batch := _read_ahead(pending, max_bytes):
        for path, read in batch:
            if isinstance(read, InputError):
                yield path, read
                continue
            if isinstance(read, Exception):
                raise read
            name, decoded, title = read
            try:
                extraction = extract_text(decoded.text, name, metas.get(path.name), title=title)
            except InputError as exc:
                yield path, exc
                continue
            extraction.info.encoding = decoded.encoding
            yield path, extraction


_Read = tuple[str, Decoded, str | None]


def _read_ahead(paths: Iterator[Path], max_bytes: int | None) -> list[tuple[Path, _Read | Exception]]:
    """The next files of ``paths`` read and decoded (or the error reading one raised), up to
    READ_AHEAD_FILES files or READ_AHEAD_CHARS characters of text; empty at the end."""
    batch: list[tuple[Path, _Read | Exception]] = []
    chars = 0
    for path in paths:
        try:
            read = _read.read_decoded(path, max_bytes=max_bytes)
        except Exception as exc:  # reported at its file's turn (see extract_files)
            batch.append((path, exc))
        else:
            batch.append((path, read))
            chars += len(read[1].text)
        if len(batch) >= READ_AHEAD_FILES or chars >= READ_AHEAD_CHARS:
            break
    return batch


_DATE_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _parse_published(value: Any, where: str) -> tuple[date | None, str | None]:
    if value in (None, ""):
        return None, None
    if not isinstance(value, str):
        raise MetadataError(f"{where}: 'published' must be a string YYYY-MM-DD or YYYY-MM")
    v = value.strip()
    try:
        if m := _DATE_DAY.match(v):
            return date(int(m[1]), int(m[2]), int(m[3])), "day"
        if m := _DATE_MONTH.match(v):
            return date(int(m[1]), int(m[2]), 1), "month"
    except ValueError as exc:
        raise MetadataError(f"{where}: bad 'published' date {v!r}: {exc}") from exc
    raise MetadataError(f"{where}: bad 'published' date {v!r} (expected YYYY-MM-DD or YYYY-MM)")


def read_meta(path: str | os.PathLike[str]) -> dict[str, MetaRecord]:
    """Read a ``--meta`` JSON-lines file into records keyed by document basename.

    Raises :class:`~etl.errors.MetadataError` naming the file and line of any bad line.
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise MetadataError(f"{p}: cannot read metadata file: {exc}") from exc
    out: dict[str, MetaRecord] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{p}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MetadataError(f"{where}: not valid JSON: {exc.msg}") from exc
        if not isinstance(obj, dict):
            raise MetadataError(f"{where}: expected a JSON object")
        doc = obj.get("document")
        if not isinstance(doc, str) or not doc.strip():
            raise MetadataError(f"{where}: missing 'document'")
        for key in ("url", "title", "jurisdiction"):
            if obj.get(key) is not None and not isinstance(obj.get(key), str):
                raise MetadataError(f"{where}: {key!r} must be a string")
        published, precision = _parse_published(obj.get("published"), where)
        name = os.path.basename(doc.strip())
        out[name] = MetaRecord(
            document=name,
            url=obj.get("url") or None,
            published=published,
            published_precision=precision,
            title=obj.get("title") or None,
            jurisdiction=str(obj["jurisdiction"]) if obj.get("jurisdiction") else None,
        )
    return out
