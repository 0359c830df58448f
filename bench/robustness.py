"""Metamorphic robustness bench: does the extractor survive copy artefacts?

Every document of a corpus with gold (../shared/devset, ../shared/devset2) is rewritten by
a named, meaning-preserving perturbation into a temporary folder under the same file name.
The shared scorer matches facts on document, jurisdiction, program, metric, unit, status,
years and value (not on the quote), so the gold still applies to the variants. For every
corpus and perturbation the script runs

    python -m etl extract --format jsonl --meta META FILES      (PYTHONPATH = repo root)
    python ../shared/tools/score_facts.py --gold GOLD pred.jsonl

and prints corpus | perturbation | P | R | F1 | delta F1 against the unperturbed run.

    python bench/robustness.py [--corpus devset|devset2|all] [--only NAME]... [--keep DIR]

Random perturbations use a ``random.Random`` seeded from the document name, so runs repeat.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = 20261207

CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_CJK_PAIR = re.compile(f"([{CJK}])(?=[{CJK}])")
_CJK_RUN = re.compile(f"[{CJK}]")


class Corpus(NamedTuple):
    name: str
    docs: Path
    gold: Path
    meta: Path


CORPORA = {
    "devset": Corpus("devset", SHARED / "devset" / "docs",
                     SHARED / "devset" / "devset.gold.jsonl", SHARED / "devset" / "meta.jsonl"),
    "devset2": Corpus("devset2", SHARED / "devset2" / "docs",
                      SHARED / "devset2" / "devset2.gold.jsonl", SHARED / "devset2" / "meta.jsonl"),
}


def none(text: str, rng: random.Random) -> str:
    """Baseline: the text unchanged."""
    return text


def hard_wrap(text: str, rng: random.Random) -> str:
    """PDF-like hard line breaks every 30-40 characters inside lines, anywhere (also in a number)."""
    out: list[str] = []
    for line in text.split("\n"):
        pieces: list[str] = []
        while len(line) > 40:
            cut = rng.randint(30, 40)
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
        out.append("\n".join(pieces))
    return "\n".join(out)


def cjk_spaces(text: str, rng: random.Random) -> str:
    """A space between every two adjacent CJK characters (e.g. 低 保 对 象)."""
    return _CJK_PAIR.sub(r"\1 ", text)


_FULLWIDTH = str.maketrans({**{chr(ord("0") + i): chr(0xFF10 + i) for i in range(10)},
                            ".": "\uff0e", ",": "\uff0c", "%": "\uff05"})


def fullwidth_digits(text: str, rng: random.Random) -> str:
    """ASCII digits and . , % become their full-width forms (０-９ ． ， ％)."""
    return text.translate(_FULLWIDTH)


_HEADER = (
    "首页 | 政务公开 | 政务服务 | 互动交流 | 走进本市 | 专题专栏\n"
    "当前位置：首页 > 政务公开 > 法定主动公开内容 > 社会救助\n"
    "发布时间：2024-03-05 10:21 来源：某某网 浏览次数：1234 【字体：大 中 小】\n"
)
_FOOTER = (
    "【打印本页】【关闭窗口】\n"
    "上一篇：2019年第三季度城乡低保资金发放情况公示\n"
    "下一篇：关于做好2025年春节期间困难群众走访慰问工作的通知\n"
    "主办单位：某某市人民政府办公室 承办：某某市大数据中心\n"
    "联系电话：0871-63151234 传真：0871-63155678 邮编：650021\n"
    "网站标识码：5301000012 滇ICP备05002319号-1 滇公网安备 53010202000123号\n"
    "Copyright © 2008-2024 某某市人民政府 版权所有\n"
)


def boilerplate(text: str, rng: random.Random) -> str:
    """Site chrome around the body: nav, breadcrumb, publication line, prev/next titles, footer."""
    return _HEADER + "\n" + text.rstrip("\n") + "\n\n" + _FOOTER


_WORD_GAP = re.compile(r"[ ，。；：、]")


def crlf_tabs(text: str, rng: random.Random) -> str:
    """CRLF line ends; a tab or an ideographic space (U+3000) after some punctuation or spaces."""
    def gap(match: re.Match[str]) -> str:
        roll = rng.random()
        if roll < 0.15:
            return match.group(0) + "\t"
        if roll < 0.30:
            return match.group(0) + "\u3000"
        return match.group(0)
    return _WORD_GAP.sub(gap, text).replace("\r\n", "\n").replace("\n", "\r\n")


def _opencc(config: str) -> Callable[[str, random.Random], str]:
    """A perturbation that converts the simplified text with OpenCC's ``config`` (s2t, s2tw, ...)."""
    converters: list[object] = []

    def convert(text: str, rng: random.Random) -> str:
        if not converters:
            import opencc  # a dependency of the project (etl/extract/script.py)
            converters.append(opencc.OpenCC(config))
        return converters[0].convert(text)  # type: ignore[attr-defined]
    convert.__doc__ = f"Simplified -> traditional characters with OpenCC's {config} configuration."
    return convert


trad_s2t = _opencc("s2t")
trad_s2tw = _opencc("s2tw")
trad_s2hk = _opencc("s2hk")
trad_s2twp = _opencc("s2twp")

_GAP_AFTER = re.compile(r"(?<=[ ，。；：、])")


def _opens_paragraph(lines: list[str], i: int) -> bool:
    """Is ``lines[i]`` a paragraph of prose that a page indents: a long line after an empty line
    or after a line ending a sentence (not the rest of a hard-wrapped line, not a table row,
    not the first line: the title, which a page prints apart)?"""
    before = lines[i - 1].rstrip() if i > 0 else ""
    return (i > 0 and len(lines[i]) > 20 and not lines[i].lstrip().startswith("|")
            and (not before or before[-1] in "。！？：!?:"))


def nbsp_entities(text: str, rng: random.Random) -> str:
    """HTML space leftovers: spaces become U+00A0; &nbsp;/&amp;nbsp; or U+00A0 after some
    punctuation; a paragraph (see _opens_paragraph) indented with &nbsp;&nbsp;&nbsp;&nbsp; or
    two U+00A0."""
    def gap(match: re.Match[str]) -> str:
        roll = rng.random()
        if roll < 0.10:
            return "&nbsp;"
        if roll < 0.15:
            return "&amp;nbsp;"
        if roll < 0.30:
            return "\xa0"
        return ""
    out: list[str] = []
    lines = text.replace(" ", "\xa0").split("\n")
    for i, line in enumerate(lines):
        if _opens_paragraph(lines, i):
            line = ("&nbsp;" * 4 if rng.random() < 0.5 else "\xa0\xa0") + line
        out.append(_GAP_AFTER.sub(gap, line))
    return "\n".join(out)


_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\xad")
_WORD_CHAR = re.compile(f"(?<=[{CJK}0-9])(?=[{CJK}0-9])")


def zero_width(text: str, rng: random.Random) -> str:
    """A zero-width space, non-joiner, joiner, word joiner, BOM or soft hyphen between some
    two adjacent Chinese characters or digits (inside words and numbers: 低\\u200b保, 12\\xad34)."""
    def insert(match: re.Match[str]) -> str:
        return rng.choice(_ZERO_WIDTH) if rng.random() < 0.08 else ""
    return _WORD_CHAR.sub(insert, text)


def ideographic_space(text: str, rng: random.Random) -> str:
    """Paragraphs (see _opens_paragraph) indented with two ideographic spaces (U+3000), as
    pages print them, and an ideographic space instead of every ASCII space."""
    lines = text.replace(" ", "\u3000").split("\n")
    return "\n".join("\u3000\u3000" + line if _opens_paragraph(lines, i) else line
                     for i, line in enumerate(lines))


# Full-width punctuation that a copy may give in half-width; only where it is not between
# two digits (a half-width comma or period there would be a thousands separator or a
# decimal point and change the number).
_HALF_PUNCT = {"，": ",", "。": ".", "；": ";", "：": ":", "（": "(", "）": ")"}
_FULL_PUNCT = re.compile("[" + "".join(_HALF_PUNCT) + "]")


def halfwidth_punct(text: str, rng: random.Random) -> str:
    """，。；：（） become ,.;:() except between two digits."""
    def swap(match: re.Match[str]) -> str:
        i = match.start()
        if text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit():
            return match.group(0)
        return _HALF_PUNCT[match.group(0)]
    return _FULL_PUNCT.sub(swap, text)


def _opens_item(lines: list[str], i: int) -> bool:
    """Could ``lines[i]`` be a list item or a heading: a line of words (ten characters or more,
    opening with a Chinese character: not a table cell, not a number, not the title) after an
    empty line or after a line ending a sentence (not the rest of a hard-wrapped line)?"""
    before = lines[i - 1].rstrip() if i > 0 else ""
    line = lines[i].strip()
    return (i > 0 and len(line) >= 10 and _CJK_START.match(line) is not None
            and (not before or before[-1] in "。！？：；!?:;"))


_BULLETS = ("· ", "• ", "- ", "* ")
_CJK_START = re.compile(f"[{CJK}]")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_FIGURE = re.compile(r"\d[\d,.]*(?:万|亿)?(?:元|人次|人|户|%)")


def markdown_leftovers(text: str, rng: random.Random) -> str:
    """Markdown and list leftovers: some figures in **bold**, some lines that may open an item
    (see _opens_item) opened by a bullet (· • - *) or by circled numbers (① ② ...), some
    short ones as ## headings."""
    out: list[str] = []
    circled = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _opens_item(lines, i):
            roll = rng.random()
            if roll < 0.15:
                line = rng.choice(_BULLETS) + line
            elif roll < 0.25:
                line = _CIRCLED[circled % len(_CIRCLED)] + line
                circled += 1
            elif roll < 0.30 and len(line) < 30:
                line = "## " + line
        out.append(_FIGURE.sub(lambda m: f"**{m.group(0)}**" if rng.random() < 0.3 else m.group(0), line))
    return "\n".join(out)


def trad_pinyin(text: str, rng: random.Random) -> str:
    """Mirror-site copy: OpenCC s2t, then the toned pinyin of some characters that the
    conversion changed right after them (城鄉(xiāng), 發(fā)放; sometimes in full-width brackets)."""
    from pypinyin import Style, pinyin  # a development dependency (scripts/build_pinyin.py)

    traditional = trad_s2t(text, rng)
    out: list[str] = []
    for simple, trad in zip(text, traditional):
        out.append(trad)
        if simple != trad and rng.random() < 0.3:
            syllable = pinyin(simple, style=Style.TONE)[0][0]
            out.append(f"（{syllable}）" if rng.random() < 0.1 else f"({syllable})")
    return "".join(out) if len(traditional) == len(text) else traditional


# Look-alikes that pages print for the ASCII or usual full-width forms.
_DASHES = ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\uff0d")
_DOTS = ("\u2022", "\u2027", "\u30fb", "\u2219")
_RANGE_DASH = re.compile(r"(?<=\d)-(?=\d)")


def lookalike_punct(text: str, rng: random.Random) -> str:
    """Look-alike characters: the dash of a range (1-5月) as ‐ ‑ ‒ – — − －, the colon ：
    as the ratio sign ∶, the middle dot · as • ‧ ・ ∙, the tilde ～ as 〜."""
    text = _RANGE_DASH.sub(lambda m: rng.choice(_DASHES), text)
    text = re.sub("[：:](?!\\d)", lambda m: "\u2236" if rng.random() < 0.5 else m.group(0), text)
    text = re.sub("·", lambda m: rng.choice(_DOTS), text)
    return text.replace("～", "〜")


def html_tags(text: str, rng: random.Random) -> str:
    """HTML source pasted as text: paragraphs in <p>...</p> (some with a style), a few line
    breaks written <br> or <br/> with the line joined, some figures in <span> or <strong>."""
    def figure(match: re.Match[str]) -> str:
        roll = rng.random()
        if roll < 0.15:
            return f'<span style="font-family: 宋体">{match.group(0)}</span>'
        if roll < 0.25:
            return f"<strong>{match.group(0)}</strong>"
        return match.group(0)
    out: list[str] = []
    for line in text.split("\n"):
        if line.strip() and not line.lstrip().startswith("|"):
            line = _FIGURE.sub(figure, line)
            opening = '<p style="text-indent: 2em;">' if rng.random() < 0.5 else "<p>"
            line = opening + line + "</p>"
        out.append(line)
    joined = [out[0]] if out else []
    for line in out[1:]:
        roll = rng.random()
        # a <br> ends a line of words only (a break inside a flattened table stays a break)
        if joined[-1].endswith("</p>") and line.startswith("<p") and roll < 0.3:
            joined[-1] += "<br>" if roll < 0.15 else "<br/>"
            joined[-1] += line
        else:
            joined.append(line)
    return "\n".join(joined)


def repost(text: str, rng: random.Random) -> str:
    """A news site's repost: the original title and the source above the body, the editor,
    a disclaimer and the share and correction links below it."""
    first = text.split("\n", 1)[0].strip()
    # the original title only where the report opens with a title (not a paragraph, not a date)
    title = first if (len(first) <= 40 and not any(c in first for c in "。:：")
                      and len(_CJK_RUN.findall(first)) >= 8) else ""
    head = f"原标题：{title}\n来源：某某日报\n" if title else "来源：某某日报\n"
    foot = ("（责任编辑：张三）\n"
            "声明：转载此文是出于传递更多信息之目的。若有来源标注错误或侵犯了您的合法权益，"
            "请作者持权属证明与本网联系，我们将及时更正、删除，谢谢。\n"
            "分享到：微信 微博 QQ空间 【纠错】\n")
    return head + text.rstrip("\n") + "\n" + foot


PERTURBATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "none": none,
    "hard_wrap": hard_wrap,
    "cjk_spaces": cjk_spaces,
    "fullwidth_digits": fullwidth_digits,
    "boilerplate": boilerplate,
    "crlf_tabs": crlf_tabs,
    "trad_s2t": trad_s2t,
    "trad_s2tw": trad_s2tw,
    "trad_s2hk": trad_s2hk,
    "trad_s2twp": trad_s2twp,
    "nbsp_entities": nbsp_entities,
    "zero_width": zero_width,
    "ideographic_space": ideographic_space,
    "halfwidth_punct": halfwidth_punct,
    "markdown_leftovers": markdown_leftovers,
    "trad_pinyin": trad_pinyin,
    "lookalike_punct": lookalike_punct,
    "html_tags": html_tags,
    "repost": repost,
}


class Score(NamedTuple):
    precision: float
    recall: float
    f1: float


_SUMMARY = re.compile(r"precision=([\d.]+)\s+recall=([\d.]+)\s+f1=([\d.]+)")


def run(corpus: Corpus, name: str, workdir: Path) -> Score:
    """Write the perturbed corpus under workdir/name, extract, score; return the summary."""
    out = workdir / corpus.name / name
    out.mkdir(parents=True)
    func = PERTURBATIONS[name]
    files: list[str] = []
    for src in sorted(corpus.docs.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        rng = random.Random(f"{SEED}:{name}:{src.name}")
        dest = out / src.name
        with dest.open("w", encoding="utf-8", newline="") as fh:
            fh.write(func(text, rng))
        files.append(str(dest))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    pred = workdir / f"{corpus.name}.{name}.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        subprocess.run([sys.executable, "-m", "etl", "extract", "--format", "jsonl",
                        "--meta", str(corpus.meta), *files],
                       stdout=fh, env=env, cwd=ROOT, check=True)
    scored = subprocess.run([sys.executable, str(SHARED / "tools" / "score_facts.py"),
                             "--gold", str(corpus.gold), str(pred)],
                            capture_output=True, text=True, check=True)
    match = _SUMMARY.search(scored.stdout.strip().splitlines()[-1])
    if match is None:
        raise RuntimeError(f"unexpected scorer output: {scored.stdout[-200:]!r}")
    return Score(float(match.group(1)), float(match.group(2)), float(match.group(3)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["devset", "devset2", "all"], default="all")
    parser.add_argument("--only", choices=sorted(PERTURBATIONS), action="append",
                        help="one perturbation (and none); may be given more than once")
    parser.add_argument("--keep", metavar="DIR", help="write variants and predictions here")
    args = parser.parse_args(argv)
    corpora = list(CORPORA.values()) if args.corpus == "all" else [CORPORA[args.corpus]]
    names = list(PERTURBATIONS) if args.only is None else ["none", *args.only]
    names = list(dict.fromkeys(names))
    with tempfile.TemporaryDirectory(prefix="robustness_") as tmp:
        workdir = Path(args.keep) if args.keep else Path(tmp)
        print("| corpus | perturbation | P | R | F1 | ΔF1 |")
        print("|---|---|---:|---:|---:|---:|")
        for corpus in corpora:
            base: Score | None = None
            for name in names:
                score = run(corpus, name, workdir)
                base = score if name == "none" else base
                delta = score.f1 - base.f1 if base is not None else 0.0
                print(f"| {corpus.name} | {name} | {score.precision:.3f} | {score.recall:.3f} "
                      f"| {score.f1:.3f} | {delta:+.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
