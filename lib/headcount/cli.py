"""Command line, one entry for every experiment: ``python -m headcount sweep|reproduce|realdata ...``.

Examples::

    python -m headcount reproduce table2                  # paper scale, data/results/table2_synthetic.csv
    python -m headcount reproduce table3 --device cuda --seeds 5   # data/results/table3_synthetic_cuda.csv
    python -m headcount reproduce table2 --fast --out /tmp/t2.csv   # seconds, for smoke tests
    python -m headcount sweep --heads 1 2 3 4 5 --T 8 16 --seeds 3 --steps 2000 --out data/results/x.csv
    python -m headcount sweep --task smooth --heads 2 3 4 --depth 1 2 --positional learned --out /tmp/s.csv
    python -m headcount realdata marked --scale full --workers 2      # notebook 06's stand-ins (section 6.2)
    python -m headcount reproduce table2 --scheduler tcp://head-node:8786   # on a Dask cluster

Every command runs on the sweep engine (:mod:`headcount.training.engine`): ``--workers N`` local
processes (default one per core, or one per GPU), ``--scheduler ADDRESS`` a Dask cluster. Invalid
values print one line naming the flag and exit with 2; an unusable ``--out`` is refused before
anything trains. Rerunning a command resumes: finished configurations in ``--out`` are skipped.
FAST mode (tiny steps and data) comes from ``--fast`` or ``HEADCOUNT_FAST=1`` only, announced in one line.
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from headcount.env import configure_threads, pick_device, results_dir
from headcount.experiments import realdata
from headcount.experiments.paper_tables import FAST_OVERRIDES, TABLES, table_spec
from headcount.experiments.synthetic import SYNTHETIC
from headcount.model import POSITIONAL
from headcount.training.engine import SweepReport, get_experiment, run_experiment
from headcount.training.results_file import ResultsFileError
from headcount.training.sweep import expand_grid, summarize

__all__ = ["build_parser", "main"]

#: How a Python name in a library message is spelled on the command line.
FLAGS = {"n_train": "--n-train", "n_val": "--n-val", "head_dim": "--head-dim", "batch_size": "--batch-size",
         **{k: f"--{k}" for k in ("heads", "T", "D", "d", "embed", "width", "beta", "depth", "positional", "seeds",
                                  "steps", "lr", "task", "out", "device", "workers", "threads", "scheduler")}}
#: Where ``reproduce`` and ``realdata`` write by default (the committed results, relative to the working
#: folder: run them from the repository's root); FAST runs write to :func:`headcount.env.results_dir`.
COMMITTED = Path("data/results")
#: The keys ``realdata --set`` takes.
REALDATA_KEYS = frozenset(k for defaults in realdata.DEFAULTS.values() for k in defaults)
INV_SQRT_N = "1/sqrt(n)"


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--device", default="auto", help="auto (CUDA if present, else CPU), cpu, cuda or cuda:N")
    p.add_argument("--fast", action="store_true",
                   help="tiny steps and data (also HEADCOUNT_FAST=1, announced): a smoke run in seconds")
    p.add_argument("--workers", type=int, default=None,
                   help="local worker processes, one torch thread each (default: one per core, or one per GPU; "
                        "1 trains in this process)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="a running Dask scheduler, e.g. tcp://host:8786 (pip install 'headcount[cluster]')")
    p.add_argument("--threads", type=int, default=None,
                   help="torch CPU threads of each worker (default 1 with workers; in this process: "
                        "HEADCOUNT_THREADS, else 1 in FAST/test runs, else torch's)")
    p.add_argument("--no-progress", action="store_true", help="no tqdm progress bar")


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m headcount`` argument parser."""
    parser = argparse.ArgumentParser(prog="python -m headcount",
                                     description="Head Count sweeps: the paper's synthetic experiment (section 6.1) "
                                                 "and notebook 06's real-data stand-ins (section 6.2).")
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("reproduce", help="reproduce one of the paper's synthetic Tables 2-5")
    rep.add_argument("table", choices=sorted(TABLES),
                     help="table2: per-head dim 8; table3: fixed E = 32; table4: D = 3; table5: two layers")
    rep.add_argument("--seeds", type=int, default=3, help="number of seeds, 0..N-1 (default 3)")
    rep.add_argument("--out", default=None, help="results file (.csv or .json); default "
                                                 "data/results/<table>_synthetic.csv (_cuda.csv on a GPU)")
    _add_common(rep)

    sw = sub.add_parser("sweep", help="train a grid of configurations of the synthetic experiment")
    sw.add_argument("--task", default="synthetic", help="task family: synthetic, max_min or smooth")
    sw.add_argument("--heads", type=int, nargs="+", default=[1, 2, 3, 4, 5], help="head counts h")
    sw.add_argument("--T", type=int, nargs="+", default=[8], help="sequence lengths T")
    sw.add_argument("--head-dim", type=int, nargs="+", default=None, help="per-head dim n (default 8)")
    sw.add_argument("--embed", type=int, nargs="+", default=None,
                    help="fixed total width E instead of --head-dim (n = ceil(E / h), Table 3)")
    sw.add_argument("--width", type=int, nargs="+", default=None, help="MLP hidden width N (default 32)")
    sw.add_argument("--D", type=int, default=None,
                    help="intrinsic dimension D (default: the family's, synthetic 4, max_min 2, smooth 3)")
    sw.add_argument("--d", type=int, default=None, help="token dimension d (default: the family's, 4, 1, 2)")
    sw.add_argument("--beta", nargs="+", default=None, metavar="BETA",
                    help=f"softmax scale beta (default 1, the recipe's); '{INV_SQRT_N}' for the usual 1/sqrt(n)")
    sw.add_argument("--depth", type=int, nargs="+", default=None,
                    help="layers L (default 1, the paper's; L > 1 trains one model at a time)")
    sw.add_argument("--positional", nargs="+", default=None, metavar="{" + ",".join(POSITIONAL) + "}",
                    help="positional encoding (default none, the paper's synthetic runs; others train one at a time)")
    sw.add_argument("--seeds", type=int, default=3, help="number of seeds, 0..N-1 (default 3)")
    sw.add_argument("--steps", type=int, default=None, help="training steps (default: the recipe's)")
    sw.add_argument("--batch-size", type=int, default=None, help="batch size (default: the recipe's)")
    sw.add_argument("--lr", type=float, default=None, help="peak learning rate (default: the recipe's)")
    sw.add_argument("--n-train", type=int, default=None, help="training examples (default 8000)")
    sw.add_argument("--n-val", type=int, default=None, help="validation examples (default 2000)")
    sw.add_argument("--out", required=True, help="results file, .csv or .json (appended to, resumable)")
    _add_common(sw)

    rd = sub.add_parser("realdata", help="notebook 06's real-data stand-ins (paper section 6.2)")
    rd.add_argument("experiment", choices=realdata.EXPERIMENTS)
    rd.add_argument("--scale", choices=("fast", "cpu", "full"), default=None,
                    help="grid size (default: fast with --fast or HEADCOUNT_FAST=1, else cpu)")
    rd.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUES",
                    help="override a grid entry, e.g. heads=1,2,4 steps=3000")
    rd.add_argument("--out", default=None, help="results .json (default data/results/realdata_<experiment>.json; "
                                                "_full.json at --scale full; fast: the results folder, .cache/results)")
    _add_common(rd)
    return parser


def _beta(values: list[str]) -> list[float | None]:
    out: list[float | None] = []
    for v in values:
        if v.replace(" ", "") == INV_SQRT_N:
            out.append(None)
            continue
        try:
            out.append(float(v))
        except ValueError:
            raise ValueError(f"--beta must be a number > 0 or '{INV_SQRT_N}', got {v!r}") from None
    return out


def _sweep_spec(args: argparse.Namespace, fast: bool) -> dict[str, Any]:
    spec: dict[str, Any] = {"task": args.task, "heads": args.heads, "T": args.T, "seeds": args.seeds}
    if args.head_dim is not None and args.embed is not None:
        raise ValueError("give --head-dim or --embed, not both")
    if args.embed is not None:
        spec.update(embed=args.embed, head_dim=None)
    elif args.head_dim is not None:
        spec["head_dim"] = args.head_dim
    optional = {"width": args.width, "D": args.D, "d": args.d, "beta": None if args.beta is None else _beta(args.beta),
                "depth": args.depth, "positional": args.positional, "steps": args.steps,
                "batch_size": args.batch_size, "lr": args.lr, "n_train": args.n_train, "n_val": args.n_val}
    spec.update({k: v for k, v in optional.items() if v is not None})
    if fast:
        spec.update({k: v for k, v in FAST_OVERRIDES.items() if optional.get(k) is None})
    return spec


def _realdata_grids(args: argparse.Namespace, scale: str) -> list[dict[str, Any]]:
    grids = realdata.default_grid(args.experiment, scale)
    for item in args.set:
        k, sep, v = item.partition("=")
        if not sep or not v:
            raise ValueError(f"--set takes KEY=VALUES, got {item!r}")
        try:
            vals = [float(x) if k == "lr" else int(x) for x in v.split(",")]
        except ValueError:
            raise ValueError(f"--set {k}= takes {'numbers' if k == 'lr' else 'integers'} separated by commas, "
                             f"got {v!r}") from None
        for grid in grids:
            grid[k] = vals if len(vals) > 1 or k != "seeds" else vals[0]
    return grids


def _flag_message(message: str, command: str) -> str:
    """A library message with its leading Python name spelled as the flag (``n_train`` -> ``--n-train``)."""
    m = re.match(r"(\w+)(?= )", message)
    if m is None:
        return message
    name = m.group(1)
    if command == "realdata" and name in REALDATA_KEYS:
        return f"--set {name}: {message}"
    return FLAGS[name] + message[len(name):] if name in FLAGS else message


def _print_sweep_summary(rows: list[dict], keys: set[str]) -> None:
    rows = [r for r in rows if r["key"] in keys]
    if not rows:
        return
    print("validation NMSE over seeds: min | mean +- std (n)")
    beyond = any((r["depth"], r["positional"]) != (1, "none") for r in rows)  # name them only when they vary
    for s in summarize(rows, by=("T", "heads", "head_dim", "depth", "positional")):
        extra = f" L={s['depth']} pos={s['positional']}" if beyond else ""
        print(f"  T={s['T']:>4} h={s['heads']} n={s['head_dim']:>2}{extra}: {s['min']:.2e} | "
              f"{s['mean']:.2e} +- {s['std']:.1e} ({s['n']})")


def _print_realdata_summary(experiment: str, rows: list[dict], keys: set[str]) -> None:
    by = {"marked": ("D", "heads"), "vit": ("frame", "heads"), "text": ("T", "D", "heads")}[experiment]
    rows = [r for r in rows if r["key"] in keys and r.get("train_acc") is not None]
    print("training accuracy, mean +- std over seeds:")
    for key, s in realdata.summarize_rows(rows, by).items():
        print("  " + " ".join(f"{k}={v}" for k, v in zip(by, key)) + f": {s['mean']:.3f} +- {s['std']:.3f} ({s['n']})")


def _run(args: argparse.Namespace, argv: Sequence[str] | None) -> int:
    command = "python -m headcount " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    fast = args.fast or _fast_from_env()
    for flag in ("workers", "threads"):
        value = getattr(args, flag)
        if value is not None and value < 1:
            raise ValueError(f"{flag} must be an integer >= 1, got {value}")
    if args.scheduler is not None and args.workers is not None:
        raise ValueError("give --workers (local processes) or --scheduler (a Dask cluster), not both")
    if args.workers in (None, 1) and args.scheduler is None:
        configure_threads(args.threads)
    # the device is resolved once, here, and passed down; a cluster's workers resolve the name on their side
    device = pick_device(args.device) if args.scheduler is None else args.device
    gpu = device.type == "cuda" if isinstance(device, torch.device) else "cuda" in device
    folder = results_dir() if fast else COMMITTED
    common = {"device": device, "progress": not args.no_progress, "command": command, "workers": args.workers,
              "scheduler": args.scheduler, "threads": args.threads, "make_folder": args.out is None}
    announce = fast and not args.fast  # FAST from the environment is said once, never silent
    if args.command == "realdata":
        scale = args.scale or ("fast" if fast else "cpu")
        announce = announce and args.scale is None
        exp = get_experiment(args.experiment)
        configs = [c for grid in _realdata_grids(args, scale) for c in realdata.expand(args.experiment, grid)]
        suffix = {"fast": "_fast", "cpu": "", "full": "_full"}[scale]
        out = Path(args.out) if args.out else (results_dir() if scale == "fast" else COMMITTED) / (
            f"realdata_{args.experiment}{suffix}.json")
        _announce(announce)
        report = run_experiment(exp, configs, out, name=out.stem, extra={"scale": scale}, **common)
    else:
        if args.command == "reproduce":
            spec = table_spec(args.table, seeds=args.seeds, fast=fast)
            tail = ("_fast" if fast else "") + ("_cuda" if gpu else "")
            out = Path(args.out) if args.out else folder / f"{args.table}_synthetic{tail}.csv"
            # identical configurations (Table 3's h = 4 is Table 2's h = 4) are copied, not retrained
            reuse = [p for t in sorted(TABLES) if t != args.table
                     for p in (folder / f"{t}_synthetic{tail}.csv", out.with_name(out.name.replace(args.table, t)))
                     if p != out]
        else:
            spec, out, reuse = _sweep_spec(args, fast), Path(args.out), []
        configs = expand_grid(spec)
        _announce(announce)
        report = run_experiment(SYNTHETIC, configs, out, name=out.stem, reuse_from=reuse, **common)
    return _finish(args, report, {c["key"] for c in configs})


def _fast_from_env() -> bool:
    """``HEADCOUNT_FAST=1`` asks for FAST mode; unlike the notebooks' :func:`headcount.env.is_fast`, ``CI=true``
    alone does not (a command writing into a user's ``--out`` must never shrink silently)."""
    return os.environ.get("HEADCOUNT_FAST", "").strip().lower() in {"1", "true", "yes", "on"}


def _announce(fast_from_env: bool) -> None:
    if fast_from_env:
        print("headcount: FAST mode from HEADCOUNT_FAST=1: tiny steps and data (a smoke run); unset it for real "
              "results", file=sys.stderr)


def _finish(args: argparse.Namespace, report: SweepReport, keys: set[str]) -> int:
    print(f"wrote {report.path} ({len(report.rows)} rows): {report.summary()}")
    if args.command == "realdata":
        _print_realdata_summary(args.experiment, report.rows, keys)
    else:
        _print_sweep_summary(report.rows, keys)
    sys.stdout.flush()
    return 1 if report.failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for invalid values, 1 for a corrupt or unwritable file
    or groups that failed twice, 130 on Ctrl-C)."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args, argv)
    except ResultsFileError as exc:
        print(f"headcount: error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"headcount: error: {_flag_message(str(exc), args.command)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `| head -1`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # e.g. the disk filled up while writing: the file keeps every finished group
        print(f"headcount: error: {exc.strerror or exc} ({exc.filename or 'results file'}); the results file "
              "keeps every finished group, rerun to resume", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("headcount: interrupted; finished configurations are kept; rerun to resume", file=sys.stderr)
        return 130
