"""The classifier's house rules (docs/extractor.md): modules by concern that fit in one
reading, small functions, imports in one direction, every drop reason a named rule."""

from __future__ import annotations

import ast
import re
from pathlib import Path

EXTRACT = Path(__file__).resolve().parents[2] / "etl" / "extract"
# in import order: each module may import only the ones before it
LAYERS = ["sentences", "references", "classify_base", "sentence_heads", "bounds", "groups", "clause_places",
          "table_subjects", "locality", "paragraph", "subject", "drop_cues", "drops", "parts", "metric", "distribute",
          "period_status", "classify"]
MAX_MODULE_BYTES = 20_000
MAX_FUNCTION_LINES = 80


def _tree(name: str) -> ast.Module:
    return ast.parse((EXTRACT / f"{name}.py").read_text(encoding="utf-8"))


def test_modules_fit_in_one_reading():
    sizes = {name: (EXTRACT / f"{name}.py").stat().st_size for name in LAYERS}
    assert {n: s for n, s in sizes.items() if s > MAX_MODULE_BYTES} == {}


def test_no_function_over_eighty_lines():
    long = [f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
            for name in LAYERS for node in ast.walk(_tree(name))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []


def test_imports_run_one_way():
    for i, name in enumerate(LAYERS):
        imported = {node.module.rsplit(".", 1)[-1] for node in ast.walk(_tree(name))
                    if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("etl.extract.")}
        later = imported & set(LAYERS[i:])
        assert later == set(), f"{name} imports {sorted(later)}, which are above it"


def test_every_drop_rule_has_a_docstring_and_every_reason_a_place():
    """Each reason the classifier gives is named in the table of drops.py, and each function
    there that gives one says what it decides."""
    drops = _tree("drops")
    table = ast.get_docstring(drops) or ""
    reasons: set[str] = set()
    for name in LAYERS:
        source = (EXTRACT / f"{name}.py").read_text(encoding="utf-8")
        reasons.update(re.findall(r'reason = "([a-z_]+)"', source))
        reasons.update(re.findall(r'return "([a-z_]+)"', source))
        reasons.update(re.findall(r'"([a-z_]+)" if ', source))
        reasons.update(re.findall(r'return "([a-z_]+):" \+', source))
    reasons -= {"program", "topic", "month", "year", "to", "from", "target", "actual", "exits", "new_recipients",
                "recipients", "spending", "cny"}
    assert "change_not_level" in reasons and "no_program" in reasons  # the scan finds them
    assert sorted(r for r in reasons if r not in table) == []
    functions = {n.name: n for n in drops.body if isinstance(n, ast.FunctionDef)}
    for reason in reasons:
        if reason in functions:
            assert ast.get_docstring(functions[reason]), f"drops.{reason} has no docstring"
