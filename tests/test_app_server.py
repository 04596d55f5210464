"""The app's server refuses what a page elsewhere, or a path outside its folder, would try."""

import json
import re
import shutil

from app_server import request, running_app
from archcheck.app import workspace as files
from archcheck.app.form import form, pages
from archcheck.app import bridge
from conftest import SEED, plugins


def test_host_origin_and_token_are_checked(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.yaml")
    with running_app(tmp_path) as state:
        assert request(state, "GET", "/api/files")[0] == 200
        assert request(state, "GET", "/api/files", headers={"X-Archcheck-Token": None})[0] == 403
        assert request(state, "GET", "/api/files", headers={"X-Archcheck-Token": "guess"})[0] == 403
        assert request(state, "GET", "/api/files", headers={"Host": "attacker.example:80"})[0] == 403
        assert request(state, "GET", "/", headers={"Host": f"rebound.example:{state.port}"})[0] == 403
        assert request(state, "GET", "/api/files", headers={"Origin": "http://attacker.example"})[0] == 403
        assert request(state, "GET", "/api/files", headers={"Origin": f"http://localhost:{state.port}"})[0] == 200
        status, body = request(state, "GET", "/")
        assert status == 200 and b'<div id="root">' in body and b"http" not in body.split(b"<body>")[0].replace(b"http-equiv", b"")


def test_only_files_inside_the_folder(tmp_path):
    inner = tmp_path / "inner"
    inner.mkdir()
    shutil.copy(SEED, inner / "seed.yaml")
    shutil.copy(SEED, tmp_path / "outside.yaml")
    (inner / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    with running_app(inner) as state:
        assert json.loads(request(state, "GET", "/api/files")[1])["files"] == ["link.yaml", "seed.yaml"]
        assert request(state, "GET", "/api/open?path=seed.yaml")[0] == 200
        for name in ("../outside.yaml", "link.yaml", str(tmp_path / "outside.yaml"), "seed.txt"):
            assert request(state, "GET", f"/api/open?path={name}")[0] == 400, name
        body = json.dumps({"path": "../evil.yaml", "data": {"x": 1}}).encode()
        assert request(state, "PUT", "/api/save", body)[0] == 400
        assert not (tmp_path / "evil.yaml").exists()
        upload = request(state, "POST", "/api/upload?unit=seed.yaml&name=../../x.csv", b"at,room\n")
        assert upload[0] == 200 and json.loads(upload[1])["csv"] == "x.csv" and (inner / "x.csv").exists()


def test_check_and_report_endpoints(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.yaml")
    with running_app(tmp_path) as state:
        data = json.loads(request(state, "GET", "/api/open?path=seed.yaml")[1])["data"]
        answer = json.loads(request(state, "POST", "/api/check", json.dumps({"path": "seed.yaml", "data": data}).encode())[1])
        assert answer["valid"] and answer["total"] > 0 and answer["problems"]
        assert all(p["page"] in {"basic", *(a for a in answer_pages(state))} for p in answer["problems"])
        data["unit"]["kind"] = "nonsense"
        answer = json.loads(request(state, "POST", "/api/check", json.dumps({"path": "seed.yaml", "data": data}).encode())[1])
        assert not answer["valid"] and answer["invalid"][0]["where"] == "/unit/kind"
        assert not list(tmp_path.glob(".archcheck-app-*"))  # the temporary copy is gone
        del data["unit"]["kind"]
        status, body = request(state, "POST", "/api/report", json.dumps({"path": "seed.yaml", "data": data, "format": "ledger"}).encode())
        assert status == 200 and body[:2] == b"PK"


def answer_pages(state):
    return [p["id"] for p in state.form["pages"]]


def test_pages_follow_the_checklist_and_show_every_section():
    schema = bridge.unit_schema(plugins())
    layout = pages(bridge.areas(plugins()), schema)
    assert [p["id"] for p in layout][:4] == ["basic", "FUN", "ORG", "STA"]
    shown = {s for p in layout for s in p["sections"]}
    assert shown == set(schema["properties"]) - {"$schema", "schema_version"}
    assert layout[-1]["sections"] == ["extensions"] and "EFL" in layout[-1]["areas"]  # the example plugin's page
    described = form(bridge.areas(plugins()), schema)
    kind = described["properties"]["unit"]["properties"]["kind"]
    assert {"const": "township", "title": "乡镇"} in kind["oneOf"] and "enum" not in kind
    assert described["ui"]["unit"]["humid_region"]["ui:widget"] == "yesno"
    assert "efiles" in described["properties"]["extensions"]["properties"]


def test_yaml_save_keeps_comments_and_layout(tmp_path):
    from archcheck.loaders.document import read_document

    path = tmp_path / "seed.yaml"
    shutil.copy(SEED, path)
    data = read_document(path)
    data["holdings"]["volumes"] = 2000
    files.save(path, data)
    before, after = SEED.read_text(encoding="utf-8").splitlines(), path.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after) and sum(a != b for a, b in zip(before, after)) == 1
    assert read_document(path) == data


def test_the_built_front_end_ships_in_the_package_and_loads_nothing_from_outside():
    from importlib import resources

    static = resources.files("archcheck.app").joinpath("static")
    index = static.joinpath("index.html").read_text(encoding="utf-8")
    assets = re.findall(r'(?:src|href)="\./(assets/[^"]+)"', index)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    assert all(static.joinpath(a).is_file() for a in assets)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', index)
    from archcheck.app.server import CSP

    assert "default-src 'self'" in CSP and "connect-src 'self'" in CSP and "http" not in CSP


def test_app_command_serves_on_loopback_and_stops(tmp_path):
    import subprocess
    import sys
    import time
    import urllib.request

    shutil.copy(SEED, tmp_path / "seed.yaml")
    proc = subprocess.Popen([sys.executable, "-m", "archcheck", "app", "seed.yaml", "--no-browser"], cwd=tmp_path,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        url = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)&file=seed\.yaml", line)
        assert url, line
        port, token = url.groups()
        for _ in range(100):
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/api/files", headers={"X-Archcheck-Token": token})
                assert json.loads(urllib.request.urlopen(request, timeout=5).read())["files"] == ["seed.yaml"]
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the app did not answer")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_app_refuses_a_file_outside_its_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("app", str(SEED), "--no-browser")
    assert result.exit_code == 2 and "只能打开本文件夹内的文件" in result.stderr


def test_an_init_template_opens_with_nothing_filled_in(cli, tmp_path):
    from archcheck.commands.init_template import PLACEHOLDER

    assert cli("init", tmp_path / "new.yaml", "--as-of", "2025-06-30").exit_code == 0
    with running_app(tmp_path) as state:
        data = json.loads(request(state, "GET", "/api/open?path=new.yaml")[1])["data"]
        assert PLACEHOLDER not in json.dumps(data, ensure_ascii=False)
        assert data == {"schema_version": "1", "as_of": "2025-06-30"}
        data["unit"] = {"name": "某乡人民政府"}
        answer = json.loads(request(state, "POST", "/api/check", json.dumps({"path": "new.yaml", "data": data}).encode())[1])
        assert answer["valid"] and answer["problems"]
