"""PRJ rules: supervision stages due by status, and acceptance of completed projects."""

from archcheck.model import Outcome
from conftest import make_unit, run_rule


def project(status, **stages):
    return {"name": "便民服务中心", "status": status, **stages}


ALL = {"registered": True, "guided": True, "inspected": True}


def test_prj001_stages_due_by_status():
    assert run_rule("PRJ001", make_unit(construction_projects=[project("planned", registered=True)])).outcome is Outcome.PASS
    assert run_rule("PRJ001", make_unit(construction_projects=[project("in_progress", **ALL)])).outcome is Outcome.PASS
    unguided = run_rule("PRJ001", make_unit(construction_projects=[project("in_progress", **{**ALL, "guided": False})]))
    assert unguided.outcome is Outcome.FAIL and abs(unguided.deducted - 1) < 1e-9
    assert unguided.findings[0].evidence == {"project": "便民服务中心", "stage": "guided"}
    assert run_rule("PRJ001", make_unit(construction_projects=[project("in_progress")])).outcome is Outcome.NO_EVIDENCE
    assert run_rule("PRJ001", make_unit(construction_projects=[{"name": "无状态项目"}])).outcome is Outcome.NO_EVIDENCE
    assert run_rule("PRJ001", make_unit(construction_projects=[])).outcome is Outcome.NOT_APPLICABLE


def test_prj002_completed_projects_accepted():
    ok = project("completed", accepted=True, **ALL)
    assert run_rule("PRJ002", make_unit(construction_projects=[ok])).outcome is Outcome.PASS
    bad = project("completed", accepted=False, completed_on="2024-09-30", **ALL)
    result = run_rule("PRJ002", make_unit(construction_projects=[ok, bad]))
    assert result.outcome is Outcome.FAIL and result.deducted == 1.5
    assert run_rule("PRJ002", make_unit(construction_projects=[project("completed", **ALL)])).outcome is Outcome.NO_EVIDENCE
    assert run_rule("PRJ002", make_unit(construction_projects=[project("planned")])).outcome is Outcome.NOT_APPLICABLE
