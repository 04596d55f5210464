"""Catalogue ↔ electronic files (EFL006–EFL010) on a generated folder: each injected defect — a missing
file, an extra file, a wrong page count, an empty file, a damaged file, a wrong format, a bad checksum in
the manifest — is found exactly once, and the clean rows and files get no finding."""

from __future__ import annotations

import hashlib
import io
import random
import zipfile


PLUGIN = ["archcheck_efiles.rules"]
HEADER = "档号,责任者,题名,日期,页数\n"


def pdf(pages: int) -> bytes:
    """A minimal valid PDF of blank A4 pages (catalog, page tree, pages, cross-reference table), written by hand."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>"]
    objects += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def ofd(pages: int) -> bytes:
    """An OFD package (GB/T 33190): OFD.xml names the document, whose Pages list the pages."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", f'<ofd:OFD {ns} Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        page_list = "".join(f'<ofd:Page ID="{i + 2}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(pages))
        archive.writestr("Doc_0/Document.xml", f"<ofd:Document {ns}><ofd:Pages>{page_list}</ofd:Pages></ofd:Document>")
    return buffer.getvalue()


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def generated(tmp_path, count: int = 30, seed: int = 4, defects: tuple[str, ...] = (), with_manifest: bool = True):
    """A catalogue of `count` items and their files (PDF, OFD, or a folder of page images), then the defects;
    (unit, {defect: (rule, line or path)})."""
    rng = random.Random(seed)
    folder = tmp_path / "efiles"
    folder.mkdir()
    rows, truth, manifest = [], {}, ["path,sha256"]
    for i in range(1, count + 1):
        key, pages = f"Z109-WS·2024-Y-BGS-{i:04d}", rng.randint(1, 6)
        kind = ("pdf", "ofd", "images")[i % 3]
        if kind == "images":
            (folder / key).mkdir()
            for page in range(pages):
                (folder / key / f"{page + 1:03d}.jpg").write_bytes(JPEG)
                manifest.append(f"{key}/{page + 1:03d}.jpg,{hashlib.sha256(JPEG).hexdigest()}")
        else:
            data = pdf(pages) if kind == "pdf" else ofd(pages)
            (folder / f"{key}.{kind}").write_bytes(data)
            manifest.append(f"{key}.{kind},{hashlib.sha256(data).hexdigest()}")
        rows.append([key, "办公室", f"关于第{i}项工作的通知", "20240315", str(pages)])
    line_of = {r[0]: n + 2 for n, r in enumerate(rows)}  # header on line 1
    pdfs = [r for r in rows if (folder / f"{r[0]}.pdf").exists()]
    if "missing" in defects:
        victim = pdfs[0][0]
        (folder / f"{victim}.pdf").unlink()
        manifest = [m for m in manifest if not m.startswith(victim)]
        truth["missing"] = ("EFL006", line_of[victim])
    if "extra" in defects:
        (folder / "Z109-WS·2024-Y-BGS-9999.pdf").write_bytes(pdf(1))
        manifest.append(f"Z109-WS·2024-Y-BGS-9999.pdf,{hashlib.sha256(pdf(1)).hexdigest()}")
        truth["extra"] = ("EFL007", "Z109-WS·2024-Y-BGS-9999.pdf")
    if "pages" in defects:
        victim = pdfs[1]
        victim[4] = str(int(victim[4]) + 1)
        truth["pages"] = ("EFL008", line_of[victim[0]])
    if "empty" in defects:
        victim = pdfs[2][0]
        (folder / f"{victim}.pdf").write_bytes(b"")
        manifest = [m for m in manifest if not m.startswith(victim)] + [f"{victim}.pdf,{hashlib.sha256(b'').hexdigest()}"]
        truth["empty"] = ("EFL009", line_of[victim])
    if "damaged" in defects:
        victim = pdfs[3][0]
        data = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 9 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        (folder / f"{victim}.pdf").write_bytes(data)
        manifest = [m for m in manifest if not m.startswith(victim)] + [f"{victim}.pdf,{hashlib.sha256(data).hexdigest()}"]
        truth["damaged"] = ("EFL009", line_of[victim])
    if "format" in defects:
        victim = pdfs[4][0]
        data = b"PK\x03\x04 a word document saved as .pdf"
        (folder / f"{victim}.pdf").write_bytes(data)
        manifest = [m for m in manifest if not m.startswith(victim)] + [f"{victim}.pdf,{hashlib.sha256(data).hexdigest()}"]
        truth["format"] = ("EFL010", line_of[victim])
    if "checksum" in defects:
        at = next(n for n, m in enumerate(manifest) if m.startswith(pdfs[5][0]))
        manifest[at] = manifest[at].split(",")[0] + "," + "0" * 64
        truth["checksum"] = ("EFL002", at + 1)
    (tmp_path / "目录.csv").write_text(HEADER + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    efiles = {"folder": "efiles", "catalog": "目录.csv"}
    if with_manifest:
        (folder / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
        efiles["manifest"] = "efiles/manifest.csv"
    unit = {"schema_version": "1", "as_of": "2025-06-30", "unit": {"name": "测试单位"}, "extensions": {"efiles": efiles}}
    return unit, truth


def run(archcheck_run, unit):
    result = archcheck_run("check", "--select", "EFL", "--fail-on", "never", unit=unit, plugins=PLUGIN)
    assert result.exit_code == 0, result.stderr
    return result


def test_a_clean_generated_folder_passes_every_rule(archcheck_run, tmp_path):
    unit, _ = generated(tmp_path)
    result = run(archcheck_run, unit)
    assert {o["rule"]: o["outcome"] for o in result.unit()["outcomes"] if o["area"] == "EFL"} == {
        f"EFL{i:03d}": "pass" for i in range(1, 11)}


CATALOGUE_DEFECTS = ("missing", "extra", "pages", "empty", "damaged", "format")


def test_every_injected_file_defect_is_found_exactly_once(archcheck_run, tmp_path):
    unit, truth = generated(tmp_path, count=45, defects=CATALOGUE_DEFECTS, with_manifest=False)
    findings = [f for f in run(archcheck_run, unit).findings() if f["area"] == "EFL"]
    got = sorted((f["rule"], f["location"].get("line") or f["evidence"].get("path")) for f in findings)
    assert got == sorted(truth.values())


def test_with_a_manifest_too_a_bad_checksum_is_found_once_and_listed_files_are_not_reported_twice(archcheck_run, tmp_path):
    unit, truth = generated(tmp_path, count=45, defects=("checksum", "empty", "format"))
    findings = [f for f in run(archcheck_run, unit).findings() if f["area"] == "EFL"]
    assert sorted(f["rule"] for f in findings) == ["EFL002", "EFL003", "EFL004"]
    assert [f["location"]["line"] for f in findings if f["rule"] == "EFL002"] == [truth["checksum"][1]]


def test_findings_name_the_catalogue_row_and_the_四性_dimension(archcheck_run, tmp_path):
    unit, truth = generated(tmp_path, defects=("pages", "damaged"))
    findings = {f["rule"]: f for f in run(archcheck_run, unit).findings() if f["area"] == "EFL"}
    assert findings["EFL008"]["location"]["file"] == "目录.csv" and findings["EFL008"]["location"]["column"] == "档号"
    assert findings["EFL008"]["evidence"]["dimension"] == "完整性" and findings["EFL009"]["evidence"]["dimension"] == "可用性"
    assert findings["EFL008"]["evidence"]["file_pages"] + 1 == findings["EFL008"]["evidence"]["pages"]


def test_a_档号_that_leads_out_of_the_folder_is_a_finding_not_an_open(archcheck_run, tmp_path):
    unit, _ = generated(tmp_path, count=3)
    (tmp_path / "secret.pdf").write_bytes(pdf(1))
    with (tmp_path / "目录.csv").open("a", encoding="utf-8") as fh:
        fh.write("../secret,办公室,题名,20240315,1\n")
    [finding] = run(archcheck_run, unit).findings("EFL006")
    assert "cannot name a file" in finding["message"]["en"] and finding["location"]["line"] == 5


def test_an_unreadable_catalogue_is_no_evidence(archcheck_run, tmp_path):
    unit, _ = generated(tmp_path, count=3)
    (tmp_path / "目录.csv").write_bytes(b"\xff\xfe\x00\x00binary")
    result = run(archcheck_run, unit)
    assert result.outcome("EFL006") == "no_evidence"


def test_the_list_rules_do_not_apply_to_a_catalogue_without_a_manifest(archcheck_run, tmp_path):
    unit, _ = generated(tmp_path, count=6)
    del unit["extensions"]["efiles"]["manifest"]
    result = run(archcheck_run, unit)
    assert result.outcome("EFL002") == "not_applicable"
    assert result.outcome("EFL005") == "not_applicable" and result.outcome("EFL006") == "pass"
