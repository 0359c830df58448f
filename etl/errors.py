"""One exception hierarchy for the whole library.

Library code raises subclasses of :class:`EtlError`; the CLI turns them into a
one-line message (and a traceback only with ``--debug``).
"""

from __future__ import annotations

import re

# Characters that would break a one-line message or disguise a name: C0/C1
# controls (a newline, a carriage return, ESC), line/paragraph separators,
# bidirectional overrides and zero-width marks, and lone surrogates (the
# undecodable bytes of a file name).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def printable_path(path: str) -> str:
    """``path`` as is, or quoted and escaped like ``repr`` when it holds control characters.

    ``民政 报告.txt`` stays as it is; ``a<newline>b.txt`` becomes ``'a\\nb.txt'``.
    """
    return repr(path) if _UNPRINTABLE.search(path) else path


class EtlError(Exception):
    """Base class of every error the library raises on purpose."""


class ConfigError(EtlError):
    """A setting, option or URL is wrong (bad ``--db`` URL, unknown format...)."""


class DatabaseError(EtlError):
    """The database cannot be reached or refused an operation."""


class CatalogueError(EtlError):
    """A reference-data file under ``seeds/`` is missing or malformed."""


class InputError(EtlError):
    """A source document cannot be read or decoded.

    ``path`` names the file so that every message says which file failed; in
    the message it is escaped (:func:`printable_path`) when it holds control
    characters, so that the message stays one unambiguous line.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{printable_path(path)}: {problem}")


class EmptyInputError(InputError):
    """The file has no bytes, or no text after decoding."""


class BinaryInputError(InputError):
    """The file is not text (NUL bytes, an image, an archive...)."""


class EncodingInputError(InputError):
    """The file's text encoding cannot be detected or it does not decode."""


class UnreadableInputError(InputError):
    """The file cannot be opened (permissions, vanished, a directory...)."""


class TooLargeInputError(InputError):
    """The file is larger than the configured limit."""


class MetadataError(EtlError):
    """A ``--meta`` JSON-lines file is malformed."""


class BuildError(EtlError):
    """The compiled extractor does not match its source (rebuild it, or remove it)."""
