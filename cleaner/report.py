"""A self-contained HTML report of a run: what was removed, and why, before anyone trusts it.

`build_report` turns manifest rows (and, for a sample of documents, their per-line verdicts)
into one HTML page with inline CSS and no script: no network, no CDN. The page holds the run's
summary, a bar chart of dropped lines by reason, the languages, the documents that lost the
most text, and line views of sampled documents (dropped lines struck through and tagged with
their reason, as `cleaner explain` prints them). It never embeds the whole corpus: at most
`max_docs` line views and `max_lines` lines each; the rest is one `cleaner explain` away.
"""

from __future__ import annotations

import hashlib
import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from cleaner.manifest import Totals
from cleaner.reasons import REASONS


@dataclass(frozen=True, slots=True)
class LineView:
    n: int
    keep: bool
    reason: str
    rule: str
    text: str


@dataclass(frozen=True, slots=True)
class DocView:
    """The lines of one document with their verdicts, for the report."""

    name: str
    status: str
    lines: tuple[LineView, ...]


@dataclass
class RunStats(Totals):
    """Everything the report shows that comes from the manifest alone: the run's `Totals`
    (counted the same way as the run's own summary) and the documents that lost most."""

    losses: list[tuple[float, str, int, int]] = field(default_factory=list)  # (share lost, input, in, out)

    @classmethod
    def from_rows(cls, rows: Iterable[dict], top: int = 25) -> RunStats:
        stats = cls()
        for row in rows:
            stats.add(row)
            chars_in, chars_out = row.get("chars_in") or 0, row.get("chars_out") or 0
            if chars_in and row.get("status") in ("ok", "empty", "dropped"):
                stats.losses.append((1 - chars_out / chars_in, str(row.get("input")), chars_in, chars_out))
                if len(stats.losses) > 4 * top:
                    stats.losses = sorted(stats.losses, key=lambda x: (-x[0], x[1]))[:top]
        stats.losses = sorted(stats.losses, key=lambda x: (-x[0], x[1]))[:top]
        return stats


def sample_names(rows: Iterable[dict], max_docs: int, top: int = 25) -> list[str]:
    """Inputs to show line by line: those that lost the most text, then a deterministic sample
    of the rest (by a hash of the input name, so reruns show the same documents)."""
    scored: list[tuple[float, str]] = []
    for row in rows:
        if row.get("status") in ("ok", "empty", "dropped") and row.get("chars_in"):
            scored.append((1 - (row.get("chars_out") or 0) / row["chars_in"], str(row["input"])))
    worst = [name for _, name in sorted(scored, key=lambda x: (-x[0], x[1]))[:top]]
    rest = sorted((name for _, name in scored if name not in set(worst)), key=lambda n: hashlib.sha1(n.encode()).hexdigest())
    return worst + rest[: max(0, max_docs - len(worst))]


def build_report(
    stats: RunStats, docs: Iterable[DocView], summary: dict | None = None, max_lines: int = 400, rules: str = ""
) -> str:
    """The report page as one HTML string; `rules` says which user rules the line views used."""
    summary = summary or {}
    parts = [_HEAD, "<h1>cleaner report</h1>", _summary_table(stats, summary)]
    if rules:
        parts.append(f'<p class=note id="rules">User rules: {html.escape(rules)}</p>')
    parts.append(_reason_chart(stats.reasons))
    parts.append(_languages(stats.languages))
    parts.append(_losses(stats.losses))
    doc_list = list(docs)
    parts.append(f'<h2 id="documents">Documents, line by line ({len(doc_list)} of {stats.documents})</h2>')
    parts.append(
        "<p class=note>Dropped lines are struck through and tagged with their reason. Any other document: "
        "<code>cleaner explain FILE</code>.</p>"
    )
    for i, doc in enumerate(doc_list):
        parts.append(_doc_view(i, doc, max_lines))
    parts.append("</body></html>\n")
    return "\n".join(parts)


_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>cleaner report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart text{font-size:12px}.bar{fill:#c0392b}.note{color:#666}
details.doc{margin:.4em 0;border:1px solid #ddd;border-radius:4px;padding:.3em .6em}
details.doc summary{cursor:pointer;font-weight:600}
ol.lines{list-style:none;padding:0;margin:.4em 0;font:12px/1.5 ui-monospace,monospace}
ol.lines li{white-space:pre-wrap;word-break:break-word}
ol.lines .n{color:#999;display:inline-block;width:4em}
ol.lines li.drop del{color:#999}
.tag{background:#fdecea;color:#c0392b;border-radius:3px;padding:0 .4em;margin-left:.6em;font-size:11px}
.tag.kept{background:#e8f5e9;color:#2e7d32}
</style></head><body>"""


def _summary_table(stats: RunStats, summary: dict) -> str:
    rows = [
        ("documents in", stats.documents),
        ("ok", stats.ok),
        ("dropped (empty, binary, filtered)", stats.dropped),
        ("failed", stats.failed),
        ("characters in", stats.chars_in),
        ("characters out", stats.chars_out),
    ]
    if summary.get("elapsed_s"):
        rows.append(("time (s)", f"{summary['elapsed_s']:.1f}"))
        rows.append(("documents/s", f"{stats.documents / max(summary['elapsed_s'], 1e-9):.1f}"))
    body = "".join(f"<tr><th>{html.escape(k)}</th><td class=num>{v}</td></tr>" for k, v in rows)
    statuses = ", ".join(f"{html.escape(s)} {n}" for s, n in sorted(stats.statuses.items()))
    return f'<h2>Summary</h2><table id="summary">{body}</table><p class=note>Statuses: {statuses}</p>'


def _reason_chart(reasons: Counter) -> str:
    items = reasons.most_common()
    if not items:
        return '<h2>Dropped lines by reason</h2><p id="reason-chart">No lines were dropped.</p>'
    width, label_w, row_h = 640, 170, 22
    top = items[0][1]
    height = row_h * len(items) + 10
    bars = []
    for i, (reason, count) in enumerate(items):
        y = 5 + i * row_h
        w = max(1, round((width - label_w - 60) * count / top))
        title = html.escape(REASONS.get(reason, reason))
        bars.append(
            f'<g><title>{title}</title><text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{html.escape(reason)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}"/>'
            f'<text x="{label_w + w + 5}" y="{y + 15}">{count}</text></g>'
        )
    return (
        f'<h2>Dropped lines by reason</h2><svg id="reason-chart" class="chart" role="img" '
        f'aria-label="Dropped lines by reason" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        + "".join(bars)
        + "</svg>"
    )


def _languages(languages: Counter) -> str:
    rows = "".join(f"<tr><td>{html.escape(code)}</td><td class=num>{n}</td></tr>" for code, n in languages.most_common(30))
    return f'<h2>Languages</h2><table id="languages"><tr><th>language</th><th>documents</th></tr>{rows}</table>'


def _losses(losses: list[tuple[float, str, int, int]]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td class=num>{chars_in}</td><td class=num>{chars_out}</td>"
        f"<td class=num>{share:.0%}</td></tr>"
        for share, name, chars_in, chars_out in losses
    )
    return (
        '<h2>Documents that lost the most text</h2><table id="losses"><tr><th>input</th><th>chars in</th>'
        f"<th>chars out</th><th>lost</th></tr>{rows}</table>"
    )


def _doc_view(i: int, doc: DocView, max_lines: int) -> str:
    dropped = sum(not line.keep for line in doc.lines)
    items = []
    for line in doc.lines[:max_lines]:
        text = html.escape(line.text)
        if line.keep and line.rule == "disabled":  # kept because a rules file disabled its reason
            items.append(
                f'<li class="keep"><span class="n">{line.n}</span>{text}'
                f'<span class="tag kept" title="reason disabled by the rules">{html.escape(line.reason)} (disabled)</span></li>'
            )
        elif line.keep:
            items.append(f'<li class="keep"><span class="n">{line.n}</span>{text}</li>')
        else:
            items.append(
                f'<li class="drop"><span class="n">{line.n}</span><del>{text}</del>'
                f'<span class="tag" title="{html.escape(line.rule)}">{html.escape(line.reason)}</span></li>'
            )
    more = len(doc.lines) - max_lines
    tail = f"<p class=note>{more} more lines not shown.</p>" if more > 0 else ""
    return (
        f'<details class="doc" id="doc-{i}"{" open" if i == 0 else ""}><summary>{html.escape(doc.name)} '
        f"({html.escape(doc.status)}, {dropped} of {len(doc.lines)} lines dropped)</summary>"
        f'<ol class="lines">{"".join(items)}</ol>{tail}</details>'
    )


def doc_view(name: str, data: bytes | str, config=None, origin=None) -> DocView:
    """Re-clean one input to show its verdicts (cleaning is deterministic: same as the run);
    `origin` as the run gave it (`cleaner.corpus.origin`: a JSONL record's URL)."""
    from cleaner.config import DEFAULT_CONFIG
    from cleaner.pipeline import clean_document

    doc = clean_document(data, name, config or DEFAULT_CONFIG, origin)
    lines = tuple(
        LineView(line.n, v.keep, _shown_reason(v), v.rule, line.text) for line, v in zip(doc.lines, doc.verdicts)
    )
    return DocView(name, doc.status, lines)


def _shown_reason(verdict) -> str:
    """The reason a line view shows: the drop's, or for a line kept because its reason is
    disabled, that reason (the verdict's evidence starts with it)."""
    if not verdict.keep:
        return verdict.reason
    return verdict.evidence.split(":", 1)[0] if verdict.rule == "disabled" else ""


def line_views(names: list[str], roots=(), config=None, read=None) -> list[DocView]:
    """The line view of each input named as in the manifest, in order: a file found under
    `roots` (or at the name itself), or a JSONL document "FILE:N" whose FILE is found so.
    Inputs are read as the run read them (`cleaner.readers.read_path` with `read`, the run's
    `ReadConfig`: gzip, JSONL text and URL fields); each file once, up to the last document
    wanted from it. An input not found gets a view without lines."""
    from contextlib import closing
    from pathlib import Path

    from cleaner.corpus import origin
    from cleaner.readers import ReadConfig, read_path

    read = read or ReadConfig()

    def find(name: str) -> Path | None:
        return next((p for p in [*(Path(root) / name for root in roots), Path(name)] if p.is_file()), None)

    wanted: dict[tuple[Path, str], set[str]] = {}  # (file, its manifest name) -> documents to show
    for name in names:
        path = find(name)
        file = name
        if path is None:  # a JSONL document, "FILE:N"?
            file, _, line = name.rpartition(":")
            path = find(file) if file and line.isdigit() else None
        if path is not None:
            wanted.setdefault((path, file), set()).add(name)
    views: dict[str, DocView] = {}
    for (path, file), left in wanted.items():
        with closing(read_path(path, file, read)) as items:
            for item in items:
                if item.input in left:
                    views[item.input] = (
                        doc_view(item.input, item.data, config, origin(item, read.url_field))
                        if item.data is not None
                        else DocView(item.input, f"not read: {item.error}", ())
                    )
                    left.discard(item.input)
                if not left:
                    break
    return [views.get(name) or DocView(name, "input not found", ()) for name in names]


def write_report(
    outdir, roots=(), max_docs: int = 200, config=None, summary: dict | None = None, read=None, manifest=None, target=None
):
    """Write `outdir/report.html` (or `target`) from `outdir/manifest.jsonl` (or
    `manifest`); line views (`line_views`) re-clean sampled inputs found under `roots` with
    `config` (the run's, user rules included) and `read` (the run's `ReadConfig`).
    `summary` is the run's (`Totals.summary()`), else `outdir/summary.json` if there is
    one. Returns the report's path."""
    import json
    from pathlib import Path

    from cleaner.io import atomic_write

    outdir = Path(outdir)
    manifest = Path(manifest) if manifest is not None else outdir / "manifest.jsonl"

    def rows():
        with manifest.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError:
                        continue  # a torn last line of an interrupted run

    stats = RunStats.from_rows(rows())
    summary_path = outdir / "summary.json"
    if summary is None:
        summary = json.loads(summary_path.read_text("utf-8")) if summary_path.exists() else {}
    views = line_views(sample_names(rows(), max_docs), roots, config, read)
    target = Path(target) if target is not None else outdir / "report.html"
    rules = getattr(config, "rules", None)
    note = ""
    if rules is not None and rules.source:
        names = ", ".join(rule.name for rule in rules.rules)
        note = rules.source + (f" ({names})" if names else "") + (f"; disabled: {', '.join(rules.disable)}" if rules.disable else "")
    atomic_write(target, build_report(stats, views, summary, rules=note))
    return target
