"""A corpus of hostile and malformed inputs, generated from classes of fault rather than kept as files.

Each :class:`Case` writes one input into a folder at test time (the big ones as small zip
bombs or streams, so the corpus stays fast) and says what ``dyad load`` must do with it: the
exit code, the words of the message, the line it names. Every class runs against every loader
or RDF syntax it applies to; ``test_hostile_input.py`` replays them against a store holding
``examples/`` and checks the store's content digest is unchanged.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GDELT_EXAMPLE = EXAMPLES / "gdelt-chn-prk-20180101000000.export.CSV"
FACTS_EXAMPLE = EXAMPLES / "north-korea-china-milestones.facts.yaml"

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/hostile/"
RESERVED = {
    "ontology": "https://w3id.org/dyad/ontology",
    "countries": "https://w3id.org/dyad/id/graph/countries",
    "store-state": "https://w3id.org/dyad/id/graph/store-state",
    "dyad-namespace": "https://w3id.org/dyad/id/graph/anything-dyad-may-add",
    "stamp-record": "https://w3id.org/dyad/id/graph-state/0123456789abcdef",
}

Content = bytes | Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One hostile input and what ``dyad load`` must answer."""

    id: str  # "<class>/<name>"
    filename: str
    content: Content  # the bytes, or a function writing the file at the given path
    args: tuple[str, ...] = ()  # extra options of `dyad load`
    exit_code: int = 1
    line: int | None = None  # the line the message must name (FILE:LINE)
    says: tuple[str, ...] = ()  # words the message must hold (case-insensitive)
    names_file: bool = True
    changes_store: bool = False  # a non-strict GDELT load stores the good rows
    env: dict[str, str] = field(default_factory=dict)

    def write(self, folder: Path) -> Path:
        path = folder / self.filename
        if callable(self.content):
            self.content(path)
        else:
            path.write_bytes(self.content)
        return path


# ---------------------------------------------------------------- building blocks


def gdelt_row() -> str:
    """The first row of the example export (61 columns, CHN and PRK)."""
    return GDELT_EXAMPLE.read_text(encoding="utf-8").splitlines()[0]


def gdelt_row_with(column: int, value: str) -> str:
    fields = gdelt_row().split("\t")
    fields[column] = value
    return "\t".join(fields)


def facts(body: str, *, header: str = "dyad: facts/1\nid: hostile/case\n") -> bytes:
    return (header + body).encode("utf-8")


GOOD_EVENT = """sources:
  s:
    url: https://example.org/a
events:
  e:
    type: visit
    status: happened
    actors: [CHN, PRK]
    date: 2019-06-20
    claims:
      - source: s
        quote: "Xi visited Pyongyang."
        certainty: confirmed
"""


def facts_event_with(field_line: str, *, replace: str | None = None) -> bytes:
    """The good event with one line replaced (or, with no ``replace``, one more field)."""
    body = GOOD_EVENT
    if replace is not None:
        body = body.replace(replace, field_line)
    else:
        body = body.replace("    date: 2019-06-20\n", f"    date: 2019-06-20\n{field_line}\n")
    return facts(body)


def line_of(content: bytes, marker: str) -> int:
    return content[: content.index(marker.encode())].count(b"\n") + 1


def zip_of_repeated(path: Path, member: str, block: bytes, repeats: int) -> None:
    """A zip whose one member is ``block`` ``repeats`` times, written in a few MB however big it unpacks.

    After a full flush deflate forgets what came before, so every block compresses to the
    same bytes: the stream is built by repeating them. The CRC is not computed (the readers
    under test must refuse the member long before its end).
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    name = member.encode()
    size = len(block) * repeats
    zip64 = size >= 0xFFFFFFFF
    with path.open("wb") as out:
        compressed = len(first) + len(again) * (repeats - 1) + len(tail)
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if zip64 else (compressed, size)
        extra = struct.pack("<HHQQ", 1, 16, size, compressed) if zip64 else b""
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 45 if zip64 else 20, 0, 8, 0, 0x21, 0, *sizes, len(name), len(extra)))
        out.write(name + extra)
        out.write(first)
        for _ in range(repeats - 1):
            out.write(again)
        out.write(tail)
        directory = out.tell()
        extra = struct.pack("<HHQQ", 1, 16, size, compressed) if zip64 else b""
        out.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 45 if zip64 else 20, 45 if zip64 else 20, 0, 8, 0, 0x21, 0,
                              *sizes, len(name), len(extra), 0, 0, 0, 0, 0))
        out.write(name + extra)
        end = out.tell()
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, end - directory, directory, 0))


def zip_member(path: Path, member: str, data: bytes, *, corrupt: bool = False, truncate: bool = False,
               encrypted_flag: bool = False) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    raw = bytearray(path.read_bytes())
    header = 30 + len(member)
    if corrupt:  # flip bits in the middle of the deflate stream
        for index in range(header + 8, header + 200):
            raw[index] ^= 0x5A
    if encrypted_flag:
        raw[6] |= 1
        central = raw.index(b"PK\x01\x02")
        raw[central + 8] |= 1
    if truncate:  # keep the directory, drop most of the stream: the end of data comes too soon
        central = raw.index(b"PK\x01\x02")
        raw = raw[: header + 40] + bytes(central - header - 40) + raw[central:]
    path.write_bytes(bytes(raw))


def nested(open_: str, close: str, depth: int, inner: str = "") -> str:
    return open_ * depth + inner + close * depth


# ---------------------------------------------------------------- classes


SYNTAXES = {  # suffix -> a file with one triple whose object is ``{object}``
    "ttl": f"<{EX}s> <{EX}p> {{object}} .\n",
    "nt": f"<{EX}s> <{EX}p> {{object}} .\n",
    "trig": f"<{EX}g> {{{{ <{EX}s> <{EX}p> {{object}} . }}}}\n",
    "nq": f"<{EX}s> <{EX}p> {{object}} <{EX}g> .\n",
}


def rdf_with_literal(suffix: str, lexical: str, datatype: str) -> bytes:
    if suffix in SYNTAXES:
        return SYNTAXES[suffix].format(object=f'"{lexical}"^^<{XSD}{datatype}>').encode()
    if suffix == "jsonld":
        return json.dumps({"@id": f"{EX}s", f"{EX}p": {"@value": lexical, "@type": f"{XSD}{datatype}"}}).encode()
    return (f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="{EX}">\n'
            f'<rdf:Description rdf:about="{EX}s">\n<e:p rdf:datatype="{XSD}{datatype}">{lexical}</e:p>\n'
            "</rdf:Description>\n</rdf:RDF>\n").encode()


def rdf_in_graph(suffix: str, graph: str) -> bytes:
    if suffix == "trig":
        return f"<{EX}a> <{EX}p> <{EX}b> .\n\n<{graph}> {{ <{EX}s> <{EX}p> <{EX}o> . }}\n".encode()
    if suffix == "nq":
        return f"<{EX}a> <{EX}p> <{EX}b> .\n<{EX}s> <{EX}p> <{EX}o> <{graph}> .\n".encode()
    return json.dumps({"@id": graph, "@graph": [{"@id": f"{EX}s", f"{EX}p": {"@id": f"{EX}o"}}]}, indent=1).encode()


SYNTAX_ERROR_LINES = {"ttl": 3, "nt": 2, "trig": 3, "nq": 2, "jsonld": 3, "rdf": 4}


def rdf_cases() -> Iterator[Case]:
    for suffix in ("ttl", "nt", "trig", "nq", "jsonld", "rdf"):
        yield Case(f"rdf-empty/{suffix}", f"empty.{suffix}", b"", says=("empty",))
        yield Case(f"rdf-blank/{suffix}", f"blank.{suffix}", b"\n \n\t\n", says=("empty",))
        yield Case(f"rdf-utf16/{suffix}", f"utf16.{suffix}", rdf_with_literal(suffix, "x", "string").decode().encode("utf-16"),
                   says=("UTF-16",))
        yield Case(f"rdf-binary/{suffix}", f"binary.{suffix}", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
                   says=("binary",))
        content = rdf_with_literal(suffix, "2020-13-45", "date")
        yield Case(f"rdf-ill-typed-date/{suffix}", f"date.{suffix}", content, says=("2020-13-45", "xsd:date"),
                   line=line_of(content, "2020-13-45"))
        yield Case(f"rdf-too-big/{suffix}", f"big.{suffix}", rdf_with_literal(suffix, "x" * 4096, "string"),
                   args=("--limit", "file-bytes=1K"), says=("larger than 1 KiB", "file-bytes"))
    for lexical, datatype in (("2021-02-29", "date"), ("2020-01-01T25:00:00", "dateTime"), ("12a", "integer"),
                              ("abc", "decimal"), ("yes", "boolean"), ("20x0", "gYear"), ("2020-00", "gYearMonth"),
                              ("-1", "nonNegativeInteger"), ("1,5", "double"), ("300", "byte")):
        content = rdf_with_literal("ttl", lexical, datatype)
        yield Case(f"rdf-ill-typed/{datatype}", f"ill-{datatype}.ttl", content, says=(lexical, f"xsd:{datatype}"), line=1)
    for suffix in ("trig", "nq", "jsonld"):
        for label, graph in RESERVED.items():
            content = rdf_in_graph(suffix, graph)
            yield Case(f"reserved-graph/{label}.{suffix}", f"reserved-{label}.{suffix}", content, says=("only Dyad writes", graph),
                       line=line_of(content, graph))
    syntax_errors = {  # the error is on the last line of each
        "ttl": b"@prefix e: <http://example.org/> .\ne:a e:b e:c .\ne:a e:b .\n",
        "nt": f"<{EX}a> <{EX}b> <{EX}c> .\n<{EX}a> <{EX}b> .\n".encode(),
        "trig": f"<{EX}g> {{ <{EX}a> <{EX}b> <{EX}c> .\n<{EX}a> <{EX}b> \n".encode(),
        "nq": f"<{EX}a> <{EX}b> <{EX}c> <{EX}g> .\n<{EX}a> <{EX}b> <{EX}c> <{EX}g> <{EX}x> .\n".encode(),
        "jsonld": b'{"@id": "http://example.org/a",\n "http://example.org/b": [1, 2,\n}\n',
        "rdf": b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>\n',
    }
    for suffix, content in syntax_errors.items():
        yield Case(f"rdf-syntax/{suffix}", f"syntax.{suffix}", content, line=SYNTAX_ERROR_LINES[suffix])
    prefixed = b"@prefix g: <https://w3id.org/dyad/id/graph/> .\n\ng:countries { <http://example.org/a> <http://example.org/b> 1 . }\n"
    yield Case("reserved-graph/prefixed-name.trig", "prefixed.trig", prefixed, says=("only Dyad writes", "countries"), line=3)
    yield Case("reserved-graph/graph-keyword.trig", "keyword.trig",
               b"\n\nGRAPH <https://w3id.org/dyad/id/graph/store-state> { <http://example.org/a> <http://example.org/b> 1 }\n",
               says=("store-state",), line=3)
    yield Case("rdf-star/quoted-triple", "star.ttl", f"<{EX}x> <{EX}y> 1 .\n<< <{EX}a> <{EX}b> <{EX}c> >> <{EX}d> <{EX}e> .\n".encode(),
               says=("quoted triples",), line=2)
    lol = '<!DOCTYPE a [<!ENTITY l0 \\"lol\\">]><a>&l0;</a>'
    yield Case("rdf-ill-typed/xml-literal-doctype", "xmlliteral.ttl",
               f'<{EX}s> <{EX}p> "{lol}"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral> .\n'.encode(), says=("XMLLiteral",))
    yield Case("rdf-encoding/latin-1", "latin1.ttl", f'<{EX}s> <{EX}p> "ok" .\n<{EX}s> <{EX}p> "caf\xe9" .\n'.encode("latin-1"),
               says=("UTF-8",), line=2)
    yield Case("rdf-no-triples/jsonld-empty-object", "nothing.jsonld", b"{}\n", says=("no triples",))
    yield Case("rdf-no-triples/jsonld-empty-list", "nothing-list.jsonld", b"[]\n", says=("no triples",))
    yield Case("rdf-no-triples/rdfxml-empty", "nothing.rdf",
               b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n', says=("no triples",))
    for suffix in ("nt", "ttl"):
        yield Case(f"rdf-triple-flood/{suffix}", f"flood.{suffix}",
                   "".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(2_000)).encode(), args=("--limit", "triples=1000"),
                   says=("more than 1000 triples", "triples"))
    yield Case("rdf-only-prefixes/ttl", "prefixes.ttl", b"@prefix e: <http://example.org/> .\n# nothing else\n", says=("no triples",))


def limit_cases() -> Iterator[Case]:
    """Nesting and expansion bombs, at the sizes the issue reports (refused by the default limits)."""
    depth = 200_000
    yield Case("depth/turtle-collections", "collections.ttl",
               f"<{EX}s> <{EX}p> {nested('(', ')', depth)} .\n".encode(), says=("nested", "depth"), line=1)
    yield Case("depth/turtle-blank-nodes", "blank-nodes.ttl",
               f"<{EX}s> <{EX}p> {nested(f'[ <{EX}p> ', ' ]', depth, f'<{EX}o>')} .\n".encode(), says=("nested", "depth"))
    yield Case("depth/trig-collections", "collections.trig",
               f"<{EX}g> {{ <{EX}s> <{EX}p> {nested('(', ')', depth)} . }}\n".encode(), says=("nested", "depth"))
    yield Case("depth/jsonld-arrays", "arrays.jsonld",
               ('{"@id": "' + EX + 's", "' + EX + 'p": ' + nested("[", "]", depth, "1") + "}").encode(), says=("nested", "depth"))
    yield Case("depth/jsonld-objects", "objects.jsonld",
               ('{"@id": "' + EX + 's", "' + EX + 'p": ' + nested('{"' + EX + 'q": ', "}", depth, "1") + "}").encode(),
               says=("nested", "depth"))
    xml_head = f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="{EX}">'
    yield Case("depth/rdfxml-elements", "elements.rdf",
               (xml_head + f'<rdf:Description rdf:about="{EX}s">'
                + nested("<e:p><rdf:Description>", "</rdf:Description></e:p>", depth) + "</rdf:Description></rdf:RDF>").encode(),
               says=("nested", "depth"))
    laughs = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">\n' for i in range(1, 10))
    yield Case("xml-entities/billion-laughs", "laughs.rdf",
               (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY lol0 "lol">\n{laughs}]>\n{xml_head}\n'
                f'<rdf:Description rdf:about="{EX}s"><e:p>&lol9;</e:p></rdf:Description></rdf:RDF>\n').encode(),
               says=("entities expand", "entity-expansion"))
    yield Case("xml-entities/quadratic", "quadratic.rdf",
               (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY big "{"x" * 50_000}">]>\n{xml_head}\n'
                f'<rdf:Description rdf:about="{EX}s"><e:p>{"&big;" * 100}</e:p></rdf:Description></rdf:RDF>\n').encode(),
               says=("entities expand",))
    yield Case("xml-entities/in-attribute", "attribute.rdf",
               (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a "{"y" * 1000}">\n<!ENTITY b "{"&a;" * 1000}">]>\n{xml_head}\n'
                f'<rdf:Description rdf:about="{EX}s" e:p="&b;&b;"/></rdf:RDF>\n').encode(), says=("entities expand",))
    yield Case("xml-entities/parameter", "parameter.rdf",
               (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY % p "<!ENTITY q \'x\'>"> %p;]>\n{xml_head}\n'
                f'<rdf:Description rdf:about="{EX}s"><e:p>x</e:p></rdf:Description></rdf:RDF>\n').encode(),
               says=("parameter entity",), line=2)
    yield Case("xml-entities/external", "external.rdf",
               (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n{xml_head}\n'
                f'<rdf:Description rdf:about="{EX}s"><e:p>&ext;</e:p></rdf:Description></rdf:RDF>\n').encode(),
               says=("external entity",), line=2)
    yield Case("xml-entities/recursive", "recursive.rdf",
               (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a "&b;"><!ENTITY b "&a;">]>\n{xml_head}\n'
                f'<rdf:Description rdf:about="{EX}s"><e:p>&a;</e:p></rdf:Description></rdf:RDF>\n').encode(),
               says=("refers to itself",))
    anchors = "".join(f"a{i}: &a{i} [{', '.join(['*a%d' % (i - 1)] * 9)}]\n" for i in range(1, 10))
    yield Case("yaml/billion-laughs", "laughs.facts.yaml", facts("a0: &a0 [lol]\n" + anchors),
               says=("aliases expanded", "yaml-nodes"))
    yield Case("yaml/many-aliases", "aliases.facts.yaml",
               facts("base: &b x\nmany: [" + ", ".join(["*b"] * 2000) + "]\n"), says=("aliases", "yaml-aliases"))
    yield Case("yaml/node-flood", "flood.facts.yaml", facts("many: [" + ", ".join(["1"] * 3000) + "]\n"),
               args=("--limit", "yaml-nodes=1000"), says=("YAML nodes", "yaml-nodes"))
    yield Case("yaml/deep-nesting", "deep.facts.yaml", facts("deep: " + nested("[", "]", 200_000) + "\n"), says=("nested",))


def facts_cases() -> Iterator[Case]:
    def case(name: str, content: bytes, marker: str | None, *says: str) -> Case:
        return Case(f"facts/{name}", f"{name}.facts.yaml", content, says=says, line=line_of(content, marker) if marker else None)

    content = facts("title: one\ntitle: two\n" + GOOD_EVENT)
    yield case("duplicate-top-key", content, "title: two", "duplicate key 'title'")
    content = facts_event_with("    date: 2019-06-21")
    yield case("duplicate-event-key", content, "2019-06-21", "duplicate key 'date'")
    content = facts(GOOD_EVENT + "  e:  # again\n    type: visit\n", header="dyad: facts/1\nid: hostile/dup-event\n")
    yield case("duplicate-event", content, "  e:  # again", "duplicate key 'e'")
    content = facts(GOOD_EVENT, header="dyad: facts/1\nid: [a, b]\n")
    yield case("id-is-a-list", content, "id:", "'id' must be one name", "a list")
    content = facts(GOOD_EVENT, header="dyad: facts/1\nid: {a: 1}\n")
    yield case("id-is-a-mapping", content, "id:", "'id' must be one name", "a mapping")
    content = facts("countries: PRK\n" + GOOD_EVENT)
    yield case("countries-is-a-string", content, "countries:", "'countries' must be a list", "PRK")
    content = facts("countries: 5\n" + GOOD_EVENT)
    yield case("countries-is-a-number", content, "countries:", "'countries' must be a list")
    for name, value, says in (
        ("impossible-date", "2019-02-30", "2019-02-30"), ("month-13", "2019-13-01", "2019-13"),
        ("date-is-text", "yesterday", "not a date"), ("date-is-a-list", "[2019, 2020]", "not a date"),
    ):
        content = facts_event_with(f"    date: {value}", replace="    date: 2019-06-20")
        yield case(name, content, "    date:", says)
    for name, line, says in (
        ("quad-class-text", "    quad_class: four", "quad_class"), ("quad-class-out-of-range", "    quad_class: 9", "quad_class"),
        ("quad-class-list", "    quad_class: [1]", "quad_class"), ("goldstein-text", "    goldstein: strong", "goldstein"),
        ("goldstein-out-of-range", "    goldstein: 99", "goldstein"), ("label-is-a-list", "    label: [a, b]", "'label' must be text"),
        ("label-is-a-mapping", "    label: {a: 1}", "'label' must be text"), ("cameo-is-a-list", "    cameo: ['04']", "must be text"),
        ("initiator-is-a-list", "    initiator: [CHN]", "one country code"),
    ):
        content = facts_event_with(line)
        yield case(name, content, line.strip(), says)
    for name, line, says in (
        ("actors-is-a-number", "    actors: 5", "'actors' must list"), ("actors-is-a-string", "    actors: CHN", "'actors' must list"),
        ("claims-is-a-number", "    claims: 5", "'claims' must be a list"),
    ):
        body = facts_event_with(line, replace="    actors: [CHN, PRK]" if "actors" in name else "    claims:").decode()
        if "claims" in name:
            body = body.split("    claims: 5")[0] + "    claims: 5\n"
        content = body.encode()
        yield case(name, content, line.strip(), says)
    for name, line, says in (
        ("offset-text", "        start: first", "'start'"), ("offset-negative", "        start: -4", "'start'"),
        ("offset-float", "        end: 1.5", "'end'"), ("hedged-text", "        hedged: maybe", "hedged"),
        ("quote-is-a-list", "        quote: [a]", "'quote' must be text"),
    ):
        content = facts_event_with(line, replace='        quote: "Xi visited Pyongyang."' if "quote" in name else None)
        if "quote" not in name:
            content = content.replace(b"\n" + line.encode() + b"\n", b"\n").replace(
                b"        certainty: confirmed\n", b"        certainty: confirmed\n" + line.encode() + b"\n")
        yield case(name, content, line.strip(), says)
    content = facts(GOOD_EVENT.replace("    url: https://example.org/a", "    url: [https://example.org/a]"))
    yield case("source-url-is-a-list", content, "url: [", "'url' must be text")
    content = facts("agreements:\n  t:\n    name: T\n    parties: 7\n    status: signed\n" + GOOD_EVENT)
    yield case("parties-is-a-number", content, "parties: 7", "'parties' must be a list")
    content = facts("updated: 2024-05\n" + GOOD_EVENT)
    yield case("updated-not-a-day", content, "updated:", "full day")
    content = facts("__line__: 3\n" + GOOD_EVENT)
    yield case("reserved-key", content, "__line__", "reserved")
    content = facts("title: !!python/object/apply:os.system ['true']\n" + GOOD_EVENT)
    yield case("python-tag", content, "title:", "invalid YAML")
    content = facts("title: [unclosed\n" + GOOD_EVENT)
    yield case("yaml-syntax", content, None, "invalid YAML")
    content = facts("title: caf\xe9\n").replace("caf\xe9".encode(), b"caf\xe9") + GOOD_EVENT.encode()
    yield case("not-utf8", content, "title:", "not UTF-8")
    yield Case("facts/utf16", "utf16.facts.yaml", facts(GOOD_EVENT).decode().encode("utf-16"), args=("--loader", "facts"),
               says=("UTF-16",))
    yield Case("facts/utf16-unnamed-loader", "utf16-guess.facts.yaml", facts(GOOD_EVENT).decode().encode("utf-16"),
               says=("UTF-16", "no loader recognises"))
    yield Case("facts/too-big", "big.facts.yaml", facts(GOOD_EVENT + "# " + "x" * 4096 + "\n"),
               args=("--limit", "file-bytes=2K"), says=("file-bytes",))


def gdelt_cases() -> Iterator[Case]:
    row = gdelt_row()
    gdelt = ("--loader", "gdelt")
    yield Case("gdelt/binary", "photo.jpg.csv", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 16, args=gdelt,
               says=("binary",))
    yield Case("gdelt/binary-no-zero-bytes", "noise.csv", bytes(range(1, 256)) * 64, args=gdelt, says=("not a GDELT", "line 1"))
    yield Case("gdelt/utf16", "utf16.export.CSV", (row + "\n").encode("utf-16"), args=gdelt, says=("UTF-16",))
    yield Case("gdelt/utf16-no-bom", "utf16le.export.CSV", (row + "\n").encode("utf-16-le"), args=gdelt, says=("UTF-16",))
    yield Case("gdelt/binary-unnamed-loader", "guess.export.CSV", b"\x00\x01\x02" * 100, says=("binary", "no loader recognises"))
    yield Case("gdelt/utf16-unnamed-loader", "guess16.export.CSV", (row + "\n").encode("utf-16"), says=("UTF-16",))
    yield Case("gdelt/empty", "empty.export.CSV", b"", args=gdelt, says=("no GDELT rows",))
    yield Case("gdelt/not-gdelt-text", "notes.csv", b"name,value\nalpha,1\nbeta,2\n", args=gdelt, says=("not a GDELT", "line 1"))
    yield Case("gdelt/not-gdelt-zip", "notes.zip", lambda p: zip_member(p, "notes.txt", b"hello\nworld\n"), args=gdelt,
               says=("not a GDELT",))
    yield Case("gdelt/corrupt-deflate", "corrupt.export.CSV.zip",
               lambda p: zip_member(p, "corrupt.export.CSV", ((row + "\n") * 300).encode(), corrupt=True), says=("corrupt",), args=gdelt)
    yield Case("gdelt/truncated-zip", "truncated.export.CSV.zip",
               lambda p: zip_member(p, "t.export.CSV", ((row + "\n") * 300).encode(), truncate=True), args=gdelt, says=("corrupt",))
    yield Case("gdelt/encrypted-zip", "encrypted.export.CSV.zip",
               lambda p: zip_member(p, "e.export.CSV", (row + "\n").encode(), encrypted_flag=True), args=gdelt, says=("encrypted",))
    yield Case("gdelt/empty-zip", "nothing.zip", lambda p: zip_member(p, "dir/", b""), args=gdelt, says=("empty",))
    yield Case("gdelt/zip-bomb-4GiB-line", "line.export.CSV.zip",
               lambda p: zip_of_repeated(p, "line.export.CSV", b"7" * (1 << 20), 4096), args=gdelt, says=("zip-ratio",))
    yield Case("gdelt/zip-4GiB-line-ratio-raised", "line2.export.CSV.zip",
               lambda p: zip_of_repeated(p, "line.export.CSV", b"7" * (1 << 20), 4096),
               args=(*gdelt, "--limit", "zip-ratio=10000000"), says=("line longer", "line-bytes"), line=1)
    yield Case("gdelt/zip-2GiB-blank-lines", "blank.export.CSV.zip",
               lambda p: zip_of_repeated(p, "blank.export.CSV", b"\n" * (1 << 20), 2048),
               args=(*gdelt, "--limit", "zip-ratio=10000000"), says=("blank lines", "blank-lines"), line=10_001)
    yield Case("gdelt/blank-lines-then-a-row", "blank-then-row.export.CSV", b"\r\n" * 20_000 + (row + "\n").encode(), args=gdelt,
               says=("blank lines",), line=10_001)
    yield Case("gdelt/long-line-plain", "long.export.CSV", (row + "\t" + "x" * (2 << 20) + "\n").encode(), args=gdelt,
               says=("line longer",), line=1)
    yield Case("gdelt/stream-limit", "stream.export.CSV", ((row + "\n") * 50).encode(), args=(*gdelt, "--limit", "stream-bytes=4K"),
               says=("stream-bytes",))
    yield Case("gdelt/bad-row-flood", "flood.export.CSV", (row + "\n" + "junk\n" * 200).encode(),
               args=(*gdelt, "--limit", "bad-rows=100"), says=("bad-rows",))
    for name, column, value in (
        ("arabic-indic-id", 0, "١٢٣٤٥"), ("superscript-id", 0, "²³"), ("fullwidth-date", 1, "２０１８０１０１"),
        ("devanagari-mentions", 31, "४२"), ("superscript-sources", 32, "¹"), ("arabic-tone", 34, "١.٥"),
    ):
        bad = gdelt_row_with(column, value)
        content = (row + "\n" + bad + "\n").encode()
        yield Case(f"gdelt-digits/{name}", f"{name}.export.CSV", content, args=gdelt, exit_code=0, line=2,
                   says=("skipped",), changes_store=True)
        yield Case(f"gdelt-digits-strict/{name}", f"{name}-strict.export.CSV", content, args=(*gdelt, "--strict"), line=2,
                   says=("--strict",))


def news_cases() -> Iterator[Case]:
    article = "North Korea and China reopened the Pyongyang-Beijing train on Monday, officials said.\n"
    yield Case("news/empty", "empty.txt", b"", args=("--loader", "news"), says=("empty",))
    yield Case("news/whitespace", "blank.txt", b"\n\n   \n", args=("--loader", "news"), says=("empty",))
    yield Case("news/binary", "binary.txt", b"\x00\x01\x02\x03" * 1000, args=("--loader", "news"), says=("binary",))
    yield Case("news/utf16", "utf16.txt", article.encode("utf-16"), args=("--loader", "news"), says=("UTF-16",))
    yield Case("news/utf16-no-bom", "utf16be.txt", article.encode("utf-16-be"), args=("--loader", "news"), says=("UTF-16",))
    yield Case("news/html-without-text", "scripts.html", b"<html><head><script>var a=1;</script></head><body></body></html>",
               says=("no article text",))
    yield Case("news/data-suffix", "data.json", b'{"a": 1}', args=("--loader", "news"), says=("not a news article",))


def name_cases() -> Iterator[Case]:
    for name, filename in (
        ("newline", "evil\nname.ttl"), ("terminal-escape", "evil\x1b[2J\x1b]0;pwned\x07.ttl"),
        ("bidi-override", "evil\u202egnp.ttl"), ("carriage-return", "evil\rok.ttl"),
    ):
        yield Case(f"names/{name}", filename, b"", says=("empty",))
    yield Case("names/escape-in-gdelt-row-file", "row\x1b[31m.export.CSV", (gdelt_row() + "\nbad row\n").encode(),
               args=("--loader", "gdelt"), exit_code=0, line=2, changes_store=True, says=("skipped",))


def device_cases() -> Iterator[Case]:
    """A device given as a file: /dev/zero never ends, so it is refused before it is read."""

    def link_to_zero(path: Path) -> None:
        path.symlink_to("/dev/zero")

    for loader, suffix in (("gdelt", "export.CSV"), ("facts", "facts.yaml"), ("news", "txt"), ("rdf", "ttl")):
        yield Case(f"devices/{loader}", f"zero.{suffix}", link_to_zero, args=("--loader", loader), says=("not a regular file",))


def usage_cases() -> Iterator[Case]:
    yield Case("usage/unknown-loader", "a.ttl", f"<{EX}s> <{EX}p> <{EX}o> .\n".encode(), args=("--loader", "nope"), exit_code=2,
               says=("unknown loader",), names_file=False)
    yield Case("usage/unknown-limit", "a.ttl", f"<{EX}s> <{EX}p> <{EX}o> .\n".encode(), args=("--limit", "bogus=1"), exit_code=2,
               says=("unknown limit",), names_file=False)
    yield Case("usage/bad-limit-value", "a.ttl", f"<{EX}s> <{EX}p> <{EX}o> .\n".encode(), args=("--limit", "depth=lots"),
               exit_code=2, says=("not a whole number",), names_file=False)
    yield Case("usage/bad-limit-environment", "a.ttl", f"<{EX}s> <{EX}p> <{EX}o> .\n".encode(), env={"DYAD_LIMIT_DEPTH": "-3"},
               exit_code=2, says=("DYAD_LIMIT",), names_file=False)


def all_cases() -> list[Case]:
    cases = [*rdf_cases(), *limit_cases(), *facts_cases(), *gdelt_cases(), *news_cases(), *name_cases(), *device_cases(), *usage_cases()]
    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return cases
