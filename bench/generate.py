"""A realistic synthetic Dyad graph at scale, deterministic for a seed.

About 200 countries (the ISO list Dyad ships), three cities each, routes between cities of
neighbouring countries, agreements between pairs, and news articles: one named graph per
article, each with its Document (publisher, URL, date, sha256), the loader run, an agent it
quotes, the countries it names, and 3-8 events (type, status, actors, dyad, date, CAMEO,
Goldstein, QuadClass, often about a route or agreement) each with one or two claims
(certainty, quote, offsets, attribution, provenance). A gazetteer document holds the places,
routes and agreements. Everything conforms to ``ontology/shapes.ttl``, cross-document rules
included: articles are dated in order and an event about a route is never dated before the
route's first mention.

    python bench/generate.py --triples 1000000 --seed 7 -o bench/data/dyad-1m.nq

Output is N-Quads (``.nq``) or TriG (``.trig``), chosen by the file's suffix.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ONTO = "https://w3id.org/dyad/ontology#"
ID = "https://w3id.org/dyad/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
EVENT_TYPES = ("suspension", "resumption", "negotiation", "agreement", "visit", "trade", "sanction",
               "military", "statement", "border_reopening", "border_closure", "aid")
CAMEO = {"suspension": ("166", -7.0, 4), "resumption": ("0871", 7.0, 2), "negotiation": ("046", 7.0, 1),
         "agreement": ("057", 8.0, 1), "visit": ("042", 1.9, 1), "trade": ("061", 6.4, 2),
         "sanction": ("163", -8.0, 4), "military": ("190", -10.0, 4), "statement": ("010", 0.0, 1),
         "border_reopening": ("0871", 7.0, 2), "border_closure": ("166", -7.0, 4), "aid": ("070", 7.0, 2)}
MODES = ("rail", "air", "road", "sea")
AGENT_KINDS = ("media", "government", "official", "anonymous", "analyst")
PUBLISHERS = ("Wire Service", "Daily Courier", "Evening Post", "Global Herald", "Regional Times", "Broadcast News")
START = dt.date(2015, 1, 1)
TRIPLES_PER_ARTICLE = 180  # measured average; used to pick the number of articles for a target size


def iri(path: str) -> str:
    return f"<{ID}{path}>"


def onto(name: str) -> str:
    return f"<{ONTO}{name}>"


def lit(text: str, datatype: str | None = None, language: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if language:
        return f'"{escaped}"@{language}'
    if datatype:
        return f'"{escaped}"^^<{XSD}{datatype}>'
    return f'"{escaped}"'


def short_hash(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


class World:
    """The fixed part: countries, cities, routes, agreements (seeded)."""

    def __init__(self, rng: random.Random) -> None:
        from dyad.vocabulary.countries import all_countries

        self.countries = [(c.iso3, c.iso2, c.name) for c in sorted(all_countries().values(), key=lambda c: c.iso3)][:200]
        self.codes = [c[0] for c in self.countries]
        self.cities = {code: [f"{code.title()} City {n}" for n in range(1, 4)] for code in self.codes}
        # Partners: each country trades with a handful of others (a realistic sparse dyad set).
        self.partners: dict[str, list[str]] = {code: [] for code in self.codes}
        for index, code in enumerate(self.codes):
            for other in rng.sample(self.codes, 6):
                if other != code and other not in self.partners[code]:
                    self.partners[code].append(other)
                    self.partners[other].append(code)
        self.routes: list[tuple[str, str, str, str, str]] = []  # (iri, mode, a-code, b-code, label)
        self.agreements: list[tuple[str, str, str, str]] = []  # (iri, a, b, label)
        seen = set()
        for code in self.codes:
            for other in self.partners[code][:3]:
                pair = tuple(sorted((code, other)))
                if pair in seen:
                    continue
                seen.add(pair)
                mode = rng.choice(MODES)
                a, b = rng.choice(self.cities[pair[0]]), rng.choice(self.cities[pair[1]])
                self.routes.append((iri(f"route/{mode}/{short_hash(a, b)}"), mode, pair[0], pair[1], f"{a}–{b} {mode} link"))
                if rng.random() < 0.6:
                    label = f"{pair[0]}–{pair[1]} cooperation agreement"
                    self.agreements.append((iri(f"agreement/{short_hash(label)}"), pair[0], pair[1], label))
        self.routes_of: dict[tuple[str, str], list[int]] = {}
        for index, route in enumerate(self.routes):
            self.routes_of.setdefault((route[2], route[3]), []).append(index)
        self.agreements_of: dict[tuple[str, str], list[int]] = {}
        for index, agreement in enumerate(self.agreements):
            self.agreements_of.setdefault((agreement[1], agreement[2]), []).append(index)

    def country(self, code: str, graph: str) -> Iterator[str]:
        iso3, iso2, name = next(c for c in self.countries if c[0] == code)
        node = iri(f"country/{iso3}")
        yield f"{node} {RDF_TYPE} {onto('Country')} {graph} ."
        yield f"{node} {onto('iso3')} {lit(iso3)} {graph} ."
        yield f"{node} {onto('iso2')} {lit(iso2)} {graph} ."
        yield f"{node} {LABEL} {lit(name, language='en')} {graph} ."

    def place(self, code: str, name: str, graph: str) -> Iterator[str]:
        node = iri(f"place/{code}/{short_hash(name)}")
        yield f"{node} {RDF_TYPE} {onto('Place')} {graph} ."
        yield f"{node} {LABEL} {lit(name, language='en')} {graph} ."
        yield f"{node} {onto('inCountry')} {iri('country/' + code)} {graph} ."
        yield f"{node} {onto('placeKind')} {lit('city')} {graph} ."


def gazetteer(world: World) -> Iterator[str]:
    """The reference document with the places, routes and agreements."""
    node = iri("document/synthetic-gazetteer")
    graph = node
    yield f"{node} {RDF_TYPE} {onto('Document')} {graph} ."
    yield f"{node} {onto('documentKind')} {lit('reference')} {graph} ."
    yield f"{node} <{DCT}title> {lit('Synthetic gazetteer')} {graph} ."
    for code in world.codes:
        yield from world.country(code, graph)
        for city in world.cities[code]:
            yield from world.place(code, city, graph)
    for route, mode, a, b, label in world.routes:
        yield f"{route} {RDF_TYPE} {onto('Route')} {graph} ."
        yield f"{route} {onto('transportMode')} <{ONTO[:-1]}/transport-mode/{mode}> {graph} ."
        city_a, city_b = label.rsplit(" ", 2)[0].split("–")
        yield f"{route} {onto('connects')} {iri(f'place/{a}/{short_hash(city_a)}')} {graph} ."
        yield f"{route} {onto('connects')} {iri(f'place/{b}/{short_hash(city_b)}')} {graph} ."
        yield f"{route} {LABEL} {lit(label, language='en')} {graph} ."
    for agreement, a, b, label in world.agreements:
        yield f"{agreement} {RDF_TYPE} {onto('Agreement')} {graph} ."
        yield f"{agreement} {LABEL} {lit(label, language='en')} {graph} ."
        yield f"{agreement} {onto('party')} {iri('country/' + a)} {graph} ."
        yield f"{agreement} {onto('party')} {iri('country/' + b)} {graph} ."
        yield f"{agreement} {onto('agreementStatus')} <{ONTO[:-1]}/agreement-status/signed> {graph} ."


class Articles:
    """News articles, one named graph each, dated in order."""

    def __init__(self, world: World, rng: random.Random, total: int) -> None:
        self.world = world
        self.rng = rng
        self.total = total
        self.first_mention: dict[str, dt.date] = {}
        self.days = max(1, (dt.date(2025, 12, 31) - START).days)

    def article(self, index: int) -> Iterator[str]:
        rng, world = self.rng, self.world
        issued = START + dt.timedelta(days=index * self.days // max(self.total, 1))
        url = f"https://news.example.org/{issued.year}/{index:07d}"
        node = iri(f"document/{short_hash(url)}")
        graph = node
        sha = hashlib.sha256(url.encode()).hexdigest()
        yield f"{node} {RDF_TYPE} {onto('Document')} {graph} ."
        yield f"{node} {RDF_TYPE} <{PROV}Entity> {graph} ."
        yield f"{node} {onto('documentKind')} {lit('news-article')} {graph} ."
        yield f"{node} {onto('sha256')} {lit(sha)} {graph} ."
        yield f"{node} {onto('url')} {lit(url, 'anyURI')} {graph} ."
        yield f"{node} <{DCT}title> {lit(f'Synthetic article {index}')} {graph} ."
        yield f"{node} {onto('publisherName')} {lit(rng.choice(PUBLISHERS))} {graph} ."
        yield f"{node} <{DCT}issued> {lit(issued.isoformat(), 'date')} {graph} ."
        run = iri("run/news/0-1-0")
        yield f"{run} {RDF_TYPE} {onto('LoaderRun')} {graph} ."
        yield f"{run} {RDF_TYPE} <{PROV}Activity> {graph} ."
        yield f"{run} {onto('loaderName')} {lit('news')} {graph} ."
        yield f"{run} {onto('softwareVersion')} {lit('0.1.0')} {graph} ."
        a = rng.choice(world.codes)
        b = rng.choice(world.partners[a] or [c for c in world.codes if c != a])
        pair = tuple(sorted((a, b)))
        for code in pair:
            yield from world.country(code, graph)
        kind = rng.choice(AGENT_KINDS)
        agent = iri(f"agent/{kind}-{pair[0].lower()}-{rng.randrange(5)}")
        yield f"{agent} {RDF_TYPE} {onto('Agent')} {graph} ."
        yield f"{agent} {RDF_TYPE} <{PROV}Agent> {graph} ."
        yield f"{agent} {LABEL} {lit(f'{kind} source in {pair[0]}', language='en')} {graph} ."
        yield f"{agent} {onto('agentKind')} <{ONTO[:-1]}/agent-kind/{kind}> {graph} ."
        yield f"{agent} {onto('affiliatedWith')} {iri('country/' + pair[0])} {graph} ."
        dyad = iri(f"dyad/{pair[0]}-{pair[1]}")
        yield f"{dyad} {RDF_TYPE} {onto('Dyad')} {graph} ."
        yield f"{dyad} {onto('member')} {iri('country/' + pair[0])} {graph} ."
        yield f"{dyad} {onto('member')} {iri('country/' + pair[1])} {graph} ."
        yield f"{dyad} {LABEL} {lit(f'{pair[0]}–{pair[1]}')} {graph} ."
        offset = 0
        for number in range(rng.randint(3, 8)):
            event_type = rng.choice(EVENT_TYPES)
            cameo, goldstein, quad = CAMEO[event_type]
            status = rng.choices(("happened", "expected", "reported"), (6, 2, 2))[0]
            event = iri(f"event/{short_hash(url, number)}")
            date = issued - dt.timedelta(days=rng.randrange(0, 20)) if status != "expected" else issued + dt.timedelta(days=rng.randrange(1, 60))
            about = None
            if rng.random() < 0.35 and world.routes_of.get(pair):
                about = world.routes[rng.choice(world.routes_of[pair])][0]
                first = self.first_mention.setdefault(about, issued)
                date = max(date, first)
                if status != "expected":
                    date = min(date, issued)
            elif rng.random() < 0.3 and world.agreements_of.get(pair):
                about = world.agreements[rng.choice(world.agreements_of[pair])][0]
            yield f"{event} {RDF_TYPE} {onto('Event')} {graph} ."
            yield f"{event} {onto('eventType')} <{ONTO[:-1]}/event-type/{event_type}> {graph} ."
            yield f"{event} {onto('eventStatus')} <{ONTO[:-1]}/event-status/{status}> {graph} ."
            yield f"{event} {onto('actor')} {iri('country/' + a)} {graph} ."
            yield f"{event} {onto('actor')} {iri('country/' + b)} {graph} ."
            yield f"{event} {onto('initiator')} {iri('country/' + a)} {graph} ."
            yield f"{event} {onto('recipient')} {iri('country/' + b)} {graph} ."
            yield f"{event} {onto('concernsDyad')} {dyad} {graph} ."
            yield f"{event} {onto('date')} {lit(date.isoformat(), 'date')} {graph} ."
            yield f"{event} {LABEL} {lit(f'{event_type} between {a} and {b}', language='en')} {graph} ."
            yield f"{event} {onto('cameoCode')} {lit(cameo)} {graph} ."
            yield f"{event} {onto('goldstein')} {lit(str(goldstein), 'decimal')} {graph} ."
            yield f"{event} {onto('quadClass')} {lit(str(quad), 'integer')} {graph} ."
            if about:
                yield f"{event} {onto('about')} {about} {graph} ."
            for claim_number in range(rng.choice((1, 1, 2))):
                claim = iri(f"claim/{short_hash(url, number, claim_number)}")
                certainty = {"happened": "confirmed", "expected": "expected", "reported": "reported"}[status]
                quote = f"Sentence {number}.{claim_number} of article {index} about {a} and {b}."
                yield f"{claim} {RDF_TYPE} {onto('Claim')} {graph} ."
                yield f"{claim} {RDF_TYPE} <{PROV}Entity> {graph} ."
                yield f"{claim} {onto('asserts')} {event} {graph} ."
                yield f"{claim} <{PROV}wasDerivedFrom> {node} {graph} ."
                yield f"{claim} <{PROV}wasGeneratedBy> {run} {graph} ."
                yield f"{claim} {onto('certainty')} <{ONTO[:-1]}/certainty/{certainty}> {graph} ."
                yield f"{claim} {onto('hedged')} {lit('true' if status == 'expected' else 'false', 'boolean')} {graph} ."
                yield f"{claim} {onto('quote')} {lit(quote)} {graph} ."
                yield f"{claim} {onto('startOffset')} {lit(str(offset), 'integer')} {graph} ."
                yield f"{claim} {onto('endOffset')} {lit(str(offset + len(quote)), 'integer')} {graph} ."
                yield f"{claim} <{PROV}wasAttributedTo> {agent} {graph} ."
                offset += len(quote) + 1


def generate(triples: int, seed: int = 7) -> Iterator[str]:
    """N-Quads lines of a synthetic store of about ``triples`` quads, plus one more article (the "new" one) last.

    The last article is yielded separately by :func:`new_article`; this yields the store.
    """
    rng = random.Random(seed)
    world = World(rng)
    yield from gazetteer(world)
    total = max(1, triples // TRIPLES_PER_ARTICLE)
    articles = Articles(world, rng, total)
    for index in range(total):
        yield from articles.article(index)


def new_article(triples: int, seed: int = 7) -> list[str]:
    """One more article, dated after the store's, as the document to validate incrementally."""
    rng = random.Random(seed)
    world = World(rng)
    total = max(1, triples // TRIPLES_PER_ARTICLE)
    articles = Articles(world, random.Random(seed + 1), total)
    return list(articles.article(total))


def write(lines: Iterator[str], path: Path) -> int:
    """Write N-Quads (``.nq``) or TriG (``.trig``, one GRAPH block per document); returns the quad count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        if path.suffix == ".trig":
            current = None
            for line in lines:
                subject_predicate_object, graph = line[:-2].rsplit(" ", 1)
                if graph != current:
                    if current is not None:
                        out.write("}\n")
                    out.write(f"GRAPH {graph} {{\n")
                    current = graph
                out.write(f"  {subject_predicate_object} .\n")
                count += 1
            if current is not None:
                out.write("}\n")
        else:
            for line in lines:
                out.write(line + "\n")
                count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000, help="about how many quads (default 100000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True, help="a .nq or .trig file")
    parser.add_argument("--new-article", type=Path, help="also write one more article (the document to validate) here")
    args = parser.parse_args(argv)
    count = write(generate(args.triples, args.seed), args.output)
    if args.new_article:
        write(iter(new_article(args.triples, args.seed)), args.new_article)
    print(f"{args.output}: {count} quads", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
