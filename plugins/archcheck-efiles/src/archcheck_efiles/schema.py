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
    "oneOf": [{"required": ["manifest"]}, {"required": ["files"]}],
    "additionalProperties": False,
}
