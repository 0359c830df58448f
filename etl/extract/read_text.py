"""Decode the bytes of a plain-text file into one string, detecting its encoding.

UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM, UTF-16 without a BOM
when its NUL bytes say so, GB18030/GBK/GB2312
(always decoded as GB18030, their superset), and, as a last resort, whatever
charset-normalizer detects when the result is plausible text. Bytes that are
clearly not text (a known binary signature, NUL bytes, many control
characters) raise :class:`~etl.errors.BinaryInputError`. The text is never
rewritten after decoding: offsets into it are offsets into the product.
"""

from __future__ import annotations

import codecs
import collections
import functools
import re
import unicodedata

from etl.errors import BinaryInputError, EncodingInputError
from etl.extract.read_common import Decoded, is_docx_zip

__all__ = ["BINARY_SIGNATURES", "BOMS", "TRUNCATED_WARNING", "decode_text"]

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
# UTF-16 without a BOM: NUL bytes on one side of at least this share of the
# code units (the ASCII characters), and at most this share of the NULs on the
# other side; see _utf16_without_bom.
MIN_UTF16_NUL_SHARE = 0.01
MIN_UTF16_NULS = 4
MAX_UTF16_OTHER_SIDE = 0.3

# Byte-order marks, longest first (the UTF-32-LE BOM starts with the UTF-16-LE one).
BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\x84\x31\x95\x33", "gb18030", "gb18030"),
)

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


# The first bytes that can start a BOM or a binary signature, tested in one call each: most
# files start with neither, and then the loops over the tables are skipped.
_BOM_STARTS = tuple(bom for bom, _, _ in BOMS)
_BINARY_STARTS = tuple(signature for signature, _ in BINARY_SIGNATURES) + (b"BZh",)


def decode_text(data: bytes, path: str) -> Decoded:
    """Decode the bytes of a text file, detecting its encoding."""
    if data.startswith(_BOM_STARTS):
        for bom, codec, label in BOMS:
            if data.startswith(bom):
                return _decode_with_bom(data[len(bom):], codec, label, path)
    if b"\x00" in data and _binary_kind(data) is None:
        # NUL bytes: binary, unless they fall in the pattern of UTF-16 saved without a BOM.
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
    _reject_binary(data, path)
    # Happy path: one strict decode, no detection for valid UTF-8.
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
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


def _decode_with_bom(body: bytes, codec: str, label: str, path: str) -> Decoded:
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
            return Decoded(replaced.text, label, tuple(warnings) + replaced.warnings)
        else:
            raise EncodingInputError(
                path, f"starts with a {label.upper()} byte-order mark but does not decode as {label.upper()}"
            ) from exc
    return Decoded(text, label, tuple(warnings))


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without a byte-order mark, when the NUL bytes say so and the text is plausible.

    ASCII characters (digits, punctuation, Latin letters) in UTF-16 have one
    NUL byte each, all on the same side of the code unit: the odd offsets in
    little-endian, the even ones in big-endian. Chinese characters rarely have
    a NUL byte, but common ones do (一 is U+4E00): most NULs, not all, are on one side.
    """
    sample = data[:CONTROL_SAMPLE_BYTES]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    main_side = max(even, odd)
    if main_side < max(MIN_UTF16_NULS, MIN_UTF16_NUL_SHARE * len(sample) / 2):
        return None
    if min(even, odd) > MAX_UTF16_OTHER_SIDE * (even + odd):
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    warnings: tuple[str, ...] = ()
    if len(data) % 2:
        data = data[:-1]
        warnings = (f"{TRUNCATED_WARNING} (1 byte(s))",)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    # Other bytes read as UTF-16 give ideographs too (ASCII pairs fall in U+2020-U+7E7E),
    # but rare ones: Chinese text must pass the common-character test.
    if "\x00" in text or not _looks_like_text(text) or not _han_mostly_common(text):
        return None
    return Decoded(text, codec, warnings)


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
    if not data.startswith(_BINARY_STARTS):
        return None
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            if kind == "a ZIP archive" and is_docx_zip(data):
                return "a Word .docx document; give it the .docx suffix"
            if kind == "PDF":
                return "a PDF document; give it the .pdf suffix"
            return kind
    if BZIP2_SIGNATURE.match(data):
        return "a bzip2 archive"
    return None


def _detect(data: bytes) -> Decoded | None:
    """Try, in order: UTF-8 cut at the end, GB18030, UTF-8 with a few bad bytes,
    then charset-normalizer. Return None when nothing plausible comes out."""
    utf8_tail = _utf8_incomplete_tail(data)
    if utf8_tail:
        try:
            text = data[: len(data) - utf8_tail].decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return Decoded(text, "utf-8", (f"{TRUNCATED_WARNING} ({utf8_tail} byte(s))",))
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


def _decode_gb18030(data: bytes) -> Decoded | None:
    """Strict GB18030, tolerating a character cut off at the very end."""
    try:
        return Decoded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError as exc:
        if not _is_truncated_tail(exc, len(data)):
            return None
        try:
            text = data[: exc.start].decode("gb18030")
        except UnicodeDecodeError:
            return None
        return Decoded(text, "gb18030", (f"{TRUNCATED_WARNING} ({len(data) - exc.start} byte(s))",))


def _utf8_with_replacement(data: bytes) -> Decoded | None:
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
    return Decoded(body.decode("utf-8", errors="replace"), "utf-8", tuple(warnings))


def _first_invalid_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _charset_normalizer(data: bytes) -> Decoded | None:
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
    return Decoded(text, encoding)


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


@functools.cache
def _common_han_either_script() -> frozenset[str]:
    """Common Chinese characters, simplified or traditional: GB2312 level 1 and Big5 level 1 (A440-C67E)."""
    chars: set[str] = set(_common_han())
    for high in range(0xA4, 0xC7):
        for low in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                chars.add(bytes((high, low)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(ch for ch in chars if _is_han(ch))


def _han_mostly_common(text: str) -> bool:
    """Are the text's Chinese characters (if any) mostly common ones, as in real text?

    Simplified and traditional reports alike have >= 98 % of their characters
    among the common ones of either script; other bytes read as UTF-16 about 22 %.
    """
    common_set = _common_han_either_script()
    han = common = 0
    for ch, n in _char_counts(text).items():
        if _is_han(ch):
            han += n
            common += n if ch in common_set else 0
    return common >= MIN_COMMON_HAN_SHARE * han


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
