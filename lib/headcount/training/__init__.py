"""How models are trained and sweeps are run.

One entry point trains every configuration of the course (:func:`.fit.train_configs`: it decides
batched or single and builds the models); below it the loops (:mod:`.train`: one model, NMSE = MSE /
Var(y) as in section 6.1, and the classifier loop of section 6.2) and the batched trainer that trains
many head counts, depths and seeds as one model (:mod:`.batched`). The sweep engine every experiment
plugs into (:mod:`.engine`: keys, resume, provenance, progress; experiments register an
:class:`~.engine.Experiment`), the executors it hands groups to (:mod:`.executors`: in process, local
worker processes, a Dask cluster), the synthetic experiment's grids (:mod:`.sweep`) and the results
files, merged under a lock (:mod:`.results_file`). This wing knows the paper's objects (tasks, model)
and nothing of experiments or widgets: experiments register into the engine from their own wing,
never the reverse (``tests/test_layering.py`` checks both: no training loop outside this wing, no
registration inside it).
"""
