"""Writing samen's YAML data files back without losing the comment block at their top."""

from pathlib import Path
from typing import Any

import yaml


def header_comments(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def write_yaml(path: Path, data: Any) -> None:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header_comments(path) + body, encoding="utf-8")
