"""Start a Dask cluster on SLURM or PBS with dask-jobqueue and run a Head Count sweep on it.

Run it on the cluster's login node, from the repository root, in an environment where the course is
installed with the cluster extra (the batch jobs must see the same environment, e.g. a shared home)::

    pip install -e '.[cluster]' dask-jobqueue
    # 8 GPU jobs, one Dask worker (and one GPU) each, for Table 2 on CUDA:
    python tools/cluster/jobqueue_sweep.py slurm --jobs 8 --gpus-per-job 1 --cores 4 --walltime 01:00:00 \\
        -- reproduce table2 --device cuda
    # 4 CPU jobs of 16 single-thread workers each, for the real-data grids at full scale:
    python tools/cluster/jobqueue_sweep.py pbs --jobs 4 --cores 16 --queue normal -- realdata text --scale full --device cpu
    # the same script on this machine, with a LocalCluster (to try it before queueing):
    python tools/cluster/jobqueue_sweep.py local --jobs 2 -- sweep --fast --heads 1 2 --out /tmp/try.csv

How workers get a GPU: with ``--gpus-per-job 1`` every batch job asks for one GPU (SLURM
``--gres=gpu:1``, PBS ``ngpus=1``) and runs ONE Dask worker with one thread, so the scheduler sends it
one group at a time; the batch system sets ``CUDA_VISIBLE_DEVICES`` for the job, so the worker's
``cuda`` is that GPU. Without GPUs a job runs ``--cores`` single-thread workers (two single-thread
workers beat one two-thread worker on a loaded machine). The coordinator (this script, through
``python -m headcount ... --scheduler``) is the only writer of the results file; it needs no GPU.
Results resume as always: rerun the same command after a walltime limit.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def make_cluster(args: argparse.Namespace):  # noqa: ANN201 - a dask cluster object
    """The Dask cluster the arguments ask for (not yet scaled)."""
    common = {"memory": args.memory, "walltime": args.walltime, "queue": args.queue, "account": args.account,
              "scheduler_options": {"dashboard_address": None}}
    gpu = args.gpus_per_job > 0
    if args.system == "local":
        from distributed import LocalCluster

        return LocalCluster(n_workers=0, threads_per_worker=1, processes=True, dashboard_address=None)
    if args.system == "slurm":
        from dask_jobqueue import SLURMCluster

        if gpu:  # one worker, one thread, one GPU per job; the job's other CPUs load data
            return SLURMCluster(cores=1, processes=1, job_cpu=args.cores,
                                job_extra_directives=[f"--gres=gpu:{args.gpus_per_job}"], **common)
        return SLURMCluster(cores=args.cores, processes=args.cores, **common)
    from dask_jobqueue import PBSCluster

    select = f"select=1:ncpus={args.cores}:mem={args.memory}" + (f":ngpus={args.gpus_per_job}" if gpu else "")
    return PBSCluster(cores=1 if gpu else args.cores, processes=1 if gpu else args.cores, resource_spec=select,
                      **common)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("system", choices=("slurm", "pbs", "local"))
    p.add_argument("--jobs", type=int, default=2, help="batch jobs to start (local: worker processes)")
    p.add_argument("--gpus-per-job", type=int, default=0, help="0: CPU workers; 1: one GPU worker per job")
    p.add_argument("--cores", type=int, default=4, help="CPUs per job (CPU jobs: one worker per core)")
    p.add_argument("--memory", default="16GB", help="memory per job")
    p.add_argument("--walltime", default="01:00:00")
    p.add_argument("--queue", default=None)
    p.add_argument("--account", default=None)
    p.add_argument("--wait", type=float, default=600, help="seconds to wait for the first worker")
    p.epilog = "after --: the arguments of `python -m headcount` (sweep, reproduce or realdata ...)"
    argv = list(sys.argv[1:] if argv is None else argv)
    cut = argv.index("--") if "--" in argv else len(argv)
    args, rest = p.parse_args(argv[:cut]), argv[cut + 1:]
    if not rest:
        p.error("give the headcount command after --, e.g. -- reproduce table2 --device cuda")
    from distributed import Client

    from headcount.cli import main as headcount

    with make_cluster(args) as cluster, Client(cluster) as client:
        if args.system == "local":
            cluster.scale(args.jobs)
        else:
            cluster.scale(jobs=args.jobs)
            print(cluster.job_script(), file=sys.stderr)
        client.wait_for_workers(1, timeout=args.wait)
        print(f"Dask scheduler at {cluster.scheduler_address}; {len(client.nthreads())} workers so far",
              file=sys.stderr)
        return headcount([*rest, "--scheduler", cluster.scheduler_address])


if __name__ == "__main__":  # worker processes import this file's module; keep the sweep out of them
    sys.exit(main())
