"""Numbers written every way a report writes them are read back as the value written.

A property test in the spirit of the number corpus: random whole numbers are
written out here (Arabic digits plain and grouped, full-width, scaled by 万 and
亿, Chinese numerals plain and formal, traditional 萬/億), put into one sentence
about 低保, and extracted. Every form must give one fact with exactly the value
written (1万2345, 两千三百 and 一千〇五 included). The writers below are this test's own, written from the rules of
Chinese numerals, not from the extractor's reader.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from etl.extract import MetaRecord, extract_text

DIGITS = "零一二三四五六七八九"
FORMAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL = ("", "十", "百", "千")
FORMAL_SMALL = ("", "拾", "佰", "仟")
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def _section(n: int, digits: str, small: tuple[str, ...]) -> str:
    """A number below 10,000 in Chinese numerals: 3005 -> 三千零五, 310 -> 三百一十."""
    out = []
    zero = False
    for power in (3, 2, 1, 0):
        d = n // 10 ** power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        out.append(digits[d] + small[power])
    return "".join(out)


def chinese(n: int, *, formal: bool = False, traditional: bool = False) -> str:
    """``n`` (1 <= n < 10**12) in Chinese numerals: 120005 -> 十二万零五, 10,000,500 -> 一千万零五百."""
    digits, small = (FORMAL_DIGITS, FORMAL_SMALL) if formal else (DIGITS, SMALL)
    wan, yi = ("萬", "億") if traditional else ("万", "亿")
    sections = [n // 10 ** 8, n // 10 ** 4 % 10 ** 4, n % 10 ** 4]
    out = ""
    for value, name in zip(sections, (yi, wan, "")):
        if value == 0:
            continue
        text = _section(value, digits, small)
        if out and value < 1000:
            text = digits[0] + text  # 一万零五百: a gap in the places before this section
        out += text + name
    if not formal and out.startswith("一十"):
        out = out[1:]  # 十二万, not 一十二万 (both are read; the short one is what reports write)
    return out


def scaled(n: int, unit: int, name: str) -> str | None:
    """``n`` as a decimal of 万 or 亿 (12345 -> 1.2345万), when it is one; else None."""
    if n % (unit // 10 ** 4 if unit > 10 ** 4 else 1):
        return None
    text = format(Decimal(n) / unit, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + name if Decimal(text) >= 1 else None


def forms(n: int) -> dict[str, str]:
    """The ways a report may write ``n`` (only those that exist for it)."""
    out = {"arabic": str(n), "grouped": f"{n:,}", "full_width": f"{n:,}".translate(FULL_WIDTH)}
    if n > 10:  # (a digit or 十 alone is a word to the grammar: 一户一策, 十人小组)
        out.update(chinese=chinese(n), formal=chinese(n, formal=True), traditional=chinese(n, traditional=True))
        if "零" in out["chinese"]:
            out["ling_circle"] = out["chinese"].replace("零", "〇")  # 一千〇五
        if out["chinese"].startswith(("二千", "二万", "二亿")):
            out["liang"] = "两" + out["chinese"][1:]  # 两千三百, 两万
    # 1万2345, 3亿4567万8901 (four digits after each 万/亿: no colloquial reading such as 1万5 = 15,000)
    yi, wan, rest = n // 10 ** 8, n // 10 ** 4 % 10 ** 4, n % 10 ** 4
    if not yi and wan and rest >= 1000:
        out["mixed"] = f"{wan}万{rest}"
    elif yi and wan >= 1000 and rest >= 1000:
        out["mixed"] = f"{yi}亿{wan}万{rest}"
    for key, unit, name in (("wan", 10 ** 4, "万"), ("yi", 10 ** 8, "亿")):
        text = scaled(n, unit, name)
        if text is not None:
            out[key] = text
    return out


def _numbers() -> list[int]:
    rng = random.Random(20261207)
    picks = [1, 10, 11, 20, 100, 101, 110, 1000, 1001, 1010, 10000, 10001, 10010, 100000, 100500, 1000500,
             10000000, 100000000, 100000001, 120000000, 3005, 40302, 9999, 99999999]
    for digits in range(2, 12):
        picks += [rng.randrange(10 ** (digits - 1), 10 ** digits) for _ in range(12)]
        picks += [rng.randrange(1, 10 ** (digits - 1)) * 10 ** rng.randrange(0, 3) for _ in range(4)]
    return sorted({n for n in picks if 10 <= n < 10 ** 12})


CASES = [(n, kind, text) for n in _numbers() for kind, text in forms(n).items()]
META = MetaRecord(document="roundtrip.txt", jurisdiction="340200")


def _facts(sentence: str) -> list[float]:
    ex = extract_text(sentence, "roundtrip.txt", META)
    return [f.value for f in ex.facts]


@pytest.mark.parametrize("n,kind,text", CASES, ids=[f"{k}:{t}" for _, k, t in CASES])
def test_a_count_written_any_way_is_read_as_written(n: int, kind: str, text: str) -> None:
    assert _facts(f"2023年,全市城乡低保对象{text}人。") == [n]


@pytest.mark.parametrize("n,kind,text", CASES[::3], ids=[f"{k}:{t}" for _, k, t in CASES[::3]])
def test_a_sum_written_any_way_is_read_as_written(n: int, kind: str, text: str) -> None:
    assert _facts(f"2023年,全市发放城乡低保资金{text}元。") == [n]


def test_the_writers_write_what_reports_write() -> None:
    """The test's own writers, checked on forms the rules of Chinese numerals fix."""
    assert chinese(120005) == "十二万零五"
    assert chinese(10000500) == "一千万零五百"
    assert chinese(3005) == "三千零五"
    assert chinese(310) == "三百一十"
    assert chinese(100000001) == "一亿零一"
    assert chinese(12345, formal=True) == "壹万贰仟叁佰肆拾伍"
    assert scaled(12345, 10 ** 4, "万") == "1.2345万"
    assert scaled(120000000, 10 ** 8, "亿") == "1.2亿"
    assert scaled(5, 10 ** 4, "万") is None
    assert scaled(100000000, 10 ** 4, "万") == "10000万"


def _misgrouped(n: int, rng: random.Random) -> str:
    """``n`` with a comma or a second point where no grouping puts one (2,3456, 12,34, 1.2.3)."""
    s = str(n)
    if rng.random() < 0.5:
        k = rng.choice([k for k in range(1, len(s)) if (len(s) - k) % 3])
        return s[:k] + "," + s[k:]
    a, b = sorted(rng.sample(range(1, len(s)), 2))
    return s[:a] + "." + s[a:b] + "." + s[b:]


MISGROUPED = [_misgrouped(n, random.Random(n)) for n in _numbers() if n >= 100]


@pytest.mark.parametrize("text", MISGROUPED)
def test_digits_grouped_as_no_number_are_never_read_as_another(text: str) -> None:
    ex = extract_text(f"2023年,全市城乡低保对象{text}人。", "roundtrip.txt", META)
    assert ex.facts == []
    assert [m.reason for m in ex.mentions] == ["unreadable_number"]
    assert [m.quote for m in ex.mentions] == [text + "人"]
