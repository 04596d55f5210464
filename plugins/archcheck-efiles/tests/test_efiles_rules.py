"""The EFL rules as a user sees them: archcheck run in-process with this plugin on a unit of files.

Uses the `archcheck_run` fixture that archcheck ships for plugin authors (archcheck.testing).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

PLUGIN = ["archcheck_efiles.rules"]
PDF = b"%PDF-1.4\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
TIFF_LE = b"II*\x00\x08\x00\x00\x00"
TIFF_BE = b"MM\x00*\x00\x00\x00\x08"


def ofd_package(with_entry: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml" if with_entry else "word/document.xml", "<ofd:OFD/>")
    return buffer.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unit_with(files: dict, tmp_path, rows=None, folder="efiles") -> dict:
    """Write `files` into tmp_path/folder and describe them inline (rows default: one per file, correct sha)."""
    base = tmp_path / folder
    base.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (base / name).parent.mkdir(parents=True, exist_ok=True)
        (base / name).write_bytes(data)
    if rows is None:
        rows = [{"path": name, "sha256": sha(data)} for name, data in files.items()]
    return {"schema_version": "1", "as_of": "2025-06-30", "unit": {"name": "测试单位"},
            "extensions": {"efiles": {"folder": folder, "files": rows}}}


def run(archcheck_run, unit, *args):
    result = archcheck_run("check", "--select", "EFL", "--fail-on", "never", *args, unit=unit, plugins=PLUGIN)
    assert result.exit_code == 0, result.stderr
    return result


GOOD = {"a.pdf": PDF, "b.ofd": ofd_package(), "c.jpg": JPEG, "d.tif": TIFF_LE, "e.tiff": TIFF_BE}


def test_all_rules_pass_on_good_files(archcheck_run, tmp_path):
    result = run(archcheck_run, unit_with(GOOD, tmp_path))
    assert {o["rule"]: o["outcome"] for o in result.unit()["outcomes"] if o["area"] == "EFL" and o["rule"] <= "EFL005"} == {
        f"EFL00{i}": "pass" for i in range(1, 6)
    }


def test_rules_do_not_apply_without_extensions(archcheck_run):
    unit = {"schema_version": "1", "as_of": "2025-06-30", "unit": {"name": "测试单位"}}
    result = run(archcheck_run, unit)
    for i in range(1, 6):
        assert result.outcome(f"EFL00{i}") == "not_applicable"
    reason = next(o for o in result.unit()["outcomes"] if o["rule"] == "EFL001")["reason"]
    assert "extensions.efiles" in reason["zh"]


# EFL001 -----------------------------------------------------------------------------------

def test_efl001_missing_file_fails_at_its_row(archcheck_run, tmp_path):
    unit = unit_with({"a.pdf": PDF}, tmp_path, rows=[{"path": "a.pdf"}, {"path": "gone.pdf"}])
    result = run(archcheck_run, unit)
    assert result.outcome("EFL001") == "fail"
    [finding] = result.findings("EFL001")
    assert finding["location"] == {"pointer": "/extensions/efiles/files/1"}
    assert "gone.pdf" in finding["message"]["zh"] and finding["points"] == 1.5


def test_efl001_path_leaving_the_folder_fails(archcheck_run, tmp_path):
    (tmp_path / "secret.pdf").write_bytes(PDF)
    unit = unit_with({}, tmp_path, rows=[{"path": "../secret.pdf"}])
    result = run(archcheck_run, unit)
    assert "outside the files folder" in result.findings("EFL001")[0]["message"]["en"]


@pytest.mark.parametrize("link", ["a.pdf", "sub/a.pdf"])
def test_efl001_a_link_inside_the_folder_that_leads_out_of_it_fails(archcheck_run, tmp_path, link):
    (tmp_path / "secret.pdf").write_bytes(PDF)
    unit = unit_with({}, tmp_path, rows=[{"path": link}])
    folder = tmp_path / "efiles"
    if "/" in link:  # a linked folder on the way
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "a.pdf").write_bytes(PDF)
        (folder / "sub").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    else:
        (folder / "a.pdf").symlink_to(tmp_path / "secret.pdf")
    result = run(archcheck_run, unit)
    assert "outside the files folder" in result.findings("EFL001")[0]["message"]["en"]
    assert result.outcome("EFL002") != "fail"  # never opened


# EFL002 -----------------------------------------------------------------------------------

def test_efl002_changed_file_fails_with_both_checksums(archcheck_run, tmp_path):
    unit = unit_with({"a.pdf": PDF}, tmp_path, rows=[{"path": "a.pdf", "sha256": sha(b"original")}])
    [finding] = run(archcheck_run, unit).findings("EFL002")
    assert finding["evidence"] == {"path": "a.pdf", "expected": sha(b"original"), "actual": sha(PDF)}


def test_efl002_uppercase_checksum_matches(archcheck_run, tmp_path):
    unit = unit_with({"a.pdf": PDF}, tmp_path, rows=[{"path": "a.pdf", "sha256": sha(PDF).upper()}])
    assert run(archcheck_run, unit).outcome("EFL002") == "pass"


def test_efl002_row_without_checksum_is_no_evidence(archcheck_run, tmp_path):
    unit = unit_with({"a.pdf": PDF}, tmp_path, rows=[{"path": "a.pdf"}])
    result = run(archcheck_run, unit)
    assert result.outcome("EFL002") == "no_evidence"
    assert result.findings("EFL002")[0]["missing_evidence"] is True


# EFL003 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name,data,detected", [
    ("renamed.pdf", b"PK\x03\x04 a word document renamed", "zip"),
    ("fake.ofd", ofd_package(with_entry=False), "zip"),
    ("image.jpg", b"\x89PNG\r\n\x1a\n....", "png"),
])
def test_efl003_format_is_read_from_bytes_not_the_name(archcheck_run, tmp_path, name, data, detected):
    [finding] = run(archcheck_run, unit_with({name: data}, tmp_path)).findings("EFL003")
    assert finding["evidence"]["detected"] == detected and name in finding["message"]["zh"]


def test_efl003_unrecognised_format_says_so(archcheck_run, tmp_path):
    [finding] = run(archcheck_run, unit_with({"notes.pdf": b"just text"}, tmp_path)).findings("EFL003")
    assert finding["evidence"]["detected"] is None and "not recognised" in finding["message"]["en"]


def test_efl003_allowed_formats_is_a_parameter(archcheck_run, tmp_path):
    unit = unit_with({"a.pdf": PDF, "b.ofd": ofd_package()}, tmp_path)
    result = run(archcheck_run, unit, "--param", 'EFL003.allowed_formats=["ofd"]')
    assert [f["evidence"]["path"] for f in result.findings("EFL003")] == ["a.pdf"]


# EFL004 -----------------------------------------------------------------------------------

def test_efl004_zero_byte_file_fails_once(archcheck_run, tmp_path):
    result = run(archcheck_run, unit_with({"a.pdf": PDF, "empty.tif": b""}, tmp_path))
    assert result.outcome("EFL004") == "fail"
    assert [f["evidence"]["path"] for f in result.findings("EFL004")] == ["empty.tif"]
    assert result.outcome("EFL003") == "pass", "an empty file is EFL004's finding, not a format problem too"


# EFL005 -----------------------------------------------------------------------------------

def test_efl005_unlisted_file_fails_and_system_files_are_ignored(archcheck_run, tmp_path):
    unit = unit_with({"a.pdf": PDF}, tmp_path)
    (tmp_path / "efiles" / "sub").mkdir()
    (tmp_path / "efiles" / "sub" / "stray.pdf").write_bytes(PDF)
    (tmp_path / "efiles" / ".DS_Store").write_bytes(b"x")
    (tmp_path / "efiles" / "Thumbs.db").write_bytes(b"x")
    result = run(archcheck_run, unit)
    assert [f["evidence"]["path"] for f in result.findings("EFL005")] == ["sub/stray.pdf"]


def test_efl005_missing_folder_is_no_evidence(archcheck_run, tmp_path):
    unit = unit_with({}, tmp_path, rows=[{"path": "a.pdf"}], folder="efiles")
    unit["extensions"]["efiles"]["folder"] = "not-there"
    result = run(archcheck_run, unit)
    assert result.outcome("EFL005") == "no_evidence" and result.outcome("EFL001") == "fail"


# the CSV manifest ---------------------------------------------------------------------------

def manifest_unit(tmp_path, text: str) -> dict:
    (tmp_path / "efiles").mkdir(exist_ok=True)
    (tmp_path / "efiles" / "a.pdf").write_bytes(PDF)
    (tmp_path / "list.csv").write_text(text, encoding="utf-8")
    return {"schema_version": "1", "as_of": "2025-06-30", "unit": {"name": "测试单位"},
            "extensions": {"efiles": {"folder": "efiles", "manifest": "list.csv"}}}


def test_manifest_findings_name_file_and_line(archcheck_run, tmp_path):
    unit = manifest_unit(tmp_path, f"path,sha256\na.pdf,{sha(PDF)}\nb.pdf,{sha(PDF)}\n")
    [finding] = run(archcheck_run, unit).findings("EFL001")
    assert finding["location"] == {"file": "list.csv", "line": 3}


def test_manifest_inside_the_folder_is_not_an_unlisted_file(archcheck_run, tmp_path):
    unit = manifest_unit(tmp_path, f"path,sha256\na.pdf,{sha(PDF)}\n")
    (tmp_path / "efiles" / "manifest.csv").write_text(f"path,sha256\na.pdf,{sha(PDF)}\n", encoding="utf-8")
    unit["extensions"]["efiles"]["manifest"] = "efiles/manifest.csv"
    assert run(archcheck_run, unit).outcome("EFL005") == "pass"


@pytest.mark.parametrize("text,message", [(None, "not found"), ("name,hash\na.pdf,x\n", "path column")])
def test_unreadable_manifest_is_no_evidence_for_every_rule(archcheck_run, tmp_path, text, message):
    unit = manifest_unit(tmp_path, text or "")
    if text is None:
        (tmp_path / "list.csv").unlink()
    result = run(archcheck_run, unit)
    for i in range(1, 6):
        assert result.outcome(f"EFL00{i}") == "no_evidence"
    assert message in result.findings("EFL001")[0]["message"]["en"]


# the schema fragment --------------------------------------------------------------------------

def test_bad_extension_data_is_an_input_error_with_its_json_path(archcheck_run, tmp_path):
    unit = unit_with({"a.pdf": PDF}, tmp_path, rows=[{"path": "a.pdf", "sha256": "abc"}])
    result = archcheck_run("check", unit=unit, plugins=PLUGIN)
    assert result.exit_code == 2
    assert "/extensions/efiles/files/0/sha256" in result.stderr and "Traceback" not in result.stderr


def test_schema_command_includes_the_fragment(archcheck_run):
    result = archcheck_run("schema", "unit", plugins=PLUGIN)
    fragment = json.loads(result.stdout)["properties"]["extensions"]["properties"]["efiles"]
    assert fragment["title"] == "电子文件（四性检测）" and fragment["additionalProperties"] is False
