"""Third-party checkers the suite runs: the Nu Html Checker (vnu-jar) and axe-core in Debian's Chromium.

They come from node_modules (`make test` runs `npm ci`) and the system (java, /usr/bin/chromium).
Locally a missing tool skips its tests with a hint; in CI (REQUIRE_TEST_TOOLS=1) it fails them.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Chromium as root needs --no-sandbox; the rest keep it off the network it cannot reach here.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require(available, what, hint):
    if available:
        return
    message = f"{what} is not available: {hint}"
    if os.environ.get("REQUIRE_TEST_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


def require_vnu():
    require(VNU_JAR.exists(), "the Nu Html Checker", "run `make test` (it runs npm ci)")
    require(shutil.which("java"), "Java", "install a Java 17 runtime")


def require_redis():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        reachable = True
    except OSError:
        reachable = False
    require(reachable, "Redis at 127.0.0.1:6379", "start redis-server")


def require_chromium():
    require(AXE_JS.exists(), "axe-core", "run `make test` (it runs npm ci)")
    require(CHROMIUM.exists(), "Chromium", "install Debian's chromium package (apt-get install chromium)")


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def manage_with_env(*args, **env):
    """Run manage.py in a fresh process whose settings see only `env` (and PATH, HOME, LANG):
    what settings do with a given environment, without the test settings in the way."""
    import subprocess
    import sys

    clean = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    clean.setdefault("DJANGO_SETTINGS_MODULE", "summitblog.settings.base")
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True)


def refresh_search_vectors():
    """What the commit of each save would have done to the stored search vectors (PostgreSQL): for
    rows a test made without the factories (which run it themselves)."""
    from reports import search
    from reports.models import Report, WriteUp

    search.refresh_report_vectors(Report.objects.all())
    search.refresh_writeup_vectors(WriteUp.objects.all())
