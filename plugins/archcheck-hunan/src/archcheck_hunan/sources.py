"""The local documents this pack's rules and profiles rest on, each written once.

Where each was read is in the pack's README (来源). A title is in 《》 only where the document has one;
a number that could not be confirmed is left out, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from archcheck.api import Basis, BasisKind


@dataclass(frozen=True)
class Source:
    """A local document: its title and number."""

    document: str
    number: str = ""

    def clause(self, clause: str, kind: BasisKind = BasisKind.DIRECT, note: str = "") -> Basis:
        """The basis of a rule: this document's `clause`, how firmly the rule rests on it, what it says."""
        return Basis(self.document, self.number, clause, kind, note)


#: Hunan's provincial standard for archive management (机关、企事业单位、综合档案馆): 100 points with 必达项,
#: 省特级 ≥ 95, 省一级 80–<95, 省二级 60–<80. The standard's full number was not confirmed.
DB43 = Source("湖南省地方标准《档案工作规范化管理》", "DB43")
#: Yueyang's assessment details for public bodies under DB43 (附件二 评估内容及评分细则); items marked * are must-pass
YUEYANG = Source("《岳阳市机关档案工作规范化管理评估细则》")
#: Shaoyang's archive-work assessment form (published by 邵阳市档案馆): 60 合格, above 80 优秀
SHAOYANG = Source("邵阳市档案工作评估表", "邵阳市档案馆")
