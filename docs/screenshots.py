"""The README's pictures of the graph page: ``make screenshots`` builds the
seeds (``kg build seeds``) into a temporary folder and saves their
graph.html, laid out, in Debian's headless Chromium at 1440x900
(docs/graph-1440.png) and at 390x844, a phone, with the panel folded away
(docs/graph-390.png). Usage: ``python docs/screenshots.py [DIR]``."""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from kg.bench_page import CHROMIUM, CHROMIUM_ARGS

SIZES = {"graph-1440.png": {"width": 1440, "height": 900}, "graph-390.png": {"width": 390, "height": 844}}


def main(target: Path) -> None:
    from playwright.sync_api import sync_playwright

    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-screenshots-") as tmp:
        subprocess.run([sys.executable, "-m", "kg", "build", "seeds", "-o", tmp, "-f", "html"], check=True,
                       stdout=subprocess.DEVNULL)
        page_url = (Path(tmp) / "graph.html").resolve().as_uri()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                for name, viewport in SIZES.items():
                    # light theme, the page in its default language: Chinese labels and strings.js words
                    page = browser.new_page(viewport=viewport, color_scheme="light")
                    page.goto(page_url)
                    page.wait_for_selector("body[data-kg-ready]", timeout=120_000)
                    page.wait_for_timeout(500)  # the fit's animation
                    page.screenshot(path=str(target / name))
                    page.close()
                    print(f"saved {target / name} ({(target / name).stat().st_size:,} bytes)")
            finally:
                browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
