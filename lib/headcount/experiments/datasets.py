"""Loaders for the small real-data extracts committed in ``data/`` (notebook 06).

* :func:`load_fashion_mnist`: Fashion-MNIST (MIT, Zalando SE), 2x2-pooled to 14x14;
* :func:`load_wordnet_nouns`: WordNet 3.0 noun synsets (Princeton's WordNet licence) with
  lexicographer class, lemmas and definition.

Both are derived from Debian packages by ``data/scripts/`` (see ``data/README.md``). Nothing is
downloaded: a missing file raises ``FileNotFoundError`` saying where it was looked for. NPZ files
are read with ``allow_pickle=False``.
"""
from __future__ import annotations

import csv
import gzip
import io
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from headcount._checks import check_choice
from headcount.env import DATA_FILES, data_dir

__all__ = ["FASHION_FILE", "WORDNET_FILE", "FashionMNIST", "WordNetNouns", "data_dir", "load_fashion_mnist",
           "load_wordnet_nouns", "tokenize"]

FASHION_FILE, WORDNET_FILE = DATA_FILES
SPLITS = ("train", "test")


@dataclass(frozen=True)
class FashionMNIST:
    """One split: ``images (N, 14, 14)`` float32 in [0, 1], ``labels (N,)`` int64, 10 class names."""

    images: np.ndarray
    labels: np.ndarray
    class_names: tuple[str, ...]
    split: str

    def __len__(self) -> int:
        return len(self.labels)


@lru_cache(maxsize=4)
def _fashion_arrays(path: str) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def load_fashion_mnist(split: str = "train", path: str | os.PathLike | None = None) -> FashionMNIST:
    """The committed Fashion-MNIST subset: ``split`` is ``'train'`` (20,000) or ``'test'`` (4,000)."""
    check_choice("split", split, SPLITS)
    file = Path(path) if path is not None else data_dir() / FASHION_FILE
    if not file.exists():
        raise FileNotFoundError(f"{file} does not exist; derive it with data/scripts/derive_fashion_mnist.py")
    z = _fashion_arrays(str(file))
    x, y = z[f"x_{split}"], z[f"y_{split}"]
    if x.ndim != 3 or x.shape[1:] != (14, 14) or len(x) != len(y) or x.dtype != np.uint8:
        raise ValueError(f"{file}: x_{split} must be uint8 (N, 14, 14) with N labels, got {x.dtype} {x.shape}")
    return FashionMNIST(x.astype(np.float32) / 255.0, y.astype(np.int64), tuple(str(c) for c in z["class_names"]),
                        split)


@dataclass(frozen=True)
class WordNetNouns:
    """WordNet 3.0 noun synsets as columns (all lists have one entry per synset)."""

    offsets: list[str]
    lexnames: list[str]
    lemmas: list[list[str]]
    glosses: list[str]

    def __len__(self) -> int:
        return len(self.glosses)


@lru_cache(maxsize=2)
def _wordnet(path: str) -> WordNetNouns:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(io.StringIO(fh.read()), delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header != ["offset", "lexname", "lemmas", "gloss"]:
            raise ValueError(f"{path}: unexpected header {header}")
        rows = list(reader)
    bad = [i for i, r in enumerate(rows) if len(r) != 4]
    if bad:
        raise ValueError(f"{path}: row {bad[0] + 2} does not have 4 tab-separated fields")
    return WordNetNouns([r[0] for r in rows], [r[1] for r in rows], [r[2].split(",") for r in rows],
                        [r[3] for r in rows])


def load_wordnet_nouns(path: str | os.PathLike | None = None) -> WordNetNouns:
    """All 82,115 noun synsets of WordNet 3.0 from the committed ``wordnet_nouns.tsv.gz``."""
    file = Path(path) if path is not None else data_dir() / WORDNET_FILE
    if not file.exists():
        raise FileNotFoundError(f"{file} does not exist; derive it with data/scripts/derive_wordnet.py")
    return _wordnet(str(file))


_WORD = re.compile(r"[a-z]+")


def tokenize(text: str) -> list[str]:
    """Lower-case alphabetic words of ``text``."""
    return _WORD.findall(text.lower())
