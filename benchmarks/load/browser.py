"""What the pages weigh in a browser: the size of their HTML as sent, their DOM nodes in
Debian's Chromium, and Lighthouse's performance figures for the heaviest one."""

import gzip
import json
import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LIGHTHOUSE_VERSION = "12.8.2"
# Outside the repository: node_modules is never committed, and stays between runs.
LIGHTHOUSE_DIR = Path(
    os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"), "psep-portal", "lighthouse"
)


def fetch(url: str, *, cookie: str = "", compressed: bool = False) -> tuple[int, bytes]:
    """Status and body as sent: gzip-compressed by the portal when `compressed`."""
    headers = {"Accept-Language": "ru"}
    if cookie:
        headers["Cookie"] = cookie
    if compressed:
        headers["Accept-Encoding"] = "gzip"
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (our own server)
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        body = response.read()
        if compressed and response.headers.get("Content-Encoding") != "gzip":
            # the portal did not compress it: what a browser gets is what gzip would make
            body = gzip.compress(body)
        return response.status, body


def dom_nodes(
    anonymous: dict[str, str], logged_in: dict[str, str], *, base: str, cookie: tuple[str, str]
) -> dict[str, int]:
    """Elements of each page once loaded (`document.getElementsByTagName('*')`): the public
    pages as a visitor sees them, the others with the session cookie."""
    from playwright.sync_api import sync_playwright

    counts = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for urls, session in ((anonymous, None), (logged_in, cookie)):
                context = browser.new_context(locale="ru-RU")
                if session:
                    name, value = session
                    context.add_cookies([{"name": name, "value": value, "url": base}])
                page = context.new_page()
                for name, url in urls.items():
                    response = page.goto(url, wait_until="load", timeout=120_000)
                    if response is None or response.status != 200 or page.url != url:
                        raise RuntimeError(f"{url}: HTTP {response and response.status} {page.url}")
                    counts[name] = page.evaluate("document.getElementsByTagName('*').length")
                context.close()
        finally:
            browser.close()
    return counts


def lighthouse_install() -> tuple[Path | None, str]:
    """Lighthouse from npm in a cache folder of its own; (None, why) when it cannot be had."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary, ""
    npm = shutil.which("npm")
    if npm is None:
        return None, "npm is not installed (Debian: apt-get install npm)"
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(  # noqa: S603
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
            str(LIGHTHOUSE_DIR),
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0 or not binary.exists():
        return None, f"npm install lighthouse failed: {done.stderr.strip()[-500:]}"
    return binary, ""


def lighthouse(binary: Path, url: str, *, cookie: str, out: Path) -> dict:
    """Lighthouse's performance category on the mobile preset (its default: a slow phone on
    a slow network, simulated): score out of 100 and the main timings in milliseconds."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    done = subprocess.run(  # noqa: S603
        [
            str(binary),
            url,
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={flags}",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse failed: {done.stderr.strip()[-1000:]}")
    result = json.loads(out.read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {result['runtimeError'].get('message')}")
    audits = result["audits"]
    score = result["categories"]["performance"]["score"]

    def ms(audit: str) -> float | None:
        return audits.get(audit, {}).get("numericValue")

    return {
        "score": None if score is None else round(score * 100),
        "total_blocking_time": ms("total-blocking-time"),
        "first_contentful_paint": ms("first-contentful-paint"),
        "largest_contentful_paint": ms("largest-contentful-paint"),
        "speed_index": ms("speed-index"),
        "dom_size": audits.get("dom-size", {}).get("numericValue"),
        "final_url": result.get("finalDisplayedUrl") or result.get("finalUrl"),
    }
