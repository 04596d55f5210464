"""The plugin's data under `extensions.efiles` in the unit description (merged into the unit schema)."""

SCHEMA = {
    "title": "电子文件（四性检测）",
    "description": "单位所存电子文件的目录及其清单，供电子文件检测插件检查。 / The folder of the unit's electronic files and their list, checked by the efiles plugin.",
    "type": "object",
    "properties": {
        "folder": {
            "title": "电子文件目录",
            "description": "存放电子文件的目录，相对于单位描述文件所在目录。 / Folder holding the files, relative to the unit file's folder.",
            "type": "string",
            "minLength": 1,
        },
        "manifest": {
            "title": "电子文件清单文件",
            "description": "UTF-8 CSV 清单，含 path 列（相对于电子文件目录）和可选的 sha256 列；相对于单位描述文件所在目录。 / UTF-8 CSV manifest with a path column (relative to the folder) and an optional sha256 column; relative to the unit file's folder.",
            "type": "string",
            "minLength": 1,
        },
        "catalog": {
            "title": "电子文件对应的目录",
            "description": "归档文件目录或卷内文件目录的导出文件（CSV、JSONL、XLSX 等），每行以档号命名其电子文件（档号.pdf、档号.ofd，或档号/ 目录下的页面图像）；相对于单位描述文件所在目录。 / A catalogue export (CSV, JSONL, XLSX …) whose rows name their files by 档号 (档号.pdf, 档号.ofd, or a 档号/ folder of page images); relative to the unit file's folder.",
            "type": "string",
            "minLength": 1,
        },
        "key_column": {
            "title": "命名文件的列",
            "description": "目录中给出文件名的列（默认“档号”）。 / The catalogue column that names each row's file (default 档号).",
            "type": "string",
            "minLength": 1,
        },
        "pages_column": {
            "title": "页数列",
            "description": "目录中的页数列（默认“页数”；卷内文件目录无页数时按页号范围计）。 / The catalogue's page-count column (default 页数; a 卷内 页号 range counts where there is none).",
            "type": "string",
            "minLength": 1,
        },
        "files": {
            "title": "电子文件清单",
            "description": "逐条列出的电子文件（未给出 manifest 时使用）。 / The files listed inline (used when no manifest is given).",
            "type": "array",
            "items": {
                "title": "电子文件",
                "description": "一份电子文件。 / One electronic file.",
                "type": "object",
                "properties": {
                    "path": {
                        "title": "文件路径",
                        "description": "相对于电子文件目录的路径。 / Path relative to the folder.",
                        "type": "string",
                        "minLength": 1,
                    },
                    "sha256": {
                        "title": "SHA-256 校验值",
                        "description": "归档时记录的 SHA-256 校验值（64 位十六进制）。 / SHA-256 recorded at filing (64 hex digits).",
                        "type": "string",
                        "pattern": "^[0-9a-fA-F]{64}$",
                    },
                },
                "required": ["path"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["folder"],
    "anyOf": [{"required": ["manifest"]}, {"required": ["files"]}, {"required": ["catalog"]}],
    "not": {"required": ["manifest", "files"]},
    "additionalProperties": False,
}
