"""The committed real-data extracts load offline with the expected shapes, labels and licences."""
from pathlib import Path

import numpy as np
import pytest

from headcount.experiments import datasets

ROOT = Path(__file__).resolve().parents[1]


def test_fashion_mnist_shapes_and_range():
    tr, te = datasets.load_fashion_mnist("train"), datasets.load_fashion_mnist("test")
    assert tr.images.shape == (20000, 14, 14) and te.images.shape == (4000, 14, 14)
    assert tr.images.dtype == np.float32 and 0.0 <= tr.images.min() and tr.images.max() <= 1.0
    assert set(np.unique(tr.labels)) == set(range(10)) and len(tr.class_names) == 10
    counts = np.bincount(tr.labels, minlength=10)
    assert counts.min() > 1700, "the seeded subset keeps the classes balanced"


def test_fashion_mnist_rejects_bad_split():
    with pytest.raises(ValueError, match="split must be one of"):
        datasets.load_fashion_mnist("validation")


def test_fashion_mnist_missing_file_says_how_to_derive(tmp_path):
    with pytest.raises(FileNotFoundError, match="derive_fashion_mnist"):
        datasets.load_fashion_mnist("train", path=tmp_path / "nope.npz")


def test_wordnet_nouns():
    wn = datasets.load_wordnet_nouns()
    assert len(wn) == 82115
    assert len(wn.offsets) == len(wn.lexnames) == len(wn.lemmas) == len(wn.glosses)
    assert set(wn.lexnames) <= {f"noun.{x}" for x in ("Tops", "act", "animal", "artifact", "attribute", "body",
        "cognition", "communication", "event", "feeling", "food", "group", "location", "motive", "object",
        "person", "phenomenon", "plant", "possession", "process", "quantity", "relation", "shape", "state",
        "substance", "time")}
    i = wn.offsets.index("00001740")
    assert wn.lemmas[i] == ["entity"] and wn.glosses[i].startswith("that which is perceived")
    assert all("\t" not in g for g in wn.glosses[:1000])


def test_tokenize():
    assert datasets.tokenize("A small, Furry animal (e.g. a cat)") == ["a", "small", "furry", "animal", "e", "g", "a",
                                                                       "cat"]


def test_licences_and_scripts_are_committed():
    assert "Zalando" in (ROOT / "data/LICENSES/FASHION_MNIST").read_text()
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in (ROOT / "data/LICENSES/WORDNET").read_text()
    for script in ("derive_fashion_mnist.py", "derive_wordnet.py"):
        assert (ROOT / "data/scripts" / script).exists()


def test_derive_wordnet_parses_a_line(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("derive_wordnet", ROOT / "data/scripts/derive_wordnet.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    f = tmp_path / "data.noun"
    f.write_text("  1 licence header\n00002137 03 n 02 abstraction 0 abstract_entity 0 000 | a general concept; "
                 '"an example"  \n')
    assert mod.parse(f) == [("00002137", "noun.Tops", "abstraction,abstract_entity", "a general concept")]


def test_derive_fashion_pooling():
    import importlib.util

    spec = importlib.util.spec_from_file_location("derive_fm", ROOT / "data/scripts/derive_fashion_mnist.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    x = np.arange(16, dtype=np.uint8).reshape(1, 4, 4)
    assert mod.pool2(x).tolist() == [[[2, 4], [10, 12]]]  # means 2.5->2 (banker's), 4.5->4, 10.5->10, 12.5->12


def test_data_dir_finds_the_repository_data_from_any_working_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("HEADCOUNT_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    from headcount.experiments.datasets import data_dir

    assert (data_dir() / "results").is_dir()
