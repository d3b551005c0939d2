"""Widgets and pages in a real browser (``make test-browser``; not part of ``make test``).

JupyterLab 4 in the system's Chromium, driven by Playwright (which downloads no browser): for each
notebook, Run All, then for each panel click its main button and time until the figure or the status
changes, enter one bad value and read the message. Then, on notebook 02's training panel: a train
click during a run is refused without turning the run red, Kernel > Interrupt stops a background run,
a kernel restart makes the panel say it is disconnected, and a saved notebook reopens without
"model not found". Prints a table (notebook, panel, time to update, bad-input message); screenshots
go to ``.cache/browser/``. ``BROWSER_FAST=1`` runs the notebooks in FAST mode, ``BROWSER_NB=02,05``
narrows to notebooks whose names start so.

What a reader sees: ``make book`` and ``make slides`` exactly as the README runs them, every page of the
book and notebook 07's deck slide by slide, served locally with every other host blocked, in a
1280-pixel-wide window: formulas typeset by MathJax (no raw ``\\(``, ``\\[`` or ``$$`` in the prose), no
code cell or output scrolling sideways, every local image (and each saved panel) drawn, and each book
page's set-up and imports folded. Prints which pages still scroll sideways.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

if os.environ.get("HEADCOUNT_BROWSER_TEST") != "1":
    pytest.skip("the browser test runs with `make test-browser`", allow_module_level=True)
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).exists()), None)
if CHROMIUM is None:
    pytest.skip("no Chromium found (apt-get install chromium): browser test skipped", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make test-browser)")

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / ".cache" / "browser"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
RUN_ALL_TIMEOUT = 1800  # s per notebook (lecture mode on a busy 2-core machine)
UPDATE_TIMEOUT = 300    # s for a panel to finish after its click

# One bad value per panel, by notebook (panel index -> actions): ("text", description, value),
# ("slider", description, value), ("select", description, option); then the main button is clicked.
BAD_INPUT = {
    "01": {0: [("select", "family", "max_min"), ("slider", "D", "5")]},
    "02": {0: [("select", "device", "cuda")]},
    "03": {0: [("slider", "heads s", "7")]},
    "04": {0: [("slider", "E = n h", "30"), ("slider", "heads h", "7")]},
    "05": {0: [("text", "T (list)", "16, x")]},
    "06": {0: [("text", "heads", "")]},
    "07": {0: [("select", "device", "cuda")]},  # refused before training on a machine without CUDA
}
MAIN_BUTTONS = ("train", "resample")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings(folder: Path) -> None:
    """JupyterLab user settings for the run: every cell rendered (no windowing), no news or update checks."""
    files = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                            "checkForUpdates": False},
    }
    for name, value in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(value))


@pytest.fixture(scope="module")
def lab():
    work = Path(tempfile.mkdtemp(prefix="headcount-browser-"))
    (work / "notebooks").mkdir()
    wanted = [p.strip() for p in os.environ.get("BROWSER_NB", "").split(",") if p.strip()]
    nbs = [p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
           if not wanted or any(p.name.startswith(w) for w in wanted)]
    for nb in nbs:
        shutil.copy2(nb, work / "notebooks" / nb.name)  # Lab autosaves: never the committed files
    _settings(work / "user-settings")
    token, port = os.urandom(12).hex(), _free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(work / "user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"), "OMP_NUM_THREADS": "1",
           "HEADCOUNT_DATA": str(ROOT / "data")}  # the copies live outside the repository
    env.pop("MPLBACKEND", None)
    env.pop("HEADCOUNT_FAST", None)
    if os.environ.get("BROWSER_FAST") == "1":
        env["HEADCOUNT_FAST"] = "1"
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={work}",
           f"--LabApp.app_settings_dir={ROOT / 'binder' / 'lab-settings'}"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        cmd.append("--allow-root")
    log = open(work / "lab.log", "w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"JupyterLab exited: {(work / 'lab.log').read_text()[-2000:]}") from None
            time.sleep(0.5)
    try:
        yield {"base": base, "token": token, "notebooks": [p.name for p in nbs], "work": work}
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


# --------------------------------------------------------------------------- JupyterLab by hand


def _menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def _wait_idle(page, timeout: float) -> None:
    """Until no cell is queued or running and the kernel is idle (twice in a row, a second apart)."""
    end, calm = time.time() + timeout, 0
    while time.time() < end:
        busy = any("*" in p for p in _prompts(page)) or not _kernel_idle(page)
        calm = 0 if busy else calm + 1
        if calm >= 2:
            return
        time.sleep(1)
    raise TimeoutError("the notebook did not finish")


def _kernel_idle(page) -> bool:
    return bool(page.locator(".jp-StatusBar-Widget", has_text="| Idle").count())


def _open(page, lab, name: str) -> None:
    page.goto(f"{lab['base']}/lab/tree/notebooks/{name}?token={lab['token']}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    end = time.time() + 120
    while not _kernel_idle(page) and time.time() < end:
        time.sleep(0.5)


def _prompts(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
                         ".map(p => p.textContent.trim())")


def _run_all(page, timeout: float) -> float:
    """Run > Run All Cells (again if the kernel did not take it); seconds until every code cell ran anew.

    The committed notebook opens with its old execution counts, so a run has started once a cell is
    queued (``[*]``) and finished when the kernel is idle and every code cell carries a new count.
    """
    start = time.time()
    for _ in range(3):
        _menu(page, "Run", "Run All Cells")
        end = time.time() + 60
        while time.time() < end:
            if any("*" in p for p in _prompts(page)):
                _wait_idle(page, timeout)
                prompts = _prompts(page)
                if any(p in ("[ ]:", "") for p in prompts):
                    raise RuntimeError(f"Run All stopped early: prompts {prompts}")
                return time.time() - start
            time.sleep(0.2)
    raise TimeoutError("Run All Cells did not start")


def _panels(page):
    """The top-level widget boxes of the notebook's outputs (one per panel)."""
    return page.locator(".jp-OutputArea-output > .widget-vbox, .jp-OutputArea-output > .jupyter-widgets.widget-vbox")


def _state(panel) -> tuple[str, str]:
    img = panel.locator("img")
    src = img.first.get_attribute("src") if img.count() else ""
    status = panel.locator(".widget-html").last.inner_text() if panel.locator(".widget-html").count() else ""
    return src or "", status


def _labelled(panel, kind: str, description: str):
    """The control of ``kind`` in ``panel`` whose label reads ``description``."""
    box = panel.locator(f".widget-inline-hbox:has(> label:text-is('{description}'))").first
    return {"text": box.locator("input"), "select": box.locator("select"),
            "slider": box.locator(".widget-readout")}[kind]


def _do(page, panel, action) -> None:
    kind, description, value = action
    control = _labelled(panel, kind, description)
    if kind == "select":
        control.select_option(value)
    elif kind == "text":
        control.fill(value)
    else:
        control.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Enter")
    time.sleep(1.0)


def _main_button(panel):
    for name in MAIN_BUTTONS:
        button = panel.locator("button", has_text=name)
        if button.count():
            return button.first
    return None


def _click_and_time(page, panel, timeout: float) -> tuple[float | None, float | None, str]:
    """Click the main button (or move the first slider); seconds to the first visible change and to the end."""
    before = _state(panel)
    button = _main_button(panel)
    start = time.time()
    if button is not None:
        button.click()
    else:
        panel.locator(".slider-container, .widget-slider").first.click()
        page.keyboard.press("ArrowRight")
    first = None
    end = time.time() + timeout
    while time.time() < end:
        now = _state(panel)
        if first is None and now != before:
            first = time.time() - start
        if first is not None and not now[1].startswith(("training", "still", "already")):
            done = time.time() - start
            time.sleep(1.5)  # the figure arrives just after the status
            return first, done, now[1]
        time.sleep(0.2)
    return first, None, _state(panel)[1]


def _wait_status(panel, prefixes: tuple[str, ...], timeout: float) -> str:
    end = time.time() + timeout
    while time.time() < end:
        status = _state(panel)[1]
        if status.startswith(prefixes):
            return status
        time.sleep(0.2)
    raise TimeoutError(f"status never started with {prefixes}; it reads {status!r}")


def _colour(panel) -> str:
    return panel.locator(".hc-live").last.evaluate("e => e.style.color")


def _accept_dialog(page) -> None:
    button = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        button.first.wait_for(timeout=5000)
        button.first.click()
    except sync_api.TimeoutError:
        pass


def _kernel_controls(page, lab, name: str, panel) -> list[str]:
    """On the training panel: a refused click keeps the run green, Kernel > Interrupt stops the run, a
    restart says 'not connected', and the saved notebook reopens showing the panel's last state."""
    problems = []
    _do(page, panel, ("select", "device", "auto"))
    _do(page, panel, ("slider", "steps", "5000"))
    _main_button(panel).click()
    _wait_status(panel, ("training: step",), 120)
    _main_button(panel).click()  # refused: still training
    time.sleep(3)
    status, colour = _state(panel)[1], _colour(panel)
    if not status.startswith("training") or "26, 127, 55" not in colour:
        problems.append(f"{name}: after a refused click the run reads {status!r} in {colour}")
    _menu(page, "Kernel", "Interrupt Kernel")
    try:
        status = _wait_status(panel, ("interrupted",), 60)
    except TimeoutError as err:
        problems.append(f"{name}: Kernel > Interrupt: {err}")
    print(f"  interrupt: {status}", flush=True)
    _menu(page, "File", "Save Notebook")
    time.sleep(3)
    _main_button(panel).click()
    _wait_status(panel, ("training: step",), 120)
    _menu(page, "Kernel", "Restart Kernel")
    _accept_dialog(page)
    time.sleep(5)
    dead = panel.locator(".hc-dead")
    if not (dead.count() and dead.last.is_visible()):
        problems.append(f"{name}: after a kernel restart the panel does not say it is disconnected")
    panel.screenshot(path=str(SHOTS / f"{name[:-6]}_after_restart.png"))
    print(f"  restart: 'not connected' shown = {bool(dead.count() and dead.last.is_visible())}", flush=True)
    _menu(page, "Kernel", "Shut Down Kernel")
    _accept_dialog(page)
    time.sleep(2)
    page.goto(f"{lab['base']}/lab/tree/notebooks/{name}?token={lab['token']}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    time.sleep(5)
    if page.locator("text=Error displaying widget").count():
        problems.append(f"{name}: reopened after saving: 'Error displaying widget'")
    panels = _panels(page)
    reopened = panels.count() and panels.first.locator(".hc-dead").last.is_visible()
    if not reopened:
        problems.append(f"{name}: reopened after saving: the panel is missing or does not say it is not connected")
    else:
        panels.first.screenshot(path=str(SHOTS / f"{name[:-6]}_reopened.png"))
    print(f"  reopened after save: panel shown, 'not connected' = {bool(reopened)}", flush=True)
    return problems


# --------------------------------------------------------------------------- the run


ROWS: list[tuple[str, int, str, str, str]] = []


def test_every_panel_updates_and_rejects_bad_input(lab, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems = []
    for name in lab["notebooks"]:
        try:
            key = name[:2]
            _open(page, lab, name)
            run_all = _run_all(page, RUN_ALL_TIMEOUT)
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']", has_text="Traceback")
            if errors.count():
                problems.append(f"{name}: a cell raised during Run All")
            if page.locator("text=Error displaying widget").count():
                problems.append(f"{name}: 'Error displaying widget' after Run All")
            panels = _panels(page)
            print(f"\n{name}: Run All {run_all:.0f} s, {panels.count()} panel(s)", flush=True)
            for k in range(panels.count()):
                panel = panels.nth(k)
                panel.scroll_into_view_if_needed()
                first, total, status = _click_and_time(page, panel, UPDATE_TIMEOUT)
                panel.screenshot(path=str(SHOTS / f"{name[:-6]}_panel{k}_updated.png"))
                if first is None:
                    problems.append(f"{name} panel {k}: nothing changed within {UPDATE_TIMEOUT} s")
                bad = "n/a"
                actions = BAD_INPUT.get(key, {}).get(k)
                if actions:
                    before_bad = _state(panel)[1]
                    for action in actions:
                        _do(page, panel, action)
                    train = panel.locator("button", has_text="train")
                    if train.count():  # explorers apply a value as it is set; training panels on train
                        train.first.click()
                        time.sleep(1.0)
                        end = time.time() + UPDATE_TIMEOUT  # an accepted value trains: let it finish
                        while _state(panel)[1].startswith("training") and time.time() < end:
                            time.sleep(0.2)
                        time.sleep(1.5)
                    bad = _state(panel)[1]
                    panel.screenshot(path=str(SHOTS / f"{name[:-6]}_panel{k}_bad_input.png"))
                    if bad == before_bad or not bad:
                        problems.append(f"{name} panel {k}: no message after a bad value ({bad!r})")
                fmt = lambda t: "-" if t is None else f"{t:.1f} s"  # noqa: E731
                ROWS.append((name[:-6], k, fmt(first), fmt(total), bad))
                print("  | " + " | ".join(str(x) for x in ROWS[-1]) + " |", flush=True)
            if panels.count() == 0 and '"application/vnd.jupyter.widget-view+json"' in (ROOT / "notebooks" / name).read_text():
                problems.append(f"{name}: no panel rendered after Run All")
            page.screenshot(path=str(SHOTS / f"{name[:-6]}_page.png"))
            if key == "02" and panels.count():
                problems += _kernel_controls(page, lab, name, panels.first)
            else:  # free the kernel's memory before the next notebook
                _menu(page, "Kernel", "Shut Down Kernel")
                _accept_dialog(page)
        except Exception as err:  # noqa: BLE001 - one notebook's failure must not hide the others'
            problems.append(f"{name}: {type(err).__name__}: {err}")
            print(f"  {name}: {type(err).__name__}: {err}", flush=True)
    page.close()
    print("\n| notebook | panel | first update | done | bad-input message |\n| --- | --- | --- | --- | --- |")
    for row in ROWS:
        print("| " + " | ".join(str(x) for x in row) + " |")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- what a reader sees: book and slides

READER_WIDTH = 1280
DECK = "07_depth_conjecture"  # the deck checked slide by slide
# Elements that scroll sideways when a code line or an output is too wide for the column.
WIDE = ("div.cell_input pre, div.cell_output pre, div.cell_output .output, div.cell_output table, "
        ".jp-InputArea-editor pre, .jp-OutputArea-output pre, .jp-RenderedHTMLCommon table")
# Prose only: the visible text outside code, scripts and typeset math, where raw TeX would show.
PROSE = """() => {
  const skip = 'PRE, CODE, SCRIPT, STYLE, MJX-CONTAINER, TEXTAREA, NOSCRIPT';
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: n =>
      n.parentElement.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  let text = '';
  while (walk.nextNode()) text += walk.currentNode.textContent;
  return text;
}"""
OVERFLOW = """(sel) => [...document.querySelectorAll(sel)]
  .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
  .map(e => ({kind: e.closest('.cell_output, .jp-OutputArea') ? 'output' : 'code',
              over: e.scrollWidth - e.clientWidth,
              text: (e.textContent.split('\\n').sort((a, b) => b.length - a.length)[0] || '').slice(0, 100)}))"""
# Local images that did not load, and images from elsewhere (blocked offline) without a readable alt text.
IMAGES = """() => [...document.images].filter(i => /^(data:|blob:)/.test(i.src) || i.src.startsWith(location.origin)
  ? !(i.complete && i.naturalWidth > 0) : (i.alt || '').trim().length < 4).map(i => i.src.slice(0, 120))"""
# The first code cell a reader sees unfolded must come after the first section heading.
FIRST_CODE = """() => {
  const code = [...document.querySelectorAll('div.cell_input')].find(e => e.offsetParent !== null);
  const h2 = document.querySelector('article h2, main h2');
  return {code: code ? code.getBoundingClientRect().top : null, h2: h2 ? h2.getBoundingClientRect().top : null,
          first: code ? code.innerText.slice(0, 60) : ''};
}"""
RAW_TEX = ("\\(", "\\[", "$$")
SAVED_PANELS = """() => document.querySelectorAll('.widget-subarea').length >=
  document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length"""


def _make(target: str) -> None:
    """``make book`` / ``make slides`` exactly as the README runs them (from the repository root)."""
    done = subprocess.run(["make", "--no-print-directory", target], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, f"make {target} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    print(f"\nmake {target}: {done.stdout.strip().splitlines()[-1]}", flush=True)


@pytest.fixture(scope="module")
def served():
    """``make book`` and ``make slides``, then the build folder on a local HTTP server (no other host)."""
    import functools
    import http.server
    import threading

    _make("book")
    _make("slides")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(ROOT / "build")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture()
def offline(browser):
    """A 1280-pixel-wide page whose requests to any other host are blocked (and listed), as in a hall with
    no network; failed local requests are listed too."""
    context = browser.new_context(viewport={"width": READER_WIDTH, "height": 900})
    log = {"blocked": [], "failed": []}

    def route(r):
        url = r.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "file:")):
            r.continue_()
        else:
            log["blocked"].append((r.request.resource_type, url))
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", lambda resp: resp.status >= 400 and log["failed"].append(f"{resp.status} {resp.url}"))
    page.on("requestfailed", lambda req: req.url.startswith("http://127.0.0.1") and log["failed"].append(req.url))
    yield page, log
    context.close()


def _typeset(page) -> int:
    """Wait for MathJax to finish; the number of typeset formulas (0 if MathJax never loaded)."""
    try:
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=15_000)
        page.evaluate("() => MathJax.startup.promise")
    except sync_api.TimeoutError:
        return 0
    return page.locator("mjx-container").count()


def _read(page, url: str, shot: Path) -> dict:
    page.goto(url, wait_until="networkidle")
    typeset = _typeset(page)
    page.evaluate("() => document.fonts.ready")
    panels = True
    try:  # saved panels (widget state) are drawn by the widget manager, their figure a blob: image
        page.wait_for_function(SAVED_PANELS, timeout=20_000)
        page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=10_000)
    except sync_api.TimeoutError:
        panels = False
    page.screenshot(path=str(shot))
    text = page.evaluate(PROSE)
    return {"typeset": typeset, "raw": [t for t in RAW_TEX if t in text],
            "sample": next((text[max(0, text.find(t) - 40):text.find(t) + 40] for t in RAW_TEX if t in text), ""),
            "overflow": page.evaluate(OVERFLOW, WIDE), "broken": page.evaluate(IMAGES), "panels": panels}


def _problems(name: str, seen: dict, math_expected: bool) -> list[str]:
    out = []
    if math_expected and not seen["typeset"]:
        out.append(f"{name}: no formula typeset (MathJax did not run)")
    if seen["raw"]:
        out.append(f"{name}: raw TeX {seen['raw']} in the text, e.g. {seen['sample']!r}")
    if seen["broken"]:
        out.append(f"{name}: images not loaded: {seen['broken'][:3]}")
    if not seen["panels"]:
        out.append(f"{name}: the saved panels (widget state) or their images were not drawn within 30 s")
    for o in seen["overflow"][:3]:
        out.append(f"{name}: a {o['kind']} scrolls sideways by {o['over']} px: {o['text']!r}")
    if len(seen["overflow"]) > 3:
        out.append(f"{name}: ... {len(seen['overflow'])} elements scroll sideways in all")
    return out


def test_reader_sees_the_book_rendered_offline(served, offline):
    """Every page of ``make book``: formulas typeset, no raw TeX, no sideways scrolling at 1280 px, every local
    image loaded, the set-up and imports folded (the first unfolded code comes after the first section)."""
    page, log = offline
    SHOTS.mkdir(parents=True, exist_ok=True)
    html = ROOT / "build" / "book" / "html"
    names = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                   if p.name not in ("genindex.html", "search.html") and not p.relative_to(html).parts[0].startswith("_"))
    problems, overflowing = [], {}
    for name in names:
        source = (html / name).read_text(encoding="utf-8")
        seen = _read(page, f"{served}/book/html/{name}", SHOTS / f"book_{name.replace('/', '_')[:-5]}.png")
        problems += _problems(name, seen, math_expected='class="math' in source)
        if seen["overflow"]:
            kinds = [o["kind"] for o in seen["overflow"]]
            overflowing[name] = f"{kinds.count('code')} code, {kinds.count('output')} output"
        if name.startswith("notebooks/"):
            first = page.evaluate(FIRST_CODE)
            if first["code"] is not None and first["h2"] is not None and first["code"] < first["h2"]:
                problems.append(f"{name}: code before the first section is not folded: {first['first']!r}")
        print(f"  book {name}: {seen['typeset']} formulas, {len(seen['overflow'])} sideways scrollers, "
              f"{len(seen['broken'])} broken images", flush=True)
    print(f"  book pages with sideways scrolling: {overflowing or 'none'}")
    # Only the Colab and Binder badges may come from elsewhere: offline they show their alt text.
    problems += sorted({f"{kind} from another host: {u}" for kind, u in log["blocked"] if kind != "image"})
    problems += sorted({f"missing file of the site: {u}" for u in log["failed"]})
    assert not problems, "\n".join(problems)


def test_reader_sees_a_deck_rendered_offline(served, offline):
    """Notebook 07's deck from ``make slides``, slide by slide: the same checks as for the book."""
    page, log = offline
    SHOTS.mkdir(parents=True, exist_ok=True)
    seen = _read(page, f"{served}/slides/{DECK}.slides.html", SHOTS / f"slides_{DECK}_0.png")
    problems = _problems(f"{DECK} deck", {**seen, "overflow": []}, math_expected=True)  # overflow: slide by slide
    page.wait_for_selector(".reveal.ready", state="attached", timeout=15_000)  # reveal.js came up
    # Reveal is an AMD module here (no global): go to each slide by its address, #/h/v.
    slides = page.evaluate("""() => [...document.querySelectorAll('.reveal .slides > section')].flatMap((s, h) =>
        s.querySelector(':scope > section') ? [...s.querySelectorAll(':scope > section')].map((_, v) => [h, v])
                                            : [[h, 0]])""")
    wide: list[str] = []
    for k, (h, v) in enumerate(slides):
        page.evaluate(f"() => {{ location.hash = '#/{h}/{v}'; }}")
        page.wait_for_timeout(150)
        here = "section.present:not(.stack)"  # the slide shown, not the column of slides it belongs to
        for o in page.evaluate(OVERFLOW, ", ".join(f"{here} {w}" for w in WIDE.split(", "))):
            wide.append(f"{DECK} slide {h}/{v}: a {o['kind']} scrolls sideways by {o['over']} px: {o['text']!r}")
        if k in (1, 5, len(slides) // 2):
            page.wait_for_timeout(1200)  # the slide transition
            page.screenshot(path=str(SHOTS / f"slides_{DECK}_{k}.png"))
    print(f"  deck {DECK}: {len(slides)} slides, {seen['typeset']} formulas, {len(wide)} sideways scrollers")
    problems += wide[:5] + ([f"... {len(wide)} in all"] if len(wide) > 5 else [])
    # reveal.js's "simple" theme asks Google Fonts for its type faces; offline the deck falls back to local fonts.
    problems += sorted({f"{kind} from another host: {u}" for kind, u in log["blocked"]
                        if kind != "image" and not u.startswith("https://fonts.googleapis.com/")})
    problems += sorted({f"missing file of the deck: {u}" for u in log["failed"]})
    assert not problems, "\n".join(problems)
