"""Notebook 07's threshold and rule comparison (issue 23): the seed-spread threshold, held-out rule scoring,
sentences about one cell derived from the rows, the unsolved cells, the paper's jumps."""
import math

import pytest

from headcount.experiments import conjecture as cj
from headcount.experiments import depth


def _rows(values: dict[tuple[int, int, int], list[float]]) -> list[dict]:
    """Map rows ``{(D, L, h): [NMSE per seed]}`` in the form of ``depth_map.csv``."""
    return [{"D": D, "depth": L, "heads": h, "seed": s, "val_nmse": v}
            for (D, L, h), seeds in values.items() for s, v in enumerate(seeds)]


def test_spread_factor_is_a_quantile_of_the_seed_spread():
    rows = _rows({(2, 1, 1): [1.0, 2.0], (2, 1, 2): [1.0, 1.5], (2, 2, 1): [1.0, 3.0], (2, 2, 2): [1.0, 40.0]})
    assert cj.spread_factor(rows, 0.5) == 2.0
    assert cj.spread_factor(rows, 0.75) == 3.0
    assert cj.spread_factor(rows, 1.0) == 40.0
    with pytest.raises(ValueError, match="quantile"):
        cj.spread_factor(rows, 0.0)


def test_held_out_chooses_on_one_part_and_scores_on_the_other():
    # D = 2: only (1, 1) fails (every rule with h >= 1 at L = 2 agrees); D = 3: (2, 1) is solved,
    # which L h >= D calls inefficient and (2L - 1) h >= D efficient.
    grids = {2: {1: {1: 1.0, 2: 1e-3}, 2: {1: 1e-3, 2: 1e-3}},
             3: {1: {1: 1.0, 2: 1.0}, 2: {1: 1e-3, 2: 1e-3}}}
    ho = cj.held_out(grids, (2,), (3,), 2.0)
    conj, twice = list(cj.RULES)[0], list(cj.RULES)[-1]
    assert conj in ho["chosen"] and twice in ho["chosen"]          # both fit D = 2 perfectly
    assert ho["test"][twice] == (4, 4) and ho["test"][conj] == (3, 4)
    assert ho["choose"][conj] == (4, 4)
    with pytest.raises(ValueError, match="must not share"):
        cj.held_out(grids, (2,), (2, 3), 2.0)
    with pytest.raises(ValueError, match="test_on"):
        cj.held_out(grids, (2,), (5,), 2.0)


def test_cell_facts_and_sentence_read_the_rows():
    rows = _rows({(6, 2, 2): [4.8e-3, 7.0e-3, 6.7e-3], (6, 4, 4): [1.6e-3, 2.1e-3, 1.8e-3],
                  (6, 1, 1): [0.1, 0.2, 0.3]})
    f = cj.cell_facts(rows, 6, 2, 2)
    assert f["seeds"] == [4.8e-3, 6.7e-3, 7.0e-3] and f["floor_cell"] == (4, 4)
    assert math.isclose(f["ratio"], 3.0) and f["all_above"]
    text = cj.cell_sentence(rows, 6, 2, 2, 2.0)
    assert "seeds 4.8e-03, 6.7e-03, 7.0e-03" in text and "3.0x the floor" in text and "not solved" in text
    assert "every seed above" in text
    assert "(L h >= D)" in cj.cell_sentence(rows, 6, 4, 4, 2.0) and ": solved" in cj.cell_sentence(rows, 6, 4, 4, 2.0)
    with pytest.raises(ValueError, match=r"no cell \(L, h\) = \(3, 3\)"):
        cj.cell_facts(rows, 6, 3, 3)


def test_unsolved_cells_carry_their_seed_spread():
    rows = _rows({(4, 1, 1): [1.0, 1.2], (4, 1, 4): [2.5e-3, 5e-2], (4, 3, 4): [1e-3, 1.5e-3]})
    miss = cj.unsolved(rows, 4, 2.0)
    assert set(miss) == {(1, 1), (1, 4)}
    assert math.isclose(miss[(1, 1)], 1.2) and math.isclose(miss[(1, 4)], 20.0)


def test_paper_jump_is_the_papers_table5_ratio():
    low, high = cj.paper_jump("table5", 1)
    assert 29 < low < 30 and 111 < high < 112


def test_the_committed_map_supports_the_notebooks_sentences():
    rows = depth.load_depth("depth_map")
    spread = cj.spread_factor(rows)
    assert 1.2 < spread < 5
    f = cj.cell_facts(rows, 6, 2, 2)   # issue 23: (2, 2) at D = 6 does not reach its map's best
    assert f["all_above"] and f["ratio"] > spread
    assert cj.cell_facts(rows, 6, 1, 5)["ratio"] > spread   # not solved at the seed-spread threshold
