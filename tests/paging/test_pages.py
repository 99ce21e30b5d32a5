"""Escalation chains on the pages: the severity page, the home page and the triage verdict.

tests/fixtures/paging names PagerDuty identities and runbook.yaml's pagerduty_url, so each
schedule, user and policy links into the account; the bundled runbook states chains without ids.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.paging.chain import EscalationChain, chains
from generator.runtime.memo import RunCache
from generator.source.durations import minutes_text
from generator.source.project import load_project
from tests.conftest import FIXTURES, ROOT, run

D1 = (
    "**Escalation:** [Dispatch on-call engineer](owners.md#dispatch-on-call) first ([PagerDuty schedule PDSP001]"
    "(https://rollbahn.pagerduty.com/schedules/PDSP001)); if nobody acknowledges, after 5 minutes [Dispatch "
    "secondary engineer](owners.md#dispatch-secondary) ([PagerDuty schedule PDSP002]"
    "(https://rollbahn.pagerduty.com/schedules/PDSP002)), after 10 minutes [Platform lead](owners.md#platform-lead) "
    "([PagerDuty user PILSE01](https://rollbahn.pagerduty.com/users/PILSE01)). [PagerDuty escalation policy "
    "PESC0D1](https://rollbahn.pagerduty.com/escalation_policies/PESC0D1)."
)
D3 = (
    "**Escalation:** [Carrier desk](owners.md#carrier-desk) first ([PagerDuty user PDESK01]"
    "(https://rollbahn.pagerduty.com/users/PDESK01)); if nobody acknowledges, after 2 hours [Platform lead]"
    "(owners.md#platform-lead) ([PagerDuty user PILSE01](https://rollbahn.pagerduty.com/users/PILSE01))."
)


def _generate(in_tmp: Path, fixture: Path) -> Path:
    shutil.copytree(fixture, in_tmp / "source")
    result = run("generate")
    assert result.exit_code == 0, result.stderr
    return in_tmp / "docs"


def test_severity_page_triage_and_home_show_each_chain_with_links(in_tmp: Path) -> None:
    docs = _generate(in_tmp, FIXTURES / "paging")
    severity = (docs / "severity-levels.md").read_text(encoding="utf-8").splitlines()
    assert D1 in severity and D3 in severity
    triage = (docs / "triage.md").read_text(encoding="utf-8")
    assert D1 in triage
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert " " + D1 in home  # on the level's 'Whom to page first' line


def test_without_pagerduty_url_ids_show_without_links(in_tmp: Path) -> None:
    shutil.copytree(FIXTURES / "paging", in_tmp / "source")
    runbook = in_tmp / "source" / "runbook.yaml"
    runbook.write_text(
        runbook.read_text().replace("paging:\n  pagerduty_url: https://rollbahn.pagerduty.com\n", ""), encoding="utf-8"
    )
    assert run("generate").exit_code == 0
    severity = (in_tmp / "docs" / "severity-levels.md").read_text(encoding="utf-8")
    assert "rollbahn.pagerduty.com" not in severity
    assert "[Carrier desk](owners.md#carrier-desk) first (PagerDuty user PDESK01);" in severity


def _after(chain: EscalationChain, number: int) -> str:
    """How long after the first page step ``number`` is paged, as the English pages say it."""
    if chain.delay_minutes is not None:
        return minutes_text(chain.delay_minutes * number)
    return chain.delay.text if number == 1 else f"another {chain.delay.text}"


def test_the_runbook_in_source_shows_the_chain_of_every_level_it_states() -> None:
    """Derived from source/, whatever runbook it holds: each level's section of the severity page
    names its chain's owners in order with how long after the first page each is paged (a clock
    wait multiplied, a working-time wait as written, then 'another …'); a level whose chain is its
    page-first owner alone has no escalation line."""
    project, problems = load_project(ROOT / "source", RunCache.off())
    assert project is not None, problems
    page = (ROOT / "docs" / "severity-levels.md").read_text(encoding="utf-8")
    titles = {o.id: o.title for o in project.owners.owners}
    found = chains(project)
    assert len(found) == len(project.severities.levels)
    assert any(len(chain.steps) >= 2 for chain in found), "no level of source/ escalates: nothing is checked"
    for chain in found:
        section = page.split(f"## {chain.level.name} ", 1)[1].split("\n## ", 1)[0]
        lines = [line for line in section.splitlines() if line.startswith("**Escalation:** ")]
        if len(chain.steps) < 2 and chain.policy_id is None:
            assert lines == [], chain.level.id
            continue
        (line,) = lines
        if any(step.target("pagerduty") is not None for step in chain.steps):
            # Identities add '(PagerDuty schedule …)' after names: tests/paging's fixtures check those.
            at = [line.index(f"](owners.md#{step.owner.id})") for step in chain.steps]
            assert at == sorted(at), (chain.level.id, line)
            continue

        first = chain.steps[0].owner.id
        expected = f"[{titles[first]}](owners.md#{first}) first; if nobody acknowledges, "
        expected += ", ".join(
            f"after {_after(chain, n)} [{titles[s.owner.id]}](owners.md#{s.owner.id})"
            for n, s in enumerate(chain.steps[1:], start=1)
        )
        assert line == f"**Escalation:** {expected}.", chain.level.id


def test_owners_page_names_each_roles_paging_identities(in_tmp: Path) -> None:
    docs = _generate(in_tmp, FIXTURES / "paging")
    owners = (docs / "owners.md").read_text(encoding="utf-8").splitlines()
    assert (
        "**Paged through:** [PagerDuty schedule PDSP001](https://rollbahn.pagerduty.com/schedules/PDSP001); "
        "Grafana OnCall schedule SDISPATCH7K2Q"
    ) in owners
    assert (
        "**Paged through:** [PagerDuty user PILSE01](https://rollbahn.pagerduty.com/users/PILSE01); "
        "Grafana OnCall user UILSEBRANDT3"
    ) in owners
    assert not any(
        line.startswith("**Paged through:**") for line in (ROOT / "docs" / "owners.md").read_text().splitlines()
    )
