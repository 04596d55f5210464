"""EFL — electronic files: a subset of DA/T 70—2018 四性检测 (authenticity, integrity, usability).

Registered through the entry-point group `archcheck` as `efiles`; its data lives under
`extensions.efiles` of the unit description (see schema.py).
"""

from __future__ import annotations

import fnmatch
import hashlib

from archcheck.api import Basis, BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing

from archcheck_efiles.inventory import SECTION, not_registered, with_inventory
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
    folder = inventory.folder.resolve()
    if not folder.is_dir():
        yield missing(join(*SECTION, "folder"), T("电子文件目录 {d} 不存在", "files folder {d} does not exist").format(d=inventory.folder))
        return
    listed = {p for p in (inventory.resolve(e) for e in inventory.entries) if p is not None}
    ignore = [str(p) for p in ctx.params["ignore"]]
    present = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p not in listed and p != inventory.manifest
        and not any(fnmatch.fnmatch(part, pattern) for part in p.relative_to(folder).parts for pattern in ignore)
    )
    share = 1 / (len(present) + sum(1 for p in listed if p.is_file()))
    for path in present:
        relative = path.relative_to(folder).as_posix()
        yield fail(join(*SECTION, "folder"), T("目录中的文件 {p} 未登记在清单中", "file {p} in the folder is not in the list").format(p=relative),
                   share, path=relative)


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
