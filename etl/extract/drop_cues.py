"""Drop rules read off the words of a sentence: a change's size, an initial value, a keyword line.

The rules of :mod:`drops` that need no subject and whose cue is a word of the
sentence (see the reason table there); :func:`text_cues` finds once per sentence
whether each cue is there at all, so a sentence without it is not asked.
"""

from __future__ import annotations

import re

from etl.extract.classify_base import ClauseState, Doc, SentenceState
from etl.extract.numbers import NumberMention

# 提高幅度每月在60元至90元之间: the size of a change, its rate prefix between
_CHANGE_SIZE = re.compile(r"(?:增长|提高|上调|提标|增加|调整|上涨)幅度(?:为|是|达到|达)?"
                          r"(?:每人每月|每人每年|每户每月|每月|每年|人均|月人均|年人均)?(?:在|为|达)?$")
# 从最初的每月95元提高到610元: the value a program started with, no period of its own
_INITIAL = re.compile(r"最初|起初|当初|初始|之初|设立时|建立时|起步时")
# 关键词:河南 城乡低保标准 3450元: a page's keyword line names its topics, it states nothing
_KEYWORDS = re.compile(r"[ \t]*(?:关键词|关键字|标签|tags?)[::]", re.IGNORECASE)


def change_size(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """提高幅度每月在60元至90元之间: a figure after 增长幅度/提高幅度 (its rate prefix and 在
    between) is the size of a change, not the level."""
    if _CHANGE_SIZE.search(doc.text, max(cl.cs, m.start - 14), m.start):
        return "change_not_level"
    return None


def initial_value(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """标准从最初的每月95元提高到610元: the old side of a change that names the value a program
    started with (最初, 起初, 设立时) holds at a time the text does not give, often decades before."""
    froms = [f for f in sent.from_marks if f < m.start]
    if not froms or not any(t > m.start for t in sent.to_verbs):
        return None
    if any(froms[-1] < t < m.start for t in sent.to_verbs):
        return None  # the new side of its change
    return "initial_value" if _INITIAL.search(doc.text, froms[-1], m.start) else None


def keywords_line(doc: Doc, sent: SentenceState, cl: ClauseState, m: NumberMention) -> str | None:
    """关键词:河南 城乡低保标准 3450元: a web page's keyword (tag) line lists words, it states no figure."""
    line = doc.text.rfind("\n", 0, m.start) + 1
    return "keywords_line" if _KEYWORDS.match(doc.text, line) else None


def text_cues(doc: Doc, sent: SentenceState) -> None:
    """Whether the sentence holds 幅度, an initial value's word after a 从/由, or lies on a keyword line."""
    text = doc.text
    s, e = sent.s, sent.e
    sent.change_size = text.find("幅度", s, e) >= 0
    sent.initial = bool(sent.from_marks) and _INITIAL.search(text, s, e) is not None
    line = text.rfind("\n", 0, s) + 1
    sent.keywords = _KEYWORDS.match(text, line) is not None
