"""The journal: complete lines only, torn tails ignored, interrupted resumes merged."""

from __future__ import annotations

from cleaner.journal import Journal, entry_line, join, merge_interrupted, read_entries, split


def rows(n: int, start: int = 0, tag: str = "") -> list[dict]:
    return [{"input": f"d{i}", "status": "ok" if i % 3 else "empty", "tag": tag} for i in range(start, start + n)]


def write(path, manifest_rows, with_output=False) -> None:
    with Journal(path) as journal:
        for row in manifest_rows:
            output = f'{{"text":"{row["input"]}"}}\n'.encode() if with_output and row["status"] == "ok" else None
            journal.append(entry_line(row, output))


def test_torn_last_line_is_ignored(tmp_path):
    path = tmp_path / "m.jsonl"
    write(path, rows(3))
    with path.open("ab") as handle:
        handle.write(b'{"input":"d3","sta')  # kill -9 in the middle of a write
    assert [e.row["input"] for e in read_entries(path)] == ["d0", "d1", "d2"]


def test_a_corrupt_line_ends_the_journal(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_bytes(b'{"input":"a"}\nnot json\n{"input":"c"}\n')
    assert [e.row["input"] for e in read_entries(path)] == ["a"]


def test_missing_journal_reads_as_empty(tmp_path):
    assert list(read_entries(tmp_path / "none.jsonl")) == []


def test_merge_interrupted_resume(tmp_path):
    previous, current = tmp_path / "manifest.jsonl", tmp_path / "resume.jsonl"
    write(previous, rows(10, tag="old"))
    write(current, rows(4, tag="new"))
    with current.open("ab") as handle:
        handle.write(b'{"inp')
    merge_interrupted(current, previous)
    merged = [(e.row["input"], e.row["tag"]) for e in read_entries(previous)]
    assert merged == [(f"d{i}", "new") for i in range(4)] + [(f"d{i}", "old") for i in range(4, 10)]
    assert not current.exists()


def test_merge_when_the_resume_got_further_than_the_first_run(tmp_path):
    previous, current = tmp_path / "manifest.jsonl", tmp_path / "resume.jsonl"
    write(previous, rows(3, tag="old"))
    write(current, rows(5, tag="new"))
    merge_interrupted(current, previous)
    assert [e.row["tag"] for e in read_entries(previous)] == ["new"] * 5


def test_split_and_join_are_inverse(tmp_path):
    journal = tmp_path / "journal.jsonl"
    write(journal, rows(7), with_output=True)
    (tmp_path / "tmp").mkdir()
    split(journal, tmp_path / "out.jsonl", tmp_path / "out.manifest.jsonl", tmp_path / "tmp")
    assert (tmp_path / "out.jsonl").read_text().splitlines() == [f'{{"text":"d{i}"}}' for i in (1, 2, 4, 5)]
    assert len((tmp_path / "out.manifest.jsonl").read_text().splitlines()) == 7
    assert join(tmp_path / "out.manifest.jsonl", tmp_path / "out.jsonl", tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_bytes() == journal.read_bytes()
    assert not join(tmp_path / "nope.jsonl", tmp_path / "out.jsonl", tmp_path / "x.jsonl")


def test_a_write_that_fails_part_way_is_cut_back_to_whole_lines(tmp_path, monkeypatch):
    import errno
    import os

    import pytest

    from cleaner import journal as module

    path = tmp_path / "m.jsonl"
    real = module.write_all

    def short_then_full(fd, data):
        os.write(fd, data[:7])
        raise OSError(errno.ENOSPC, "No space left on device")

    with Journal(path) as journal:
        journal.append(entry_line(rows(1)[0]))
        monkeypatch.setattr(module, "write_all", short_then_full)
        with pytest.raises(OSError):
            journal.append(entry_line(rows(2)[1]))
        monkeypatch.setattr(module, "write_all", real)
        journal.append(entry_line(rows(3)[2]))  # the disk has room again
    assert [e.row["input"] for e in read_entries(path)] == ["d0", "d2"]
    assert path.read_bytes().count(b"\n") == 2


def test_a_journal_removed_while_open_is_noticed(tmp_path):
    import pytest

    from cleaner.journal import JournalLost

    path = tmp_path / "m.jsonl"
    with Journal(path) as journal:
        journal.append(entry_line(rows(1)[0]))
        path.unlink()
        with pytest.raises(JournalLost):
            journal.append(entry_line(rows(2)[1]))
