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
from etl.extract.chrome import Chrome

_ORG_AFTER = re.compile(r"(?:市|县|区|省|州|旗|盟)?(?:民政局|民政厅|人民政府|政府|调查队|日报|晚报|新闻网|融媒体|网讯|网|讯|民政|财政局|财政|发改委|社会救助局)")
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}


# The count of a city's districts or counties: 2-19 in digits or numerals, not after 第, a digit or a point.
# (Written as "[2-9二...九1十] not after 第/digit/point, then what its first character needs":
# (?<![第\d.])(?:[2-9]|1\d|十[一二三四五六七八九]?|[二三四五六七八九]) in a form whose first character
# is a class, which lets the engine skip every other character in C: ~3x faster on a report.)
_COUNT_OF_DIVISIONS = (r"[2-9二三四五六七八九1十](?<![第\d.].)"
                       r"(?:(?<=1)\d|(?<=十)[一二三四五六七八九]?|(?<=[2-9二三四五六七八九]))")
# 9区, 六城区, 十个区 of a city: its urban districts taken together (the 市辖区 code); not 第9区,
# not 9区县 / 9区市 (the whole city), not 区域, 区间, 区划, 区级
_DISTRICT_COUNT = re.compile(_COUNT_OF_DIVISIONS + r"个?城?区(?![县市域间划级内外片块])")
DISTRICT_COUNT = "district_count"
# 9县(市), 五个县市区 of a city: its counties taken together, which have no code of their own;
# the figure stays the city's (not the 市辖区 of a clause before); not 县级, 县域, 县城
_COUNTY_COUNT = re.compile(_COUNT_OF_DIVISIONS + r"个?县"
                           r"(?:\((?:市|区|市、区|区、市)\)|市区|区市|市|区)?(?![级域城])")
COUNTY_COUNT = "county_count"


def district_count_tokens(text: str, start: int, end: int) -> list[Token]:
    """Tokens (kind ``urban``, value :data:`DISTRICT_COUNT` or :data:`COUNTY_COUNT`) for the counts
    of a city's districts or counties in text[start:end]."""
    # (each pattern is tried at every digit; most regions hold no 区 or no 县 at all)
    out: list[Token] = []
    if text.find("区", start, end) >= 0:
        out.extend(Token(m.start(), m.end(), m.group(), "urban", DISTRICT_COUNT)
                   for m in _DISTRICT_COUNT.finditer(text, start, end))
    if text.find("县", start, end) >= 0:
        out.extend(Token(m.start(), m.end(), m.group(), "urban", COUNTY_COUNT)
                   for m in _COUNTY_COUNT.finditer(text, start, end))
        out.sort(key=lambda t: t.start)
    return out


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


def tail_begins_word(vocab: Vocabulary, text: str, token: Token) -> bool:
    """Whether a short place name's last character begins a catalogue word that runs on past
    it (补助水平城市: 平城 + 城市): the text reads as that word, not as the place."""
    if token.kind != "place" or is_full_name(vocab, token) or token.word.endswith(_LEVEL_ENDINGS):
        return False
    after = scan(vocab, text, token.end - 1, min(len(text), token.end + 8))
    return bool(after) and after[0].start == token.end - 1 and after[0].kind != "place"


def is_full_name(vocab: Vocabulary, token: Token) -> bool:
    """True when the word is a division's full standard name (not a short alias)."""
    codes = token.value
    assert isinstance(codes, list)
    return any(vocab.places[c].name == token.word for c in codes)


def infer_home(vocab: Vocabulary, text: str, strong: list[tuple[int, int]], title_span: tuple[int, int] | None,
               tokens: list[Token] | None = None, hint: Place | None = None,
               weak: list[list[Place]] | None = None, chrome: Chrome | None = None) -> Place | None:
    """Infer the report's jurisdiction (see :func:`_infer_home`); when nothing is found, the one
    place of the level the report calls itself among the ``weak`` readings of its web address
    (tiers, most specific first: see :func:`etl.extract.hosts.weak_places`).

    ``chrome`` is the site's lines around the report (:mod:`etl.extract.chrome`): their words
    do not vote (走进本市 in the navigation is no 全市 of the report), and the place a footer's
    host line names (主办单位:X县人民政府) is only a hint, like the web address: the site's owner,
    which need not be the report's."""
    if tokens is None:
        tokens = scan(vocab, text, 0, len(text))
    if chrome is not None and chrome.spans:
        if hint is None:
            hint = host_line_place(vocab, text, chrome, tokens)
        tokens = [t for t in tokens if chrome.votes(t.start)]
    found = _infer_home(vocab, text, strong, title_span, tokens, hint)
    if found is not None or not weak:
        return found
    wanted = _report_level(tokens)
    if wanted is None:
        return None
    for tier in weak:
        fits = [p for p in tier if _fits_level(p, wanted, {})]
        if len(fits) == 1:
            return fits[0]
        if fits:
            return None
    return None


def _infer_home(vocab: Vocabulary, text: str, strong: list[tuple[int, int]], title_span: tuple[int, int] | None,
                tokens: list[Token], hint: Place | None = None) -> Place | None:
    """Infer the report's jurisdiction: title/publisher/signature first, then a vote over the text.

    ``hint`` is the place the report's web address names (:mod:`etl.extract.hosts`):
    it is the answer when the text names no jurisdiction, when it breaks a tie of
    the vote, when it is the only candidate of the level the report calls itself
    (全区 in a report whose text names only its city), or when the title or
    signature writes the hint's local abbreviation (田区民政局 on the site of
    田家庵区), which alone would be too weak to trust.

    In the vote a place named in the text counts for itself, and the distinct
    places below it count for it too (a report naming 海城市, 台安县 and 岫岩 is
    about 鞍山); full names weigh more than short names, which count only in a
    list or before an organisation word, because many short names are also
    ordinary words. A place named inside a cited document title (《XX省...办法》)
    weighs little: reports cite their superiors' rules. The words the report uses
    for itself (全州, 全县, 我区) say its level; places of another level lose half
    their score.
    """
    found = strong_home(vocab, text, strong, title_span, tokens) or listed_parts_home(vocab, text, tokens)
    if found is not None:
        return found
    if hint is not None and _abbreviated(text, ([title_span] if title_span else []) + strong, hint):
        return hint
    direct = _direct_votes(vocab, text, tokens)
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
    wanted = _report_level(tokens)
    if wanted:
        for code in list(score):
            if not _fits_level(vocab.places[code], wanted, score):
                score[code] *= 0.5
        if hint is not None and _fits_level(hint, wanted, score) and not any(
                _fits_level(vocab.places[c], wanted, score) for c in direct) and _related(vocab, hint.code, score):
            return hint  # the text names only places above or beside the report (its city, its province)
    best = max(score.items(), key=lambda cv: (cv[1], _LEVEL_RANK.get(vocab.places[cv[0]].level, 0)))
    if best[1] < 0.8:
        return hint
    if hint is not None and abs(score.get(hint.code, 0.0) - best[1]) < 1e-9:
        return hint  # a tie the web address breaks
    return vocab.places[best[0]]


# 《...》: the title of a cited document
_CITED = re.compile(r"《[^《》\n]{1,80}》")
_CITED_WEIGHT = 0.3
# A short name that ends in its level word (甘孜州, 东乌旗) is written as a name, not an ordinary word.
_LEVEL_ENDINGS = ("州", "旗", "盟", "县", "区", "市", "省")


def host_line_place(vocab: Vocabulary, text: str, chrome: Chrome, tokens: list[Token]) -> Place | None:
    """The place the lines naming the site name (您的位置:武隆网>..., 主办单位:X县人民政府,
    X市融媒体中心 主办) by a full name or before an organisation word, when they name one lineage."""
    hits: list[str] = []
    for t in tokens:
        if t.kind == "place" and chrome.names_site(t.start) and (is_full_name(vocab, t) or _ORG_AFTER.match(text, t.end)):
            code = resolve(vocab, t.value, None)  # type: ignore[arg-type]
            if code:
                hits.append(code)
    if not hits:
        return None
    best = _most_specific(vocab, hits)
    return vocab.places[best] if best in hits else None  # (not the common ancestor of two branches)


def _direct_votes(vocab: Vocabulary, text: str, tokens: list[Token]) -> dict[str, float]:
    """Each place's own weight: its mentions, ambiguous names resolved toward the places named plainly."""
    cited = [m.span() for m in _CITED.finditer(text)] if "《" in text else []
    direct: dict[str, float] = defaultdict(float)
    ambiguous: list[tuple[Token, float]] = []
    for t in tokens:
        if t.kind != "place":
            continue
        listed = (t.start > 0 and text[t.start - 1] == "、") or text.startswith("、", t.end)
        org = bool(_ORG_AFTER.match(text, t.end))
        plain = is_full_name(vocab, t) or t.word.endswith(_LEVEL_ENDINGS)
        weight = 1.0 if plain else (0.8 if listed or org else 0.15)
        if org:
            weight += 1.0
        if any(s <= t.start < e for s, e in cited):
            weight *= _CITED_WEIGHT
        code = resolve(vocab, t.value, None)  # type: ignore[arg-type]
        if code:
            direct[code] += weight
        else:
            ambiguous.append((t, weight))
    # 青山区 (包头 or 武汉) in a report that names 包头市: the one in the lineage of a named place
    for t, weight in ambiguous:
        codes: list[str] = t.value  # type: ignore[assignment]
        # the most specific named place decides (徐州市 before 江苏省, which holds two 鼓楼区)
        for rank in (2, 1, 0):
            named = [o for o in direct if _LEVEL_RANK.get(vocab.places[o].level, 0) == rank]
            near = [c for c in codes if any(o in lineage(vocab, c) or c in lineage(vocab, o) for o in named)]
            if near:
                if len(near) == 1:
                    direct[near[0]] += weight
                break
    return direct


def _report_level(tokens: list[Token]) -> str | None:
    """The level the report calls itself most often (全州 -> 州, 全县 -> 县, 全省 -> province), if any."""
    counts: dict[str, int] = defaultdict(int)
    for t in tokens:
        if t.kind == "collective" and t.value in ("prefecture", "county", "district", "province"):
            counts[t.word[-1] if t.word[-1] in "州盟旗" else str(t.value)] += 1
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


_MUNICIPALITIES = ("110000", "120000", "310000", "500000")


def _fits_level(place: Place, wanted: str, score: dict[str, float]) -> bool:
    """Whether a report that calls itself ``wanted`` (see :func:`_report_level`) can be about ``place``."""
    name = place.name
    if wanted in ("州", "盟"):
        return place.level == "prefecture" and name.endswith(wanted)
    if wanted == "旗":
        return place.level == "county" and name.endswith("旗")
    if wanted == "province":
        return place.level == "province"
    if wanted == "prefecture":  # 全市: a city, a county-level city, or a municipality
        return (place.level == "prefecture" or (place.level == "county" and name.endswith("市"))
                or place.code in _MUNICIPALITIES)
    if wanted == "county":
        return place.level == "county" and name.endswith(("县", "旗"))
    if wanted == "district":  # 全区: a district, or an autonomous region
        return (place.level == "county" and name.endswith("区")) or (
            place.level == "province" and name.endswith("自治区"))
    return True


def _related(vocab: Vocabulary, code: str, score: dict[str, float]) -> bool:
    """Whether ``code`` lies in the lineage of a place the vote found (or nothing was found)."""
    lin = set(lineage(vocab, code))
    return not score or any(c in lin for c in score)


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


# the separators of a list in parentheses: 全市(铁东、铁西), 全市(X区,Y区和Z区)
_PART_GAP = re.compile(r"^(?:、|,|和|及|与)?$")


def listed_parts_home(vocab: Vocabulary, text: str, tokens: list[Token]) -> Place | None:
    """全市(铁东、铁西): the city whose parts a parenthesis after 全市/我市 lists.

    Short district names are shared by many cities; the list names them together,
    so the city is one that holds every one of them. When several do, the list is
    taken as the city's complete set of districts (a city with four districts would
    not be written as two of them), and the city whose districts are exactly the
    ones listed is the answer; anything else stays undecided."""
    for i, t in enumerate(tokens):
        if t.kind != "collective" or t.value != "prefecture" or not text.startswith("(", t.end):
            continue
        close = text.find(")", t.end, t.end + 60)
        names: list[list[str]] = []
        pos = t.end + 1
        for u in tokens[i + 1:]:
            if u.start >= close:
                break
            if u.kind != "place" or not _PART_GAP.match(text[pos:u.start]):
                names = []
                break
            names.append(list(u.value))  # type: ignore[arg-type]
            pos = u.end
        if close < 0 or len(names) < 2 or text[pos:close].strip():
            continue
        found = _city_of_parts(vocab, names)
        if found is not None:
            return found
    return None


def _city_of_parts(vocab: Vocabulary, names: list[list[str]]) -> Place | None:
    """The one prefecture holding a division of every name (see :func:`listed_parts_home`)."""
    parents = set.intersection(*({vocab.places[c].parent for c in codes if c in vocab.places} for codes in names))
    cities: set[str] = {c for c in parents if c and c in vocab.places and vocab.places[c].level == "prefecture"}
    if len(cities) > 1:
        exact: set[str] = set()
        for city in cities:
            listed = {c for codes in names for c in codes if vocab.places[c].parent == city}
            districts = {p.code for p in vocab.places.values()
                         if p.parent == city and p.level == "county" and p.name.endswith("区") and p.name != "市辖区"}
            if listed == districts:
                exact.add(city)
        cities = exact
    return vocab.places[cities.pop()] if len(cities) == 1 else None


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
