"""report.html in a real headless browser (Debian's chromium, driven by Playwright),
as a person would open it: it loads from a file with no console errors and shows
the seeds' speakers and their quotes.  CI installs chromium (.ci/run); elsewhere
the test is skipped when chromium or Playwright is missing."""
import json
import os
import shutil

import pytest

from textkit.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

def _require_browser():
    missing = []
    if CHROMIUM is None:
        missing.append("chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install playwright)")
    if missing:
        if os.environ.get("CI"):
            pytest.fail("the browser test needs " + " and ".join(missing) + "; .ci/run installs them")
        pytest.skip("needs " + " and ".join(missing))


def test_report_opens_in_chromium_and_shows_the_speakers(runner, seed_paths, tmp_path):
    _require_browser()
    from playwright.sync_api import sync_playwright
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(seed_paths[0].parent), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    quotes = [json.loads(line) for line in (out / "quotes.jsonl").read_text().splitlines()]
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.goto((out / "report.html").as_uri())
            body = page.inner_text("body")
            headings = page.locator("section.speaker h3").all_inner_texts()
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert problems == []
    for name in ("Dmitry Peskov", "Sergey Lavrov", "Antony Blinken"):
        assert name in headings, (name, headings)
        surname = name.split()[-1]
        said = [q["text"] for q in quotes if (q["resolved"] or q["speaker"] or "").endswith(surname)]
        assert said and any(text.strip(" ,.”“\"") in body for text in said), name
    assert "Documents read" in body
    assert (tmp_path / "report.png").stat().st_size > 20000
