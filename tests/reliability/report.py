"""Print the figures of the last reliability run (``pytest tests/reliability``).

    python tests/reliability/report.py          # the figures of the last run
    python tests/reliability/report.py --run    # run the reliability tests first

Exit status 1 when a figure that must be 0 is not, or nothing was measured yet.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parents[1]) not in sys.path:
    sys.path.insert(0, str(HERE.parents[1]))

from tests.reliability.figures import FIGURES, FIGURES_FILE, load, report_lines  # noqa: E402


def failing(known: dict) -> list[str]:
    return [key for key, _, target in FIGURES
            if target is not None and key in known and known[key]["value"] != target]


def main(argv: list[str]) -> int:
    if "--run" in argv:
        subprocess.run([sys.executable, "-m", "pytest", "-q", str(HERE)], cwd=HERE.parents[1])
    known = load()
    if not known:
        print(f"No figures yet ({FIGURES_FILE} is missing). Run: python -m pytest "
              "tests/reliability   (or this script with --run)")
        return 1
    print("\n".join(report_lines(known)))
    return 1 if failing(known) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
