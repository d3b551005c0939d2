"""The tasks and the encoder of notebook 06's real-data experiments (paper section 6.2, App. B.2-B.3).

* :class:`MarkedImageTask`: ``T`` pooled Fashion-MNIST images, ``D`` of them marked with slots
  ``1..D``; the target is the class of each marked image (controlled ``D`` on real images).
* :class:`FramedImages`: each image placed at a random position in a frame padded with its border
  colours and cut into patches (the paper's CIFAR-10 protocol, App. B.3).
* :class:`MultiQueryRetrievalTask`: ``D`` queries, each a few words of one WordNet noun definition,
  must find their definitions among ``T`` candidates (the MS MARCO stand-in, App. B.2).
* :class:`ClassTokenEncoder`: a small pre-LN encoder with a class token (the ViT and text models).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from headcount._checks import check_choice, check_int
from headcount.experiments.datasets import (
    load_wordnet_nouns,
    tokenize,
)

__all__ = ["N_CLASSES", "ClassTokenEncoder", "FramedImages", "MarkedImageTask", "MultiQueryRetrievalTask", "generator",
           "pool_images"]

N_CLASSES = 10


def generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(check_int("seed", seed, 0))


# ---------------------------------------------------------------- experiment 1: marked images

def pool_images(images: np.ndarray, factor: int) -> np.ndarray:
    """Average ``factor x factor`` blocks: ``(N, 14, 14)`` to ``(N, 14 // factor, 14 // factor)``."""
    factor = check_int("factor", factor, 1)
    n, h, w = images.shape
    if h % factor or w % factor:
        raise ValueError(f"factor must divide the image size {h}x{w}, got {factor}")
    return images.reshape(n, h // factor, factor, w // factor, factor).mean(axis=(2, 4))


class MarkedImageTask:
    """``T`` images per sequence, ``D`` of them marked with a slot one-hot; targets: their classes.

    Tokens are ``[196 pixels, one-hot slot (D entries, all zero if unmarked)]``, so ``d = 196 + D``.
    ``sample(n, generator)`` returns ``X (n, T, d)`` float32 and ``y (n, D)`` int64.
    """

    def __init__(self, images: np.ndarray, labels: np.ndarray, T: int, D: int) -> None:
        self.T = check_int("T", T, 1)
        self.D = check_int("D", D, 1, self.T)
        if images.ndim != 3 or len(images) != len(labels):
            raise ValueError(f"images must be (N, H, W) with N labels, got {images.shape} and {labels.shape}")
        self.pixels = torch.as_tensor(images.reshape(len(images), -1), dtype=torch.float32)
        self.labels = torch.as_tensor(labels, dtype=torch.int64)
        self.d = self.pixels.shape[1] + self.D

    def sample(self, n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        n = check_int("n", n)
        idx = torch.randint(len(self.labels), (n, self.T), generator=generator)
        pos = torch.rand(n, self.T, generator=generator).argsort(dim=1)[:, : self.D]  # slot i sits at pos[:, i]
        marks = torch.zeros(n, self.T, self.D)
        rows = torch.arange(n).unsqueeze(1).expand(-1, self.D)
        marks[rows, pos, torch.arange(self.D).expand(n, -1)] = 1.0
        X = torch.cat([self.pixels[idx], marks], dim=-1)
        y = self.labels[idx.gather(1, pos)]
        return X, y


# ---------------------------------------------------------------- experiment 2: framed images (ViT)

@dataclass
class FramedImages:
    """Images placed at a random position inside a ``frame x frame`` canvas padded with border colours.

    ``patches`` is ``(N, T, patch**2)`` with ``T = (frame / patch)**2``; ``labels (N,)``. The
    offsets are drawn once from ``seed`` (a fixed data set, as in the paper).
    """

    patches: torch.Tensor
    labels: torch.Tensor
    frame: int
    patch: int

    @classmethod
    def build(cls, images: np.ndarray, labels: np.ndarray, frame: int, patch: int, seed: int) -> FramedImages:
        frame, patch = check_int("frame", frame, images.shape[1]), check_int("patch", patch)
        if frame % patch:
            raise ValueError(f"frame must be a multiple of patch={patch}, got frame={frame}")
        n, s = images.shape[0], images.shape[1]
        rng = np.random.default_rng(seed)
        slack = frame - s
        off = rng.integers(0, slack + 1, size=(n, 2))
        canvas = np.empty((n, frame, frame), dtype=np.float32)
        for i in range(n):
            top, left = off[i]
            canvas[i] = np.pad(images[i], ((top, slack - top), (left, slack - left)), mode="edge")
        g = frame // patch
        p = canvas.reshape(n, g, patch, g, patch).transpose(0, 1, 3, 2, 4).reshape(n, g * g, patch * patch)
        return cls(torch.from_numpy(np.ascontiguousarray(p)), torch.as_tensor(labels, dtype=torch.int64), frame,
                   patch)

    @property
    def T(self) -> int:
        return self.patches.shape[1]

    def sample(self, n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        idx = torch.randint(len(self.labels), (check_int("n", n),), generator=generator)
        return self.patches[idx], self.labels[idx].unsqueeze(1)

    def canvas(self, i: int) -> np.ndarray:
        """Image ``i`` reassembled from its patches, ``(frame, frame)``."""
        g = self.frame // self.patch
        return self.patches[i].reshape(g, g, self.patch, self.patch).permute(0, 2, 1, 3).reshape(
            self.frame, self.frame).numpy()


class ClassTokenEncoder(nn.Module):
    """Linear token embedding, learned positions, a class token, ``depth`` pre-LN blocks, a linear head.

    ``h`` heads of dimension ``head_dim`` (``E = h * head_dim``), MLP width ``width``, no dropout.
    The output is read at the class token: ``(B, out_dim)``.
    """

    def __init__(self, d_in: int, n_tokens: int, heads: int, head_dim: int = 8, depth: int = 2, width: int = 128,
                 out_dim: int = N_CLASSES) -> None:
        super().__init__()
        for name, v in (("d_in", d_in), ("n_tokens", n_tokens), ("heads", heads), ("head_dim", head_dim),
                        ("depth", depth), ("width", width), ("out_dim", out_dim)):
            check_int(name, v)
        E = heads * head_dim
        self.n_tokens, self.d_in = n_tokens, d_in
        self.embed = nn.Linear(d_in, E)
        self.position = nn.Parameter(0.02 * torch.randn(n_tokens, E))
        self.cls = nn.Parameter(0.02 * torch.randn(E))
        self.blocks = nn.ModuleList(
            nn.TransformerEncoderLayer(E, heads, width, dropout=0.0, activation="gelu", batch_first=True,
                                       norm_first=True) for _ in range(depth))
        self.norm = nn.LayerNorm(E)
        self.head = nn.Linear(E, out_dim)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        if X.dim() != 3 or X.shape[1:] != (self.n_tokens, self.d_in):
            raise ValueError(f"X must have shape (batch, {self.n_tokens}, {self.d_in}), got {tuple(X.shape)}")
        x = self.embed(X) + self.position
        x = torch.cat([self.cls.expand(x.shape[0], 1, -1), x], dim=1)
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x[:, 0]))


# ---------------------------------------------------------------- experiment 3: multi-query text retrieval

_STOP = frozenset("the and for with that which from into its this are was has have not but any one two all "
                  "who whom whose other more most some such than them they their being used made".split())


_TEXT_CACHE: dict[tuple, dict[str, Any]] = {}


def _text_corpus(dim: int, min_words: int, seed: int) -> dict[str, Any]:
    """Content-word ids per definition, frozen random word vectors, definition vectors, class pools."""
    key = (dim, min_words, seed)
    if key in _TEXT_CACHE:
        return _TEXT_CACHE[key]
    wn = load_wordnet_nouns()
    docs = [[w for w in tokenize(g) if len(w) >= 3 and w not in _STOP] for g in wn.glosses]
    keep = [i for i, d in enumerate(docs) if len(set(d)) >= min_words]
    vocab = {w: j for j, w in enumerate(sorted({w for i in keep for w in docs[i]}))}
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((len(vocab), dim)).astype(np.float32) / math.sqrt(dim)
    L = max(len(docs[i]) for i in keep)
    ids = np.zeros((len(keep), L), dtype=np.int64)
    lengths = np.zeros(len(keep), dtype=np.int64)
    for r, i in enumerate(keep):
        ws = sorted(set(docs[i]), key=docs[i].index)
        ids[r, : len(ws)] = [vocab[w] for w in ws]
        lengths[r] = len(ws)
    vec = torch.from_numpy(vectors)
    flat = torch.from_numpy(np.concatenate([ids[r, : lengths[r]] for r in range(len(keep))]))
    offsets = torch.from_numpy(np.concatenate([[0], np.cumsum(lengths)[:-1]]))
    # sum of word vectors per definition without a (definitions x words x dim) intermediate
    docvec = nn.functional.embedding_bag(flat, vec, offsets, mode="sum") / torch.from_numpy(
        lengths).float().sqrt().unsqueeze(1)
    lex = np.array([wn.lexnames[i] for i in keep])
    perm = rng.permutation(len(keep))
    split = {"train": np.sort(perm[: int(0.8 * len(keep))]), "val": np.sort(perm[int(0.8 * len(keep)):])}
    out = {"ids": torch.from_numpy(ids), "lengths": torch.from_numpy(lengths), "vectors": vec, "docvec": docvec,
           "lexnames": lex, "split": split, "synset": np.array(keep), "glosses": wn.glosses}
    _TEXT_CACHE.clear()
    _TEXT_CACHE[key] = out
    return out


class MultiQueryRetrievalTask:
    """``D`` queries (``words`` content words of one definition each) against ``T`` candidate definitions.

    Candidates come from one lexicographer class (e.g. all ``noun.animal``), the harder negatives.
    Each candidate is one token (as in a pooled passage encoder): ``x_t = [q_1 * p_t, ..., q_D * p_t]``,
    the elementwise products of its definition vector ``p_t`` with each query vector ``q_i`` (a
    late-interaction feature, so that one layer can score every query against every candidate),
    ``d = D * dim``. ``y (n, D)`` is the position of each query's own definition. ``split``:
    ``'train'`` or ``'val'`` (a disjoint 80/20 split of the definitions).
    """

    def __init__(self, T: int, D: int, words: int = 3, split: str = "train", dim: int = 32, seed: int = 0) -> None:
        self.T = check_int("T", T, 2)
        self.D = check_int("D", D, 1, self.T)
        self.words = check_int("words", words, 1)
        self.split = check_choice("split", split, ("train", "val"))
        self.dim = check_int("dim", dim, 2)
        c = _text_corpus(self.dim, 4, seed)
        self.corpus = c
        rows = c["split"][split]
        pools = {}
        for lex in np.unique(c["lexnames"][rows]):
            members = rows[c["lexnames"][rows] == lex]
            if len(members) >= 2 * self.T:
                pools[lex] = torch.from_numpy(members)
        if not pools:
            raise ValueError(f"T={T} is too large: no lexicographer class has {2 * T} definitions in split {split!r}")
        self.pools = [pools[k] for k in sorted(pools)]
        sizes = torch.tensor([len(p) for p in self.pools], dtype=torch.float64)
        self.pool_weights = sizes / sizes.sum()
        self.d = self.D * self.dim

    def sample(self, n: int, generator: torch.Generator, return_rows: bool = False):  # noqa: ANN201
        """``X (n, T, D * dim)``, ``y (n, D)``; with ``return_rows`` also candidate rows, query rows, word ids."""
        n = check_int("n", n)
        c = self.corpus
        which = torch.multinomial(self.pool_weights, n, replacement=True, generator=generator)
        cand = torch.empty(n, self.T, dtype=torch.int64)
        for k in which.unique().tolist():
            sel = (which == k).nonzero().squeeze(1)
            pool = self.pools[k]
            # consecutive windows of one random permutation: T distinct candidates per sequence
            perm = pool[torch.randperm(len(pool), generator=generator)]
            start = torch.randint(len(pool), (len(sel), 1), generator=generator)
            cand[sel] = perm[(start + torch.arange(self.T)) % len(pool)]
        target = torch.rand(n, self.T, generator=generator).argsort(dim=1)[:, : self.D]
        qrows = cand.gather(1, target)  # (n, D)
        lengths = c["lengths"][qrows]
        L = c["ids"].shape[1]
        scores = torch.rand(n, self.D, L, generator=generator).masked_fill(
            torch.arange(L) >= lengths.unsqueeze(-1), 2.0)
        order = scores.argsort(dim=2)[..., : self.words]  # distinct content words of the definition
        word_ids = c["ids"][qrows].gather(2, order)
        valid = (torch.arange(self.words) < lengths.unsqueeze(-1)).float()
        qvec = (c["vectors"][word_ids] * valid.unsqueeze(-1)).sum(2) / valid.sum(2, keepdim=True).sqrt()
        X = (qvec.unsqueeze(1) * c["docvec"][cand].unsqueeze(2)).flatten(2) * self.dim  # (n, T, D * dim)
        if return_rows:
            return X, target, cand, qrows, word_ids
        return X, target
