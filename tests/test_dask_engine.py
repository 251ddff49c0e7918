"""The dask engine gives the local engine's output, byte for byte, on a real LocalCluster of
two worker processes; its API works on bags and fsspec URLs; a missing Dask is a clear usage
error. Dask is installed by `make install` (`.[test,dask]`): these tests are not skipped."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import dask
import fsspec
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from cleaner import dask_engine
from cleaner.cli import cli
from cleaner.corpus import RunConfig, run
from cleaner.readers import ReadConfig
from cleaner.runner import Filters, clean_one

sys.path.insert(0, str(Path(__file__).parent))
from test_corpus_cli import ARTICLE, HTML, make_corpus, tree  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    """One cluster for the module: two worker processes, one thread each."""
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as local:
        with Client(local, set_as_default=False) as client:
            yield local, client


def mixed_corpus(root: Path) -> Path:
    """Text, HTML, gz, JSONL and bad inputs (`make_corpus`), plus inputs whose outputs want
    the same name, so that naming across partitions matters."""
    root.mkdir(parents=True)
    make_corpus(root, n=12)
    (root / "same.html").write_text(HTML.format(i=7))
    (root / "same.txt").write_text(ARTICLE.format(i=8))  # wants same.txt too: same.txt.txt
    (root / "gone.html").write_text("<html><body></body></html>")  # dropped: takes no name
    (root / "gone.txt").write_text(ARTICLE.format(i=9))  # so this one gets gone.txt
    lines = [json.dumps({"id": "dup", "text": ARTICLE.format(i=300 + i)}) for i in range(3)]
    (root / "ids.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    return root


def local_run(inputs: list[str], out: Path) -> None:
    config = RunConfig(inputs=tuple(inputs), output=out, jobs=2)
    run(config)


def test_cli_dask_engine_equals_the_local_engine_byte_for_byte(cluster, tmp_path, monkeypatch):
    local, _ = cluster
    root = mixed_corpus(tmp_path / "in")
    extra = tmp_path / "single.html"
    extra.write_text(HTML.format(i=11))
    inputs = [str(root), str(extra), str(tmp_path / "missing.txt")]
    local_run(inputs, tmp_path / "local")
    monkeypatch.setattr(dask_engine, "FILES_PER_PARTITION", 5)  # many partitions
    result = CliRunner().invoke(
        cli, ["clean", *inputs, "-o", str(tmp_path / "dask"), "--engine", "dask", "--scheduler", local.scheduler_address, "-q"]
    )
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == 1, result.output  # the corpus has broken inputs, as the local run
    expected, got = tree(tmp_path / "local"), tree(tmp_path / "dask")
    assert list(got) == list(expected)
    assert got == expected
    rows = [json.loads(line) for line in expected["manifest.jsonl"].splitlines()]
    outputs = {r["input"]: r["output"] for r in rows}
    assert outputs["same.html"] == "same.txt" and outputs["same.txt"] == "same.txt.txt"
    assert outputs["gone.html"] is None and outputs["gone.txt"] == "gone.txt"
    assert [outputs[f"ids.jsonl.gz:{n}"] for n in (1, 2, 3)] == ["ids/dup.txt", "ids/dup.2.txt", "ids/dup.3.txt"]
    assert {r["status"] for r in rows} >= {"ok", "failed", "empty", "binary"}
    assert not (tmp_path / "dask" / ".cleaner").exists()


def test_site_scoped_rules_apply_on_the_cluster_as_locally(cluster, tmp_path):
    """User rules travel with the config and see each JSONL record's URL on the workers too."""
    local, _ = cluster
    root = tmp_path / "in"
    root.mkdir()
    body = ARTICLE.format(i=1) + "\nGet the Morning Brief\n"
    records = [{"id": f"d{i}", "url": url, "text": body} for i, url in enumerate(["https://www.example.com/a", "https://news.other.org/b"])]
    (root / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    rules = tmp_path / "rules.toml"
    rules.write_text('[rules.brief]\nreason = "subscribe"\nphrases = ["Get the Morning Brief"]\nsites = ["example.com"]\n')
    common = ["clean", str(root), "--rules", str(rules), "-q"]
    assert CliRunner().invoke(cli, [*common, "-o", str(tmp_path / "local"), "-j", "2"]).exit_code == 0
    result = CliRunner().invoke(cli, [*common, "-o", str(tmp_path / "dask"), "--engine", "dask", "--scheduler", local.scheduler_address])
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    rows = [json.loads(line) for line in tree(tmp_path / "dask")["manifest.jsonl"].splitlines()]
    assert [r["dropped_by_reason"].get("subscribe", 0) for r in rows] == [1, 0]


def test_repeated_boilerplate_is_a_map_reduce_on_the_cluster_with_the_local_result(cluster, tmp_path, monkeypatch):
    """A footer line in every document is learned on the cluster (hash counts per partition,
    merged) and dropped as the local engine drops it; the outputs are the same bytes."""
    local, _ = cluster
    root = tmp_path / "in"
    root.mkdir()
    for i in range(6):
        (root / f"a{i}.txt").write_text(ARTICLE.format(i=500 + i) + "\nRiverside Gazette, 12 Mill Lane, Eastbrook\n")
    common = ["clean", str(root), "--boilerplate-min-docs", "3", "-q"]
    assert CliRunner().invoke(cli, [*common, "-o", str(tmp_path / "local"), "-j", "2"]).exit_code == 0
    monkeypatch.setattr(dask_engine, "FILES_PER_PARTITION", 2)  # counts from several partitions
    result = CliRunner().invoke(cli, [*common, "-o", str(tmp_path / "dask"), "--engine", "dask", "--scheduler", local.scheduler_address])
    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    rows = [json.loads(line) for line in tree(tmp_path / "dask")["manifest.jsonl"].splitlines()]
    assert all(r["dropped_by_reason"].get("repeated-boilerplate") == 1 for r in rows)


def test_api_on_the_cluster_with_small_partitions(cluster, tmp_path):
    _, client = cluster
    root = mixed_corpus(tmp_path / "in")
    local_run([str(root)], tmp_path / "local")
    items = dask_engine.read_bag([str(root)], ReadConfig(), files_per_partition=3)
    assert items.npartitions >= 8
    cleaned = dask_engine.clean_bag(items)
    totals = dask_engine.write_bag(cleaned, str(tmp_path / "dask"), [str(root)], client=client, window=2)
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert totals.documents == len(tree(tmp_path / "local")["manifest.jsonl"].splitlines())
    assert totals.ok + totals.dropped + totals.failed == totals.documents


def test_clean_bag_of_pairs_gives_rows_and_texts_of_the_per_document_function():
    import dask.bag as db

    docs = [(f"d{i}.txt", ARTICLE.format(i=i).encode()) for i in range(6)] + [("p.html", HTML.format(i=1))]
    filters = Filters(min_chars=60)
    with dask.config.set(scheduler="sync"):
        got = dask_engine.clean_bag(db.from_sequence(docs, npartitions=3), filters=filters).compute()
    assert [(d.row, d.text) for d in got] == [(c.row, c.text) for c in (clean_one(n, data, Default, filters) for n, data in docs)]
    assert "Share post:" not in got[0].text and "A real sentence number 0" in got[0].text


Default = dask_engine.DEFAULT_CONFIG


def test_fsspec_urls_in_and_out_match_local_paths(tmp_path):
    """memory:// lives in one process, so this runs on the threaded scheduler."""
    root = mixed_corpus(tmp_path / "in")
    (root / "loop").unlink()  # no symlinks or undecodable names in an object store
    for path in list(root.iterdir()):
        if not path.name.isascii():
            path.unlink()
    local_run([str(root)], tmp_path / "local")
    memory = fsspec.filesystem("memory")
    for path in root.rglob("*"):
        if path.is_file():
            memory.pipe_file(f"/w7in/{path.relative_to(root).as_posix()}", path.read_bytes())
    try:
        with dask.config.set(scheduler="threads"):
            items = dask_engine.read_bag(["memory://w7in"], files_per_partition=4)
            dask_engine.write_bag(dask_engine.clean_bag(items), "memory://w7out", client=None)
        written = {p[len("/w7out/") :]: memory.cat_file(p) for p in memory.find("/w7out")}
        assert written == tree(tmp_path / "local")
    finally:
        memory.rm("/w7in", recursive=True)
        if memory.exists("/w7out"):
            memory.rm("/w7out", recursive=True)


def test_missing_dask_is_a_usage_error_naming_the_extra(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE.format(i=1))
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    result = CliRunner().invoke(cli, ["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--engine", "dask"])
    assert result.exit_code == 2
    assert "pip install 'cleaner[dask]'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--resume"], "cannot --resume"),
        (["--output-format", "jsonl"], "--output-format jsonl"),
    ],
)
def test_what_the_dask_engine_does_not_do_is_a_usage_error(tmp_path, args, message):
    (tmp_path / "a.txt").write_text(ARTICLE.format(i=1))
    result = CliRunner().invoke(cli, ["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--engine", "dask", *args])
    assert result.exit_code == 2 and message in result.output, result.output


def test_url_output_needs_the_dask_engine(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE.format(i=1))
    result = CliRunner().invoke(cli, ["clean", str(tmp_path / "a.txt"), "-o", "memory://x"])
    assert result.exit_code == 2 and "--engine dask" in result.output, result.output


def test_url_output_inside_a_url_input_is_refused():
    result = CliRunner().invoke(cli, ["clean", "memory://w7a", "-o", "memory://w7a/clean", "--engine", "dask"])
    assert result.exit_code == 2 and "inputs are never written to" in result.output, result.output


def test_dask_scheduler_address_from_the_environment(cluster, tmp_path, monkeypatch):
    from distributed import get_task_stream

    local, client = cluster
    (tmp_path / "a.txt").write_text(ARTICLE.format(i=1))
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", local.scheduler_address)
    with get_task_stream(client) as stream:
        result = CliRunner().invoke(cli, ["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--engine", "dask", "-q"])
    assert result.exit_code == 0, result.output
    keys = [str(task["key"]) for task in stream.data]
    assert any("clean_partition" in key for key in keys), keys
    assert (tmp_path / "out" / "a.txt").read_text().startswith("Title Of The Piece 1")


def test_an_interrupted_dask_run_is_completed_by_the_local_resume(cluster, tmp_path):
    _, client = cluster
    root = mixed_corpus(tmp_path / "in")
    local_run([str(root)], tmp_path / "local")
    out = tmp_path / "dask"

    def stop_after_ten(totals):
        if totals.documents == 10:
            raise KeyboardInterrupt

    items = dask_engine.read_bag([str(root)], files_per_partition=4)
    with pytest.raises(KeyboardInterrupt):
        dask_engine.write_bag(dask_engine.clean_bag(items), str(out), [str(root)], client=client, on_document=stop_after_ten)
    assert len((out / "manifest.jsonl").read_bytes().splitlines()) == 10
    # A task already running when the run stopped may still write to the staging area; the
    # next run clears it (tree() sees hidden files: no .cleaner/ may be left).
    run(RunConfig(inputs=(str(root),), output=out, jobs=1, resume=True))
    assert tree(out) == tree(tmp_path / "local")


def test_the_default_install_does_not_import_dask():
    import subprocess

    code = "import sys, cleaner.cli, cleaner.corpus; sys.exit(any(m.split('.')[0] in ('dask', 'distributed', 'fsspec') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
