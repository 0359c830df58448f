"""``etl review``: a static HTML site to check every figure against its source text.

:func:`build_site` writes one page per document (its text with every fact
highlighted at its span, unclassified mentions and rejected figures marked,
colour by program, fields on hover) and an index (documents, the documents
whose context could not be inferred, roll-up figures per city and year with
links to their facts and the competing figures). Pages are self-contained
(inline CSS and JS, no network) and open from disk; :func:`serve` serves the
same folder on 127.0.0.1.
"""

from __future__ import annotations

from etl.review.data import Filters, ReviewError
from etl.review.site import SiteReport, build_site, make_server, serve

__all__ = ["Filters", "ReviewError", "SiteReport", "build_site", "make_server", "serve"]
