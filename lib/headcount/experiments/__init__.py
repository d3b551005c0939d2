"""One module per experiment of the paper, each usable from the CLI and from a notebook.

:mod:`.synthetic` (section 6.1, Tables 2-3, Fig. 1a) with the paper's numbers in
:mod:`.paper_tables`; :mod:`.bottleneck` and :mod:`.scaling` (Theorem 2(2), Fig. 1b);
:mod:`.memorization` (Theorem 2(3), Lemma 9); :mod:`.realdata` with :mod:`.realdata_tasks` and
:mod:`.datasets` (section 6.2). Experiments use the paper's objects and the training wing; they
never import widgets or matplotlib.
"""
