"""Output names and writes: ids never escape the output directory, names never collide,
writes are atomic."""

from __future__ import annotations

import os

import pytest

from cleaner.io import atomic_write, id_output_name, json_line, output_name, safe_file_name, utf8


@pytest.mark.parametrize(
    "doc_id",
    ["../../etc/x", "/etc/passwd", "..", ".", "", "a/../../b", "C:\\windows\\x", "~/.ssh/id", "x\x00y", "\ud800", "n" * 500],
)
def test_ids_stay_inside_the_output_directory(tmp_path, doc_id):
    name = id_output_name("part", doc_id, set())
    assert name.startswith("part/") and name.count("/") == 1
    leaf = name.split("/")[1]
    assert not leaf.startswith(".") and len(leaf) <= 130
    target = (tmp_path / name).resolve()
    assert tmp_path.resolve() in target.parents
    atomic_write(tmp_path / name, "x")  # a valid file name on this system
    assert target.read_text() == "x"


def test_ids_that_sanitize_alike_do_not_overwrite_each_other():
    taken: set[str] = set()
    names = [id_output_name("p", doc_id, taken) for doc_id in ("a/b", "a_b", "a?b", "a/b")]
    assert names == ["p/a_b.txt", "p/a_b.2.txt", "p/a_b.3.txt", "p/a_b.4.txt"]


def test_file_names_keep_their_directories_and_do_not_collide():
    taken = {"manifest.jsonl"}
    names = ("d/a.html", "d/a.txt", "d/a.md", "d/a.md", "manifest")  # d/a.md twice: two input roots
    assert [output_name(n, taken) for n in names] == ["d/a.txt", "d/a.txt.txt", "d/a.md.txt", "d/a.2.txt", "manifest.txt"]


def test_safe_file_name_is_readable():
    assert safe_file_name("post-2024.01_x") == "post-2024.01_x"
    assert safe_file_name("a b/c") == "a_b_c"


def test_lone_surrogates_are_written_not_crashed_on(tmp_path):
    assert utf8("a\ud800b") == "a\ufffdb".encode()
    assert json_line({"t": "a\ud800"}) == b'{"t":"a\\ud800"}\n'
    atomic_write(tmp_path / "s.txt", "x\udcffy")
    assert (tmp_path / "s.txt").read_text() == "x\ufffdy"


def test_atomic_write_leaves_no_temporary_file_on_failure(tmp_path, monkeypatch):
    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(tmp_path / "a.txt", "text", tmp_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []
