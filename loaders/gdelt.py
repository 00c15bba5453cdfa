"""The ``gdelt`` loader: GDELT 1.0 and 2.0 event exports (tab-separated, plain or zipped).

Every export file is one source document (``dyad:documentKind "event-export"``) and one
named graph. Each record becomes an Event (IRI from its GLOBALEVENTID) with its CAMEO code,
label and root, QuadClass, Goldstein score, mention/source/article counts, tone, date, actor
countries and names, backed by a Claim (certainty ``reported``: the record is machine-coded)
derived from the record's source article (a Document of kind ``news-article`` with its URL;
57-column GDELT 1.0 rows have no URL, their claims derive from the export file itself).
Every record counts as one report, as GDELT counts them; nothing is de-duplicated.

Records are streamed: the file is never held in memory. Rows that cannot be mapped (a short
row, a non-numeric Goldstein score, an unknown CAMEO country or event code, a bad date) are
reported with file and line, counted and skipped, or raise with ``strict``. Records whose
actors have no country (GDELT leaves many blank, or names a region such as ``AFR``) cannot
be events between countries: they are skipped and counted as ``no_country``.

Every row also passes :class:`dyad.gdelt.scan.ExportScanner`: rows between two countries feed
the dyad-day aggregates of every dyad (:mod:`dyad.gdelt.aggregates`), and with a
:class:`RowFilter` (``--countries``, ``--dyad``) only the rows that match it are parsed in full
and stored as records.

Two ways out, one mapping: :meth:`GdeltLoader.load` yields an rdflib graph per file (the
common loader interface, used for small files and by ``dyad validate``), and
:func:`load_gdelt_events` writes big files straight into the store from the same N-Triples
text (see ``docs/gdelt.md`` for why the fast path needs no SHACL run per record).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import logging
import os
import re
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import ClassVar, TextIO

from rdflib import Graph, URIRef

import dyad
from dyad.vocabulary.cameo import UnknownCameoCode, cameo_country_to_iso3, dyad_event_type, event_codes
from dyad.vocabulary.countries import country
from dyad.errors import InputLimitError, LoaderError, SourceLocation, printable
from dyad.gdelt.scan import DyadRows, ExportScanner, RowFilter
from dyad.vocabulary.iris import country_iri, dyad_iri, gdelt_claim_iri, gdelt_event_iri, loader_run_iri
from dyad.loaders.base import SourceGraph, SourceMetadata
from dyad.loaders.common import document_iri, document_key, require_regular_file, text_encoding_problem
from dyad.loaders.limits import Limits, current_limits, human_size, limit_hint, use_limits
from dyad.vocabulary.namespaces import CERTAINTY, DCTERMS, DYAD, EVENT_STATUS, EVENT_TYPE, PROV, RDF, RDFS, XSD

log = logging.getLogger(__name__)

LOADER_NAME = "gdelt"


@dataclass(frozen=True)
class Layout:
    """Column positions (0-based) of one GDELT export layout."""

    name: str
    columns: int
    date_added: int
    source_url: int | None


LAYOUTS = {
    61: Layout("GDELT 2.0", 61, 59, 60),
    58: Layout("GDELT 1.0 daily", 58, 56, 57),
    57: Layout("GDELT 1.0 historical", 57, 56, None),
}
# Columns shared by every layout (0-based).
GLOBALEVENTID, SQLDATE = 0, 1
ACTOR1_NAME, ACTOR1_COUNTRY, ACTOR2_NAME, ACTOR2_COUNTRY = 6, 7, 16, 17
EVENT_CODE, EVENT_ROOT_CODE, QUAD_CLASS, GOLDSTEIN = 26, 28, 29, 30
NUM_MENTIONS, NUM_SOURCES, NUM_ARTICLES, AVG_TONE = 31, 32, 33, 34

_DECIMAL = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$")


# ---------------------------------------------------------------- records


class BadRow(ValueError):
    """A row that cannot be mapped; the message says which column and why."""


@dataclass(frozen=True)
class RowProblem:
    """A skipped row: where it is and what is wrong with it."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}: {printable(self.reason)}"


@dataclass
class GdeltRecord:
    """One GDELT event record, checked and normalised."""

    event_id: str
    date: str  # ISO yyyy-mm-dd
    initiator: str | None  # ISO alpha-3
    recipient: str | None
    initiator_name: str
    recipient_name: str
    code: str
    root: str
    label: str
    quad_class: int
    goldstein: str  # xsd:decimal lexical form
    num_mentions: int
    num_sources: int
    num_articles: int
    avg_tone: str
    source_url: str | None


@dataclass
class LoadStats:
    """Counts of one GDELT load: what was read, loaded, and skipped (and why)."""

    read: int = 0
    loaded: int = 0
    bytes_read: int = 0  # characters of text read (bytes, for GDELT's ASCII files): for progress bars
    bad_rows: int = 0
    no_country: int = 0
    filtered_out: int = 0  # rows outside --countries/--dyad: in the aggregates only
    problems: list[RowProblem] = field(default_factory=list)
    max_problems: int = 1000  # kept for the report; all are counted

    @property
    def skipped(self) -> int:
        return self.bad_rows + self.no_country

    def add_problem(self, problem: RowProblem) -> None:
        self.bad_rows += 1
        if len(self.problems) < self.max_problems:
            self.problems.append(problem)

    def merge(self, other: LoadStats) -> None:
        self.read += other.read
        self.loaded += other.loaded
        self.bytes_read += other.bytes_read
        self.bad_rows += other.bad_rows
        self.no_country += other.no_country
        self.filtered_out += other.filtered_out
        self.problems.extend(other.problems[: max(0, self.max_problems - len(self.problems))])

    def summary(self) -> dict[str, int]:
        return {"records read": self.read, "loaded": self.loaded, "skipped": self.skipped,
                "bad rows": self.bad_rows, "no actor country": self.no_country,
                "outside the filter": self.filtered_out}


def _digits(text: str) -> bool:
    """True for ASCII digits only: str.isdigit() also takes "²" and "١٢٣", which are not GDELT's."""
    return text.isascii() and text.isdigit()


def _decimal(text: str, column: str, number: int) -> str:
    if _DECIMAL.match(text):
        return text
    if not text.isascii():
        raise BadRow(f"{column} (column {number}) is {text!r}, not a number")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadRow(f"{column} (column {number}) is {text!r}, not a number") from None
    if not value.is_finite():
        raise BadRow(f"{column} (column {number}) is {text!r}, not a finite number")
    return format(value, "f")


def _integer(text: str, column: str, number: int) -> int:
    if not _digits(text):
        raise BadRow(f"{column} (column {number}) is {text!r}, not a whole number")
    return int(text)


def _country(code: str, column: str, number: int) -> str | None:
    if not code:
        return None
    try:
        return cameo_country_to_iso3(code)
    except UnknownCameoCode:
        raise BadRow(f"unknown CAMEO country code {code!r} in {column} (column {number})") from None


_LABELS: dict[str, str] = {}


def parse_record(fields: list[str]) -> GdeltRecord:
    """Check one row (already split on tabs) and return its record; raises :class:`BadRow`."""
    layout = LAYOUTS.get(len(fields))
    if layout is None:
        raise BadRow(f"row has {len(fields)} columns; GDELT 2.0 rows have 61, GDELT 1.0 rows 57 or 58")
    event_id = fields[GLOBALEVENTID]
    if not _digits(event_id):
        raise BadRow(f"GLOBALEVENTID (column 1) is {event_id!r}, not a number")
    raw_date = fields[SQLDATE]
    try:
        if len(raw_date) != 8 or not _digits(raw_date):
            raise ValueError
        date = dt.date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:])).isoformat()
    except ValueError:
        raise BadRow(f"bad date {raw_date!r} in SQLDATE (column 2): expected YYYYMMDD") from None
    code = fields[EVENT_CODE]
    if not _LABELS:
        _LABELS.update(event_codes())
    label = _LABELS.get(code)
    if label is None:
        raise BadRow(f"unknown CAMEO event code {code!r} in EventCode (column 27)")
    quad_text = fields[QUAD_CLASS]
    if quad_text not in ("1", "2", "3", "4"):
        raise BadRow(f"QuadClass (column 30) is {quad_text!r}; it must be 1, 2, 3 or 4")
    goldstein = _decimal(fields[GOLDSTEIN], "GoldsteinScale", 31)
    if not -10 <= Decimal(goldstein) <= 10:
        raise BadRow(f"GoldsteinScale (column 31) is {goldstein}, outside -10..10")
    source_url = fields[layout.source_url].strip() if layout.source_url is not None else ""
    return GdeltRecord(
        event_id=event_id,
        date=date,
        initiator=_country(fields[ACTOR1_COUNTRY], "Actor1CountryCode", 8),
        recipient=_country(fields[ACTOR2_COUNTRY], "Actor2CountryCode", 18),
        initiator_name=fields[ACTOR1_NAME],
        recipient_name=fields[ACTOR2_NAME],
        code=code,
        root=code[:2],
        label=label,
        quad_class=int(quad_text),
        goldstein=goldstein,
        num_mentions=_integer(fields[NUM_MENTIONS], "NumMentions", 32),
        num_sources=_integer(fields[NUM_SOURCES], "NumSources", 33),
        num_articles=_integer(fields[NUM_ARTICLES], "NumArticles", 34),
        avg_tone=_decimal(fields[AVG_TONE], "AvgTone", 35),
        source_url=source_url if _URL.match(source_url) else None,
    )


@contextmanager
def open_export(path: Path) -> Iterator[TextIO]:
    """The export's text, streamed: a plain file, or the first member of a zip archive (see :func:`open_export_bytes`)."""
    with open_export_bytes(path) as raw:
        # utf-8-sig: a byte-order mark (some tools write one) is not part of the first GLOBALEVENTID.
        yield io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


@contextmanager
def open_export_bytes(path: Path) -> Iterator[io.BufferedReader]:
    """The export's bytes, streamed: a plain file, or the first member of a zip archive.

    Reading stays within the input limits: at most ``stream-bytes`` (of the file, or of the
    decompressed member), and a zip member's declared size at most ``zip-ratio`` times its
    compressed size. Binary or UTF-16 data is refused before any row is read, and a corrupt
    archive gives a LoaderError naming the file, not a zlib error.
    """
    where = SourceLocation(str(path))
    limits = current_limits()
    require_regular_file(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if not members:
                    raise LoaderError("the zip archive is empty", where)
                member = members[0]
                where = SourceLocation(f"{path}!{member.filename}")
                if member.file_size > limits.stream_bytes:
                    raise InputLimitError(
                        f"the zip member unpacks to {member.file_size} bytes, more than {human_size(limits.stream_bytes)}; "
                        f"{limit_hint('stream_bytes')}", where)
                if member.compress_size and member.file_size > limits.zip_ratio * max(member.compress_size, 1024):
                    raise InputLimitError(
                        f"the zip member unpacks {member.file_size // max(member.compress_size, 1)} times its size "
                        f"(a zip bomb?); {limit_hint('zip_ratio')}", where)
                if member.flag_bits & 0x1:
                    raise LoaderError("the zip member is encrypted: unpack it first", where)
                with archive.open(member) as raw:
                    yield _checked(_BoundedReader(raw, where, limits.stream_bytes), where)
        else:
            size = path.stat().st_size
            if size > limits.stream_bytes:
                raise InputLimitError(
                    f"the file is {size} bytes, more than {human_size(limits.stream_bytes)}; {limit_hint('stream_bytes')}", where)
            with path.open("rb") as raw:
                yield _checked(_BoundedReader(raw, where, limits.stream_bytes), where)
    except FileNotFoundError as error:
        raise LoaderError("no such file", where) from error
    except IsADirectoryError as error:
        raise LoaderError("is a folder, not a file", where) from error
    except NotImplementedError as error:  # a compression method zipfile does not read
        raise LoaderError(f"cannot unpack: {error}", where) from error
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, RuntimeError) as error:
        raise LoaderError(f"cannot read: {error}", where) from error


def _checked(raw: _BoundedReader, where: SourceLocation) -> io.BufferedReader:
    buffered = io.BufferedReader(raw, buffer_size=1 << 16)
    problem = text_encoding_problem(buffered.peek(1 << 16)[: 1 << 16])
    if problem:
        raise LoaderError(f"{problem}; a GDELT export is tab-separated UTF-8 text", where)
    return buffered


class _BoundedReader(io.RawIOBase):
    """A binary stream that stops at ``limit`` bytes and turns decompression errors into LoaderErrors."""

    def __init__(self, raw: io.BufferedIOBase, where: SourceLocation, limit: int) -> None:
        self._raw, self._where, self._limit, self.count = raw, where, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:  # noqa: ANN001 - a writable buffer
        try:
            data = self._raw.read(len(target))
        except (zlib.error, zipfile.BadZipFile, EOFError, OSError) as error:
            raise LoaderError(f"the archive is corrupt after {self.count} bytes: {error}", self._where) from error
        self.count += len(data)
        if self.count > self._limit:
            raise InputLimitError(
                f"more than {human_size(self._limit)} of text; {limit_hint('stream_bytes')}", self._where)
        target[: len(data)] = data
        return len(data)


def text_size(path: Path) -> int:
    """The size of an export's text: the file's, or the first member's of a zip archive (0 if unreadable)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if not m.filename.endswith("/")]
                return members[0].file_size if members else 0
        return Path(path).stat().st_size
    except (OSError, zipfile.BadZipFile):
        return 0


def read_records(
    path: Path, stats: LoadStats, *, strict: bool = False, scanner: ExportScanner | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, GdeltRecord]]:
    """Yield (line number, record) for every mappable record with at least one actor country.

    Bad rows are counted in ``stats`` (and kept with their line for the report); with
    ``strict`` the first one raises a :class:`LoaderError` naming file and line. With a
    ``scanner`` every row goes through it first (the dyad rows of the aggregates) and only the
    rows its filter keeps are decoded and parsed in full; the others are counted as ``filtered_out``.
    ``on_bytes`` is called now and then with the bytes of the file read since its last call.
    """
    limits = current_limits()
    read_before, bad_before = stats.read, stats.bad_rows
    first_problem: RowProblem | None = None
    with open_export_bytes(path) as handle:
        scale = _bytes_per_character(path, handle)
        reported = 0
        blank_run = 0
        for first, lines, size in _line_blocks(handle, path, limits.line_bytes):
            if on_bytes is not None:
                reported += int(size * scale)
                on_bytes(int(size * scale))
            blanks = lines.count(b"")
            if blanks:
                blank_run = _check_blank_runs(lines, first, blank_run, limits.blank_lines, path)
            elif lines:
                blank_run = 0
            stats.read += len(lines) - blanks
            if scanner is not None:
                parse = scanner.scan(lines)
                stats.filtered_out += len(lines) - blanks - len(parse)  # counted, not parsed: the scanner read its two country columns
            else:
                parse = [index for index, line in enumerate(lines) if line] if blanks else range(len(lines))
            for index in parse:
                number = first + index
                try:
                    record = parse_record(lines[index].decode("utf-8", "replace").split("\t"))
                except BadRow as error:
                    problem = RowProblem(str(path), number, str(error))
                    if strict:
                        raise LoaderError(f"{error} (--strict: nothing was loaded)", SourceLocation(str(path), number)) from None
                    stats.add_problem(problem)
                    first_problem = first_problem or problem
                    if stats.bad_rows - bad_before > limits.bad_rows:
                        raise InputLimitError(
                            f"more than {limits.bad_rows} rows are not GDELT event rows (first: line {first_problem.line}: "
                            f"{first_problem.reason}); {limit_hint('bad_rows')}", SourceLocation(str(path), number))
                    log.warning("%s", problem)
                    continue
                if record.initiator is None and record.recipient is None:
                    stats.no_country += 1
                    continue
                yield number, record
        if on_bytes is not None:
            # The rest of the file's bytes on disk: decompressed bytes only approximate them.
            on_bytes(max(0, _size(path) - reported))
    read, bad = stats.read - read_before, stats.bad_rows - bad_before
    if read == 0:
        raise LoaderError("the file holds no GDELT rows (it is empty or blank)", SourceLocation(str(path)))
    if bad == read and first_problem is not None:
        raise LoaderError(
            f"not a GDELT export: none of its {read} row(s) is a GDELT event row, so nothing is stored "
            f"(line {first_problem.line}: {first_problem.reason})", SourceLocation(str(path), first_problem.line))


BLOCK_BYTES = 1 << 20  # read 1 MiB at a time (the progress bar moves as often); a line may span blocks


def _line_blocks(handle: io.BufferedReader, path: Path, limit: int) -> Iterator[tuple[int, list[bytes], int]]:
    """(number of the first line, the lines without their ends, bytes read) for each block of the stream.

    Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` (as text mode reads them); a UTF-8 byte-order mark
    at the start is dropped. A line longer than ``limit`` bytes is refused before it is held whole.
    """
    number, tail, start = 1, b"", True
    while True:
        block = handle.read(BLOCK_BYTES)
        size = len(block)
        if start:
            block, start = block.removeprefix(b"\xef\xbb\xbf"), False
        if not block:
            if tail:
                yield number, [tail.rstrip(b"\r")], 0
            return
        block = tail + block
        if b"\r" in block:
            carry = block.endswith(b"\r")  # its \\n may open the next block
            block = block[:-1] if carry else block
            block = block.replace(b"\r\n", b"\n").replace(b"\r", b"\n") + (b"\r" if carry else b"")
        lines = block.split(b"\n")
        tail = lines.pop()
        if len(tail) > limit:
            _too_long(path, number + len(lines), limit)
        if lines and max(map(len, lines)) > limit:
            _too_long(path, number + next(i for i, line in enumerate(lines) if len(line) > limit), limit)
        yield number, lines, size
        number += len(lines)


def _too_long(path: Path, number: int, limit: int) -> None:
    raise InputLimitError(
        f"line longer than {human_size(limit)}; a GDELT row is about 1 KiB; {limit_hint('line_bytes')}",
        SourceLocation(str(path), number))


def _check_blank_runs(lines: list[bytes], first: int, run: int, limit: int, path: Path) -> int:
    """The run of blank lines at the end of ``lines`` (``run`` before them); too long a run is refused."""
    for index, line in enumerate(lines):
        if line:
            run = 0
            continue
        run += 1
        if run > limit:
            raise InputLimitError(
                f"more than {limit} blank lines in a row; {limit_hint('blank_lines')}", SourceLocation(str(path), first + index))
    return run


def _bytes_per_character(path: Path, handle: io.BufferedReader) -> float:
    """Bytes on disk per byte read: 1 for a plain file, the compression ratio for a zip (for progress)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                size = sum(info.file_size for info in archive.infolist()[:1])
            return path.stat().st_size / size if size else 1.0
    except (OSError, zipfile.BadZipFile):
        pass
    return 1.0


# ---------------------------------------------------------------- RDF as Turtle text


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


PREFIXES = {
    "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "prov": str(PROV), "dcterms": str(DCTERMS),
    "dyad": str(DYAD), "etype": str(EVENT_TYPE), "estatus": str(EVENT_STATUS), "certainty": str(CERTAINTY),
    # The fast path writes prefixed names; the prefixes come from dyad.vocabulary.iris so the IRIs stay the same as everywhere.
    "ge": str(gdelt_event_iri("")), "gc": str(gdelt_claim_iri("")), "doc": str(document_iri("")).rsplit("/", 1)[0] + "/",
    "cty": str(country_iri("")), "dy": str(dyad_iri("A", "B")).rsplit("/", 1)[0] + "/",
}
TURTLE_PREFIXES = "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in PREFIXES.items())


def export_document_iri(path: Path, metadata: SourceMetadata | None = None) -> URIRef:
    """The export file as a document: by its URL when given, else by its file name (GDELT's names are unique)."""
    if metadata and metadata.url:
        return document_iri(document_key(url=metadata.url))
    return document_iri(document_key(url=None, explicit_id=f"gdelt-export:{path.name}"))


class TurtleWriter:
    """Turns records into Turtle (prefixed, one statement block per record).

    It remembers the countries, dyads and article documents it has described in this file,
    so each is described once (the article cache is bounded: describing one twice is harmless).
    """

    def __init__(self, export_document: URIRef) -> None:
        self.export_document = f"<{export_document}>"
        self.run = f"<{loader_run_iri(LOADER_NAME, dyad.__version__)}>"
        self.countries: set[str] = set()
        self.dyads: set[tuple[str, str]] = set()
        self.documents: dict[str, str] = {}
        self.event_types: dict[str, str] = {}
        self.labels: dict[str, str] = {}

    def header(self, *, title: str, sha256: str | None = None, metadata: SourceMetadata | None = None) -> str:
        """The prefixes, the export document and the loader run."""
        doc, run = self.export_document, self.run
        parts = [
            TURTLE_PREFIXES,
            f'{doc} a dyad:Document , prov:Entity ; dyad:documentKind "event-export" ;\n'
            f"  dcterms:title {_string((metadata and metadata.title) or title)} ;\n"
            f"  dyad:publisherName {_string((metadata and metadata.publisher) or 'The GDELT Project')} .\n",
            f'{run} a dyad:LoaderRun , prov:Activity ; dyad:loaderName "{LOADER_NAME}" ; dyad:softwareVersion {_string(dyad.__version__)} .\n',
        ]
        if metadata and metadata.url:
            parts.append(f'{doc} dyad:url {_string(metadata.url)}^^xsd:anyURI .\n')
        if metadata and metadata.published:
            datatype = "xsd:dateTime" if "T" in metadata.published else "xsd:date"
            parts.append(f"{doc} dcterms:issued {_string(metadata.published)}^^{datatype} .\n")
        if sha256:
            parts.append(f'{doc} dyad:sha256 "{sha256}" .\n')
        return "".join(parts)

    def _country(self, iso3: str, out: list[str]) -> None:
        if iso3 not in self.countries:
            self.countries.add(iso3)
            record = country(iso3)
            out.append(f'cty:{iso3} a dyad:Country ; dyad:iso3 "{iso3}" ; dyad:iso2 "{record.iso2}" ; rdfs:label {_string(record.name)}@en .\n')

    def _document(self, url: str | None, out: list[str]) -> str:
        if url is None:
            return self.export_document
        node = self.documents.get(url)
        if node is None:
            if len(self.documents) > 100_000:
                self.documents.clear()
            node = "doc:" + str(document_iri(document_key(url=url))).rsplit("/", 1)[-1]
            self.documents[url] = node
            out.append(f'{node} a dyad:Document , prov:Entity ; dyad:documentKind "news-article" ; dyad:url {_string(url)}^^xsd:anyURI .\n')
        return node

    def record(self, r: GdeltRecord, out: list[str]) -> None:
        """Append the Turtle of one record (its event, its claim, and what they need described) to ``out``."""
        code = r.code
        event_type = self.event_types.get(code)
        if event_type is None:
            event_type = self.event_types[code] = "etype:" + dyad_event_type(code)
            self.labels[code] = _string(r.label)
        document = self._document(r.source_url, out)
        actors = ""
        initiator, recipient = r.initiator, r.recipient
        if initiator:
            self._country(initiator, out)
            actors += f" ; dyad:initiator cty:{initiator} ; dyad:actor cty:{initiator}"
            if r.initiator_name:
                actors += f" ; dyad:actorName {_string(r.initiator_name)}"
        if recipient:
            self._country(recipient, out)
            actors += f" ; dyad:recipient cty:{recipient} ; dyad:actor cty:{recipient}"
            if r.recipient_name and r.recipient_name != r.initiator_name:
                actors += f" ; dyad:actorName {_string(r.recipient_name)}"
        if initiator and recipient and initiator != recipient:
            pair = (initiator, recipient) if initiator < recipient else (recipient, initiator)
            if pair not in self.dyads:
                self.dyads.add(pair)
                out.append(f'dy:{pair[0]}-{pair[1]} a dyad:Dyad ; dyad:member cty:{pair[0]} , cty:{pair[1]} ; rdfs:label "{pair[0]}–{pair[1]}" .\n')
            actors += f" ; dyad:concernsDyad dy:{pair[0]}-{pair[1]}"
        i = r.event_id
        out.append(
            f'ge:{i} a dyad:Event ; dyad:gdeltEventId "{i}" ; dyad:cameoCode "{code}" ; dyad:cameoRootCode "{r.root}" ; '
            f"dyad:cameoLabel {self.labels[code]} ; dyad:quadClass {r.quad_class} ; "
            f'dyad:goldstein "{r.goldstein}"^^xsd:decimal ; dyad:numMentions {r.num_mentions} ; '
            f"dyad:numSources {r.num_sources} ; dyad:numArticles {r.num_articles} ; "
            f'dyad:avgTone "{r.avg_tone}"^^xsd:decimal ; dyad:date "{r.date}"^^xsd:date ; '
            f"dyad:eventType {event_type} ; dyad:eventStatus estatus:reported{actors} .\n"
            f"gc:{i} a dyad:Claim , prov:Entity ; dyad:asserts ge:{i} ; prov:wasDerivedFrom {document} ; "
            f"dyad:certainty certainty:reported ; prov:wasGeneratedBy {self.run} .\n"
        )


# ---------------------------------------------------------------- the loader


def looks_like_gdelt(path: Path) -> bool:
    """True when the first line of the file (or of the zip's first member) is a GDELT event row."""
    try:
        with open_export(path) as handle:
            first = handle.readline(1 << 16).rstrip("\r\n")
    except (LoaderError, UnicodeDecodeError):
        return False
    fields = first.split("\t")
    return len(fields) in LAYOUTS and _digits(fields[0]) and len(fields[1]) == 8 and _digits(fields[1])


class GdeltLoader:
    """Load GDELT event exports: each file one document, one named graph."""

    name: ClassVar[str] = "gdelt"
    suffixes: ClassVar[tuple[str, ...]] = (".csv", ".tsv", ".txt", ".zip")

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict

    def can_load(self, path: Path) -> bool:
        return path.suffix.lower() in self.suffixes and looks_like_gdelt(path)

    def load(self, path: Path, metadata: SourceMetadata | None = None) -> Iterator[SourceGraph]:
        """One SourceGraph for the file (as an rdflib graph: fine for files of thousands of rows)."""
        export = GdeltExport(path, metadata, strict=self.strict)
        most = current_limits().triples // 20  # about 20 triples a record

        def counted(records: int) -> None:
            if export.stats.loaded > most:
                raise InputLimitError(
                    f"more than {most} records to hold in memory (about 20 triples each; {limit_hint('triples')}); "
                    "`dyad load` streams exports of any size into the store", SourceLocation(str(path)))

        text = "".join(export.turtle(chunk_records=1_000, on_records=counted))
        graph = Graph(identifier=export.name)
        graph.parse(data=text, format="turtle")
        yield SourceGraph(
            name=export.name, graph=graph, origin=str(path), summary=export.stats.summary(),
            notes=[str(problem) for problem in export.stats.problems],
        )


class GdeltExport:
    """One export file being read: its graph name, Turtle chunks, counts, and the dyad rows of its scan."""

    def __init__(self, path: Path, metadata: SourceMetadata | None = None, *, strict: bool = False,
                 row_filter: RowFilter | None = None) -> None:
        self.path = Path(path)
        self.metadata = metadata
        self.strict = strict
        self.name = export_document_iri(self.path, metadata)
        self.stats = LoadStats()
        self.lines_done = 0
        self.scanner = ExportScanner(row_filter)
        self._sha256: str | None = None

    def sha256(self) -> str:
        if self._sha256 is None:
            digest = hashlib.sha256()
            with self.path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            self._sha256 = digest.hexdigest()
        return self._sha256

    def turtle(self, *, chunk_records: int = 20_000, on_records: Callable[[int], None] | None = None,
               on_bytes: Callable[[int], None] | None = None) -> Iterator[str]:
        """The file's RDF as Turtle text, in chunks of about ``chunk_records`` records.

        As the rows are read the scanner collects the dyad rows of every record between two
        countries (:attr:`scanner`), kept or not by the filter.
        """
        writer = TurtleWriter(self.name)
        yield writer.header(title=self.path.name, metadata=self.metadata)
        out: list[str] = []
        pending = 0
        for _, record in read_records(self.path, self.stats, strict=self.strict, scanner=self.scanner, on_bytes=on_bytes):
            writer.record(record, out)
            self.stats.loaded += 1
            pending += 1
            if pending >= chunk_records:
                yield "".join(out)
                out.clear()
                if on_records:
                    on_records(pending)
                pending = 0
        if out:
            yield "".join(out)
        if on_records and pending:
            on_records(pending)
        # Written last: a graph whose export has no sha256 was cut short, and the next load redoes it.
        yield f'{writer.export_document} dyad:sha256 "{self.sha256()}" .\n'


# ---------------------------------------------------------------- the fast path into the store


@dataclass
class GdeltLoadResult:
    """What :func:`load_gdelt_events` did."""

    stats: LoadStats = field(default_factory=LoadStats)
    graphs: list[URIRef] = field(default_factory=list)
    unchanged: list[URIRef] = field(default_factory=list)
    aggregates: dict[str, int] = field(default_factory=dict)


def load_gdelt_events(
    paths: Iterable[Path | str],
    *,
    store,  # noqa: ANN001 - dyad.store.DyadStore
    metadata: SourceMetadata | None = None,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    progress_bytes: Callable[[int], None] | None = None,
    row_filter: RowFilter | None = None,
    each_file_alone: bool = False,
    session=None,  # noqa: ANN001 - an open DyadStore.bulk_replace() session to join
    workers: int | None = None,
) -> GdeltLoadResult:
    """Load GDELT export files straight into the store, each replacing its named graph, and update the aggregates.

    Rows are read once: every row between two countries goes into the dyad-day aggregates
    (:mod:`dyad.gdelt.aggregates`, every dyad); the rows ``row_filter`` keeps (all by default)
    are checked (:func:`parse_record`), mapped to Turtle and streamed into the store by
    oxigraph's bulk loader, so memory stays flat in the size of the files. A file already
    loaded with the same bytes (its sha256) by the same Dyad version is left as it is (a
    folder load that was cut short resumes where it stopped).

    All or nothing: by default over the whole call (if anything fails every graph written so
    far is put back as it was, :meth:`DyadStore.bulk_replace`; pass ``session`` to make the
    files part of a larger write). With ``each_file_alone`` each file is its own all-or-nothing
    write, for folders of thousands of files: a failure keeps the files before it.
    ``progress`` is called with numbers of records stored, ``progress_bytes`` with bytes of the
    files read (files left unchanged count whole), for a bar over :func:`total_bytes`. With a
    filter, several files are scanned by ``workers`` processes at once (default: one per CPU),
    see :func:`scan_exports`.
    """
    from dyad.gdelt.aggregates import ScanFolder, update_aggregates, years_of, years_of_scan

    result = GdeltLoadResult()
    paths = [Path(p) for p in paths]
    if session is None and not each_file_alone:
        with store.bulk_replace() as own:
            result = load_gdelt_events(paths, store=store, metadata=metadata, strict=strict, progress=progress,
                                       progress_bytes=progress_bytes, row_filter=row_filter, session=own, workers=workers)
        _compact_after(store, result)
        return result
    scans = ScanFolder(store)
    previous = _stored_sha256s(store)
    scans.forget_except(previous.values())  # scans of exports removed or replaced since the last load
    touched: set[int] | None = None if scans.stale else set()  # None: a load was cut short, redo every year
    pending: list[GdeltExport] = []
    for path in paths:
        require_regular_file(path)
        export = GdeltExport(path, metadata, strict=strict, row_filter=row_filter)
        if _already_loaded(store, export) and scans.has(export.sha256()):
            result.unchanged.append(export.name)
            if progress_bytes:
                progress_bytes(_size(path))
            continue
        pending.append(export)
    for export, chunks in scan_exports(pending, workers=workers, progress=progress, progress_bytes=progress_bytes):
        path = export.path
        if str(export.name) in previous and touched is not None:
            touched |= years_of_scan(store, previous[str(export.name)])
        if each_file_alone:
            with store.bulk_replace(compact=not result.graphs) as own:
                own.replace(export.name, chunks)
                scans.save(export.sha256(), export.scanner.rows)
                # Marked before the file counts as stored: a crash before the aggregates are updated is caught next time.
                scans.mark_stale(True)
        else:
            session.replace(export.name, chunks)
            scans.save(export.sha256(), export.scanner.rows)
        if touched is not None:
            touched |= years_of(export.scanner.rows)
        result.graphs.append(export.name)
        result.stats.merge(export.stats)
        log.info("%s: %d records read, %d loaded, %d outside the filter, %d skipped", path, export.stats.read,
                 export.stats.loaded, export.stats.filtered_out, export.stats.skipped)
    if result.graphs or touched is None:
        if each_file_alone:
            # Not compacted first: the aggregates are small beside the exports, and the compaction after the load follows.
            with store.bulk_replace(compact=False) as own:
                result.aggregates = update_aggregates(store, own, touched_years=touched)
            scans.mark_stale(False)
            _compact_after(store, result)
        else:
            result.aggregates = update_aggregates(store, session, touched_years=touched)
    return result


# Rows read by a load from which the store is compacted after it: a fraction of the load's time (200k rows: ~5 s of
# ~38 s), then reads are 3-7x faster (trajectory 14 -> 3 ms, events-of-dyad 1.05 -> 0.16 s on that store). Paid once:
# the write of the aggregates before it is not compacted first.
COMPACT_AFTER_ROWS = 100_000


def _compact_after(store, result: GdeltLoadResult) -> None:  # noqa: ANN001
    if result.stats.read >= COMPACT_AFTER_ROWS:
        store.compact()


@dataclass
class _ScannedExport:
    """What a scanning process sends back for one export: its record-level Turtle, counts and dyad rows."""

    turtle: str
    stats: LoadStats
    rows: DyadRows
    sha256: str


@dataclass
class _ScanFailure:
    """A LoaderError raised in a scanning process, sent back whole (its location survives)."""

    kind: type
    message: str
    location: SourceLocation | None

    def error(self) -> LoaderError:
        return self.kind(self.message, self.location)


def _exit_with_parent(parent: int) -> None:
    """In a scanning process: exit when the loading process is gone (killed with -9, it cannot stop its pool)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="dyad-exit-with-parent").start()


def _scan_in_worker(path: Path, metadata: SourceMetadata | None, strict: bool, row_filter: RowFilter,
                    limits: Limits) -> _ScannedExport | _ScanFailure:
    with use_limits(limits):
        export = GdeltExport(path, metadata, strict=strict, row_filter=row_filter)
        try:
            turtle = "".join(export.turtle())
        except LoaderError as error:
            return _ScanFailure(type(error), error.message, error.location)
    return _ScannedExport(turtle, export.stats, export.scanner.rows, export.sha256())


def scan_exports(
    exports: list[GdeltExport], *, workers: int | None = None, progress: Callable[[int], None] | None = None,
    progress_bytes: Callable[[int], None] | None = None,
) -> Iterator[tuple[GdeltExport, Iterable[str]]]:
    """Each export with its record-level Turtle, in order; its ``stats`` and ``scanner.rows`` are complete once the Turtle is read.

    With a filter and several files, ``workers`` processes (default: one per CPU) scan files at
    once, a few files ahead of the one being written, and each export comes with its Turtle whole
    (small: only the rows the filter keeps); ``progress_bytes`` then moves a file at a time. Alone,
    or with no filter (every row kept: the text would be as big as the store's write), files are
    read one by one as a stream, the bar moving within a file.
    """
    workers = (os.cpu_count() or 1) if workers is None else workers
    parallel = workers > 1 and len(exports) > 1 and not exports[0].scanner.filter.keeps_everything
    if not parallel:
        for export in exports:
            yield export, export.turtle(on_records=progress, on_bytes=progress_bytes)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    limits = current_limits()
    # spawn, not fork: the parent holds an open store (RocksDB threads) that a forked child must not inherit.
    pool = ProcessPoolExecutor(max_workers=min(workers, len(exports)), mp_context=multiprocessing.get_context("spawn"),
                               initializer=_exit_with_parent, initargs=(os.getpid(),))
    try:
        ahead = 2 * workers  # files scanned ahead of the one being written: memory stays flat in the number of files
        futures = deque()
        queue = iter(exports)
        for export in itertools.islice(queue, ahead):
            futures.append((export, pool.submit(_scan_in_worker, export.path, export.metadata, export.strict, export.scanner.filter, limits)))
        while futures:
            export, future = futures.popleft()
            scanned = future.result()
            following = next(queue, None)
            if following is not None:
                futures.append((following, pool.submit(_scan_in_worker, following.path, following.metadata, following.strict,
                                                       following.scanner.filter, limits)))
            if isinstance(scanned, _ScanFailure):
                raise scanned.error()
            export.stats, export.scanner.rows, export._sha256 = scanned.stats, scanned.rows, scanned.sha256
            if progress_bytes:
                progress_bytes(_size(export.path))
            if progress and scanned.stats.loaded:
                progress(scanned.stats.loaded)
            yield export, [scanned.turtle]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def total_bytes(paths: Iterable[Path | str]) -> int:
    """The bytes on disk of the files, the total of a progress bar over ``progress_bytes``."""
    return sum(_size(Path(path)) for path in paths)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _stored_sha256s(store) -> dict[str, str]:  # noqa: ANN001
    from dyad.gdelt.aggregates import stored_exports

    return stored_exports(store)


def _already_loaded(store, export: GdeltExport) -> bool:  # noqa: ANN001
    """True when the store holds this export, with the same bytes, loaded by this version of Dyad."""
    if not store.has_graph(export.name):
        return False
    import pyoxigraph as ox

    graph = ox.NamedNode(str(export.name))

    def values(subject: str, predicate: URIRef) -> set[str]:
        return {q.object.value for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(str(predicate)), None, graph)}

    run = str(loader_run_iri(LOADER_NAME, dyad.__version__))
    return export.sha256() in values(str(export.name), DYAD.sha256) and dyad.__version__ in values(run, DYAD.softwareVersion)


__all__ = [
    "GdeltLoader", "GdeltExport", "GdeltRecord", "LoadStats", "RowProblem", "BadRow", "parse_record",
    "read_records", "load_gdelt_events", "scan_exports", "GdeltLoadResult", "RowFilter", "total_bytes", "looks_like_gdelt", "gdelt_claim_iri", "export_document_iri", "LAYOUTS",
]


def split_gdelt_files(paths: Iterable[Path | str], *, loader: str | None = None) -> tuple[list[Path], list[Path]]:
    """The files (folders expanded) that the gdelt loader takes, and the others.

    With ``loader="gdelt"`` every file is GDELT; with another loader named, none is; else
    each file is recognised by :meth:`GdeltLoader.can_load`.
    """
    from dyad.api import expand_paths

    files = expand_paths(paths)
    if loader == LOADER_NAME:
        return files, []
    if loader:
        return [], files
    probe = GdeltLoader()
    gdelt = [path for path in files if probe.can_load(path)]
    return gdelt, [path for path in files if path not in gdelt]


__all__ += ["split_gdelt_files"]
