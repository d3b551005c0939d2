"""Render the reproduction ledger: a short table in README.md and the full page docs/ledger.md.

Both are generated from the registry (:mod:`headcount.claims`), from the notebooks' ``claims.check(id, ...)``
calls (read from ``notebooks/NN_*.py`` with :mod:`ast`, so the ledger lists which notebook sections back
each claim) and from the committed results (:mod:`headcount.experiments.ledger_evidence`)::

    python -m headcount.ui.ledger --write    # (make ledger) rewrite README.md's ledger section and docs/ledger.md
    python -m headcount.ui.ledger --check    # exit 1 if either is out of date

Section links use :func:`anchor`, the GitHub / MyST (``heading_anchors``) slug of a heading.
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from headcount.claims import BEYOND, CLAIMS, VERDICTS, Claim, claim_id_of
from headcount.experiments.ledger_evidence import derive

__all__ = ["MARK_END", "MARK_START", "Check", "Section", "anchor", "find_checks", "main", "render_page",
           "render_readme_table", "replace_section", "sections"]

MARK_START, MARK_END = "<!-- ledger:start -->", "<!-- ledger:end -->"
PAGE = Path("docs") / "ledger.md"
_HEADING = re.compile(r"^# (#{1,6}) +(.+?) *$")
_CELL = re.compile(r"^# %%")


def anchor(heading: str) -> str:
    """The slug GitHub and MyST (``myst_heading_anchors``) give a markdown heading: lower case, ``$`` and every
    character other than letters, digits, ``_``, ``-`` and spaces dropped, spaces turned into ``-``."""
    text = heading.strip().lower().replace("$", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


@dataclass(frozen=True)
class Section:
    """A markdown heading of a notebook: its file (``NN_name.ipynb``), level, text, anchor and ``§`` number."""

    notebook: str
    level: int
    title: str
    number: str   # the number of the enclosing level-2 section ("2" for "## 2. Fig. 1a ..."), "" if none
    line: int

    @property
    def anchor(self) -> str:
        return anchor(self.title)

    def label(self, short: bool = False) -> str:
        """``'05 §2'`` (short) or ``'05 §2 · A stuck seed, diagnosed'``; the notebook's number, its section."""
        nb = self.notebook[:2]
        head = f"{nb} §{self.number}" if self.number else nb
        if short:
            return head
        title = self.title
        if self.number and self.level == 2:
            title = re.sub(r"^\d+\.\s*", "", title)
        return f"{head} · {title}"

    def link(self, base: str, short: bool = False) -> str:
        return f"[{self.label(short)}]({base}{self.notebook}#{self.anchor})"


@dataclass(frozen=True)
class Check:
    """One ``claims.check("id", ...)`` call in a notebook, with the section it sits in."""

    claim_id: str
    notebook: str
    line: int
    section: Section | None


def sections(py: Path) -> list[Section]:
    """The headings of the markdown cells of the py:percent notebook ``py``, in order."""
    found, markdown, number = [], False, ""
    for i, line in enumerate(py.read_text(encoding="utf-8").splitlines(), 1):
        if _CELL.match(line):
            markdown = "[markdown]" in line
            continue
        m = _HEADING.match(line) if markdown else None
        if m:
            level, title = len(m.group(1)), m.group(2)
            if level <= 2:
                num = re.match(r"^(\d+)\.", title)
                number = num.group(1) if num and level == 2 else ""
            found.append(Section(py.with_suffix(".ipynb").name, level, title, number, i))
    return found


def _is_claims_check(func: ast.expr) -> bool:
    if not (isinstance(func, ast.Attribute) and func.attr == "check"):
        return False
    owner = func.value
    return (isinstance(owner, ast.Name) and owner.id == "claims") or \
        (isinstance(owner, ast.Attribute) and owner.attr == "claims")


def find_checks(folder: Path) -> tuple[list[Check], list[str]]:
    """Every ``claims.check`` call in ``folder/NN_*.py`` and the problems found (a claim id that is not a string
    literal; a file that does not parse)."""
    checks, problems = [], []
    for py in sorted(folder.glob("[0-9][0-9]_*.py")):
        try:
            tree = ast.parse(py.read_text(encoding="utf-8"))
        except SyntaxError as err:
            problems.append(f"{py.name}: does not parse ({err})")
            continue
        heads = [s for s in sections(py) if s.level >= 2]
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_claims_check(node.func):
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    problems.append(f"{py.name}:{node.lineno}: claims.check needs the claim id as a string literal")
                    continue
                before = [s for s in heads if s.line < node.lineno]
                checks.append(Check(claim_id_of(first.value), py.with_suffix(".ipynb").name, node.lineno,
                                    before[-1] if before else None))
    return sorted(checks, key=lambda c: (c.notebook, c.line)), problems


def _index(folder: Path) -> dict[str, Section]:
    return {f"{s.notebook}#{s.anchor}": s for py in sorted(folder.glob("[0-9][0-9]_*.py")) for s in sections(py)}


def _where(claim: Claim, index: Mapping[str, Section], base: str, short: bool) -> str:
    if not claim.notebook:
        return ""
    s = index.get(claim.notebook)
    return s.link(base, short) if s else f"[{claim.notebook}]({base}{claim.notebook})"


def _checked_in(claim_id: str, checks: Sequence[Check], base: str) -> str:
    per: Counter[Section | str] = Counter(c.section or c.notebook for c in checks if c.claim_id == claim_id)
    return ", ".join((k.link(base) if isinstance(k, Section) else k) + (f" ({n})" if n > 1 else "")
                     for k, n in per.items())


def _counts(claims: Mapping[str, Claim]) -> str:
    n = Counter(c.verdict for c in claims.values())
    return f"{len(claims)} claims: " + "; ".join(f"{n[v]} {v}" for v in (*VERDICTS, BEYOND) if n[v]) + "."


def _page_anchor(claim: Claim) -> str:
    return anchor(f"{claim.id}: {claim.ref}")


def render_readme_table(claims: Mapping[str, Claim], checks: Sequence[Check], index: Mapping[str, Section]) -> str:
    """The short ledger for README.md (links relative to the repository root)."""
    lines = [f"{_counts(claims)} Full ledger with the numbers and sources: [docs/ledger.md](docs/ledger.md).", "",
             "| claim | paper | verdict | notebook | asserts |", "| --- | --- | --- | --- | --- |"]
    for c in claims.values():
        n = sum(k.claim_id == c.id for k in checks)
        lines.append(f"| [`{c.id}`](docs/ledger.md#{_page_anchor(c)}) | {c.ref} | {c.verdict} | "
                     f"{_where(c, index, 'notebooks/', short=True)} | {n or ''} |")
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """``text`` with commands, results files and library names set as code (never twice)."""
    text = re.sub(r"\((python -m [^);]*)", r"(`\1`", text)
    parts = text.split("`")
    for k in range(0, len(parts), 2):   # outside code spans
        parts[k] = re.sub(r"(?<![\w/])(data/results/[\w.]+|headcount(?:\.\w+)+)", r"`\1`", parts[k])
    return "`".join(parts)


def _entry(c: Claim, checks: Sequence[Check], index: Mapping[str, Section], derived: str | None) -> list[str]:
    out = [f"### {c.id}: {c.ref}", "", f"**Claim.** {c.statement}", "", f"**Verdict: {c.verdict}.**", ""]
    evidence = " ".join(x for x in (c.evidence, f"*From the committed results:* {derived}" if derived else "") if x)
    if evidence:
        out += [f"**{'Why not' if c.verdict == 'not tested' else 'Evidence'}.** {evidence}", ""]
    if c.counterexample:
        out += [f"**Counterexample.** {c.counterexample}", ""]
    if c.budget:
        out += ["**Budget.** " + "; ".join(_code(f"{b} [data/results/{b.file}]" if b.file else str(b))
                                           .replace(f" ({b.file}) [", " [") for b in c.budget) + ".", ""]
    if c.source:
        out += [f"**Source.** {_code(c.source)}", ""]
    where, checked = _where(c, index, "../notebooks/", short=False), _checked_in(c.id, checks, "../notebooks/")
    if where:
        out += [f"**Shown in** {where}.", ""]
    out += [f"**Asserted in** {checked}." if checked else "**Asserted in** no notebook yet.", ""]
    return out


def render_page(claims: Mapping[str, Claim], checks: Sequence[Check], index: Mapping[str, Section],
                results: Path | None = None) -> str:
    """The full ledger page (``docs/ledger.md``; links relative to ``docs/``)."""
    out = ["# Reproduction ledger", "",
           ("Every claim of Yu et al., *The Effect of Attention Head Count on Transformer Approximation* "
            "(ICLR 2026, [arXiv:2510.06662](https://arxiv.org/abs/2510.06662)): each theorem part, lemma, corollary, "
            "remark, table, figure and conjecture, with the course's verdict, the numbers behind it, where they come "
            "from, and the notebook section that shows it; then the course's own findings."), "",
           ("*Generated by `python -m headcount.ui.ledger --write` (`make ledger`) from `headcount.claims`, the "
            "notebooks' `claims.check(...)` asserts and `data/results`; do not edit by hand.*"), "",
           "Verdicts, each with the evidence it requires (defined once in `headcount.claims.VERDICTS`; a claim "
           "whose fields do not meet its verdict's criterion cannot be built):", "",
           *(f"- **{v}**: {criterion}." for v, criterion in VERDICTS.items()),
           f"- **{BEYOND}**: the course's own findings (kind 'beyond'), listed after the paper's claims.", "",
           ("A budget reads: steps of batch, training examples, seeds, lengths T, and the error floor (the smallest "
            "validation error the budget reached: an effect smaller than it cannot show). MS MARCO and CIFAR-10 "
            "cannot be shipped: their tables and figures are recomputed from the paper's own numbers, and the "
            "offline stand-ins of notebook 06 are the course's own findings. \"Asserted in\" lists the notebook "
            "sections whose asserts name the claim (`claims.check`); the notebooks fail when one of them breaks."),
           "", _counts(claims), "",
           "| claim | paper | verdict | notebook |", "| --- | --- | --- | --- |"]
    for c in claims.values():
        out.append(f"| [`{c.id}`](#{_page_anchor(c)}) | {c.ref} | {c.verdict} | "
                   f"{_where(c, index, '../notebooks/', short=True)} |")
    for kind, title in (("paper", "The paper's claims"), ("beyond", "Beyond the paper: the course's own findings")):
        out += ["", f"## {title}", ""]
        for c in claims.values():
            if c.kind == kind:
                out += _entry(c, checks, index, derive(c.id, results))
    return "\n".join(out).rstrip() + "\n"


def replace_section(text: str, table: str) -> str:
    """``text`` with everything between the ledger markers replaced by ``table``."""
    if text.count(MARK_START) != 1 or text.count(MARK_END) != 1 or text.index(MARK_START) > text.index(MARK_END):
        raise ValueError(f"README.md must hold {MARK_START} ... {MARK_END} once, in that order")
    head, rest = text.split(MARK_START)
    _, tail = rest.split(MARK_END)
    return f"{head}{MARK_START}\n{table}{MARK_END}{tail}"


def render(root: Path, results: Path | None = None) -> tuple[str, str]:
    """``(README.md as it should be, docs/ledger.md as it should be)`` for the repository at ``root``."""
    folder = root / "notebooks"
    checks, _ = find_checks(folder)
    index = _index(folder)
    readme = replace_section((root / "README.md").read_text(encoding="utf-8"),
                             render_readme_table(CLAIMS, checks, index))
    return readme, render_page(CLAIMS, checks, index, results)


def _default_root() -> Path:
    here = Path(__file__).resolve().parents[3]
    return here if (here / "notebooks").is_dir() else Path.cwd()


def main(argv: Sequence[str] | None = None) -> int:
    """``--write``: rewrite the README section and docs/ledger.md; ``--check``: exit 1 if they are stale;
    neither: print the page."""
    p = argparse.ArgumentParser(prog="python -m headcount.ui.ledger", description=__doc__.split("\n")[0])
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite README.md's ledger section and docs/ledger.md")
    mode.add_argument("--check", action="store_true", help="exit 1 if README.md or docs/ledger.md is out of date")
    p.add_argument("--root", type=Path, default=None, help="repository root (default: this checkout)")
    args = p.parse_args(argv)
    root = args.root or _default_root()
    readme, page = render(root)
    targets = {root / "README.md": readme, root / PAGE: page}
    if args.write:
        for path, text in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        print(f"wrote {', '.join(str(p.relative_to(root)) for p in targets)} ({len(CLAIMS)} claims)")
        return 0
    if args.check:
        stale = [str(p.relative_to(root)) for p, t in targets.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != t]
        if stale:
            print(f"out of date: {', '.join(stale)}; run `python -m headcount.ui.ledger --write`", file=sys.stderr)
            return 1
        print("ledger up to date")
        return 0
    sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
