"""The long-run evidence's named predicates (notebooks 05 and 07) on passing and mutated inputs."""
from __future__ import annotations

from claim_cases import Inputs, holds_then_fails

BUDGET = {3: {2000: 2e-2, 20000: 6e-3}, 4: {2000: 5e-4, 20000: 4.5e-5}, 5: {2000: 4e-4, 20000: 4e-5}}


def test_budget_helps_every_table():
    for table, (below, at) in {"table2": (3, 4), "table3": (3, 4), "table4": (2, 3), "table5": (1, 2)}.items():
        good = {below: {2000: 1e-2, 5000: 1e-2}, at: {2000: 1e-3, 5000: 1e-4}}
        no_fall = {below: {2000: 1e-2, 5000: 1e-2}, at: {2000: 1e-3, 5000: 5e-4}}
        shrinking = {below: {2000: 1e-2, 5000: 1e-4}, at: {2000: 1e-3, 5000: 1e-4}}
        holds_then_fails(f"{table}/budget", Inputs(good), Inputs(no_fall), Inputs(shrinking))


def test_table2_in_size_at_the_largest_budget():
    far = {**BUDGET, 4: {2000: 5e-4, 20000: 2e-4}}
    small_jump = {**BUDGET, 3: {2000: 2e-2, 20000: 4.5e-4}}
    holds_then_fails("table2/size-at-budget", Inputs(BUDGET), Inputs(far), Inputs(small_jump))


def _errors(r31: float, r21: tuple[float, float]) -> dict:
    ref = {8: [1e-3] * 3, 64: [1e-3] * 3}
    return {(2, 2): ref, (4, 1): ref, (3, 1): {8: [1e-3] * 3, 64: [r31 * 1e-3] * 3},
            (2, 1): {8: [r21[0] * 1e-3] * 3, 64: [r21[1] * 1e-3] * 3}}


def test_conj1_against_T():
    holds_then_fails("conj1/against-T", Inputs(_errors(1.5, (20, 40))),
                     Inputs(_errors(3.0, (20, 40))),     # (3, 1) falls behind as T grows
                     Inputs(_errors(0.3, (20, 40))),     # or far ahead of the L h = D cells
                     Inputs(_errors(1.0, (5, 40))),      # (2, 1) not 10x behind at T = 8
                     Inputs(_errors(1.0, (40, 20))))     # (2, 1)'s gap shrinks with T
