"""The benchmark runs end to end on a tiny generated corpus (no timing is asserted)."""

from __future__ import annotations

import json

from cleaner.bench import main


def test_bench_smoke(tmp_path, capsys):
    out = tmp_path / "bench.json"
    args = ["--data", str(tmp_path / "absent"), "--generate", "24", "--min-mb", "0.1", "--html-pages", "3",
            "--naive-share", "0.5", "--jobs", "2", "--runner", "pool", "--json", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "naive ftfy + langdetect" in printed and "share of cleaner's time per stage" in printed
    # The text ratio with file I/O is printed right under the text ratio it qualifies.
    ratio_lines = [line.strip() for line in printed.splitlines() if line.strip().startswith(("cleaner 1 worker /", "the same"))]
    assert ratio_lines[0].startswith("cleaner 1 worker / naive floor (text)")
    assert ratio_lines[1].startswith("the same, both reading and writing the files")
    figures = json.loads(out.read_text())
    assert figures["systems"]["cleaner_jobs1"]["docs"] >= 24
    assert set(figures["ratios"]) >= {"cleaner_vs_naive", "cleaner_vs_trafilatura", "jobs_speedup", "cleaner_no_context_vs_naive"}
    assert figures["language_agreement"]["compared"] > 0
    assert abs(sum(figures["stage_shares"].values()) - 1) < 1e-6
