"""Read a source document from disk (or memory) and decode it into one string.

This is the first stage of the pipeline. Everything after it (normalising,
finding mentions, building facts) works on :attr:`DecodedDocument.text`, and
every ``span`` in the product is a pair of offsets into that exact string, so
this module never rewrites the text after decoding (no newline or width
normalisation for plain text).

Supported inputs:

* ``.txt`` / ``.text``: UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM,
  GB18030/GBK/GB2312 (always decoded as GB18030, their superset), and, as a
  last resort, whatever charset-normalizer detects when the result is
  plausible text.
* ``.html`` / ``.htm``: decoded as above (BOM, then ``<meta charset>``, then
  detection), then the visible text of the body, one block element per line.
* ``.docx``: paragraphs and table rows in document order, one per line.

Anything that cannot become text raises a subclass of
:class:`etl.errors.InputError` whose one-line message names the file.
"""

from __future__ import annotations

import codecs
import collections
import functools
import hashlib
import io
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass

from etl.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    TooLargeInputError,
    UnreadableInputError,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "DecodedDocument",
    "decode_bytes",
    "read_document",
]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx")

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIX = ".docx"

TRUNCATED_WARNING = "truncated multi-byte sequence at end dropped"

# A few invalid bytes in an otherwise valid UTF-8 file (a bad copy, a stray
# Latin-1 byte) are replaced rather than rejected, but only up to this share of
# the bytes: more than that means the file is not UTF-8 at all.
MAX_REPLACED_SHARE = 0.001
# Up to this share of invalid bytes the error message says "almost UTF-8".
MOSTLY_UTF8_SHARE = 0.05

# An invalid byte after decoding with errors="surrogateescape".
_ESCAPED_BYTE = re.compile("[\\udc80-\\udcff]")

# How much worse (in charset-normalizer's "chaos" score) a Windows-1252
# reading may be than the top guess and still be preferred; see _charset_normalizer.
WESTERN_CHAOS_SLACK = 0.1

# How much of a large text the plausibility checks look at; the verdict on the
# first 100 000 characters is as good as on the whole and keeps big files fast.
PLAUSIBILITY_SAMPLE_CHARS = 100_000
CONTROL_SAMPLE_BYTES = 64 * 1024

# Leading bytes of common binary formats, with the name used in the message.
# Checked before decoding so that a PDF saved as .txt says "looks like PDF"
# rather than "cannot detect the encoding".
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "PDF"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"PK\x07\x08", "a ZIP archive"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc/.xls)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
BZIP2_SIGNATURE = re.compile(rb"BZh[1-9]1AY&SY")

# C0 control bytes that never occur in real text (TAB, LF, VT, FF, CR and ESC,
# which colourised logs use, are allowed). NUL is handled separately.
CONTROL_BYTES = bytes(
    b for b in range(0x01, 0x20) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B)
) + b"\x7f"
MAX_CONTROL_SHARE = 0.01

# Byte-order marks, longest first (the UTF-32-LE BOM starts with the UTF-16-LE one).
BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\x84\x31\x95\x33", "gb18030", "gb18030"),
)

# Declared HTML charsets that are really GB18030 subsets; decoding them as
# GB18030 accepts the characters that real-world "gb2312" pages contain anyway.
GB_ALIASES = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "gb18030"})

META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
LOOKS_LIKE_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)

# Thresholds for "this GB18030 decoding is real Chinese, not mojibake". Real
# reports have >= 90 % ideographs among non-ASCII characters and >= 99 % of
# those in GB2312 level 1 (the 3 755 common characters); Big5 or UTF-8 bytes
# read as GB18030 give about 30 % ideographs, many of them rare, plus kana,
# private-use and unassigned code points.
MIN_HAN_SHARE = 0.6
MIN_COMMON_HAN_SHARE = 0.8
MAX_ODD_SHARE = 0.01
# A detected (non-UTF, non-GB) decoding must have this share of its non-ASCII
# letters in one script; see _looks_like_text.
MIN_MAIN_SCRIPT_SHARE = 0.8

# Sentinels for line and cell breaks while flattening HTML; private-use code
# points, so they cannot collide with the page's own whitespace.
_LINE_MARK = "\ue000"
_CELL_MARK = "\ue001"
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_WRAP = re.compile(f"(?<=[{_CJK}])[ \\t\\r\\f]*\\n\\s*(?=[{_CJK}])")
HTML_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
)
HTML_CELL_TAGS = ("td", "th")
HTML_DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "head", "object")


@dataclass(frozen=True, slots=True)
class DecodedDocument:
    """A source document decoded into the text that all offsets point into."""

    path: str
    name: str
    text: str
    encoding: str
    sha256: str
    size: int
    title: str | None
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Decoded:
    """Intermediate result of decoding bytes into text."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# public entry points
# ---------------------------------------------------------------------------


def read_document(
    path: str | os.PathLike[str], *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> DecodedDocument:
    """Read and decode the document at ``path``.

    The size is checked with ``stat`` before anything is read, so an oversized
    file costs nothing. ``max_bytes=None`` disables the limit. Raises an
    :class:`~etl.errors.InputError` subclass (never a raw ``OSError`` or
    ``UnicodeDecodeError``) when the file cannot be read or decoded.
    """
    shown = os.fsdecode(os.fspath(path))
    data = _read_bytes(shown, max_bytes)
    return _decode_document(data, shown, os.path.splitext(shown)[1])


def decode_bytes(data: bytes, name: str, *, suffix: str = ".txt") -> DecodedDocument:
    """Decode in-memory ``data`` as :func:`read_document` would decode a file.

    ``name`` is used as the path in messages and (its base name) as the
    document name; ``suffix`` picks the format (``.txt``, ``.html``, ``.docx``...).
    """
    return _decode_document(bytes(data), name, suffix)


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------


def _read_bytes(path: str, max_bytes: int | None) -> bytes:
    """Return the file's bytes, mapping every OS failure to an InputError."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise UnreadableInputError(path, _os_problem(path, exc)) from exc
    except ValueError as exc:  # e.g. an embedded NUL in the path
        raise UnreadableInputError(path, f"invalid path ({exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableInputError(path, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end; refuse before opening.
        raise UnreadableInputError(path, "not a regular file (a device, pipe or socket)")
    if max_bytes is not None and info.st_size > max_bytes:
        raise TooLargeInputError(path, _too_large(info.st_size, max_bytes))
    try:
        with open(path, "rb") as fh:
            # Read one byte past the limit: the file may have grown since stat.
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableInputError(path, _os_problem(path, exc)) from exc
    if max_bytes is not None and len(data) > max_bytes:
        raise TooLargeInputError(path, _too_large(len(data), max_bytes))
    return data


def _os_problem(path: str, exc: OSError) -> str:
    """Describe an OS error in plain words (one line, no path repeated)."""
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return "broken symbolic link (its target does not exist)"
        return "file not found (missing, moved or deleted)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(exc, NotADirectoryError):
        return "file not found (a part of the path is not a directory)"
    reason = exc.strerror or exc.__class__.__name__
    return f"cannot read the file ({reason.lower()})"


def _too_large(size: int, limit: int) -> str:
    return f"file is too large ({_human_size(size)}; the limit is {_human_size(limit)})"


def _human_size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


# ---------------------------------------------------------------------------
# dispatch by format
# ---------------------------------------------------------------------------


def _decode_document(data: bytes, path: str, suffix: str) -> DecodedDocument:
    """Decode ``data`` by format and wrap it with its hash, size and name."""
    suffix = suffix.lower()
    if not suffix.startswith(".") and suffix:
        suffix = "." + suffix
    if not data:
        raise EmptyInputError(path, "empty file (0 bytes)")
    title: str | None = None
    if suffix == DOCX_SUFFIX or (suffix not in SUPPORTED_SUFFIXES and _is_docx_zip(data)):
        decoded, title = _decode_docx(data, path)
    elif suffix in HTML_SUFFIXES or (
        suffix not in SUPPORTED_SUFFIXES and LOOKS_LIKE_HTML.match(data[:4096])
    ):
        decoded, title = _decode_html(data, path)
    else:
        decoded = _decode_text(data, path)
        if not decoded.text or decoded.text.isspace():
            raise EmptyInputError(path, "no text (the file holds only whitespace)")
    return DecodedDocument(
        path=path,
        name=os.path.basename(path) or path,
        text=decoded.text,
        encoding=decoded.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        title=title,
        warnings=decoded.warnings,
    )


# ---------------------------------------------------------------------------
# plain text
# ---------------------------------------------------------------------------


def _decode_text(data: bytes, path: str) -> _Decoded:
    """Decode the bytes of a text file, detecting its encoding."""
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom):], codec, label, path)
    _reject_binary(data, path)
    # Happy path: one strict decode, no detection for valid UTF-8.
    try:
        return _Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    decoded = _detect(data)
    if decoded is None:
        raise EncodingInputError(path, _undetectable_problem(data))
    return decoded


def _undetectable_problem(data: bytes) -> str:
    """Explain why no encoding fits; say so when the file is nearly UTF-8."""
    tried = "tried utf-8, gb18030 and charset detection"
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED_BYTE.findall(escaped))
    if bad <= MOSTLY_UTF8_SHARE * len(data):
        tried += (
            f"; it is almost UTF-8 but has {bad} invalid bytes, first at byte offset "
            f"{_first_invalid_utf8(data)}, too many to replace safely"
        )
    return f"cannot detect the text encoding ({tried}); save the file as UTF-8"


def _decode_with_bom(body: bytes, codec: str, label: str, path: str) -> _Decoded:
    """Decode the bytes after a byte-order mark with the codec it names."""
    warnings: list[str] = []
    unit = {"utf-16-le": 2, "utf-16-be": 2, "utf-32-le": 4, "utf-32-be": 4}.get(codec, 1)
    if unit > 1 and len(body) % unit:
        dropped = len(body) % unit
        body = body[: len(body) - dropped]
        warnings.append(f"{TRUNCATED_WARNING} ({dropped} byte(s))")
    try:
        text = body.decode(codec)
        if unit > 1 and not _looks_like_text(text):
            # FF FE can also start a binary file; UTF-16 "decodes" almost anything.
            raise BinaryInputError(
                path, f"binary file (starts with a {label.upper()} byte-order mark but is not text)"
            )
    except UnicodeDecodeError as exc:
        if _is_truncated_tail(exc, len(body)):
            text = body[: exc.start].decode(codec, errors="strict")
            warnings.append(f"{TRUNCATED_WARNING} ({len(body) - exc.start} byte(s))")
        elif codec == "utf-8":
            replaced = _utf8_with_replacement(body)
            if replaced is None:
                raise EncodingInputError(
                    path, "starts with a UTF-8 byte-order mark but is not valid UTF-8"
                ) from exc
            return _Decoded(replaced.text, label, tuple(warnings) + replaced.warnings)
        else:
            raise EncodingInputError(
                path, f"starts with a {label.upper()} byte-order mark but does not decode as {label.upper()}"
            ) from exc
    return _Decoded(text, label, tuple(warnings))


def _is_truncated_tail(exc: UnicodeDecodeError, length: int) -> bool:
    """True when the only problem is an incomplete character at the very end."""
    return exc.end == length and length - exc.start <= 3 and (
        "end of data" in exc.reason or "incomplete" in exc.reason or "truncated" in exc.reason
    )


def _reject_binary(data: bytes, path: str) -> None:
    """Raise BinaryInputError when the bytes are clearly not text."""
    kind = _binary_kind(data)
    if kind is not None:
        raise BinaryInputError(path, f"binary file (looks like {kind}), not text")
    if b"\x00" in data:
        raise BinaryInputError(path, "binary file (contains NUL bytes), not text")
    sample = data[:CONTROL_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise BinaryInputError(path, "binary file (many control characters), not text")


def _binary_kind(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, or None."""
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            if kind == "a ZIP archive" and _is_docx_zip(data):
                return "a Word .docx document; give it the .docx suffix"
            return kind
    if BZIP2_SIGNATURE.match(data):
        return "a bzip2 archive"
    return None


def _detect(data: bytes) -> _Decoded | None:
    """Try, in order: UTF-8 cut at the end, GB18030, UTF-8 with a few bad bytes,
    then charset-normalizer. Return None when nothing plausible comes out."""
    utf8_tail = _utf8_incomplete_tail(data)
    if utf8_tail:
        try:
            text = data[: len(data) - utf8_tail].decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return _Decoded(text, "utf-8", (f"{TRUNCATED_WARNING} ({utf8_tail} byte(s))",))
    gb = _decode_gb18030(data)
    if gb is not None and _looks_chinese(gb.text):
        return gb
    replaced = _utf8_with_replacement(data)
    if replaced is not None:
        return replaced
    return _charset_normalizer(data)


def _utf8_incomplete_tail(data: bytes) -> int:
    """Length of an incomplete UTF-8 sequence at the very end (0 if none)."""
    for size in (1, 2, 3):
        if size > len(data):
            break
        byte = data[-size]
        if byte < 0x80:
            return 0
        if byte >= 0xC0:  # a lead byte: is its sequence cut short?
            try:
                data[-size:].decode("utf-8")
            except UnicodeDecodeError as exc:
                return size if "end of data" in exc.reason else 0
            return 0
    return 0


def _decode_gb18030(data: bytes) -> _Decoded | None:
    """Strict GB18030, tolerating a character cut off at the very end."""
    try:
        return _Decoded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError as exc:
        if not _is_truncated_tail(exc, len(data)):
            return None
        try:
            text = data[: exc.start].decode("gb18030")
        except UnicodeDecodeError:
            return None
        return _Decoded(text, "gb18030", (f"{TRUNCATED_WARNING} ({len(data) - exc.start} byte(s))",))


def _utf8_with_replacement(data: bytes) -> _Decoded | None:
    """Decode UTF-8 with U+FFFD for invalid bytes, if they are a tiny share."""
    tail = _utf8_incomplete_tail(data)
    body = data[: len(data) - tail] if tail else data
    escaped = body.decode("utf-8", errors="surrogateescape")
    bad = _ESCAPED_BYTE.findall(escaped)
    if not bad or len(bad) > MAX_REPLACED_SHARE * len(data):
        return None
    first = _first_invalid_utf8(body)
    warnings = [
        f"{len(bad)} invalid UTF-8 byte(s) replaced with U+FFFD (first at byte offset {first})"
    ]
    if tail:
        warnings.append(f"{TRUNCATED_WARNING} ({tail} byte(s))")
    return _Decoded(body.decode("utf-8", errors="replace"), "utf-8", tuple(warnings))


def _first_invalid_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _charset_normalizer(data: bytes) -> _Decoded | None:
    """Ask charset-normalizer; accept its answer only if the text is plausible."""
    # Imported lazily: it is only needed for files that are neither UTF-8 nor GB.
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # On short Western text the top guess is often an exotic code page
    # (cp775, mac_latin2) that turns "café" into "cafķ"; a near-equal
    # Windows-1252 reading is far more likely to be what the author saved.
    for match in matches:
        if "cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + WESTERN_CHAOS_SLACK:
            best = match
            break
    encoding = codecs.lookup(best.encoding).name
    if "cp1252" in best.could_be_from_charset:
        encoding = "cp1252"
    text = data.decode(encoding, errors="strict") if encoding == "cp1252" else str(best)
    if encoding in {"gb18030", "gbk", "gb2312"} and not _looks_chinese(text):
        return None
    if not _looks_like_text(text):
        return None
    return _Decoded(text, encoding)


@functools.cache
def _common_han() -> frozenset[str]:
    """The 3 755 GB2312 level-1 (most common) Chinese characters."""
    chars: set[str] = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FA1F


def _is_odd(ch: str) -> bool:
    """Private-use, unassigned, control (non-whitespace) or replacement character."""
    if ch in "\t\n\r\x0b\x0c\x1b":
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cc", "Cs")


def _char_counts(text: str) -> collections.Counter[str]:
    return collections.Counter(text[:PLAUSIBILITY_SAMPLE_CHARS])


def _looks_chinese(text: str) -> bool:
    """Is this plausibly Chinese text (and not GB18030 mojibake of other bytes)?"""
    non_ascii = han = common = odd = 0
    common_set = _common_han()
    for ch, n in _char_counts(text).items():
        if ord(ch) < 0x80:
            continue
        non_ascii += n
        if _is_han(ch):
            han += n
            if ch in common_set:
                common += n
        elif _is_odd(ch):
            odd += n
    if non_ascii == 0 or han == 0:
        return False
    return (
        han >= MIN_HAN_SHARE * non_ascii
        and common >= MIN_COMMON_HAN_SHARE * han
        and odd <= MAX_ODD_SHARE * non_ascii
    )


def _looks_like_text(text: str) -> bool:
    """Generic sanity check for a detected encoding.

    Almost no private-use, unassigned or control characters, and the
    non-ASCII letters come mostly from one script: real text is Cyrillic or
    Chinese or Korean, while bytes read with the wrong multi-byte codec give a
    mix of Hangul, ideographs, Yi and half-width katakana.
    """
    counts = _char_counts(text)
    total = sum(counts.values())
    odd = sum(n for ch, n in counts.items() if _is_odd(ch))
    if total == 0 or odd > MAX_ODD_SHARE * total:
        return False
    scripts: collections.Counter[str] = collections.Counter()
    for ch, n in counts.items():
        if ord(ch) >= 0x80 and unicodedata.category(ch).startswith("L"):
            scripts[_script_of(ch)] += n
    letters = sum(scripts.values())
    return letters == 0 or max(scripts.values()) >= MIN_MAIN_SCRIPT_SHARE * letters


def _script_of(ch: str) -> str:
    """Coarse script of a letter: the first word of its Unicode name."""
    word = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    # Japanese mixes ideographs and kana in one text; count them as one script.
    return "CJK" if word in ("HIRAGANA", "KATAKANA") else word


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


def _decode_html(data: bytes, path: str) -> tuple[_Decoded, str | None]:
    """Decode an HTML page and return its visible body text and title."""
    decoded = _decode_html_bytes(data, path)
    text, title = _html_to_text(decoded.text)
    if not text:
        raise EmptyInputError(path, "no text in the page body")
    return _Decoded(text, "html:" + decoded.encoding, decoded.warnings), title


def _decode_html_bytes(data: bytes, path: str) -> _Decoded:
    """BOM first, then a declared multi-byte charset, then detection."""
    if any(data.startswith(bom) for bom, _, _ in BOMS):
        return _decode_text(data, path)
    declared = _declared_charset(data)
    if declared is not None and declared != "utf-8":
        # A declared single-byte charset decodes anything, so it is trusted
        # only after detection (old Chinese pages often declare iso-8859-1).
        if _is_multibyte(declared):
            try:
                return _Decoded(data.decode(declared), declared)
            except UnicodeDecodeError:
                pass
    try:
        return _decode_text(data, path)
    except EncodingInputError:
        if declared is None:
            raise
        try:
            return _Decoded(data.decode(declared), declared)
        except UnicodeDecodeError as exc:
            raise EncodingInputError(
                path, f"does not decode as its declared charset {declared} nor as utf-8/gb18030"
            ) from exc


def _declared_charset(data: bytes) -> str | None:
    """The codec named by ``<meta charset>`` in the page head, if Python knows it."""
    match = META_CHARSET.search(data[:8192])
    if match is None:
        return None
    label = match.group(1).decode("ascii", errors="ignore").lower()
    if label in GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_multibyte(codec: str) -> bool:
    return codec not in {"latin-1", "iso8859-1", "ascii"} and not codec.startswith(
        ("cp12", "iso8859", "mac-", "cp4", "cp8", "koi8")
    )


def _html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible body text, one block element per line, cells separated by tabs."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    title = None
    if soup.title is not None:
        title = re.sub(r"\s+", " ", soup.title.get_text()).strip() or None
    for tag in soup.find_all(HTML_DROPPED_TAGS):
        tag.decompose()
    for pre in soup.find_all("pre"):
        # Line breaks inside <pre> are real; protect them from whitespace collapsing.
        for piece in pre.find_all(string=True):
            piece.replace_with(piece.replace("\n", _LINE_MARK))
    for br in soup.find_all("br"):
        br.replace_with(_LINE_MARK)
    for tag in soup.find_all(HTML_BLOCK_TAGS):
        tag.insert_before(_LINE_MARK)
        tag.insert_after(_LINE_MARK)
    for tag in soup.find_all(HTML_CELL_TAGS):
        tag.insert_after(_CELL_MARK)
    root = soup.body if soup.body is not None else soup
    # A source line break between two Chinese characters renders as nothing
    # (CSS Text 3 segment-break rule); elsewhere whitespace collapses to a space.
    flat = _CJK_WRAP.sub("", root.get_text())
    flat = re.sub(r"\s+", " ", flat)
    lines = []
    for raw in flat.split(_LINE_MARK):
        cells = [cell.strip() for cell in raw.split(_CELL_MARK)]
        line = "\t".join(cell for cell in cells if cell)
        if line:
            lines.append(line)
    return "\n".join(lines), title


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------


def _is_docx_zip(data: bytes) -> bool:
    """A ZIP archive containing ``word/document.xml``."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _decode_docx(data: bytes, path: str) -> tuple[_Decoded, str | None]:
    """Paragraphs and table rows of a .docx, in document order, and its title."""
    _check_docx_container(data, path)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.append(block.text)
        title = (document.core_properties.title or "").strip() or None
    # python-docx and lxml raise many unrelated types on damaged input
    # (KeyError, ValueError, XMLSyntaxError...); all mean "corrupt document".
    except Exception as exc:  # noqa: BLE001
        raise EncodingInputError(
            path, f"corrupt .docx document ({exc.__class__.__name__}: {_one_line(exc)})"
        ) from exc
    text = "\n".join(lines)
    if not text or text.isspace():
        raise EmptyInputError(path, "no text in the .docx document")
    return _Decoded(text, "docx"), title


def _check_docx_container(data: bytes, path: str) -> None:
    """Reject data that is not a ZIP holding a Word document, with a clear reason."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise BinaryInputError(
            path, "an old binary Word .doc file, not .docx (save it as .docx or .txt)"
        )
    if not data.startswith(b"PK"):
        raise EncodingInputError(path, "not a valid .docx document (it is not a ZIP archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise EncodingInputError(
            path, f"corrupt .docx document (damaged ZIP archive: {_one_line(exc)})"
        ) from exc
    if "word/document.xml" not in names:
        raise BinaryInputError(path, "a ZIP archive but not a Word .docx document")


def _table_lines(table: object) -> list[str]:
    """One line per table row, cells joined by tabs (merged cells once)."""
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        seen: list[object] = []
        cells = []
        for cell in row.cells:
            # python-docx repeats a merged cell once per grid column it spans.
            if any(cell._tc is element for element in seen):
                continue
            seen.append(cell._tc)
            cells.append(cell.text.replace("\n", " ").strip())
        line = "\t".join(cells)
        if line.strip():
            lines.append(line)
    return lines


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or exc.__class__.__name__
