"""FAST mode, budgets, thread policy and the device report."""
import pytest
import torch

import headcount as hc
from headcount import env


def test_fast_mode_follows_the_environment(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("HEADCOUNT_FAST", "0")
    assert not env.is_fast() and env.budget(full=10, fast=1) == 10
    monkeypatch.setenv("HEADCOUNT_FAST", "1")
    assert env.is_fast() and env.budget(full=10, fast=1) == 1
    monkeypatch.setenv("HEADCOUNT_FAST", "0")
    monkeypatch.setenv("CI", "true")
    assert env.is_fast()


def test_one_thread_unless_asked(monkeypatch):
    monkeypatch.delenv("HEADCOUNT_THREADS", raising=False)
    before = torch.get_num_threads()
    try:
        assert env.configure_threads() == 1
        monkeypatch.setenv("HEADCOUNT_THREADS", "2")
        assert env.configure_threads() == 2
        monkeypatch.setenv("HEADCOUNT_THREADS", "zero")
        with pytest.raises(ValueError, match="HEADCOUNT_THREADS"):
            env.configure_threads()
    finally:
        torch.set_num_threads(before)


def test_device_report_names_device_and_mode(monkeypatch):
    monkeypatch.setenv("HEADCOUNT_FAST", "1")
    line = hc.device_report(torch.device("cpu"))
    assert "cpu" in line and "FAST" in line and torch.__version__ in line and "hint" in line


def test_auto_device_is_cuda_when_present_else_cpu():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert hc.pick_device().type == expected == hc.pick_device("auto").type
    with pytest.raises(ValueError, match="device must be one of"):
        hc.pick_device("gpu")


def test_no_writable_home_needed(tmp_path):
    """The library and the command line give matplotlib a writable folder when $HOME cannot hold one."""
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    home.write_text("a file, so no folder can be made under it, even by root")
    env_vars = {k: v for k, v in os.environ.items() if k not in ("MPLCONFIGDIR", "XDG_CONFIG_HOME")}
    env_vars.update(HOME=str(home), OMP_NUM_THREADS="1")
    code = ("import contextlib, io, headcount.ui.plots, matplotlib\n"
            "from headcount.cli import main\n"
            "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['--help'])\n"
            "print(matplotlib.get_configdir())")
    out = subprocess.run([sys.executable, "-c", code], env=env_vars, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "headcount-matplotlib" in out.stdout and "temporary cache directory" not in out.stderr, out.stderr
