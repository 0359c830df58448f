"""Benchmark the reader on hostile input: deeply nested HTML and .docx decompression bombs.

* nested ``<div>``s (5,000 to 100,000 levels): seconds to convert to text; linear work
  means ten times the nesting costs about ten times the seconds (the conversion that
  marked the tree with ``insert_after`` took 0.95 s at 5k, 3.9 s at 10k, 16.3 s at 20k
  and more than 500 s at 100k);
* a .docx whose ``word/document.xml`` expands to ``--bomb-mb`` MiB of paragraphs: seconds
  and peak memory to refuse it under the default 64 MiB limit (it is never parsed).

    .venv/bin/python bench/read_hostile.py
    .venv/bin/python bench/read_hostile.py --depths 5000 10000 --bomb-mb 256
"""

from __future__ import annotations

import argparse
import io
import resource
import time
import zipfile

from etl.errors import TooLargeInputError
from etl.extract.read import DEFAULT_MAX_BYTES, decode_bytes

PARAGRAPH = "<w:p><w:r><w:t>全县城市低保对象1305户1968人。</w:t></w:r></w:p>"
DOCUMENT_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')


def nested_divs(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "低保对象1305户" + "</div>" * depth + "</body></html>").encode()


def docx_bomb(megabytes: int) -> bytes:
    """A minimal .docx whose document part inflates to about ``megabytes`` MiB."""
    repeats = megabytes * (1 << 20) // len(PARAGRAPH.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(DOCUMENT_HEAD.encode())
            block = (PARAGRAPH * 1000).encode()
            for _ in range(repeats // 1000):
                part.write(block)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--depths", type=int, nargs="+", default=[5000, 10000, 20000, 100000])
    parser.add_argument("--bomb-mb", type=int, default=1024)
    args = parser.parse_args()
    for depth in args.depths:
        page = nested_divs(depth)
        start = time.perf_counter()
        text = decode_bytes(page, "nested.html", suffix=".html").text
        print(f"nested <div> x {depth:>7,}: {len(page) / 1e6:5.2f} MB page, {time.perf_counter() - start:6.2f} s, "
              f"text {text!r}")
    bomb = docx_bomb(args.bomb_mb)
    before = peak_rss_mib()
    start = time.perf_counter()
    try:
        decode_bytes(bomb, "bomb.docx", suffix=".docx", max_bytes=DEFAULT_MAX_BYTES)
        outcome = "read (not refused!)"
    except TooLargeInputError as exc:
        outcome = f"refused: {exc}"
    print(f".docx bomb {len(bomb) / 1e6:.1f} MB -> {args.bomb_mb} MiB: {time.perf_counter() - start:.2f} s, "
          f"peak RSS {before:.0f} -> {peak_rss_mib():.0f} MiB; {outcome}")


if __name__ == "__main__":
    main()
