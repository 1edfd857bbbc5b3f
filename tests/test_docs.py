"""The documentation stays in step with the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_generated_from_the_current_help(tmp_path):
    typer_bin = Path(sys.executable).parent / "typer"
    target = tmp_path / "cli.md"
    subprocess.run(
        [
            str(typer_bin),
            "corroborate.cli",
            "utils",
            "docs",
            "--name",
            "corroborate",
            "--output",
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == current, "run `make docs` to refresh docs/cli.md"


def test_readme_names_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
