#!/usr/bin/env python3
"""The listed disagreements between transcribed pages and their answer keys (issue 11).

`codegen/tests/fixtures/corpus/disagreements.tsv` lists, per page, comparer failures where the spec is right: a
defect of the answer key, a defect of the page that the spec records as a doc defect while the key copies it, or
a rule of the comparer the page cannot meet (each line says which and why). A page whose every failure under
`scripts/compare_spellings.py` is listed counts as "matched (+spellings, listed disagreements)". Read by
`codegen/tests/transcribe_corpus_match.rs` and `scripts/corpus-match`.

    disagreements.py RESULTS OUT      (corpus-match: adds the column to RESULTS's rows, from OUT/<svc>/<page>.spell.cmp)
"""

import sys
from pathlib import Path

LEDGER = Path(__file__).resolve().parent.parent / "codegen/tests/fixtures/corpus/disagreements.tsv"
FAIL = "FAIL  "


def load(path=LEDGER):
    """{(service, page): set of failure lines}; comment and blank lines skipped."""
    listed = {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        service, page, failure, why = line.split("\t")
        if not why.split(":")[0] in ("key", "page", "comparer"):
            raise ValueError("%s: the reason must start with key:, page: or comparer: (%r)" % (path, why))
        listed.setdefault((service, page), set()).add(failure)
    return listed


def failures(comparer_output):
    """The failure lines of the comparer's output, without the `FAIL  ` prefix."""
    return [l[len(FAIL):] for l in comparer_output.splitlines() if l.startswith(FAIL)]


def matched_but_listed(listed, service, page, fails):
    """Whether every failure of the page is a listed disagreement (a page without failures matches)."""
    return set(fails) <= listed.get((service, page), set())


if __name__ == "__main__":
    results, out = sys.argv[1], Path(sys.argv[2])
    listed = load()
    for row in open(results, encoding="utf-8"):
        svc, page, t, m, s = row.split()
        ok = 0
        if t == "1":
            cmp = out / svc / (page + ".spell.cmp")
            text = cmp.read_text(encoding="utf-8") if cmp.exists() else ""
            ok = int(s == "1" or matched_but_listed(listed, svc, page, failures(text)))
        print(svc, page, t, m, s, ok)
