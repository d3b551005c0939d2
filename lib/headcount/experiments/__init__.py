"""One module per experiment of the paper, each usable from the CLI and from a notebook.

:mod:`.synthetic` (section 6.1, Tables 2-3, Fig. 1a) with the paper's numbers in :mod:`.paper_tables`
and the course's tuning check in :mod:`.fairness`; :mod:`.contrast` (the live contrasts of notebooks
00 and 02); :mod:`.bottleneck` and :mod:`.scaling` (Theorem 2(2), Fig. 1b); :mod:`.memorization`
(Theorem 2(3), Lemmas 8-9); :mod:`.depth` and :mod:`.conjecture` (Tables 4-5, the L x h map,
Conjecture 1); :mod:`.realdata` with :mod:`.realdata_tasks`, :mod:`.realdata_analysis` and
:mod:`.datasets` (section 6.2); :mod:`.ledger_evidence` (the ledger's numbers, derived from the
committed results). Experiments use the paper's objects and the training wing; they never import
widgets or matplotlib.
"""
