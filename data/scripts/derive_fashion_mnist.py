"""Derive data/fashion_mnist_14x14.npz from Debian's ``dataset-fashion-mnist`` package.

Usage (no root needed)::

    apt-get download dataset-fashion-mnist && dpkg -x dataset-fashion-mnist_*.deb /tmp/fm
    python data/scripts/derive_fashion_mnist.py /tmp/fm/usr/share/datasets/fashion-mnist data/fashion_mnist_14x14.npz

What it does, deterministically: reads the four IDX files, draws a seeded subset (20,000 of
the 60,000 training images, 4,000 of the 10,000 test images, numpy PCG64 seed 0), pools each
28x28 image to 14x14 by averaging 2x2 blocks (rounded to uint8) and writes a compressed NPZ (array contents are identical on reruns; the zip entries carry the write time)
without pickled objects. Fashion-MNIST is (c) 2017 Zalando SE, MIT licence (data/LICENSES/).
"""
from __future__ import annotations

import argparse
import gzip
import struct
from pathlib import Path

import numpy as np

CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
           "Ankle boot")


def read_idx(path: Path) -> np.ndarray:
    """An IDX (MNIST format) array from a gzipped file."""
    with gzip.open(path, "rb") as fh:
        raw = fh.read()
    zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path} is not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def pool2(images: np.ndarray) -> np.ndarray:
    """Average 2x2 blocks: (N, 28, 28) uint8 to (N, 14, 14) uint8."""
    n, h, w = images.shape
    x = images.reshape(n, h // 2, 2, w // 2, 2).astype(np.float64).mean(axis=(2, 4))
    return np.round(x).astype(np.uint8)


def derive(src: Path, n_train: int = 20000, n_test: int = 4000, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out: dict[str, np.ndarray] = {}
    for split, prefix, n in (("train", "train", n_train), ("test", "t10k", n_test)):
        x = read_idx(src / f"{prefix}-images-idx3-ubyte.gz")
        y = read_idx(src / f"{prefix}-labels-idx1-ubyte.gz")
        idx = np.sort(rng.choice(len(x), size=n, replace=False))
        out[f"x_{split}"] = pool2(x[idx])
        out[f"y_{split}"] = y[idx].astype(np.uint8)
        out[f"index_{split}"] = idx.astype(np.int32)
    out["class_names"] = np.array(CLASSES)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("src", type=Path, help="folder with the four *-ubyte.gz files")
    p.add_argument("out", type=Path, help="output .npz")
    p.add_argument("--n-train", type=int, default=20000)
    p.add_argument("--n-test", type=int, default=4000)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    arrays = derive(a.src, a.n_train, a.n_test, a.seed)
    np.savez_compressed(a.out, **arrays)
    print(f"wrote {a.out} ({a.out.stat().st_size / 1e6:.2f} MB): "
          + ", ".join(f"{k} {v.shape}" for k, v in arrays.items()))


if __name__ == "__main__":
    main()
