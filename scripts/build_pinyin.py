"""Generate ``seeds/jurisdiction_pinyin.csv``: the pinyin of every jurisdiction's name.

Run ``python scripts/build_pinyin.py`` after ``scripts/build_jurisdictions.py``
(with the dev-time package ``pypinyin`` installed: ``pip install pypinyin``).
It rewrites, deterministically and with sorted rows::

    seeds/jurisdiction_pinyin.csv   code,full,initials

one row per current division (not the 市辖区 pseudo rows) for the stem people
write (芜湖市 -> 芜湖 -> ``wuhu``, ``wh``), plus a row for the whole name when
the stem is a single character (沙县 -> ``shaxian``, ``sx``), because such
places' web sites spell the suffix too.

Why: Chinese government web sites are named after their place in pinyin, in
full (``luzhou.gov.cn``) or as initials (``tja.gov.cn`` = 田家庵, ``gzzs`` =
贵州 + 钟山). The extractor uses the URL host of a report only as a fallback
when the text does not name its jurisdiction (see ``etl/extract/hosts.py``).
``pypinyin`` is needed at development time only; the product reads the CSV.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"


def _short_name():  # type: ignore[no-untyped-def]
    """``short_name`` of build_jurisdictions.py, so that both scripts agree on stems."""
    sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
    import build_jurisdictions

    return build_jurisdictions.short_name


# pypinyin reads some characters of place names with their everyday sound. Place names
# read 长 chang (长沙, 长顺), 都 du (成都, 都匀), 乐 le (南乐, 民乐) ...
CHAR_READINGS = {"长": "chang", "都": "du", "乐": "le"}
# ... except these, and a few names pypinyin gets wrong as words.
WORD_READINGS = {
    "长子": "zhang zi", "乐亭": "lao ting", "乐清": "yue qing", "闵行": "min hang", "洪洞": "hong tong",
    "蚌山": "beng shan", "单县": "shan xian", "涡阳": "guo yang", "筠连": "jun lian", "荥经": "ying jing",
    "浚县": "xun xian", "繁峙": "fan shi", "六合": "lu he", "朝阳": "chao yang",
    "陕西": "shaan xi",  # the official spelling, which tells it from 山西 shanxi
}


def spell(word: str) -> tuple[str, str]:
    """(full pinyin, initials) of a place name, lower-case ASCII without tones (ü as v)."""
    from pypinyin import Style, lazy_pinyin

    if word in WORD_READINGS:
        syllables = WORD_READINGS[word].split()
    else:
        syllables = lazy_pinyin(word, style=Style.NORMAL, v_to_u=False)
        if len(syllables) == len(word):
            syllables = [CHAR_READINGS.get(ch, s) for ch, s in zip(word, syllables)]
    syllables = [s.lower() for s in syllables if s.isascii() and s.isalpha()]
    return "".join(syllables), "".join(s[0] for s in syllables)


def rows() -> list[tuple[str, str, str]]:
    """(code, full, initials) for every current division."""
    short_name = _short_name()
    out: set[tuple[str, str, str]] = set()
    with (SEEDS / "jurisdictions.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["name"] == "市辖区":
                continue
            stem = short_name(row["name"], row["level"])
            words = [stem] if len(stem) >= 2 else [row["name"]]
            for word in words:
                full, initials = spell(word)
                if len(initials) >= 2:
                    out.add((row["code"], full, initials))
    return sorted(out)


def main() -> int:
    """Rewrite seeds/jurisdiction_pinyin.csv."""
    data = rows()
    with (SEEDS / "jurisdiction_pinyin.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "full", "initials"])
        w.writerows(data)
    print(f"wrote {len(data)} rows to {SEEDS / 'jurisdiction_pinyin.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
