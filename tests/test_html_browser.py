"""The HTML report in a real browser (Debian's chromium, which `.ci/run` installs): no console errors,
the score chart drawn, every finding on the page, nothing fetched from the network."""

import json
import re
import shutil
import subprocess
from html import unescape

import pytest

from pathlib import Path

from archcheck.reporters.prose import prose, user_words
from conftest import COMPLIANT, POOR, SEED, load_fixture

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0"]


MISSING_CHROMIUM = ("chromium is not installed; the HTML report's browser test needs it. Install Debian's "
                    "packages chromium and chromium-driver (as root: `apt-get install -y chromium chromium-driver`; "
                    "`.ci/run` does this), then run `make test` again")


def render_in_chromium(page, tmp_path):
    """(DOM after loading, console messages) from headless chromium."""
    browser = shutil.which("chromium")
    if browser is None:
        pytest.fail(MISSING_CHROMIUM)
    profile = tmp_path / "chromium-profile"
    proc = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return proc.stdout, console


def test_console_detection_sees_errors(tmp_path):
    """The check below would be worthless if a broken page passed it."""
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>console.error('boom'); notDefined();</script></body></html>", encoding="utf-8")
    _, console = render_in_chromium(page, tmp_path)
    assert any("boom" in line for line in console) and any("notDefined" in line for line in console)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_report_renders_chart_and_every_finding(cli, tmp_path, lang):
    page = tmp_path / "report.html"
    assert cli("check", SEED, POOR, COMPLIANT, "--format", "html", "-o", page, "--lang", lang, "--fail-on", "never").exit_code == 0
    source = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", source), "the page must not load anything from the network"
    assert "<script" not in source
    dom, console = render_in_chromium(page, tmp_path)
    assert console == []
    report = json.loads(cli("check", SEED, POOR, COMPLIANT, "--format", "json", "--fail-on", "never").stdout)
    charts = re.findall(r'<svg class="score-chart".*?</svg>', dom, re.S)
    assert len(charts) == len(report["units"])
    for chart, unit in zip(charts, report["units"]):
        assert chart.count('class="bar"') == len(unit["score"]["areas"])
    text = unescape(re.sub(r"<[^>]+>", " ", dom))
    findings = [(f, user_words(load_fixture(Path(u["source"])))) for u in report["units"] for f in u["findings"]]
    assert findings
    for finding, keep in findings:
        assert prose(finding["message"][lang], lang, keep) in text and prose(finding["remedy"][lang], lang, keep) in text
    problems = {(u["name"], f["rule"]) for u in report["units"] for f in u["findings"]}
    tables = re.findall(r'<table class="findings">.*?</table>', dom, re.S)
    assert sum(t.count('<tr data-rule="') for t in tables) == len(problems)  # one row, one remedy per problem
    assert dom.index('class="score-box"') < dom.index("<h2>")  # score and grade before the text


def test_html_has_phone_and_print_css(cli, tmp_path):
    html = cli("check", SEED, "--format", "html", "--fail-on", "never").output
    assert 'name="viewport"' in html and "@media (max-width" in html and "@media print" in html


def test_without_chromium_the_failure_says_what_to_install(monkeypatch, tmp_path):
    """A contributor without the browser (make test never installs it) is told the packages and the command."""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pytest.fail.Exception) as caught:
        render_in_chromium(tmp_path / "report.html", tmp_path)
    message = str(caught.value)
    assert "apt-get install -y chromium chromium-driver" in message and "make test" in message
