"""How models are trained and sweeps are run.

One training loop (:mod:`.train`, NMSE = MSE / Var(y) as in section 6.1), the batched trainer that
trains many head counts and seeds as one model (:mod:`.batched`), the sweep engine every experiment
plugs into (:mod:`.engine`: keys, resume, provenance, progress; experiments register an
:class:`~.engine.Experiment`), the executors it hands groups to (:mod:`.executors`: in process, local
worker processes, a Dask cluster), the synthetic experiment's grids (:mod:`.sweep`) and the results
files, merged under a lock (:mod:`.results_file`). This wing knows the paper's objects (tasks, model)
and nothing of experiments or widgets: experiments register into the engine, never the reverse.
"""
