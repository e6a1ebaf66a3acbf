"""The package's layers stay one-way (ARCHITECTURE.md): the contract in pyproject.toml,
checked by import-linter over every import, lazy ones in functions included."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import lintmed

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_no_module_imports_a_layer_above_it():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_every_part_of_the_package_has_a_layer():
    """A new module or package must be placed in a layer, or the contract would not see it."""
    layered = {name.strip() for contract in CONTRACTS for layer in contract["layers"] for name in layer.split("|")}
    package = Path(lintmed.__file__).parent
    parts = {f"lintmed.{p.stem if p.is_file() else p.name}" for p in package.iterdir()
             if (p.suffix == ".py" and p.stem not in ("__init__", "__main__")) or (p / "__init__.py").is_file()}
    assert parts - layered == set()
    assert layered - parts == set()  # and no layer names something that is gone
