"""Reference codes of facts, checked by the loader instead of by foreign keys.

Since migration 0008, ``fact`` has no foreign keys to ``jurisdiction``,
``program``, ``metric`` and ``unit``: PostgreSQL checked each of them row by
row during the COPY of facts (a ``SELECT ... FOR KEY SHARE`` per key and row),
which made writing facts about three times slower than the COPY itself. The
loader checks the codes here instead, once per document and before the
document's transaction, against the reference tables read once per run; the
data check ``schema/checks/fact_codes_known.sql`` (``etl check``) finds any
fact whose codes are not, or no longer, in the reference tables.

A document holding a fact with an unknown code is refused as a whole
(:class:`UnknownCodeError`): none of its rows are written, the other
documents of the batch still load.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from etl.errors import EtlError, printable_path
from etl.load.worker import FACT_COLUMNS

# fact column -> the reference table whose ``code`` it names.
REFERENCE_TABLES = {
    "jurisdiction_code": "jurisdiction",
    "program_code": "program",
    "metric_code": "metric",
    "unit_code": "unit",
}
# Positions of those columns in a worker's fact tuple (etl.load.worker.FACT_COLUMNS).
_POSITIONS = tuple((FACT_COLUMNS.index(column), column) for column in REFERENCE_TABLES)


class UnknownCodeError(EtlError):
    """A fact of a document names a code that is not in the reference tables."""

    def __init__(self, shown: str, column: str, code: object, span: tuple[object, object]) -> None:
        self.shown = shown
        self.column = column
        self.code = code
        super().__init__(
            f"{printable_path(shown)}: unknown {column.removesuffix('_code')} code {code!r} "
            f"(fact at characters {span[0]}-{span[1]}; not in table {REFERENCE_TABLES[column]}); "
            "nothing of this document was loaded"
        )


@dataclass(frozen=True, slots=True)
class ReferenceCodes:
    """The known codes of the four reference tables."""

    known: dict[str, frozenset[str]]

    @classmethod
    def read(cls, connection: Connection) -> ReferenceCodes:
        """Read the codes of jurisdiction, program, metric and unit (four small queries)."""
        return cls({
            column: frozenset(connection.execute(text(f"SELECT code FROM {table}")).scalars())
            for column, table in REFERENCE_TABLES.items()
        })

    def check(self, shown: str, facts: Iterable[Sequence[Any]]) -> None:
        """Raise :class:`UnknownCodeError` for the first fact whose codes are not all known.

        ``facts`` are worker fact tuples (columns :data:`etl.load.worker.FACT_COLUMNS`).
        """
        known = [(position, column, self.known[column]) for position, column in _POSITIONS]
        span_start, span_end = FACT_COLUMNS.index("span_start"), FACT_COLUMNS.index("span_end")
        for fact in facts:
            for position, column, codes in known:
                if fact[position] not in codes:
                    raise UnknownCodeError(shown, column, fact[position], (fact[span_start], fact[span_end]))
