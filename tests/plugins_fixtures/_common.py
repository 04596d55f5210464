"""Metadata shared by the misbehaving test plugins, so each file shows only its misbehaviour."""

from archcheck.api import Basis, BasisKind, Severity, T

BASIS = Basis("测试依据", clause="第一条", kind=BasisKind.DIRECT)


def metadata(rule_id: str, title: str = "测试规则") -> dict:
    return dict(
        id=rule_id, title=T(title, "test rule"), severity=Severity.MINOR, points=1, basis=BASIS,
        remedy=T("无", "none"), rationale=T("测试用", "for tests"), example=T("无", "none"),
    )
