"""Write docs/views.md, the data dictionary, from schema/view_descriptions.csv.

    python scripts/build_views_doc.py           # rewrite docs/views.md
    python scripts/build_views_doc.py --check   # exit 1 when docs/views.md is out of date

tests/test_view_descriptions.py runs the same comparison.
"""

from __future__ import annotations

import argparse
import sys

from etl.catalogue import PROJECT_ROOT
from etl.db.comments import render_data_dictionary

DOC = PROJECT_ROOT / "docs" / "views.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that docs/views.md is up to date")
    args = parser.parse_args(argv)
    text = render_data_dictionary()
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else None
    if args.check:
        if current != text:
            print(f"{DOC} is out of date: run python scripts/build_views_doc.py", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
