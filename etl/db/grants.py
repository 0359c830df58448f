"""Read-only access for BI users on PostgreSQL, and grants that survive view migrations.

``etl db grant-readonly ROLE`` (:func:`grant_readonly`) gives a role USAGE on
the schema and SELECT on the documented views (``schema/view_descriptions.csv``:
every view, the intermediate layers included), and nothing on the tables: a BI
user reads facts through ``v_fact`` and the roll-ups through the marts. A view
runs with its owner's rights, so SELECT on a view is all the role needs.

A migration that re-creates a view (:func:`etl.db.views.replace_view`) would
lose the view's grants with the DROP. The helper therefore reads them from the
catalogue first (:func:`grants_to_restore`) and re-applies them after the
CREATE. When the view is already gone (a migration that drops a stack of views
mart-first before re-creating them, or a downgrade that dropped it), the roles
to restore are derived from the catalogue instead: the roles that hold SELECT
on every documented view that still exists, i.e. the read-only roles. Nothing
is recorded in a table, so nothing can drift from the catalogue; the one case
this cannot cover is a downgrade that drops every view (below 0003): run
``etl db grant-readonly`` again after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from etl.db.comments import documented_views
from etl.errors import ConfigError, DatabaseError

Grant = tuple[str, str]  # (grantee or 'PUBLIC', privilege such as 'SELECT')

_VIEW_GRANTS = text(
    """
    SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END AS grantee,
           a.privilege_type
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL aclexplode(c.relacl) a
    WHERE n.nspname = current_schema() AND c.relkind = 'v' AND c.relname = :view AND a.grantee <> c.relowner
    ORDER BY 1, 2
    """
)

# Roles (not PUBLIC, not the owner) holding SELECT on every one of the given views that exists.
_READONLY_ROLES = text(
    """
    WITH existing AS (
        SELECT c.oid, c.relname, c.relowner, c.relacl
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'v' AND c.relname = ANY(:views)
    )
    SELECT pg_get_userbyid(a.grantee)::text AS role
    FROM existing e
    CROSS JOIN LATERAL aclexplode(e.relacl) a
    WHERE a.privilege_type = 'SELECT' AND a.grantee <> e.relowner AND a.grantee <> 0
    GROUP BY a.grantee
    HAVING COUNT(DISTINCT e.relname) = (SELECT COUNT(*) FROM existing)
    ORDER BY 1
    """
)

_VIEW_EXISTS = text(
    """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'v' AND c.relname = ANY(:views)
    """
)


@dataclass(frozen=True, slots=True)
class GrantReport:
    """What :func:`grant_readonly` did."""

    role: str
    created: bool
    schema: str
    views: tuple[str, ...]


def _is_postgresql(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def view_grants(connection: Connection, view: str) -> list[Grant]:
    """The privileges granted on ``view`` to others than its owner (empty on SQLite or when it does not exist)."""
    if not _is_postgresql(connection):
        return []
    return [(row.grantee, row.privilege_type) for row in connection.execute(_VIEW_GRANTS, {"view": view})]


def readonly_roles(connection: Connection, *, besides: str | None = None) -> list[str]:
    """Roles holding SELECT on every documented view that exists (``besides`` left out)."""
    if not _is_postgresql(connection):
        return []
    views = [name for name in documented_views() if name != besides]
    return list(connection.execute(_READONLY_ROLES, {"views": views}).scalars())


def grants_to_restore(connection: Connection, view: str) -> list[Grant]:
    """Grants to re-apply after ``view`` is dropped and created again; call it before the DROP.

    The view's own grants when it exists, else SELECT for the read-only roles
    (see the module docstring).
    """
    if not _is_postgresql(connection):
        return []
    exists = bool(connection.execute(_VIEW_EXISTS, {"views": [view]}).first())
    if exists:
        return view_grants(connection, view)
    return [(role, "SELECT") for role in readonly_roles(connection, besides=view)]


def _grantee(connection: Connection, grantee: str) -> str:
    return "PUBLIC" if grantee == "PUBLIC" else connection.dialect.identifier_preparer.quote(grantee)


def apply_grants(connection: Connection, view: str, grants: list[Grant]) -> None:
    """GRANT each (grantee, privilege) on ``view`` (PostgreSQL only)."""
    if not _is_postgresql(connection):
        return
    quoted_view = connection.dialect.identifier_preparer.quote(view)
    for grantee, privilege in grants:
        connection.exec_driver_sql(f"GRANT {privilege} ON {quoted_view} TO {_grantee(connection, grantee)}")


def grant_readonly(engine: Engine, role: str, *, create: bool = False) -> GrantReport:
    """Let ``role`` read the documented views and nothing else (PostgreSQL).

    With ``create`` a missing role is created (LOGIN, no password: set one with
    ``ALTER ROLE``), and its transactions in this database default to read-only.
    An existing role keeps what it already had; nothing is revoked. Raises
    :class:`ConfigError` on SQLite, :class:`DatabaseError` when the role is
    missing (without ``create``), the views are not there, or the server refuses.
    """
    if engine.dialect.name != "postgresql":
        raise ConfigError("roles and grants exist only on PostgreSQL; a SQLite file is shared read-only by file permissions")
    role = role.strip()
    if not role:
        raise ConfigError("the role name is empty")
    try:
        with engine.begin() as connection:
            return _grant_readonly(connection, role, create)
    except DBAPIError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()
        raise DatabaseError(f"granting read access to {role!r} failed: {reason[0] if reason else exc}") from exc


def _grant_readonly(connection: Connection, role: str, create: bool) -> GrantReport:
    quote = connection.dialect.identifier_preparer.quote
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None
    if not exists and not create:
        raise DatabaseError(f"role {role!r} does not exist: create it, or pass --create")
    views = documented_views()
    present = set(connection.execute(_VIEW_EXISTS, {"views": views}).scalars())
    missing = [name for name in views if name not in present]
    if missing:
        raise DatabaseError(f"views missing: {', '.join(missing)}; run `etl db upgrade` first")
    if not exists:
        database = connection.execute(text("SELECT current_database()")).scalar_one()
        connection.exec_driver_sql(f"CREATE ROLE {quote(role)} LOGIN")
        connection.exec_driver_sql(
            f"ALTER ROLE {quote(role)} IN DATABASE {quote(database)} SET default_transaction_read_only = on"
        )
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {quote(role)}")
    for name in views:
        connection.exec_driver_sql(f"GRANT SELECT ON {quote(name)} TO {quote(role)}")
    return GrantReport(role=role, created=not exists, schema=schema, views=tuple(views))
