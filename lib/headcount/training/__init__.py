"""How models are trained and sweeps are run.

One training loop (:mod:`.train`, NMSE = MSE / Var(y) as in section 6.1), the batched trainer that
trains many head counts and seeds as one model (:mod:`.batched`), resumable sweeps keyed by a hash
of each configuration (:mod:`.sweep`) and the results files they write (:mod:`.results_file`). This
wing knows the paper's objects (tasks, model) and nothing of experiments or widgets.
"""
