"""Crash safety: the real command line killed (SIGKILL) at random moments never loses an
acknowledged write nor leaves a damaged, torn or half-migrated library."""

from __future__ import annotations

import os
import random

import pytest

from tests.reliability import figures
from tests.reliability.child import network_attempts
from tests.reliability.crash_harness import CrashHarness, crash_campaign

DEFAULT_KILLS = int(os.environ.get("ROADBOOK_CRASH_KILLS", "150"))
SOAK_KILLS = int(os.environ.get("ROADBOOK_SOAK_KILLS", "3000"))


def _campaign(workdir, template, kills: int):
    seed = int(os.environ.get("ROADBOOK_CRASH_SEED", random.randrange(1 << 30)))
    harness = CrashHarness(workdir, template, seed=seed)
    outcome = crash_campaign(harness, kills)
    figures.add("crash_points", outcome.crash_points)
    figures.add("acknowledged_writes", outcome.acknowledged)
    figures.add("acknowledged_writes_lost", len(outcome.lost))
    figures.add("integrity_failures", len(outcome.broken))
    figures.add("partial_imports_seen", outcome.partial_imports)
    figures.add("network_attempts", network_attempts(workdir))
    figures.note("partial_imports_seen", f"{outcome.kills['import']} imports killed mid-way")
    figures.note("crash_points", "killed: " + ", ".join(
        f"{op} {n}" for op, n in sorted(outcome.kills.items())) + f" (seed {seed})")
    return outcome, seed


def test_killing_the_command_line_at_random_loses_nothing_acknowledged(
        workdir, bundled_library_template):
    outcome, seed = _campaign(workdir, bundled_library_template, DEFAULT_KILLS)
    assert outcome.crash_points >= DEFAULT_KILLS
    assert outcome.lost == [], f"seed {seed}"
    assert outcome.broken == [], f"seed {seed}"
    assert outcome.acknowledged > 0
    killed = {operation for operation, count in outcome.kills.items() if count}
    assert killed >= {"bookmark", "note_edit", "export", "backup", "migration", "import",
                      "entry_add", "entry_edit", "source_add"}
    assert network_attempts(workdir) == 0


@pytest.mark.soak
@pytest.mark.skipif(not os.environ.get("ROADBOOK_SOAK"), reason="set ROADBOOK_SOAK=1 to soak")
@pytest.mark.timeout(0)
def test_soak_thousands_of_kills(workdir, bundled_library_template):
    outcome, seed = _campaign(workdir, bundled_library_template, SOAK_KILLS)
    assert outcome.lost == [] and outcome.broken == [], f"seed {seed}"
