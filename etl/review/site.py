"""Write the review site to a folder, or serve it on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine, text

from etl.review.data import Filters, ReviewError, load_documents, load_rollups
from etl.review.pages import document_page, index_page
from etl.review.render import page_name, program_palette


@dataclass(slots=True)
class SiteReport:
    """What :func:`build_site` wrote."""

    folder: Path
    documents: int = 0
    facts: int = 0
    mentions: int = 0
    without_text: list[str] = field(default_factory=list)

    @property
    def index(self) -> Path:
        """The index page."""
        return self.folder / "index.html"


def build_site(engine: Engine, folder: str | os.PathLike[str], filters: Filters | None = None) -> SiteReport:
    """Write index.html and one page per selected document into ``folder`` (created if needed)."""
    filters = filters or Filters()
    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReviewError(f"{out}: cannot create the folder ({exc.strerror or exc})") from exc
    views = load_documents(engine, filters)
    rollups = load_rollups(engine, filters)
    with engine.connect() as connection:
        names = {str(code): str(name) for code, name in connection.execute(text("SELECT code, name_zh FROM program"))}
    palette = program_palette(names)
    report = SiteReport(out)
    for view in views:
        _write(out / page_name(view.row["name"], view.row["sha256"]), document_page(view, palette, names, filters))
        report.documents += 1
        report.facts += len(view.facts)
        report.mentions += len(view.mentions)
        if view.text is None:
            report.without_text.append(view.row["name"])
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    _write(report.index, index_page(views, rollups, filters, generated))
    return report


def _write(path: Path, html: str) -> None:
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise ReviewError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def make_server(folder: str | os.PathLike[str], port: int = 8000) -> http.server.ThreadingHTTPServer:
    """An HTTP server for the static files of ``folder``, bound to 127.0.0.1 only (port 0: any free port)."""
    handler = functools.partial(_QuietHandler, directory=os.fspath(folder))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise ReviewError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror or exc})") from exc


def serve(folder: str | os.PathLike[str], port: int = 8000, *, ready: Callable[[str], None] | None = None) -> None:
    """Serve ``folder`` on http://127.0.0.1:PORT/ until interrupted (Ctrl-C)."""
    with make_server(folder, port) as server:
        if ready is not None:
            ready(f"http://127.0.0.1:{server.server_address[1]}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files only; no request log on stderr."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass
