"""Reading inputs: order, formats, and every kind of bad input as one failed item (no raise)."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
from pathlib import Path

import pytest

from cleaner import readers
from cleaner.readers import Item, ReadConfig, read_inputs, walk

CONFIG = ReadConfig()


def items(*specs, config=CONFIG, stdin=None) -> list[Item]:
    return list(read_inputs([str(s) for s in specs], config, stdin))


def test_directories_come_out_in_sorted_relative_path_order(tmp_path):
    for name in ("b.txt", "a-b.txt", "a/x.txt", "a.txt", "a0.txt", "a/y/z.txt", ".hidden", ".git/c.txt", "A.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    names = [rel for _, rel in walk(tmp_path)]
    expected = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    expected = [n for n in expected if not any(part.startswith(".") for part in n.split("/"))]
    assert names == expected == ["A.txt", "a-b.txt", "a.txt", "a/x.txt", "a/y/z.txt", "a0.txt", "b.txt"]


def test_gzip_files_are_decompressed_and_named_without_gz(tmp_path):
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(b"<p>hi</p>"))
    [item] = items(tmp_path / "a.html.gz")
    assert (item.input, item.data, item.out_base, item.error) == ("a.html.gz", b"<p>hi</p>", "a.html", "")


@pytest.mark.parametrize("data", [b"not gzip", gzip.compress(b"x" * 1000)[:-12], gzip.compress(b"x")[:12] + b"\xff" * 20])
def test_broken_gzip_is_one_failed_item(tmp_path, data):
    (tmp_path / "a.txt.gz").write_bytes(data)
    [item] = items(tmp_path / "a.txt.gz")
    assert item.data is None and item.error.startswith("broken gzip: ")


def write_jsonl(path: Path, lines: list) -> Path:
    body = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines).encode()
    path.write_bytes(gzip.compress(body) if path.name.endswith(".gz") else body)
    return path


@pytest.mark.parametrize("name", ["docs.jsonl", "docs.jsonl.gz", "docs.ndjson"])
def test_jsonl_one_item_per_line_with_id_and_record(tmp_path, name):
    path = write_jsonl(tmp_path / name, [{"id": "x/1", "text": "One", "url": "u"}, "", {"id": 7, "text": "Two"}, {"text": "Three"}])
    got = items(path)
    assert [i.input for i in got] == [f"{name}:1", f"{name}:3", f"{name}:4"]  # blank line 2 is not a document
    assert [i.data for i in got] == ["One", "Two", "Three"]
    assert [i.doc_id for i in got] == ["x/1", 7, None]
    assert [i.out_id for i in got] == ["x/1", "7", "line-4"]
    assert {i.out_base for i in got} == {"docs"}
    assert got[0].record == {"id": "x/1", "text": "One", "url": "u"}


def test_jsonl_fields_are_configurable(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [{"key": "k1", "body": "<p>x</p>", "text": 3}])
    [item] = items(path, config=ReadConfig(text_field="body", id_field="key"))
    assert (item.data, item.doc_id, item.error) == ("<p>x</p>", "k1", "")


def test_bad_jsonl_lines_fail_alone_and_name_file_and_line(tmp_path):
    path = write_jsonl(
        tmp_path / "d.jsonl",
        [{"id": 1, "text": "ok"}, "{not json", "[1, 2]", {"id": 4}, {"id": 5, "text": ["a"]}, {"id": 6, "text": None}, {"text": "fine"}],
    )
    with path.open("ab") as handle:
        handle.write(b'{"text": "\xff\xfe"}\n')
    got = items(path)
    assert [i.error for i in got] == [
        "",
        "d.jsonl line 2: malformed JSON (Expecting property name enclosed in double quotes at column 2)",
        "d.jsonl line 3: not a JSON object but an array",
        'd.jsonl line 4: no "text" field',
        'd.jsonl line 5: field "text" is an array, not a string',
        'd.jsonl line 6: field "text" is null, not a string',
        "",
        "d.jsonl line 8: malformed JSON (not valid UTF-8)",
    ]
    assert got[3].doc_id == 4 and all(i.from_jsonl for i in got)


def test_truncated_jsonl_gz_keeps_the_lines_before_the_break(tmp_path):
    body = "".join(json.dumps({"id": i, "text": f"document {i} " + "x" * (i % 97)}) + "\n" for i in range(3000)).encode()
    data = gzip.compress(body)
    (tmp_path / "d.jsonl.gz").write_bytes(data[: len(data) // 2])
    got = items(tmp_path / "d.jsonl.gz")
    good, last = got[:-1], got[-1]
    assert len(good) > 100 and all(not i.error for i in good)
    assert [i.doc_id for i in good] == list(range(len(good)))
    assert last.input == f"d.jsonl.gz:{len(good) + 1}"
    assert last.error == f"d.jsonl.gz line {len(good) + 1}: broken gzip: the file is truncated; the rest of the file is not read"


def test_format_jsonl_reads_any_file_as_jsonl(tmp_path):
    write_jsonl(tmp_path / "dump.json", [{"text": "a"}])
    [item] = items(tmp_path / "dump.json", config=ReadConfig(format="jsonl"))
    assert item.data == "a" and item.out_base == "dump"


def test_stdin_is_sniffed_as_jsonl_or_one_document():
    jsonl = b'{"id": "a", "text": "One"}\n{"id": "b", "text": "Two"}\n'
    assert [i.data for i in items("-", stdin=io.BytesIO(jsonl))] == ["One", "Two"]
    text = b"{curly} but a text\nsecond line\n"
    [item] = items("-", stdin=io.BytesIO(text))
    assert (item.input, item.data, item.out_base) == ("<stdin>", text, "stdin")
    [forced] = items("-", config=ReadConfig(format="text"), stdin=io.BytesIO(jsonl))
    assert forced.data == jsonl


def test_missing_input_and_dangling_symlink(tmp_path):
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    assert [i.error for i in items(tmp_path / "missing.txt", tmp_path / "link")] == [
        "no such file or directory",
        "dangling symlink (its target does not exist)",
    ]


def test_symlink_loops_are_failed_items_not_hangs(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("x")
    (root / "sub" / "up").symlink_to(root)  # directory loop
    (root / "self").symlink_to(root / "self")  # file link loop
    (root / "other").symlink_to(root / "sub")  # a plain directory link is followed
    got = {i.input: i.error for i in items(root)}
    assert got == {
        "other/a.txt": "",
        "other/up": "symlink loop: the directory link leads back to a directory above it",
        "self": "symlink loop (too many levels of symbolic links)",
        "sub/a.txt": "",
        "sub/up": "symlink loop: the directory link leads back to a directory above it",
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_a_directory_is_failed_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "z.txt").write_text("x")
    assert [(i.input, i.error) for i in items(tmp_path)] == [("pipe", "not a regular file but a named pipe"), ("z.txt", "")]


def test_file_names_that_are_not_utf8(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("x")
    (tmp_path / "good.txt").write_text("y")
    got = items(tmp_path)
    assert [(i.input, i.error) for i in got] == [("caf\\xe9.txt", "file name is not valid UTF-8"), ("good.txt", "")]
    json.dumps(got[0].input).encode("utf-8")  # the manifest can hold it


def test_permission_denied_on_files_and_directories(tmp_path, monkeypatch):
    """Simulated: the tests may run as root, which can read anything."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text("x")
    (tmp_path / "secret.txt").write_text("x")
    (tmp_path / "secret.jsonl").write_text('{"text": "x"}\n')
    (tmp_path / "z.txt").write_text("readable")
    real_scandir, real_read, real_open = os.scandir, Path.read_bytes, Path.open

    def denied(path):
        return OSError(errno.EACCES, "Permission denied", str(path))

    def scandir(path):
        if Path(path).name == "locked":
            raise denied(path)
        return real_scandir(path)

    def read_bytes(self):
        if self.name == "secret.txt":
            raise denied(self)
        return real_read(self)

    def open_(self, *args, **kwargs):
        if self.name == "secret.jsonl":
            raise denied(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(readers.os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "open", open_)
    got = [(i.input, i.error) for i in items(tmp_path)]
    assert got == [
        ("locked", "cannot list directory: permission denied"),
        ("secret.jsonl", "permission denied"),
        ("secret.txt", "permission denied"),
        ("z.txt", ""),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; the simulated test above covers it")
def test_permission_denied_for_real(tmp_path):
    (tmp_path / "secret.txt").write_text("x")
    (tmp_path / "secret.txt").chmod(0)
    assert [i.error for i in items(tmp_path)] == ["permission denied"]


def test_items_hash_like_the_pipeline():
    from cleaner import clean

    for data in (b"bytes \xff", "text \ud800 with a lone surrogate"):
        assert Item("x", data=data).sha256() == clean(data).sha256
