"""Read an article file into plain text: size limits, encoding detection, HTML boilerplate removal,
and sentence splitting with character offsets.

Offsets everywhere in the extraction are offsets into :attr:`ArticleText.text`, the text
this module returns (for HTML, the text trafilatura extracted; for plain text, the decoded
file with line endings normalised to ``\\n``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from dyad.errors import LoaderError, SourceLocation

logger = logging.getLogger(__name__)

#: Files larger than this are refused: a news article is a few tens of kilobytes.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Extracted text beyond this many characters is not read (bounds the time on odd inputs).
MAX_TEXT_CHARS = 200_000
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass
class ArticleText:
    """An article's text and what reading it found out."""

    text: str
    sha256: str
    path: str
    format: str  # "text" or "html"
    encoding: str
    title: str | None = None
    published: str | None = None
    notes: list[str] = field(default_factory=list)


def _location(path: Path) -> SourceLocation:
    return SourceLocation(str(path))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


def _decode_wide(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 text (with a byte-order mark, or ASCII letters with NUL bytes between them), decoded."""
    boms = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    codec = next((name for bom, name in boms if data.startswith(bom)), None)
    if codec is None:
        head = data[:4096 - 4096 % 4]
        quarters = [head[i::4].count(0) for i in range(4)]
        halves = [head[i::2].count(0) for i in range(2)]
        if len(head) >= 8 and sorted(quarters)[1:] == [len(head) // 4] * 3 and min(quarters) == 0:
            codec = "utf-32-le" if quarters[0] == 0 else "utf-32-be"
        elif len(head) >= 8 and max(halves) >= len(head) // 2 * 0.9 and min(halves) == 0:
            codec = "utf-16-le" if halves[0] == 0 else "utf-16-be"
    if codec is None:
        return None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Bytes to text: UTF-8 (with or without BOM) first, then charset-normalizer's best guess."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise LoaderError(
            "not UTF-8 and no text encoding could be detected; convert the file to UTF-8 (e.g. with iconv)",
            _location(path),
        )
    return str(best), best.encoding


def is_html(text: str, path: Path) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def read_article(path: Path) -> ArticleText:
    """Read ``path`` (plain text or HTML) into an :class:`ArticleText`.

    Raises :class:`LoaderError` naming the file for a missing, empty, binary, oversized or
    undecodable file, and for HTML in which no article text can be found.
    """
    path = Path(path)
    try:
        status = path.stat()
    except OSError as err:
        raise LoaderError(f"cannot read the article: {err.strerror or err}", _location(path)) from err
    if not stat.S_ISREG(status.st_mode):  # a device or pipe (/dev/zero) might never end
        raise LoaderError("not a regular file (a device, pipe or socket): give the article's file", _location(path))
    size = status.st_size
    if size > MAX_FILE_BYTES:
        raise LoaderError(
            f"file is {size / 1e6:.1f} MB, larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB a news article may be; "
            "split it or give the article alone",
            _location(path),
        )
    data = path.read_bytes()
    if not data.strip():
        raise LoaderError("the file is empty: there is no article text to read", _location(path))
    sha256 = hashlib.sha256(data).hexdigest()
    wide = _decode_wide(data)  # NUL bytes between letters: text in UTF-16 or UTF-32, not binary
    if wide is None and _looks_binary(data):
        raise LoaderError("the file is binary, not an article (text or HTML expected)", _location(path))
    raw, encoding = wide if wide is not None else decode(data, path)
    notes: list[str] = []
    if encoding != "utf-8":
        notes.append(f"not UTF-8: decoded as {encoding}")
    if is_html(raw, path):
        text, title, published = _html_to_text(raw, path)
        fmt = "html"
    else:
        text, title, published = raw, None, None
        fmt = "text"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT_CHARS:
        notes.append(f"text cut at {MAX_TEXT_CHARS} characters of {len(text)}")
        text = text[:MAX_TEXT_CHARS]
    if not text.strip():
        raise LoaderError("no article text found in the file", _location(path))
    return ArticleText(text, sha256, str(path), fmt, encoding, title, published, notes)


def _html_to_text(html: str, path: Path) -> tuple[str, str | None, str | None]:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True,
                               deduplicate=False)
    if not text or not text.strip():
        # Very short pages fall below trafilatura's thresholds; try once with recall favoured.
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not text or not text.strip():
        raise LoaderError(
            "HTML page with no article text (only scripts, navigation or boilerplate); "
            "save the article page itself or its text",
            _location(path),
        )
    title = published = None
    try:
        meta = trafilatura.extract_metadata(html)
    except Exception:  # noqa: BLE001 - metadata is a bonus; a page without it still loads
        logger.debug("no metadata in %s", path, exc_info=True)
        meta = None
    if meta is not None:
        title = meta.title or None
        if meta.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta.date)):
            published = str(meta.date)
    return text, title, published


# --- sentences -------------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep", "st", "jr", "sr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "etc",
    "inc", "corp", "co", "ltd", "dept", "approx", "est", "fig", "pres", "min",
}
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)|\n\s*\n|\n")
_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]?")  # "U.S.", "U.N"
_CAPITAL = re.compile(r"[A-Z]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their character spans, never crossing a line break.

    >>> [s.text for s in split_sentences("Talks resumed in Jan. 2020. The U.S. said so.\\nNew line")]
    ['Talks resumed in Jan. 2020.', 'The U.S. said so.', 'New line']
    """
    sentences: list[Sentence] = []
    paragraph = 0
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        piece = match.group()
        if "\n" not in piece:
            before = text[start:match.start()]
            # the word before the stop: what re.search(r"(\S+)$", before) finds (the same whitespace), without
            # trying every position of the sentence
            last = "" if not before or before[-1].isspace() else before.rsplit(None, 1)[-1]
            following = text[end:end + 3].lstrip()
            if piece == "." and (
                last.lower().strip("(\"'") in _ABBREVIATIONS
                or _INITIALS.fullmatch(last + ".")
                or (following[:1].islower())
                or _CAPITAL.fullmatch(last)
            ):
                continue
        _append(sentences, text, start, match.start() + len(piece.rstrip()) if "\n" not in piece else match.start(), paragraph)
        if "\n" in piece:
            paragraph += 1
        start = end
    _append(sentences, text, start, len(text), paragraph)
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end], paragraph))
