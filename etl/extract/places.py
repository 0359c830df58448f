"""Stage 4b: places -> GB/T 2260 jurisdictions.

Place words come from the token scan (full names, short and historical
aliases from ``seeds/jurisdiction_aliases.csv``). An ambiguous name (白云区 is
in 广州 and 贵阳) is resolved toward the report's own jurisdiction. This
module also infers the report's jurisdiction when the metadata does not give
it: from the title, the publisher and signature lines, organisation names
(X民政局, X调查队, X日报), and finally from a vote of the places the text names
weighed by what the report calls itself (全市, 我县, 全省 ...).
"""

from __future__ import annotations

import re
from collections import defaultdict

from etl.extract.catalogue import Place, Token, Vocabulary, scan

_ORG_AFTER = re.compile(r"(?:市|县|区|省|州|旗|盟)?(?:民政局|民政厅|人民政府|政府|调查队|日报|晚报|网讯|网|讯|民政|财政局)")
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}


def lineage(vocab: Vocabulary, code: str) -> list[str]:
    """The code, its parent, grandparent ... (most specific first)."""
    out = []
    cur: str | None = code
    while cur and cur in vocab.places and cur not in out:
        out.append(cur)
        cur = vocab.places[cur].parent
    return out


def resolve(vocab: Vocabulary, codes: list[str], home: Place | None) -> str | None:
    """Pick one code among the candidates of a place word, preferring the report's area."""
    if len(codes) == 1:
        return codes[0]
    if home is not None:
        for key in ("city", "province"):
            ref = getattr(home, key) or home.code
            near = [c for c in codes if getattr(vocab.places[c], key) == ref]
            if len(near) == 1:
                return near[0]
    return None


def is_full_name(vocab: Vocabulary, token: Token) -> bool:
    """True when the word is a division's full standard name (not a short alias)."""
    codes = token.value
    assert isinstance(codes, list)
    return any(vocab.places[c].name == token.word for c in codes)


def infer_home(vocab: Vocabulary, text: str, strong: list[tuple[int, int]], title_span: tuple[int, int] | None,
               tokens: list[Token] | None = None, hint: Place | None = None) -> Place | None:
    """Infer the report's jurisdiction: title/publisher/signature first, then a vote over the text.

    ``hint`` is the place the report's web address names (:mod:`etl.extract.hosts`):
    it is the answer when the text names no jurisdiction, when it breaks a tie of
    the vote, or when the title or signature writes the hint's local abbreviation
    (田区民政局 on the site of 田家庵区), which alone would be too weak to trust.

    In the vote a place named in the text counts for itself, and the distinct
    places below it count for it too (a report naming 海城市, 台安县 and 岫岩 is
    about 鞍山); full names weigh more than short names, which count only in a
    list or before an organisation word, because many short names are also
    ordinary words.
    """
    if tokens is None:
        tokens = scan(vocab, text, 0, len(text))
    found = strong_home(vocab, text, strong, title_span, tokens)
    if found is not None:
        return found
    if hint is not None and _abbreviated(text, ([title_span] if title_span else []) + strong, hint):
        return hint
    place_tokens = [t for t in tokens if t.kind == "place"]
    direct: dict[str, float] = defaultdict(float)
    for t in place_tokens:
        code = resolve(vocab, t.value, None)  # type: ignore[arg-type]
        if not code:
            continue
        listed = (t.start > 0 and text[t.start - 1] == "、") or text.startswith("、", t.end)
        org = bool(_ORG_AFTER.match(text, t.end))
        weight = 1.0 if is_full_name(vocab, t) else (0.8 if listed or org else 0.15)
        if org:
            weight += 1.0
        direct[code] += weight
    for name, code in vocab.media.items():
        if code in vocab.places and name in text:
            direct[code] += 0.8
    if not direct:
        return hint
    score: dict[str, float] = defaultdict(float)
    for code, w in direct.items():
        score[code] += w
        for depth, anc in enumerate(lineage(vocab, code)[1:], 1):
            score[anc] += 0.7 if depth == 1 else 0.3
    levels = _levels(tokens)
    if levels.get("district") and not levels.get("prefecture"):
        # 全区 in an autonomous region's report vs in a district's report
        for code in list(score):
            p = vocab.places[code]
            if p.level == "prefecture" and not p.name.endswith(("州", "盟", "地区")):
                score[code] *= 0.5
    best = max(score.items(), key=lambda cv: (cv[1], _LEVEL_RANK.get(vocab.places[cv[0]].level, 0)))
    if best[1] < 0.8:
        return hint
    if hint is not None and abs(score.get(hint.code, 0.0) - best[1]) < 1e-9:
        return hint  # a tie the web address breaks
    return vocab.places[best[0]]


_ABBREV_BEFORE_OK = "省市州盟"


def _abbreviated(text: str, spans: list[tuple[int, int]], place: Place) -> bool:
    """Whether the spans write the place's local abbreviation before an organisation word:
    its first character and its level suffix (田区 for 田家庵区, 城县 for 城口县)."""
    name = place.name
    if len(name) < 3 or name[-1] not in "区县市旗":
        return False
    abbrev = name[0] + name[-1]
    for s, e in spans:
        i = text.find(abbrev, s, e)
        while i >= 0:
            before = text[i - 1] if i > 0 else ""
            if (not _is_cjk(before) or before in _ABBREV_BEFORE_OK) and _ORG_AFTER.match(text, i + 1):
                return True
            i = text.find(abbrev, i + 1, e)
    return False


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def strong_home(vocab: Vocabulary, text: str, strong: list[tuple[int, int]], title_span: tuple[int, int] | None,
                tokens: list[Token]) -> Place | None:
    """The place named in the title, the publisher field or the signature."""
    hits: list[str] = []
    for n, (s, e) in enumerate(([title_span] if title_span else []) + strong):
        is_title = bool(title_span) and n == 0
        for t in tokens:
            if t.kind == "place" and s <= t.start < e:
                code = resolve(vocab, t.value, None)  # type: ignore[arg-type]
                if code and (is_title or is_full_name(vocab, t) or _ORG_AFTER.match(text, t.end)):
                    hits.append(code)
    return vocab.places[_most_specific(vocab, hits)] if hits else None


def _first_use(text: str, t: Token) -> bool:
    return text.find(t.word) == t.start


def _levels(tokens: list[Token]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for t in tokens:
        if t.kind == "collective":
            out[str(t.value)] += 1
    return out


def _wanted_levels(vocab: Vocabulary, levels: dict[str, int], votes: dict[str, float]) -> set[str]:
    if not levels:
        return set()
    level = max(levels.items(), key=lambda kv: kv[1])[0]
    if level == "district":
        # 全区 is a county-level district, or an autonomous region when one is named.
        if any(vocab.places[c].level == "province" and "自治区" in vocab.places[c].name and v >= 1 for c, v in votes.items()):
            return {"province"}
        return {"county"}
    if level == "prefecture":
        # 全市/本市 in a municipality (北京 天津 上海 重庆) is the province-level code.
        return {"prefecture", "province"} if any(
            vocab.places[c].level == "province" and c in ("110000", "120000", "310000", "500000") for c in votes
        ) else {"prefecture"}
    return {level}


def _most_specific(vocab: Vocabulary, codes: list[str]) -> str:
    """The deepest code whose lineage contains the others when possible, else the first."""
    ranked = sorted(set(codes), key=lambda c: (-_LEVEL_RANK.get(vocab.places[c].level, 0), codes.index(c)))
    for c in ranked:
        lin = set(lineage(vocab, c))
        if all(o in lin or c in lineage(vocab, o) for o in codes):
            return c
    # places of different branches (郑州、平顶山): their lowest common ancestor
    common = lineage(vocab, codes[0])
    for o in codes[1:]:
        other = set(lineage(vocab, o))
        common = [c for c in common if c in other]
    return common[0] if common else codes[0]
