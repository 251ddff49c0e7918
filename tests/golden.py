"""Rendering a cleaned document into the three golden files, and comparing them.

A golden case is a directory `golden/<name>/` holding one `input.*` file and:
- `expected.txt`: the clean text;
- `expected.lines.tsv`: one row per line, `n<TAB>keep|drop<TAB>reason<TAB>text` (a line
  kept because its reason is disabled reads `content (disabled <reason>)`);
- `expected.manifest.json`: the manifest row (without the output path);
and optionally:
- `rules.toml`: user rules the case is cleaned with (`cleaner clean --rules`);
- `case.toml`: `why = "..."`, what the case shows, and `url = "..."`, the document's URL (a
  JSONL `url` field), for rules scoped to sites.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from cleaner.config import DEFAULT_CONFIG
from cleaner.manifest import row
from cleaner.pipeline import clean_document
from cleaner.rules import Origin, configure, load_rules

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
EXPECTED = ("expected.txt", "expected.lines.tsv", "expected.manifest.json")


def cases() -> list[Path]:
    return sorted(p for p in GOLDEN.iterdir() if p.is_dir())


def input_file(case: Path) -> Path:
    inputs = sorted(case.glob("input.*"))
    if len(inputs) != 1:
        raise AssertionError(f"{case.name}: expected exactly one input.* file, found {[p.name for p in inputs]}")
    return inputs[0]


def render(case: Path) -> dict[str, str]:
    """The actual contents of the expected files for `case`."""
    source = input_file(case)
    config = configure(DEFAULT_CONFIG, load_rules(case / "rules.toml")) if (case / "rules.toml").exists() else DEFAULT_CONFIG
    url = tomllib.loads((case / "case.toml").read_text("utf-8")).get("url", "") if (case / "case.toml").exists() else ""
    doc = clean_document(source.read_bytes(), source.name, config, Origin(source.name, url))
    lines = "".join(
        f"{line.n}\t{'keep' if v.keep else 'drop'}\t{_reason(v)}\t{line.text}\n" for line, v in zip(doc.lines, doc.verdicts)
    )
    manifest = row(doc, source.name, None)
    del manifest["output"]
    return {
        "expected.txt": doc.text,
        "expected.lines.tsv": lines,
        "expected.manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
    }


def _reason(verdict) -> str:
    if verdict.rule == "disabled":  # evidence: "<reason>: <rule> (...)"
        return f"{verdict.reason} (disabled {verdict.evidence.split(':', 1)[0]})"
    return verdict.reason


def diff(name: str, expected: str, actual: str) -> str:
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), f"{name} (expected)", f"{name} (actual)"
        )
    )
