"""Front-end files the book and the slides serve themselves, fetched once from the npm registry.

``npm_package(name, version)`` unpacks ``npm pack name@version`` under ``.cache/vendor/<name>`` and
returns that folder, or None without npm or when the registry cannot be reached (callers then fall
back to the public CDN and say so).
"""
from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "vendor"


def npm_package(name: str, version: str, cache: Path = CACHE) -> Path | None:
    """The unpacked npm package ``name@version`` (fetched into ``cache`` once), or None."""
    folder = cache / f"{name}@{version}"
    if (folder / "package.json").exists():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([npm, "pack", f"{name}@{version}", "--silent", "--pack-destination", str(cache)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.strip():
        print(f"npm pack {name}@{version} failed ({done.stderr.strip()[:200]}); using the CDN")
        return None
    tgz = cache / done.stdout.strip().splitlines()[-1]
    tmp = cache / f"{name}@{version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tgz) as tar:
        tar.extractall(tmp, filter="data")
    shutil.move(str(tmp / "package"), str(folder))
    shutil.rmtree(tmp)
    tgz.unlink()
    return folder
