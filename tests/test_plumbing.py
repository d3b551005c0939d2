"""tools/plumbing.py: its rules on a small synthetic notebook, and its one line per notebook."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("plumbing", ROOT / "tools" / "plumbing.py")
plumbing = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plumbing)

NOTEBOOK = '''# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
# ---

# %% [markdown]
# # 09 · A demo
# print("markdown is not code")

# %% tags=["setup"]
import os
if "google.colab" in os.environ:
    os.environ.setdefault("X", "1")

# %%
import headcount as hc
from headcount import claims

hc.configure_threads()
print(hc.device_report())

# %%
rows = hc.results("table2")             # loading
grid = {r["T"]: r["val_nmse"] for r in rows}   # bookkeeping: a comprehension
model = hc.build_model(hc.ModelConfig(d=1, T=8))
fig = plot(grid)
plt.show()
print(f"the gap is {gap:.1f}x")         # narration
print(f"{'T':>4} {'NMSE':>8}")          # a column table
for T, v in grid.items():
    print(f"{T:>4} {v:8.2e}")
claims.check("fig1a", grid,
             4)
'''


def test_rules_on_a_synthetic_notebook():
    counts = plumbing.measure(NOTEBOOK)
    assert counts == {"set-up": 3 + 4, "loading": 1, "bookkeeping": 1 + 1, "formatting": 3, "lecture": 5}, counts
    assert abs(plumbing.share(counts) - 13 / 18) < 1e-12
    assert plumbing.report_line("09_demo.py", counts) == (
        "09_demo.py: plumbing 72% (13 of 18 code lines: set-up 7, loading 1, formatting 3, bookkeeping 2)")


def test_a_loop_of_prints_is_formatting_but_a_loop_that_computes_is_not():
    nb = "# %%\nfor h in (1, 2):\n    model = build(h)\n    print(f'{h:>3}')\n"
    assert plumbing.measure(nb) == {"lecture": 2, "formatting": 1}
    nb = "# %%\nfor h in (1, 2):\n    print(f'{h:>3}')\n"
    assert plumbing.measure(nb) == {"formatting": 2}


def test_a_comprehension_that_computes_is_lecture():
    nb = "# %%\nR = {h: theory.score(g[h]) for h in g}\nbest = {h: min(v.values()) for h, v in g.items()}\n"
    assert plumbing.measure(nb) == {"lecture": 1, "bookkeeping": 1}


def test_main_prints_one_line_per_notebook_and_checks_the_target(tmp_path, capsys):
    (tmp_path / "09_demo.py").write_text(NOTEBOOK)
    lean = tmp_path / "10_lean.py"
    lean.write_text("# %%\nmodel = build(1)\nfig = plot(model)\n")
    assert plumbing.main([str(tmp_path / "09_demo.py"), str(lean)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["09_demo.py: plumbing 72% (13 of 18 code lines: set-up 7, loading 1, formatting 3, bookkeeping 2)",
                   "10_lean.py: plumbing 0% (0 of 2 code lines: set-up 0, loading 0, formatting 0, bookkeeping 0)"]
    assert plumbing.main(["--check", str(lean)]) == 0
    assert plumbing.main(["--check", str(tmp_path / "09_demo.py")]) == 1
