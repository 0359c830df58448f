"""One exception hierarchy for the whole library.

Library code raises subclasses of :class:`EtlError`; the CLI turns them into a
one-line message (and a traceback only with ``--debug``).
"""

from __future__ import annotations


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

    ``path`` names the file so that every message says which file failed.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


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
