"""The pack's data under `extensions.hunan` in the unit description (merged into the unit schema)."""

DATE = {
    "title": "日期",
    "description": "公历日期，格式 YYYY-MM-DD。 / Calendar date, YYYY-MM-DD.",
    "type": "string",
    "format": "date",
    "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
}

COUNT = {"type": "integer", "minimum": 0}

SCHEMA = {
    "title": "湖南地方要求",
    "description": "湖南地方评分方案所需、全国规定之外的数据。 / Data Hunan's local schemes ask for beyond the national rules.",
    "type": "object",
    "properties": {
        "current_documents": {
            "title": "现行文件报送登记",
            "description": "向同级现行文件服务中心报送现行文件的记录，每次一条。 / Each submission of current documents to the service centre.",
            "type": "array",
            "items": {
                "title": "一次报送",
                "description": "一次报送的日期和件数。 / Date and number of items of one submission.",
                "type": "object",
                "properties": {
                    "date": DATE,
                    "items": {**COUNT, "title": "件数", "description": "报送的文件件数。 / Items sent."},
                    "centre": {"title": "接收单位", "description": "接收的现行文件服务中心。 / The receiving centre.", "type": "string"},
                },
                "required": ["date"],
                "additionalProperties": False,
            },
        },
        "filing_rate": {
            "title": "年度归档率",
            "description": "按年度填写归档率：百分数，或 {due: 应归档件数, filed: 已归档件数}。 / Filing rate per year: a percentage, or {due, filed}.",
            "type": "object",
            "propertyNames": {"pattern": "^(19|20)\\d{2}$"},
            "additionalProperties": {
                "title": "某年度归档率",
                "description": "百分数（0–100）或应归档、已归档件数。 / A percentage (0–100) or due and filed counts.",
                "oneOf": [
                    {"type": "number", "minimum": 0, "maximum": 100},
                    {
                        "type": "object",
                        "properties": {
                            "due": {**COUNT, "title": "应归档件数", "description": "本年度应归档的文件件数。 / Items due for filing."},
                            "filed": {**COUNT, "title": "已归档件数", "description": "本年度已归档的文件件数。 / Items filed."},
                        },
                        "required": ["due", "filed"],
                        "additionalProperties": False,
                    },
                ],
            },
        },
        "family_archives": {
            "title": "干部职工家庭建档（邵阳）",
            "description": "干部职工家庭档案建档情况。 / Staff family archives (Shaoyang).",
            "type": "object",
            "properties": {
                "households": {**COUNT, "title": "干部职工户数", "description": "本单位干部职工户数。 / Staff households."},
                "with_archives": {**COUNT, "title": "已建档户数", "description": "已建立家庭档案的户数。 / Households with family archives."},
                "register_sent": {"title": "已报送登记表", "description": "是否已报送《邵阳市家庭建档情况登记表》。 / Whether the register was sent.",
                                  "type": "boolean"},
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
