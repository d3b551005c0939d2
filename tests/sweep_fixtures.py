"""A toy experiment for the engine's tests (imported by worker processes by name, so it lives in a module).

Each configuration ``x`` gives ``value = x**2`` at once; ``mode`` makes its group misbehave:
``'die_once'`` kills its worker process the first time (a marker file remembers), ``'fail'`` raises
every time, ``'nan'`` returns a NaN metric, ``'sleep'`` takes ``sleep`` seconds.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import signal
import time
from pathlib import Path
from typing import Any

from headcount.training.engine import Experiment, GroupContext, register

FIELDS = ("x", "heads", "T", "mode", "marker", "sleep")


def expand(spec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for x in spec["x"]:
        c = {"x": x, "heads": x % 3 + 1, "T": 8 * (1 + x % 2), "mode": spec.get("mode", "ok"),
             "marker": spec.get("marker", ""), "sleep": spec.get("sleep", 0.0)}
        c["key"] = hashlib.sha1(json.dumps(c, sort_keys=True).encode()).hexdigest()[:12]
        out.append(c)
    return out


def run_group(configs: list[dict[str, Any]], ctx: GroupContext) -> list[dict[str, Any]]:
    for c in configs:
        if c["mode"] == "die_once" and not Path(c["marker"]).exists():
            Path(c["marker"]).write_text("died")
            os.kill(os.getpid(), signal.SIGKILL)
        if c["mode"] == "fail":
            raise RuntimeError(f"toy failure at x={c['x']}")
        time.sleep(c["sleep"])
    return [{"value": math.nan if c["mode"] == "nan" else float(c["x"] ** 2), "pid": os.getpid()} for c in configs]


TOY = register(Experiment(name="toy", module=__name__, expand=expand, resolve=lambda c: c,
                          group=lambda configs: [[c] for c in configs], run_group=run_group, fields=FIELDS,
                          metrics=("value", "pid"), metric="value", better="min", by="T"))
