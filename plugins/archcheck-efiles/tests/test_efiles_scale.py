"""What lets the file checks run on a folder of 100,000 files with flat memory: the compact set of names
the "every file has a row" checks keep, the folder walked without listing it, the manifest streamed
(docs/performance.md, "Electronic files", has the measured numbers)."""

from __future__ import annotations

import datetime as dt
import hashlib
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from archcheck.api import Context

from archcheck_efiles import names, rules
from archcheck_efiles.linked import walk_files

PLUGIN = ["archcheck_efiles.rules"]
PDF = b"%PDF-1.4\n%%EOF\n"


@settings(max_examples=200, deadline=None)
@given(kept=st.lists(st.text(max_size=12), max_size=40), asked=st.lists(st.text(max_size=12), max_size=20), run=st.integers(2, 9))
def test_a_name_set_answers_as_a_set_of_the_names_would(kept, asked, run):
    names.RUN, saved = run, names.RUN  # small runs: membership across several sorted runs and the pending one
    try:
        found = names.NameSet()
        for n, name in enumerate(kept):
            found.add(name)
            if n % 5 == 4:  # a look-up between adds settles what is pending
                assert name in found
        assert len(found) == len(kept)
        assert all(name in found for name in kept)
        assert [name in found for name in asked] == [name in set(kept) for name in asked]
    finally:
        names.RUN = saved


def test_a_name_set_takes_undecodable_file_names():
    found = names.NameSet()
    found.add("Z109-\udcff.pdf")  # a file name that was not UTF-8, as os.scandir hands it over
    assert "Z109-\udcff.pdf" in found and "Z109-\udcfe.pdf" not in found


def test_the_walk_leaves_out_ignored_names_their_folders_and_the_skipped_file(tmp_path):
    for relative in ("a.pdf", "sub/b.pdf", ".git/c.pdf", "sub/Thumbs.db", "manifest.csv", "deep/er/d.pdf"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(PDF)
    (tmp_path / "linked").symlink_to(tmp_path / "sub", target_is_directory=True)  # a link to a folder is not followed
    walked = sorted(walk_files(tmp_path, [".*", "Thumbs.db"], skip=(tmp_path / "manifest.csv",)))
    assert walked == ["a.pdf", "deep/er/d.pdf", "sub/b.pdf"]


def test_a_manifest_of_files_that_are_all_missing_is_efl001s_not_an_error(archcheck_run, tmp_path):
    (tmp_path / "efiles").mkdir()
    (tmp_path / "efiles" / "manifest.csv").write_text(f"path,sha256\na.pdf,{hashlib.sha256(PDF).hexdigest()}\n", encoding="utf-8")
    unit = {"schema_version": "1", "as_of": "2025-06-30", "unit": {"name": "测试单位"},
            "extensions": {"efiles": {"folder": "efiles", "manifest": "efiles/manifest.csv"}}}
    result = archcheck_run("check", "--select", "EFL", "--fail-on", "never", unit=unit, plugins=PLUGIN)
    assert result.outcome("EFL001") == "fail" and result.outcome("EFL005") == "pass"


def write_folder(folder, count: int) -> dict:
    """`count` files, a manifest and a catalogue naming them all, and one file named by neither."""
    files = folder / "efiles"
    files.mkdir()
    digest = hashlib.sha256(PDF).hexdigest()
    with (files / "manifest.csv").open("w", encoding="utf-8") as manifest, (folder / "目录.csv").open("w", encoding="utf-8") as catalogue:
        manifest.write("path,sha256\n")
        catalogue.write("档号,题名,页数\n")
        for i in range(count):
            key = f"Z109-WS·2024-Y-BGS-{i:06d}"
            (files / f"{key}.pdf").write_bytes(PDF)
            manifest.write(f"{key}.pdf,{digest}\n")
            catalogue.write(f"{key},关于第{i}项工作的通知,\n")
    (files / "stray.pdf").write_bytes(PDF)
    return {"folder": "efiles", "manifest": "efiles/manifest.csv", "catalog": "目录.csv"}


def test_the_checks_that_every_file_has_a_row_keep_a_few_bytes_a_file(tmp_path):
    """Four times the files: the peak of EFL005 (manifest) and EFL007 (catalogue) grows by the 8-byte
    digests and the bounded sorting of them, not by a Python object per file."""
    def peak(count: int) -> int:
        folder = tmp_path / str(count)
        folder.mkdir()
        data = {"extensions": {"efiles": write_folder(folder, count)}}
        ctx = Context(as_of=dt.date(2025, 6, 30), base_dir=folder, params={"ignore": [".*", "manifest.csv"]})
        tracemalloc.start()
        found = [*rules.no_unlisted_files.check(data, ctx), *rules.files_have_rows.check(data, ctx)]
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert [f.evidence["path"] for f in found] == ["stray.pdf", "stray.pdf"]
        return top

    peak(2_000)  # imports and caches settle first
    small, large = peak(5_000), peak(20_000)
    assert large - small < 15_000 * 120, (small, large)  # a set of the names as strings: some 150 bytes a file more
