"""The reproduction ledger: registry, notebook asserts and rendered pages agree (issue 15).

* the README table and docs/ledger.md are what ``python -m headcount.ui.ledger --write`` would write now;
* every ``claims.check("id", ...)`` in ``notebooks/NN_*.py`` names a registered claim, with a literal id;
* every registered claim is named by a notebook check, or is ``'not tested'`` with a reason, never both;
* verdicts and kinds are valid, notebook links resolve to a heading, evidence derivations name claims;
* each verdict's criterion (``headcount.claims.VERDICTS``) is enforced: a planted claim that breaks it fails,
  and every recorded budget agrees with the committed file it names (issue 23);
* :func:`headcount.claims.check` raises :class:`ClaimFailed` naming the claim and its paper reference.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from headcount import claims
from headcount.claims import BEYOND, CLAIMS, VERDICTS, Budget, Claim, ClaimFailed
from headcount.experiments.ledger_evidence import DERIVATIONS, budget_problems, derive
from headcount.ui import ledger

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="module")
def found():
    return ledger.find_checks(NOTEBOOKS)


def test_the_rendered_ledger_matches_the_registry():
    readme, page = ledger.render(ROOT)
    stale = [name for name, want in (("README.md", readme), ("docs/ledger.md", page))
             if not (ROOT / name).exists() or (ROOT / name).read_text(encoding="utf-8") != want]
    assert not stale, f"{stale} out of date: run `python -m headcount.ui.ledger --write` (make ledger)"


def test_every_notebook_check_names_a_registered_claim(found):
    checks, problems = found
    assert not problems, problems
    unknown = sorted({f"{c.notebook}:{c.line}: {c.claim_id!r}" for c in checks if c.claim_id not in CLAIMS})
    assert not unknown, f"claims.check names claims that are not in headcount.claims_registry: {unknown}"


def test_every_claim_is_checked_or_marked_not_tested(found):
    checked = {c.claim_id for c in found[0]}
    missing = [f"{c.id} ({c.notebook or 'no notebook'})" for c in CLAIMS.values()
               if c.id not in checked and c.verdict != "not tested"]
    assert not missing, f"claims with a verdict but no claims.check in any notebook: {missing}"


def test_a_checked_claim_has_a_verdict(found):
    checked = {c.claim_id for c in found[0]}
    stale = sorted(c.id for c in CLAIMS.values() if c.id in checked and c.verdict == "not tested")
    assert not stale, f"claims asserted in a notebook but marked 'not tested' (give the verdict they back): {stale}"


def test_not_tested_claims_say_why():
    assert all(c.evidence.strip() for c in CLAIMS.values() if c.verdict == "not tested")


def test_verdicts_and_kinds_are_valid():
    assert len(VERDICTS) == 7 and all(VERDICTS.values())
    for c in CLAIMS.values():
        assert c.verdict in (VERDICTS if c.kind == "paper" else (BEYOND,)), c.id
        assert c.ref and c.statement, c.id
    with pytest.raises(ValueError, match="verdict must be one of"):
        Claim("x", "Table 2", "s", verdict="mostly")
    with pytest.raises(ValueError, match="verdict must be one of"):
        Claim("x", "Table 2", "s", verdict=BEYOND)  # a paper claim gets one of the seven
    with pytest.raises(ValueError, match="kind must be"):
        Claim("x", "Table 2", "s", kind="other")


RUN = "data/results/table2_synthetic.csv"
B2000 = dict(steps=2000, batch=128, samples=8000, seeds=3, T="8-128", floor=3e-4, effect=1e-2)
B8000 = dict(B2000, steps=8000, floor=1e-4)


@pytest.mark.parametrize("fields, rule", [
    (dict(verdict="reproduced", source="the paper's Table 6"), "run of ours"),
    (dict(verdict="reproduced", source=""), "run of ours"),
    (dict(verdict="reproduced", source=RUN), "recorded budget"),
    (dict(verdict="reproduced", source="live training (notebook 02)"), "recorded budget"),
    (dict(verdict="reproduced in location, not in size", source=RUN), "budget"),
    (dict(verdict="reproduced in location, not in size", source="the paper's Table 2", budget=[B2000]), "run of ours"),
    (dict(verdict="consistent with the paper's own numbers", source=RUN), "the paper's table or figure"),
    (dict(verdict="not reproduced", source=RUN), "two budgets"),
    (dict(verdict="not reproduced", source=RUN, budget=[B2000]), "two budgets"),
    (dict(verdict="not reproduced", source=RUN, budget=[B2000, dict(B2000, steps=4000)]), "two budgets 4x"),
    (dict(verdict="not reproduced", source=RUN, budget=[B2000, dict(B8000, floor=2e-2)]), "floor below"),
    (dict(verdict="not reproduced", source=RUN, budget=[B2000, dict(B8000, effect=None)]), "floor below"),
    (dict(verdict="refuted", source="construction: x"), "counterexample"),
    (dict(verdict="not settled"), "reason"),
    (dict(verdict="not tested"), "reason"),
])
def test_each_verdict_criterion_fails_on_a_planted_claim(fields, rule):
    with pytest.raises(ValueError, match=rule):
        Claim("planted", "Table 2", "s", **fields)


def test_claims_meeting_their_criterion_build():
    assert Claim("x", "T", "s", verdict="reproduced", source="construction: headcount.theory").budget == ()
    c = Claim("x", "T", "s", verdict="not reproduced", source=RUN, budget=[B2000, B8000])
    assert [b.steps for b in c.budget] == [2000, 8000] and all(isinstance(b, Budget) for b in c.budget)
    assert Claim("x", "T", "s", verdict="refuted", counterexample="T = 8, beta = 20").verdict == "refuted"
    assert Claim("x", "T", "s", verdict="consistent with the paper's own numbers",
                 source="the paper's Table 7").budget == ()
    with pytest.raises(ValueError, match="positive integer"):
        Budget(**dict(B2000, seeds=0))


def test_every_recorded_budget_matches_its_file():
    bad = {c.id: p for c in CLAIMS.values() for b in c.budget if (p := budget_problems(b))}
    assert not bad, bad
    table2 = CLAIMS["table2"].budget[0]
    wrong = Budget(**{**table2.__dict__, "steps": 1000, "floor": 1e-2})
    problems = budget_problems(wrong)
    assert any("steps 1000" in p for p in problems) and any("floor" in p for p in problems)
    assert budget_problems(Budget(**{**table2.__dict__, "where": {"heads": 99}}))


def test_the_issue_23_relabels():
    paper_only = [c.id for c in CLAIMS.values() if c.source.startswith("the paper's") and c.kind == "paper"]
    assert {"table6", "table7", "fig2b", "fig2d", "table9"} <= set(paper_only)
    assert all(CLAIMS[i].verdict == "consistent with the paper's own numbers" for i in paper_only)
    assert CLAIMS["table8"].verdict == "not tested" and CLAIMS["fig2b-theory"].verdict == "not settled"
    conj1 = CLAIMS["conj1"]
    assert conj1.verdict == "not settled" and "counter-evidence at T = 8 to 64" in conj1.evidence and "a gap at T = 64" in conj1.evidence
    # the map's single T, then the cells against T at the map's budget and at four times its steps (issue 20)
    assert [(b.steps, b.T) for b in conj1.budget] == [(1000, "16"), (1000, "8-64"), (4000, "8-64")]
    assert all((b.batch, b.samples, b.seeds) == (64, 4000, 3) for b in conj1.budget)
    for cid in ("table2", "table3", "table4", "table5", "fig1b", "fig2e"):
        assert CLAIMS[cid].budget and CLAIMS[cid].budget[0].steps == 2000, cid


def test_the_registry_covers_the_paper():
    refs = " ".join(c.ref for c in CLAIMS.values())
    for item in ("Theorem 1", "Theorem 2(1)", "Theorem 2(2)", "Theorem 2(3)", "Corollary 1", "Conjecture 1",
                 "Remark B.1.1", *(f"Table {i}" for i in range(2, 11)),
                 *(f"Fig. {f}" for f in ("1a", "1b", "2a", "2b", "2c", "2d", "2e", "3", "4", "5", "6"))):
        assert item in refs, f"no claim cites {item}"
    lemmas = {i for c in CLAIMS.values() for a, b in re.findall(r"Lemmas? (\d)(?:-(\d))?", c.ref)
              for i in range(int(a), int(b or a) + 1)}
    assert lemmas >= set(range(1, 10)), f"lemmas without a claim: {set(range(1, 10)) - lemmas}"
    assert sum(c.kind == "beyond" for c in CLAIMS.values()) >= 5


def test_notebook_links_resolve_to_a_heading():
    index = ledger._index(NOTEBOOKS)
    bad = [f"{c.id}: {c.notebook}" for c in CLAIMS.values() if c.notebook and c.notebook not in index]
    assert not bad, f"notebook links without a matching heading (a renamed section?): {bad}"


def test_evidence_derivations():
    assert set(DERIVATIONS) <= set(CLAIMS)
    for cid in DERIVATIONS:
        assert isinstance(derive(cid), str) and derive(cid)
    assert derive("thm2.1") is None
    assert derive("fig1a", ROOT / "no-such-folder").startswith("Not computed yet")


def test_check_raises_naming_the_claim(monkeypatch):
    monkeypatch.setitem(claims.PREDICATES, "table2/planted", lambda x: (x > 0, f"x = {x}"))
    claims.check("table2/planted", 1)
    with pytest.raises(ClaimFailed, match=r"\[table2 \| Table 2\] table2/planted: .*\(measured: x = -1\)") as err:
        claims.check("table2/planted", -1)
    assert isinstance(err.value, AssertionError)
    with pytest.raises(KeyError, match="unknown claim id 'nope'"):
        claims.check("nope", True)


def test_find_checks_and_sections(tmp_path):
    (tmp_path / "09_demo.py").write_text(
        '# %% [markdown]\n# # 09 · Demo\n#\n# ## 1. First: $h = D$\n\n# %%\nfrom headcount import claims\n'
        'claims.check("table2", True)\n\n# %% [markdown]\n# ### A sub part\n\n# %%\nimport headcount as hc\n'
        'hc.claims.check("lem9", 1 > 0, "m")\nname = "x"\nclaims.check(name, True)\n# ## not a heading\n')
    checks, problems = ledger.find_checks(tmp_path)
    assert [(c.claim_id, c.section.title) for c in checks] == [("table2", "1. First: $h = D$"), ("lem9", "A sub part")]
    assert len(problems) == 1 and "string literal" in problems[0]
    heads = ledger.sections(tmp_path / "09_demo.py")
    assert [h.anchor for h in heads] == ["09--demo", "1-first-h--d", "a-sub-part"]
    assert heads[1].label() == "09 §1 · First: $h = D$" and heads[2].label(short=True) == "09 §1"


def test_anchor_matches_github_and_myst_slugs():
    assert ledger.anchor("2. Fig. 1a and Table 2: NMSE against $h$") == "2-fig-1a-and-table-2-nmse-against-h"
    assert ledger.anchor("How large is the error? The Gibbs-mean bound") == "how-large-is-the-error-the-gibbs-mean-bound"


def test_replace_section():
    text = f"a\n{ledger.MARK_START}\nold\n{ledger.MARK_END}\nb\n"
    assert ledger.replace_section(text, "new\n") == f"a\n{ledger.MARK_START}\nnew\n{ledger.MARK_END}\nb\n"
    with pytest.raises(ValueError, match="must hold"):
        ledger.replace_section("no markers", "x")


def test_check_mode_reports_a_stale_page(tmp_path, capsys):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "README.md").write_text(f"# R\n{ledger.MARK_START}\n{ledger.MARK_END}\n")
    assert ledger.main(["--check", "--root", str(tmp_path)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert ledger.main(["--write", "--root", str(tmp_path)]) == 0
    assert ledger.main(["--check", "--root", str(tmp_path)]) == 0
    assert "ledger up to date" in capsys.readouterr().out
