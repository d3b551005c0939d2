"""Derive data/wordnet_nouns.tsv.gz from Debian's ``wordnet-base`` package (WordNet 3.0).

Usage (no root needed)::

    apt-get download wordnet-base && dpkg -x wordnet-base_*.deb /tmp/wn
    python data/scripts/derive_wordnet.py /tmp/wn/usr/share/wordnet/data.noun data/wordnet_nouns.tsv.gz

Writes one row per noun synset, in file order: ``offset``, ``lexname`` (the lexicographer
file, e.g. ``noun.animal``), ``lemmas`` (comma-separated, underscores kept) and ``gloss`` (the
definition, without the quoted example sentences after the first ``;  "``). Tabs and newlines
never occur in the fields. The gzip header carries no file name or time, so reruns are
byte-identical. WordNet 3.0 Copyright 2006 by Princeton University (data/LICENSES/WORDNET).
"""
from __future__ import annotations

import argparse
import gzip
import io
from pathlib import Path

#: lexicographer file numbers 03-28 (WordNet's lexnames(5WN)).
LEXNAMES = {3: "noun.Tops", 4: "noun.act", 5: "noun.animal", 6: "noun.artifact", 7: "noun.attribute",
            8: "noun.body", 9: "noun.cognition", 10: "noun.communication", 11: "noun.event", 12: "noun.feeling",
            13: "noun.food", 14: "noun.group", 15: "noun.location", 16: "noun.motive", 17: "noun.object",
            18: "noun.person", 19: "noun.phenomenon", 20: "noun.plant", 21: "noun.possession",
            22: "noun.process", 23: "noun.quantity", 24: "noun.relation", 25: "noun.shape", 26: "noun.state",
            27: "noun.substance", 28: "noun.time"}


def parse(path: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("  "):  # licence header
                continue
            head, _, gloss = line.partition(" | ")
            f = head.split()
            offset, lex, n_words = f[0], int(f[1]), int(f[3], 16)
            lemmas = [f[4 + 2 * i] for i in range(n_words)]
            definition = gloss.strip().split('; "')[0].strip().rstrip(";").strip()
            rows.append((offset, LEXNAMES[lex], ",".join(lemmas), " ".join(definition.split())))
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data_noun", type=Path, help="WordNet's data.noun")
    p.add_argument("out", type=Path, help="output .tsv.gz")
    a = p.parse_args()
    rows = parse(a.data_noun)
    text = "offset\tlexname\tlemmas\tgloss\n" + "".join("\t".join(r) + "\n" for r in rows)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    a.out.write_bytes(buf.getvalue())
    print(f"wrote {a.out} ({a.out.stat().st_size / 1e6:.2f} MB): {len(rows)} noun synsets")


if __name__ == "__main__":
    main()
