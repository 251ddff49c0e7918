"""Run the adversarial cases through `cleaner clean` and measure each: time and peak memory.

    python -m tests.adversarial.measure          # the table, for the closing note
    make adversarial                              # the same

Each case runs in a process forked from one that has loaded and warmed the pipeline, so the
figures are the case's own: wall time of the `cleaner clean` call, the process's peak resident
memory (VmHWM) and its growth over the memory the process held before the case. The forked
child is killed if it runs past the case's time bound.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

from tests.adversarial.cases import CASES, Case, Result


def _status_mb(field: str) -> float | None:
    """A memory figure of /proc/self/status in MB (Linux); None elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _child(args: list[str], report) -> None:
    from cleaner.cli import cli

    before = _status_mb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    try:
        cli.main(args, prog_name="cleaner", standalone_mode=False)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    seconds = time.monotonic() - started
    peak = _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.send({"exit_code": code, "seconds": seconds, "peak_mb": peak, "growth_mb": peak - before})
    report.close()


def run_case(case: Case, workdir: Path) -> Result:
    """Make the case's input in `workdir`, run `cleaner clean` on it in a forked process, and
    return the manifest row, the output text and the measurements."""
    from cleaner.guard import warm_up

    warm_up()  # in the parent, before forking: not part of any case's figures
    source = workdir / "in"
    source.mkdir()
    path = source / f"input{case.suffix}"
    case.make(path)
    out = workdir / "out"
    args = ["clean", str(path), "-o", str(out), "-j", "1", "-q", *case.args]
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(args, send))
    child.start()
    send.close()
    if not receive.poll(case.max_seconds):
        child.kill()
        child.join()
        raise AssertionError(f"{case.name}: still running after {case.max_seconds} s")
    figures = receive.recv()
    child.join()
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 1, rows
    row = rows[0]
    text = (out / row["output"]).read_text("utf-8") if row["output"] else ""
    return Result(row=row, text=text, input_path=path, **figures)


def main() -> int:
    print(f"{'case':<42} {'status':<13} {'time s':>7} {'peak MB':>8} {'growth MB':>10}  check")
    failures = 0
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                result = run_case(case, Path(tmp))
            except AssertionError as error:
                print(f"{case.name:<42} {'-':<13} {'-':>7} {'-':>8} {'-':>10}  FAILED: {error}")
                failures += 1
                continue
            try:
                case.check(result)
                verdict = "ok"
            except AssertionError as error:
                verdict = f"FAILED {error}"[:80]
                failures += 1
            print(
                f"{case.name:<42} {result.row['status']:<13} {result.seconds:>7.2f} {result.peak_mb:>8.0f}"
                f" {result.growth_mb:>10.1f}  {verdict}",
                flush=True,
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
