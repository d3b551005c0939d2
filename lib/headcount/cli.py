"""Command line: ``python -m headcount sweep ...`` and ``python -m headcount reproduce table2|table3``.

Examples::

    python -m headcount reproduce table2                  # paper scale, data/results/table2_synthetic.csv
    python -m headcount reproduce table3 --device cuda --seeds 5
    python -m headcount reproduce table2 --fast --out /tmp/t2.csv   # seconds, for smoke tests
    python -m headcount sweep --heads 1 2 3 4 5 --T 8 16 --seeds 3 --steps 2000 --out data/results/x.csv
    python -m headcount sweep --task smooth --D 3 --heads 2 3 4 --depth 1 2 --positional learned --out /tmp/s.csv

Invalid values print one line naming the parameter and the allowed values and exit with 2.
Rerunning a command resumes: finished configurations in ``--out`` are skipped.
"""
from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from headcount.env import configure_threads, is_fast
from headcount.experiments.paper_tables import FAST_OVERRIDES, TABLES, table_spec
from headcount.model import POSITIONAL
from headcount.training.results_file import ResultsFileError
from headcount.training.sweep import run_sweep, summarize

__all__ = ["main", "build_parser"]


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--device", default="auto", help="auto (CUDA if present, else CPU), cpu, cuda or cuda:N")
    p.add_argument("--fast", action="store_true",
                   help="tiny steps and data (also HEADCOUNT_FAST=1): a smoke run in seconds")
    p.add_argument("--threads", type=int, default=None,
                   help="torch CPU threads (default: HEADCOUNT_THREADS, else 1 in FAST/test runs, else torch's)")
    p.add_argument("--no-progress", action="store_true", help="no tqdm progress bar")


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m headcount`` argument parser."""
    parser = argparse.ArgumentParser(prog="python -m headcount",
                                     description="Head Count sweeps: the paper's synthetic experiment (section 6.1).")
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("reproduce", help="reproduce one of the paper's synthetic Tables 2-5")
    rep.add_argument("table", choices=sorted(TABLES),
                     help="table2: per-head dim 8; table3: fixed E = 32; table4: D = 3; table5: two layers")
    rep.add_argument("--seeds", type=int, default=3, help="number of seeds, 0..N-1 (default 3)")
    rep.add_argument("--out", default=None, help="results file (.csv or .json); default data/results/<table>_synthetic.csv")
    _add_common(rep)

    sw = sub.add_parser("sweep", help="train a grid of configurations of the synthetic experiment")
    sw.add_argument("--task", default="synthetic", help="task family: synthetic, max_min or smooth")
    sw.add_argument("--heads", type=int, nargs="+", default=[1, 2, 3, 4, 5], help="head counts h")
    sw.add_argument("--T", type=int, nargs="+", default=[8], help="sequence lengths T")
    sw.add_argument("--head-dim", type=int, nargs="+", default=None, help="per-head dim n (default 8)")
    sw.add_argument("--embed", type=int, nargs="+", default=None,
                    help="fixed total width E instead of --head-dim (n = ceil(E / h), Table 3)")
    sw.add_argument("--width", type=int, nargs="+", default=None, help="MLP hidden width N (default 32)")
    sw.add_argument("--D", type=int, default=None, help="intrinsic dimension D of the task (default 4)")
    sw.add_argument("--d", type=int, default=None, help="token dimension d (default 4)")
    sw.add_argument("--beta", type=float, nargs="+", default=None, help="softmax scale (default 1/sqrt(n))")
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
    return parser


def _sweep_spec(args: argparse.Namespace) -> dict[str, Any]:
    spec: dict[str, Any] = {"task": args.task, "heads": args.heads, "T": args.T, "seeds": args.seeds}
    if args.head_dim is not None and args.embed is not None:
        raise ValueError("give --head-dim or --embed, not both")
    if args.embed is not None:
        spec.update(embed=args.embed, head_dim=None)
    elif args.head_dim is not None:
        spec["head_dim"] = args.head_dim
    optional = {"width": args.width, "D": args.D, "d": args.d, "beta": args.beta, "depth": args.depth,
                "positional": args.positional, "steps": args.steps,
                "batch_size": args.batch_size, "lr": args.lr, "n_train": args.n_train, "n_val": args.n_val}
    spec.update({k: v for k, v in optional.items() if v is not None})
    if args.fast or is_fast():
        for k, v in FAST_OVERRIDES.items():
            if optional.get(k) is None:
                spec[k] = v
    return spec


def _print_summary(rows: list[dict], keys: set[str]) -> None:
    rows = [r for r in rows if r["key"] in keys]
    if not rows:
        return
    print("validation NMSE over seeds: min | mean +- std (n)")
    beyond = any((r["depth"], r["positional"]) != (1, "none") for r in rows)  # name them only when they vary
    for s in summarize(rows, by=("T", "heads", "head_dim", "depth", "positional")):
        extra = f" L={s['depth']} pos={s['positional']}" if beyond else ""
        print(f"  T={s['T']:>4} h={s['heads']} n={s['head_dim']:>2}{extra}: {s['min']:.2e} | "
              f"{s['mean']:.2e} +- {s['std']:.1e} ({s['n']})")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for invalid values)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = "python -m headcount " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    try:
        if args.threads is not None and args.threads < 1:
            raise ValueError(f"--threads must be an integer >= 1, got {args.threads}")
        configure_threads(args.threads)
        if args.command == "reproduce":
            fast = args.fast or is_fast()
            spec = table_spec(args.table, seeds=args.seeds, fast=fast)
            folder = Path(".cache/results" if fast else "data/results")
            out = Path(args.out) if args.out else folder / f"{args.table}_synthetic{'_fast' if fast else ''}.csv"
            # identical configurations (Table 3's h = 4 is Table 2's h = 4) are copied, not retrained
            reuse = [p for t in sorted(TABLES) if t != args.table
                     for p in (folder / f"{t}_synthetic{'_fast' if fast else ''}.csv", out.with_name(
                         out.name.replace(args.table, t))) if p != out]
        else:
            spec = _sweep_spec(args)
            out = Path(args.out)
            reuse = []
        from headcount.training.sweep import expand_grid

        keys = {c["key"] for c in expand_grid(spec)}
        rows = run_sweep(spec, out, device=args.device, progress=not args.no_progress, command=command,
                         name=out.stem, reuse_from=reuse)
    except ResultsFileError as exc:
        print(f"headcount: error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"headcount: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"headcount: interrupted; finished configurations are kept in {out}; rerun to resume", file=sys.stderr)
        return 130
    print(f"wrote {out} ({len(rows)} rows)")
    _print_summary(rows, keys)
    return 0
