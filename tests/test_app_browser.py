"""`archcheck app` in a real browser: Debian's chromium driven by Selenium through chromium-driver.

Open the seed unit, change a 是/否 switch on one area's page and a dropdown on another's, save,
reload: the file on disk holds exactly those changes (its comments kept), the scores moved as
`archcheck check` says they should, and the Word report downloaded from the report page opens.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import docx
import pytest

from app_server import running_app
from archcheck.loaders.document import read_document
from conftest import SEED

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000"]


def browser(tmp_path: Path, downloads: Path):
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not found: the app's browser test needs Debian's chromium and its driver; "
                    "install them with `apt-get install chromium chromium-driver`")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def wait(condition, timeout=30, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def cli_scores(cli, path):
    report = json.loads(cli("check", path, "--format", "json", "--fail-on", "never").stdout)["units"][0]
    return report["score"]["total"], {area: a["score"] for area, a in report["score"]["areas"].items()}


def shown(driver, element_id):
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.ID, element_id)
    return found[0].text if found else ""


def checks(driver):
    from selenium.webdriver.common.by import By

    return int(driver.find_element(By.ID, "status").get_attribute("data-checks"))


def settle(driver, before):
    """Wait until the score beside the form is computed again, for the data now in the form."""
    wait(lambda: checks(driver) > before and "得分已更新" in shown(driver, "status"), what="score update")


def test_fill_in_save_reload_score_and_download(cli, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    folder, downloads = tmp_path / "work", tmp_path / "downloads"
    folder.mkdir()
    downloads.mkdir()
    unit_file = folder / "seed.yaml"
    shutil.copy(SEED, unit_file)
    original_text = unit_file.read_text(encoding="utf-8")
    before_total, before = cli_scores(cli, unit_file)

    with running_app(folder) as state:
        driver = browser(tmp_path, downloads)
        try:
            driver.get(state.url("seed.yaml"))
            wait(lambda: shown(driver, "total-score") == f"{before_total:g}", what="the first score")
            assert shown(driver, "score-FUN").startswith(f"{before['FUN']:g}/")

            # area FUN: 执法经费列入预算 否 → 是
            driver.find_element(By.ID, "page-FUN").click()
            switch = wait(lambda: driver.find_elements(By.ID, "root_funding_enforcement_funding_in_budget"), what="the switch")[0]
            assert switch.get_attribute("data-value") == "no"
            status = checks(driver)
            switch.find_element(By.XPATH, "./button[text()='是']").click()
            settle(driver, status)

            # area ORG: 领导小组组长 单位主要负责人 → 部门负责人 (a dropdown of Chinese names)
            driver.find_element(By.ID, "page-ORG").click()
            select = Select(wait(lambda: driver.find_elements(By.ID, "root_organisation_leading_group_head"), what="the dropdown")[0])
            assert select.first_selected_option.text == "单位主要负责人（正职领导）"
            names = [o.text for o in select.options]
            assert "分管负责人（副职领导）" in names and not any(n == "principal_leader" for n in names)
            status = checks(driver)
            select.select_by_visible_text("部门负责人")
            settle(driver, status)

            driver.find_element(By.ID, "save").click()
            wait(lambda: "已保存 seed.yaml" in shown(driver, "status"), what="saved")

            # the file on disk: exactly the two changes, everything else (and every comment) kept
            expected = read_document(SEED)
            expected["funding"]["enforcement_funding_in_budget"] = True
            expected["organisation"]["leading_group"]["head"] = "department_head"
            assert read_document(unit_file) == expected
            saved_text = unit_file.read_text(encoding="utf-8")
            changed = [(a, b) for a, b in zip(original_text.splitlines(), saved_text.splitlines()) if a != b]
            assert len(saved_text.splitlines()) == len(original_text.splitlines()) and len(changed) == 2, changed

            # the scores: as `archcheck check` computes them for the saved file
            after_total, after = cli_scores(cli, unit_file)
            assert after["FUN"] > before["FUN"] and after["ORG"] < before["ORG"]
            assert {a for a in after if after[a] != before[a]} == {"FUN", "ORG"}
            assert shown(driver, "total-score") == f"{after_total:g}"
            assert shown(driver, "score-FUN").startswith(f"{after['FUN']:g}/")
            assert shown(driver, "score-ORG").startswith(f"{after['ORG']:g}/")

            # reload: the saved values come back from disk
            driver.refresh()
            wait(lambda: shown(driver, "total-score") == f"{after_total:g}", what="the score after reload")
            driver.find_element(By.ID, "page-FUN").click()
            switch = wait(lambda: driver.find_elements(By.ID, "root_funding_enforcement_funding_in_budget"), what="the switch")[0]
            assert switch.get_attribute("data-value") == "yes"
            driver.find_element(By.ID, "page-ORG").click()
            select = Select(wait(lambda: driver.find_elements(By.ID, "root_organisation_leading_group_head"), what="the dropdown")[0])
            assert select.first_selected_option.text == "部门负责人"

            # a missing item links to its field
            link = driver.find_elements(By.CSS_SELECTOR, "#problems a")
            assert link and all(a.text for a in link)

            # the report page and its Word download
            driver.find_element(By.ID, "page-report").click()
            wait(lambda: driver.find_elements(By.ID, "download-docx"), what="the report page")
            driver.find_element(By.ID, "download-docx").click()
            document_path = wait(lambda: [p for p in downloads.glob("*.docx")], what="the docx download")[0]
            wait(lambda: document_path.stat().st_size > 0 and not list(downloads.glob("*.crdownload")), what="download end")
            document = docx.Document(str(document_path))
            assert document.paragraphs[0].text == "广西大明山国家级自然保护区管理局档案工作自查报告"
            assert f"{after_total:g}" in "\n".join(p.text for p in document.paragraphs)

            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert errors == []
        finally:
            driver.quit()


SET_VALUE = """const el = arguments[0];
const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
el.dispatchEvent(new Event('input', {bubbles: true}));"""


def test_the_whole_seed_can_be_filled_in_from_a_new_file(cli, tmp_path):
    """Every value of the seed description is entered through the pages (typed, chosen, switched,
    rows added, "there are none" confirmed): the questionnaire covers the whole schema the seed uses."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    folder = tmp_path / "work"
    folder.mkdir()
    seed = read_document(SEED)
    with running_app(folder) as state:
        form = state.form
        driver = browser(tmp_path, tmp_path)
        try:
            def element(id_):
                return wait(lambda: driver.find_elements(By.ID, id_), what=id_)[0]

            def click(target):
                """Scrolled to the middle first: at the top of the view the sticky file bar would take the click."""
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
                target.click()

            def fill(parts, value, schema):
                id_ = "_".join(["root", *map(str, parts)])
                if isinstance(value, dict):
                    for key, child in value.items():
                        fill([*parts, key], child, schema["properties"][key])
                elif isinstance(value, list) and schema["items"].get("type") == "object":
                    box = element(id_)
                    if not value:
                        click(element(id_ + "__none").find_element(By.XPATH, "./button"))
                    for _ in value:
                        click(box.find_element(By.XPATH, "./button[contains(@class,'add')]"))
                    for index, item in enumerate(value):
                        fill([*parts, index], item, schema["items"])
                elif isinstance(value, list) and "oneOf" in schema["items"]:
                    codes = [c["const"] for c in schema["items"]["oneOf"]]
                    for item in value:
                        click(element(f"{id_}-{codes.index(item)}"))
                elif isinstance(value, list):
                    driver.execute_script(SET_VALUE, element(id_), "、".join(map(str, value)))
                elif isinstance(value, bool):
                    click(element(id_).find_element(By.XPATH, f"./button[text()='{'是' if value else '否'}']"))
                elif "oneOf" in schema:
                    Select(element(id_)).select_by_visible_text(next(c["title"] for c in schema["oneOf"] if c["const"] == value))
                else:
                    driver.execute_script(SET_VALUE, element(id_), str(value))

            driver.get(state.url())
            driver.execute_script(SET_VALUE, element("new-name"), "大明山.yaml")
            element("create").click()
            wait(lambda: shown(driver, "status").startswith("大明山.yaml ·"), what="the new file")
            for page in form["pages"]:
                sections = [s for s in page["sections"] if s in seed]
                if not sections:
                    continue
                element(f"page-{page['id']}").click()
                for section in sections:
                    if section == "as_of":
                        driver.execute_script(SET_VALUE, element("root_as_of"), seed["as_of"])
                    else:
                        fill([section], seed[section], form["properties"][section])
            element("save").click()
            wait(lambda: "已保存 大明山.yaml" in shown(driver, "status"), what="saved")
            saved = read_document(folder / "大明山.yaml")
            claims = saved["protection"].pop("claims"), seed["protection"].pop("claims")
            assert set(claims[0]) == set(claims[1])  # ticked in the form's order
            assert saved == seed
            total, _ = cli_scores(cli, SEED)
            wait(lambda: shown(driver, "total-score") == f"{total:g}", what="the final score")  # as `archcheck check` scores the seed
        finally:
            driver.quit()


def test_climate_log_csv_upload(cli, tmp_path):
    """The CSV chosen in the browser lands beside the unit file, its name goes into the form, and the
    climate rule reads it at once."""
    import datetime as dt

    from selenium.webdriver.common.by import By

    folder = tmp_path / "work"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.yaml")
    day = dt.date(2019, 6, 1)
    rows = ["时间,库房,温度,相对湿度"] + [f"{day + dt.timedelta(days=n)} {t},store,20,50"
                                       for n in range(30) for t in ("09:00", "15:00")]
    upload = tmp_path / "温湿度记录.csv"
    upload.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with running_app(folder) as state:
        driver = browser(tmp_path, tmp_path)
        try:
            driver.get(state.url("seed.yaml"))
            wait(lambda: shown(driver, "total-score") not in ("", "–"), what="the first score")
            driver.find_element(By.ID, "page-PRO").click()
            before = checks(driver)
            assert any("温湿度记录" in p.text for p in driver.find_elements(By.CSS_SELECTOR, "#problems li"))
            chooser = wait(lambda: driver.find_elements(By.ID, "root_climate_log_csv__file"), what="the upload")[0]
            driver.execute_script("arguments[0].hidden = false;", chooser)
            chooser.send_keys(str(upload))
            field = driver.find_element(By.ID, "root_climate_log_csv")
            wait(lambda: field.get_attribute("value") == "温湿度记录.csv", what="the uploaded name")
            assert (folder / "温湿度记录.csv").read_bytes() == upload.read_bytes()
            settle(driver, before)
            assert not any("未提供库房温湿度记录" in p.text for p in driver.find_elements(By.CSS_SELECTOR, "#problems li"))
            driver.find_element(By.ID, "save").click()
            wait(lambda: "已保存 seed.yaml" in shown(driver, "status"), what="saved")
            assert read_document(folder / "seed.yaml")["climate_log"]["csv"] == "温湿度记录.csv"
        finally:
            driver.quit()
