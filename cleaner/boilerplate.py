"""Site boilerplate learned from the corpus (CCNet-style): lines that recur in many documents.

A run over many documents makes two passes. Pass 1 counts, for every normalized line, the
number of documents it occurs in; pass 2 cleans each document with the set of lines whose
count reaches a threshold, and the classifier drops them with reason `repeated-boilerplate`
(`cleaner.classify.repeated_lines` says which ones: not every occurrence goes).

Only hashes are counted, never texts: a line is `line_hash(text)`, the first 8 bytes of the
BLAKE2b digest of its casefolded words (punctuation and symbols ignored). Unlike CCNet's
`normalize_for_dedup` and the phrase lexicons, digits are kept: "200 g Zucker" and
"100 g Zucker" are different lines of different recipes, and on the dev pages folding
digits cost real ingredient and nutrition lines while finding no more boilerplate. Lines
without a letter (dates, prices, "1/2") are not counted.

The functions are pure and work as a map-reduce on any engine:

    counts = merge(*(count(texts) for texts in partitions))   # map, then reduce
    common = frequent(counts, min_docs)                         # a frozenset of ints
    clean_document(data, source, replace(config, boilerplate=common))

`count` takes documents as iterables of lines; `document_hashes` gives the set of one
document. Counting is a sum, so the result does not depend on how documents are split into
partitions nor on their order: the same corpus gives the same set on any number of workers.

Memory: `count` keeps a Counter, about 100 bytes per distinct line, fine for a partition.
A local run (`frequent_in_corpus`) spills the hashes to disk in 256 shards and counts one
shard at a time, so it holds 1/256 of the corpus's line hashes at once (8 bytes each, plus
numpy's sort); pass 2 holds only the frequent hashes. Partitions must be merged before `frequent`: a line rare in every partition can
still be frequent in the corpus.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import numpy as np

from cleaner.config import CleanConfig

# Default number of documents a line must occur in to be boilerplate. CCNet drops every
# repeat (2) because it only wants unique paragraphs for training; a cleaner must keep
# articles whole, so the default asks for more evidence: ten documents of a corpus sharing
# an exact line (after normalization) outside their body text is a site template.
DEFAULT_MIN_DOCS = 10
# A threshold below this turns the pass off: a line in one document is no evidence.
MIN_CORPUS_DOCS = 2
# Pass 1 sends documents to workers in batches of this many.
BATCH_DOCS = 32
# Pass 1 of a local run spills hashes to 2**SHARD_BITS files and counts one at a time.
SHARD_BITS = 8
SHARDS = 1 << SHARD_BITS
_SHARD_STARTS = np.array([i << (64 - SHARD_BITS) for i in range(SHARDS)], dtype=np.uint64)

_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits
_LETTER = re.compile(r"[^\W\d_]")


def line_hash(text: str) -> int | None:
    """The 64-bit hash of a line's casefolded words; None for a line that is not counted
    (no letter in it).

    >>> line_hash("Share this!") == line_hash("SHARE  THIS »"), line_hash("200 g Zucker") == line_hash("100 g Zucker")
    (True, False)
    >>> line_hash("12.03.2024") is None, line_hash("— * —") is None
    (True, True)
    """
    form = " ".join(_WORD.findall(text.casefold()))
    if not _LETTER.search(form):
        return None
    return int.from_bytes(hashlib.blake2b(form.encode("utf-8"), digest_size=8).digest(), "big")


def document_hashes(lines: Iterable[str]) -> frozenset[int]:
    """The hashes of a document's lines, each once (a line counts once per document)."""
    hashes = (line_hash(line) for line in lines)
    return frozenset(h for h in hashes if h is not None)


def count(documents: Iterable[Iterable[str]]) -> Counter[int]:
    """For each line hash, the number of `documents` (iterables of lines) it occurs in.

    >>> counts = count([["Home", "Story one.", "© 2024 Site"], ["Home", "Story two.", "© 2024 SITE"]])
    >>> counts[line_hash("home")], counts[line_hash("Story one.")], counts[line_hash("© 2024 site!")]
    (2, 1, 2)
    """
    counts: Counter[int] = Counter()
    for lines in documents:
        counts.update(document_hashes(lines))
    return counts


def merge(*partials: Counter[int]) -> Counter[int]:
    """The counts of several partitions added up (order does not matter)."""
    total: Counter[int] = Counter()
    for partial in partials:
        total.update(partial)
    return total


def frequent(counts: Counter[int], min_docs: int = DEFAULT_MIN_DOCS) -> frozenset[int]:
    """The hashes that occur in at least `min_docs` documents; empty when `min_docs` < 2
    (a line in one document is not evidence of anything).

    >>> sorted(frequent(Counter({1: 5, 2: 1, 3: 2}), 2))
    [1, 3]
    """
    if min_docs < MIN_CORPUS_DOCS:
        return frozenset()
    return frozenset(h for h, n in counts.items() if n >= min_docs)


# ------------------------------------------------------------------ pass 1 of a local run


def frequent_in_corpus(
    documents: Iterable[bytes | str], config: CleanConfig, min_docs: int, jobs: int = 1, tmp_dir: str | None = None
) -> frozenset[int]:
    """Pass 1 of a local run: `frequent(count(...), min_docs)` over a stream of raw documents,
    their lines taken as `clean_document` would classify them (`cleaner.pipeline.document_lines`),
    in bounded memory.

    Each document's hashes go to one of SHARDS temporary files (in `tmp_dir`, default the
    system's: $TMPDIR) by their top bits, 8 bytes per line and document; each shard is then counted on
    its own with numpy, so memory is one shard's worth (1/SHARDS of the corpus's lines) and
    disk is 8 bytes per line of every document, removed at the end. With `jobs` > 1 the
    documents are read, normalized and hashed by worker processes, at most 2 batches per
    worker + 2 in flight. The result is the same for any `jobs`. A document over
    `config.time_limit` counts nothing.
    """
    if min_docs < MIN_CORPUS_DOCS:
        return frozenset()
    with tempfile.TemporaryDirectory(prefix="cleaner-lines-", dir=tmp_dir) as tmp:
        paths = [Path(tmp) / f"{i:03d}.u64" for i in range(SHARDS)]
        files = [path.open("wb") for path in paths]
        try:
            for hashes in _hashed(documents, config, jobs):
                hashes.sort()  # then each shard (the top bits) is one slice
                bounds = np.append(np.searchsorted(hashes, _SHARD_STARTS), hashes.size)
                for i in range(SHARDS):
                    if bounds[i] < bounds[i + 1]:
                        hashes[bounds[i] : bounds[i + 1]].tofile(files[i])
        finally:
            for file in files:
                file.close()
        found: list[int] = []
        for path in paths:
            hashes = np.fromfile(path, dtype=np.uint64)
            path.unlink()
            if hashes.size:
                unique, counts = np.unique(hashes, return_counts=True)
                found.extend(int(h) for h in unique[counts >= min_docs])
    return frozenset(found)


def hash_batch(documents: list[bytes | str], config: CleanConfig) -> np.ndarray:
    """The line hashes of each document (each once per document), all in one array
    (picklable: runs in a worker process)."""
    from cleaner.guard import DocumentTimeout, run_with_time_limit
    from cleaner.pipeline import document_lines

    hashes: list[int] = []
    for data in documents:
        try:
            lines = run_with_time_limit(lambda: document_lines(data, config), config.time_limit)
        except DocumentTimeout:
            continue
        except Exception:  # noqa: BLE001 - pass 2 reports the document; pass 1 only counts
            continue
        hashes.extend(document_hashes(lines))
    return np.array(hashes, dtype=np.uint64)


def _hashed(documents: Iterable[bytes | str], config: CleanConfig, jobs: int) -> Iterator[np.ndarray]:
    batches = _batches(documents)
    if jobs <= 1:
        for batch in batches:
            yield hash_batch(batch, config)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(os.getpid(),)) as pool:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(pool.submit(hash_batch, batch, config))
            if len(pending) >= 2 * jobs + 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _batches(documents: Iterable[bytes | str]) -> Iterator[list[bytes | str]]:
    batch: list[bytes | str] = []
    for data in documents:
        batch.append(data)
        if len(batch) >= BATCH_DOCS:
            yield batch
            batch = []
    if batch:
        yield batch


def _init_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (kill -9) would wait for work forever: exit instead."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
