"""What a sentence takes from the sentence right before it: its first program subject.

* :func:`elliptic_subject` -- 全年实际支出8598.7万元 opening a sentence with no subject of
  its own is the spending of the program the sentence before was about;
* :func:`breakdown_head` -- 分市州看,衡阳市19.6万人: a by-place breakdown shares out the
  first figure of the sentence before.
"""

from __future__ import annotations

import re

from etl.extract.classify_base import Doc, Subject

# 全年实际支出8598.7万元 opening a sentence with no subject of its own: the spending of the
# program the sentence right before was about (its subject is left out)
_ELLIPTIC_SPENDING = re.compile(r"\s*(?:全年|当年|年度|年内)?(?:实际|累计|共)?(?:支出|使用|拨付)(?:资金)?")


def elliptic_subject(doc: Doc, s: int, mstart: int) -> Subject | None:
    """The first program subject of the sentence right before ``s`` (same paragraph) when this
    one opens with a bare spending verb right before its first figure (全年实际支出8598.7万元)."""
    prev_end, head = doc.prev_head
    if head is None or doc.text[prev_end:s].strip("。!? \t") or not _ELLIPTIC_SPENDING.fullmatch(doc.text, s, mstart):
        return None
    return Subject(list(head.programs), head.kind, [], head.word, -1)


def breakdown_head(doc: Doc, s: int) -> Subject | None:
    """The first program subject of the sentence right before ``s`` when this one opens with
    a by-place breakdown cue (分市州看, 分地区看: ``breakdown_cues.csv``), else None."""
    prev_end, head = doc.prev_head
    if head is None or not doc.text.startswith(doc.v.breakdown_cues, s):
        return None
    return head if not doc.text[prev_end:s].strip("。!? \t\n") else None
