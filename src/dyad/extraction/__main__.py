"""``python -m dyad.extraction ARTICLE [--published D] [--publisher P] [--url U] [--title T] --format json|ttl``.

Prints the extraction report (json) or the article's named graph (ttl), without storing
anything. The same as ``dyad extract`` once the CLI wires it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dyad.errors import DyadError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dyad.extraction", description=__doc__.splitlines()[0])
    parser.add_argument("article", type=Path)
    parser.add_argument("--published")
    parser.add_argument("--publisher")
    parser.add_argument("--url")
    parser.add_argument("--title")
    parser.add_argument("--format", choices=("json", "ttl"), default="json")
    args = parser.parse_args(argv)

    from dyad.loaders.base import SourceMetadata

    metadata = SourceMetadata(published=args.published, publisher=args.publisher, url=args.url, title=args.title)
    try:
        if args.format == "json":
            from dyad.extraction import extract_report

            sys.stdout.write(json.dumps(extract_report(args.article, metadata), ensure_ascii=False, indent=1) + "\n")
        else:
            from dyad.loaders.news import NewsLoader

            for source in NewsLoader().load(args.article, metadata):
                sys.stdout.write(source.graph.serialize(format="turtle"))
    except DyadError as err:
        sys.stderr.write(f"error: {err}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
