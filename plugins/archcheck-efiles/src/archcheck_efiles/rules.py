"""EFL — electronic files: a subset of DA/T 70—2018 四性检测 (authenticity, integrity, usability).

Registered through the entry-point group `archcheck` as `efiles`; its data lives under
`extensions.efiles` of the unit description (see schema.py).
"""

from __future__ import annotations

import functools
import hashlib

from archcheck.api import Basis, BasisKind, Location, RuleSet, Severity, T, fail, hookimpl, join, missing, values

from archcheck_efiles.inventory import SECTION, not_registered, with_inventory
from archcheck_efiles.linked import walk_files
from archcheck_efiles.names import NameSet
from archcheck_efiles.schema import SCHEMA
from archcheck_efiles.signatures import KNOWN_FORMATS, detect

ARCHCHECK_API = (1,)

rules = RuleSet(area="EFL")

_DAT70 = "《文书类电子档案检测一般要求》"
_NUMBER = "DA/T 70—2018"
_UNCONFIRMED = "条款编号未逐条核对原文 / clause numbers not checked against the text"
AUTHENTICITY = Basis(_DAT70, _NUMBER, "真实性检测", BasisKind.PRINCIPLE, _UNCONFIRMED)
INTEGRITY = Basis(_DAT70, _NUMBER, "完整性检测", BasisKind.PRINCIPLE, _UNCONFIRMED)
USABILITY = Basis(_DAT70, _NUMBER, "可用性检测", BasisKind.PRINCIPLE, _UNCONFIRMED)
FORMATS = Basis(_DAT70, _NUMBER, "可用性检测（格式）", BasisKind.CONFIGURABLE,
                "允许的格式各地、各类档案不同 / allowed formats vary by province and record type")

EXAMPLE = T(
    "extensions:\n  efiles:\n    folder: efiles\n    manifest: efiles/manifest.csv   # path,sha256",
    "extensions:\n  efiles:\n    folder: efiles\n    manifest: efiles/manifest.csv   # path,sha256",
)
CHUNK = 1 << 20


@hookimpl
def archcheck_areas():
    return {"EFL": T("电子文件", "Electronic files")}


@hookimpl
def archcheck_unit_schema():
    return {"efiles": SCHEMA}


@hookimpl
def archcheck_rules():
    return rules.all()


@rules.rule(
    id="EFL001",
    title=T("清单所列电子文件均存在", "Every listed electronic file exists"),
    severity=Severity.MAJOR,
    points=3,
    basis=INTEGRITY,
    applies_if=not_registered,
    remedy=T("找回缺失的文件放回电子文件目录，或更正清单中的路径。",
             "Restore the missing files into the folder, or correct their paths in the list."),
    rationale=T("清单登记了而目录中没有的文件，说明电子档案不完整。", "A file listed but absent means the electronic records are incomplete."),
    example=EXAMPLE,
)
@with_inventory
def files_exist(inventory, ctx):
    for entry, target in inventory.files():
        if target is None:
            yield entry.finding(T("路径 {p} 指向电子文件目录之外", "path {p} points outside the files folder").format(p=entry.path), inventory.share())
        elif not target.is_file():
            yield entry.finding(T("文件 {p} 不存在", "file {p} does not exist").format(p=entry.path), inventory.share())


@rules.rule(
    id="EFL002",
    title=T("文件校验值与清单一致", "Each file's checksum matches the list"),
    severity=Severity.MAJOR,
    points=3,
    basis=AUTHENTICITY,
    applies_if=not_registered,
    remedy=T("核实校验值不符的文件是否被改动；归档时为每份文件记录 SHA-256 校验值。",
             "Find out whether files whose checksum differs were changed; record a SHA-256 for every file at filing."),
    rationale=T("校验值是电子文件未被篡改的证据；清单没有校验值就无从证明真实性。",
                "The checksum is the evidence a file was not altered; without one authenticity cannot be shown."),
    example=EXAMPLE,
)
@with_inventory
def checksums_match(inventory, ctx):
    for entry, target in inventory.files():
        if target is None or not target.is_file():
            continue  # EFL001 reports it
        if entry.sha256 is None:
            yield entry.finding(T("文件 {p} 未登记校验值", "no checksum recorded for {p}").format(p=entry.path), inventory.share(), no_evidence=True)
            continue
        actual = _sha256(target)
        if actual != entry.sha256.lower():
            yield entry.finding(T("文件 {p} 的校验值与清单不符", "checksum of {p} differs from the list").format(p=entry.path),
                                inventory.share(), expected=entry.sha256.lower(), actual=actual)


@rules.rule(
    id="EFL003",
    title=T("文件格式（按文件头识别）在允许范围内", "File formats, read from their first bytes, are allowed"),
    severity=Severity.MINOR,
    points=2,
    basis=FORMATS,
    applies_if=not_registered,
    params={"allowed_formats": ["pdf", "ofd", "jpeg", "tiff"]},
    remedy=T("将不符合的文件转换为允许的归档格式（如 OFD、PDF），并更新清单与校验值。",
             "Convert the files to an allowed archival format (e.g. OFD, PDF) and update the list and checksums."),
    rationale=T("按扩展名判断格式不可靠：改了扩展名的 Word 文件仍不能长期可读。格式按文件头字节识别。",
                "An extension proves nothing: a renamed Word file is still not a long-term format. The format is read from the first bytes."),
    example=T(EXAMPLE.zh + "\n# 允许的格式：--param EFL003.allowed_formats='[\"ofd\",\"pdf\"]'（可识别：" + ", ".join(KNOWN_FORMATS) + "）",
              EXAMPLE.en + "\n# allowed formats: --param EFL003.allowed_formats='[\"ofd\",\"pdf\"]' (known: " + ", ".join(KNOWN_FORMATS) + ")"),
)
@with_inventory
def formats_allowed(inventory, ctx):
    allowed = {str(f).lower() for f in ctx.params["allowed_formats"]}
    for entry, target in inventory.files():
        if target is None or not target.is_file() or target.stat().st_size == 0:
            continue  # EFL001 / EFL004 report it
        found = detect(target)
        if found in allowed:
            continue
        message = (
            T("文件 {p} 的实际格式为 {f}，不在允许范围（{ok}）", "file {p} is {f}, not an allowed format ({ok})")
            if found else
            T("文件 {p} 的格式无法识别（文件头不属于任何已知格式），允许：{ok}", "the format of {p} is not recognised from its first bytes; allowed: {ok}")
        )
        yield entry.finding(message.format(p=entry.path, f=found, ok=", ".join(sorted(allowed))),
                            inventory.share(), detected=found, allowed=sorted(allowed))


@rules.rule(
    id="EFL004",
    title=T("无零字节文件", "No zero-byte files"),
    severity=Severity.MAJOR,
    points=2,
    basis=USABILITY,
    applies_if=not_registered,
    remedy=T("零字节文件无内容，应从原始系统重新导出该文件。", "A zero-byte file has no content: export it again from the source system."),
    rationale=T("零字节文件通常是导出或拷贝中断的结果，文件不可用。", "A zero-byte file usually comes from an interrupted export or copy; it is unusable."),
    example=EXAMPLE,
)
@with_inventory
def no_empty_files(inventory, ctx):
    for entry, target in inventory.files():
        if target is not None and target.is_file() and target.stat().st_size == 0:
            yield entry.finding(T("文件 {p} 为零字节", "file {p} is empty (0 bytes)").format(p=entry.path), inventory.share())


@rules.rule(
    id="EFL005",
    title=T("目录中的文件均已登记在清单中", "Every file in the folder is in the list"),
    severity=Severity.MAJOR,
    points=2,
    basis=INTEGRITY,
    applies_if=not_registered,
    params={"ignore": [".*", "Thumbs.db", "desktop.ini"]},
    remedy=T("为未登记的文件补登清单（含校验值），或将不属于档案的文件移出目录。",
             "Add the unlisted files to the list (with checksums), or move files that are not records out of the folder."),
    rationale=T("未登记的文件没有目录行，检索不到，也无法证明其来源。", "A file without a list row cannot be found and its origin cannot be shown."),
    example=EXAMPLE,
)
@with_inventory
def no_unlisted_files(inventory, ctx):
    folder = inventory.root
    if not folder.is_dir():
        yield missing(join(*SECTION, "folder"), T("电子文件目录 {d} 不存在", "files folder {d} does not exist").format(d=inventory.folder))
        return
    listed = NameSet()
    for entry in inventory.entries:
        relative = inventory.relative(entry)
        if relative is not None:
            listed.add(relative)
    skip = (inventory.manifest,) if inventory.manifest is not None else ()
    files, present = 0, []
    for relative in walk_files(folder, ctx.params["ignore"], skip):
        files += 1
        if relative not in listed:
            present.append(relative)
    share = 1 / files if files else 1.0
    for relative in sorted(present):
        yield fail(join(*SECTION, "folder"), T("目录中的文件 {p} 未登记在清单中", "file {p} in the folder is not in the list").format(p=relative),
                   share, path=relative)


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------- catalogue ↔ files (EFL006–EFL010)

from archcheck_efiles.inventory import InventoryProblem, no_catalog  # noqa: E402
from archcheck_efiles.linked import at_row, findings_with_share, linked  # noqa: E402
from archcheck_efiles.pages import count_pages  # noqa: E402

CATALOG_EXAMPLE = T(
    "extensions:\n  efiles:\n    folder: efiles            # 档号.pdf / 档号.ofd / 档号/ 下的页面图像\n    catalog: 归档文件目录.xlsx   # 档号、页数列\n"
    "    manifest: efiles/manifest.csv   # 可选：path,sha256",
    "extensions:\n  efiles:\n    folder: efiles            # <档号>.pdf / <档号>.ofd / a <档号>/ folder of page images\n"
    "    catalog: 归档文件目录.xlsx   # with 档号 and 页数 columns\n    manifest: efiles/manifest.csv   # optional: path,sha256",
)
DIMENSIONS = {"integrity": "完整性", "usability": "可用性", "authenticity": "真实性"}


def listed_files(data, ctx) -> NameSet:
    """The files the manifest (or inline list) names, as paths inside the folder: their format and emptiness
    are EFL003's and EFL004's, so that the catalogue rules do not report the same file again (one defect,
    one finding)."""
    from archcheck_efiles.inventory import read_inventory

    listed = NameSet()
    if "manifest" not in data and "files" not in data:
        return listed
    try:
        inventory = read_inventory(data, ctx)
        for entry in inventory.entries:
            relative = inventory.relative(entry)
            if relative is not None:
                listed.add(relative)
    except InventoryProblem:
        return NameSet()
    return listed


def with_catalogue(dimension: str):
    """Turn `check(linked, ctx) -> (findings, rows)` into a rule check: each finding one row's share, tagged
    with its 四性 dimension; a catalogue that cannot be read is no evidence, at `extensions.efiles.catalog`."""

    def wrap(check):
        @functools.wraps(check)
        def run(unit, ctx):
            try:
                found, rows = check(linked(unit["extensions"]["efiles"], ctx), ctx)
            except InventoryProblem as problem:
                yield missing(problem.pointer, problem.message)
                return
            yield from findings_with_share(found, rows, DIMENSIONS[dimension])

        return run

    return wrap


@rules.rule(
    id="EFL006",
    title=T("目录中的每一条都有电子文件", "Every catalogue row has its electronic file"),
    severity=Severity.MAJOR,
    points=3,
    basis=INTEGRITY,
    applies_if=no_catalog,
    remedy=T("补齐缺失的电子文件（以档号命名，如 档号.pdf），或更正目录中的档号。",
             "Add the missing files (named by 档号, e.g. <档号>.pdf), or correct the 档号 in the catalogue."),
    rationale=T("DA/T 70 完整性检测核对每条归档电子文件是否有对应的内容数据；目录有条目而没有电子文件，电子档案不完整。",
                "DA/T 70's integrity check asks whether every filed record has its content; a row without its file is an incomplete record."),
    example=CATALOG_EXAMPLE,
)
@with_catalogue("integrity")
def rows_have_files(linked, ctx):
    found, rows = [], 0
    for row in linked.rows():
        rows += 1
        if not row.key:
            continue  # a blank 档号 is the catalogue rules' finding
        files = linked.files_for(row.key)
        if files is None:
            found.append(at_row(row, T("档号“{k}”不能作为电子文件目录中的文件名", "档号 “{k}” cannot name a file inside the folder").format(k=row.key[:60])))
        elif not files:
            found.append(at_row(row, T("档号 {k} 没有电子文件（{k}.pdf、{k}.ofd 或 {k}/）", "档号 {k} has no electronic file ({k}.pdf, {k}.ofd or {k}/)").format(k=row.key[:60])))
    return found, rows


@rules.rule(
    id="EFL007",
    title=T("电子文件目录中的每个文件都有目录条目", "Every file in the folder has a catalogue row"),
    severity=Severity.MAJOR,
    points=2,
    basis=INTEGRITY,
    applies_if=no_catalog,
    params={"ignore": [".*", "Thumbs.db", "desktop.ini", "manifest.csv"]},
    remedy=T("为没有目录条目的文件补录目录，或把不属于档案的文件移出电子文件目录。",
             "Catalogue the files that have no row, or move files that are not records out of the folder."),
    rationale=T("没有目录条目的电子文件检索不到、来源无从证明；文件名应为其档号。",
                "A file without a catalogue row cannot be found and its origin cannot be shown; files are named by their 档号."),
    example=CATALOG_EXAMPLE,
)
@with_catalogue("integrity")
def files_have_rows(linked, ctx):
    keys, rows = NameSet(), 0
    for row in linked.rows():
        rows += 1
        keys.add(row.key)
    found = []
    ignore = [str(p) for p in ctx.params["ignore"]]
    if not linked.folder.is_dir():
        return [(T("电子文件目录 {d} 不存在", "files folder {d} does not exist").format(d=linked.folder.name),
                 Location(pointer=join(*SECTION, "folder")), {})], 1
    for relative, key in sorted(item for item in linked.walk(ignore) if item[1] not in keys):  # the walk is in the folder's order
        found.append((T("文件 {p} 在目录中没有条目（档号 {k}）", "file {p} has no catalogue row (档号 {k})").format(p=relative, k=key),
                      Location(pointer=join(*SECTION, "folder")), {"path": relative}))
    return found, max(rows, 1)


@rules.rule(
    id="EFL008",
    title=T("电子文件的页数与目录一致", "Each file's page count matches the catalogue"),
    severity=Severity.MAJOR,
    points=3,
    basis=INTEGRITY,
    applies_if=no_catalog,
    remedy=T("核对电子文件是否缺页、多页或扫描不全，重新扫描或更正目录的页数。",
             "Check whether the file lacks or repeats pages or was scanned incompletely; rescan, or correct the 页数."),
    rationale=T("目录的页数（卷内文件目录：页号范围）是电子文件内容齐全的依据（DA/T 70 完整性检测）；PDF、OFD 的页数从文件本身读取，"
                "页面图像目录按图像数计。",
                "The catalogue's 页数 (a 卷内 页号 range) is the measure of a complete file (DA/T 70 integrity); PDF and OFD pages are "
                "read from the file, a folder of page images counts its images."),
    example=CATALOG_EXAMPLE,
)
@with_catalogue("integrity")
def pages_match(linked, ctx):
    found, rows = [], 0
    for row in linked.rows():
        rows += 1
        wanted = values.parse_pages(row.pages) if row.pages else None
        files = linked.files_for(row.key) if row.key and wanted else None
        if not files:
            continue
        counts = [count_pages(path) for path in files]
        if any(c.count is None for c in counts):
            continue  # EFL009 / EFL010 report an unreadable or unknown file
        total = sum(c.count for c in counts)
        if total != wanted:
            found.append(at_row(row, T("档号 {k} 的目录页数为 {w}，电子文件有 {n} 页", "档号 {k}: the catalogue says {w} pages, the file has {n}")
                                .format(k=row.key[:60], w=wanted, n=total), pages=wanted, file_pages=total,
                                files=[p.name for p in files][:10]))
    return found, rows


@rules.rule(
    id="EFL009",
    title=T("目录所对应的电子文件可以打开（非空、未损坏）", "The catalogue's files open (not empty, not damaged)"),
    severity=Severity.MAJOR,
    points=3,
    basis=USABILITY,
    applies_if=no_catalog,
    remedy=T("从原始系统重新导出或重新扫描该文件，并更新校验值。", "Export or scan the file again from its source and update its checksum."),
    rationale=T("DA/T 70 可用性检测核对内容数据能否正常打开和浏览；零字节、损坏或加密的文件不可用（清单所列的零字节文件由 EFL004 报告）。",
                "DA/T 70's usability check asks whether the content opens and can be read; an empty, damaged or encrypted file is unusable."),
    example=CATALOG_EXAMPLE,
)
@with_catalogue("usability")
def files_open(linked, ctx):
    found, rows = [], 0
    listed = listed_files(linked.data, ctx)
    for row in linked.rows():
        rows += 1
        for path in linked.files_for(row.key) or [] if row.key else []:
            if path.stat().st_size == 0 and linked.relative(path) in listed:
                continue  # EFL004 reports a listed empty file
            result = count_pages(path)
            if result.problem == "empty":
                found.append(at_row(row, T("文件 {p} 为零字节", "file {p} is empty (0 bytes)").format(p=path.name), path=path.name))
            elif result.problem == "unreadable":
                found.append(at_row(row, T("文件 {p} 无法打开：{d}", "file {p} cannot be opened: {d}").format(p=path.name, d=result.detail),
                                    path=path.name, detail=result.detail))
    return found, rows


@rules.rule(
    id="EFL010",
    title=T("目录所对应电子文件的格式（按文件头识别）在允许范围内", "The catalogue's files are in an allowed format (read from their first bytes)"),
    severity=Severity.MINOR,
    points=2,
    basis=FORMATS,
    applies_if=no_catalog,
    params={"allowed_formats": ["pdf", "ofd", "jpeg", "tiff"]},
    remedy=T("将文件转换为允许的长期保存格式（如 OFD、PDF），并更新校验值。", "Convert the file to an allowed long-term format (OFD, PDF) and update its checksum."),
    rationale=T("长期保存格式由文件头判断，不看扩展名（DA/T 70 可用性检测：内容数据格式是否符合归档要求）。",
                "The long-term format is read from the first bytes, not the name (DA/T 70 usability: is the content's format one for filing)."),
    example=CATALOG_EXAMPLE,
)
@with_catalogue("usability")
def catalogue_formats(linked, ctx):
    allowed = {str(f).lower() for f in ctx.params["allowed_formats"]}
    found, rows = [], 0
    listed = listed_files(linked.data, ctx)
    for row in linked.rows():
        rows += 1
        for path in linked.files_for(row.key) or [] if row.key else []:
            if path.stat().st_size == 0 or linked.relative(path) in listed:
                continue  # EFL009 (empty), EFL003 (a listed file's format)
            kind = detect(path)
            if kind not in allowed:
                found.append(at_row(row, T("文件 {p} 的格式为 {f}，不在允许范围（{ok}）", "file {p} is {f}, not an allowed format ({ok})")
                                    .format(p=path.name, f=kind or "未知/unknown", ok=", ".join(sorted(allowed))), path=path.name, detected=kind))
    return found, rows
