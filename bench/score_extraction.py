"""Score the extractor on the dev set's tune and held-out parts and on the project's passages.

    .venv/bin/python bench/score_extraction.py [--dev DIR] [--per-article]

Runs the extractor in-process (one gazetteer build, not one per article) and scores each
report with the shared scorer (``shared/extraction/evaluate.py``), so the numbers are the
ones ``evaluate.py --cmd "dyad extract"`` prints. The split is ``tests/extraction/dev_split.json``,
fixed once. ``--per-article`` lists the tune articles and the passages one by one, never the
held-out ones: those are only scored, their failures are not read to write rules.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

from dyad.extraction import extract_report
from dyad.loaders.base import SourceMetadata

ROOT = Path(__file__).resolve().parents[1]
SPLIT = ROOT / "tests" / "extraction" / "dev_split.json"
PASSAGES = ROOT / "tests" / "extraction" / "passages"
SHARED = ROOT.parent / "shared" / "extraction"


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("shared_evaluate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def metadata(meta_path: Path) -> SourceMetadata:
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    return SourceMetadata(**{k: meta.get(k) or None for k in ("published", "publisher", "url", "title")})


def score_set(evaluate, cases: list[tuple[str, Path, Path]], *, per_article: bool) -> dict:
    totals = {f: [0, 0, 0] for f in evaluate.FIELDS}
    status = dated = pairs = hedge = 0
    for name, article, gold_path in cases:
        report = extract_report(article, metadata(article.with_suffix(".meta.json")))
        s = evaluate.score(report, json.loads(gold_path.read_text()))
        for f in evaluate.FIELDS:
            for i in range(3):
                totals[f][i] += s[f][i]
        status += s["event_status"]
        dated += s["event_dated"]
        pairs += s["event_pairs"]
        hedge += s["hedged_abs_error"]
        if per_article:
            print("  ", name, " ".join(f"{f}={s[f][0]}/{s[f][1]}/{s[f][2]}" for f in evaluate.FIELDS),
                  f"status={s['event_status']}/{s['event_pairs']} dated={s['event_dated']}/{s['event_pairs']}")
    f1 = {f: evaluate.prf(*totals[f]) for f in evaluate.FIELDS}
    return {"fields": f1, "totals": totals, "status": (status, pairs), "dated": (dated, pairs),
            "hedge_err": hedge / max(len(cases), 1),
            "overall": sum(v[2] for v in f1.values()) / len(f1), "n": len(cases)}


def show(title: str, result: dict) -> None:
    s, p = result["status"]
    d, _ = result["dated"]
    fields = " ".join(f"{f[:6]}={v[2]:.2f}" for f, v in result["fields"].items())
    ev = result["fields"]["events"]
    print(f"{title:<10} n={result['n']:<2} overall={result['overall']:.3f}  {fields}  "
          f"events P={ev[0]:.2f} R={ev[1]:.2f}  status={s}/{p} ({s / max(p, 1):.0%}) dated={d}/{p} ({d / max(p, 1):.0%}) "
          f"hedge_err={result['hedge_err']:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=SHARED / "dev")
    ap.add_argument("--evaluate", type=Path, default=SHARED / "evaluate.py")
    ap.add_argument("--per-article", action="store_true")
    ap.add_argument("--only", choices=["tune", "held_out", "whole", "passages"], action="append")
    ap.add_argument("--round", type=int, help="only the passages whose gold has this _round (a batch scored together)")
    a = ap.parse_args()
    evaluate = load_scorer(a.evaluate)
    split = json.loads(SPLIT.read_text())

    def dev_cases(ids):
        return [(i, a.dev / "articles" / f"{i}.txt", a.dev / "gold" / f"{i}.json") for i in ids]

    sets = {
        "tune": (dev_cases(split["tune"]), a.per_article),
        "held_out": (dev_cases(split["held_out"]), False),
        "whole": (dev_cases(sorted(split["tune"] + split["held_out"])), False),
        "passages": ([(p.stem, p, gold) for p in sorted(PASSAGES.glob("*.txt"))
                      if (gold := p.with_name(p.stem + ".gold.json")) and
                      (a.round is None or json.loads(gold.read_text()).get("_round") == a.round)],
                     a.per_article),
    }
    for name, (cases, per) in sets.items():
        if a.only and name not in a.only:
            continue
        show(name, score_set(evaluate, cases, per_article=per))
    return 0


if __name__ == "__main__":
    sys.exit(main())
