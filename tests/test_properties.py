"""Properties of `clean_document` on generated input (hypothesis).

Derandomized, so CI sees the same examples on every run (see HUNT below for more); a
failure prints the smallest input that breaks the property. The generators mix the things scraped text is made of:
residue phrases from the lexicon, sentences, headings, datelines, bylines, HTML fragments,
every line-break form, and arbitrary bytes and characters.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from importlib import resources

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.config import CleanConfig
from cleaner.lexicons import PREFIX_ANY_MARK, PREFIX_MARK, _entries
from cleaner.pipeline import clean_document
from cleaner.reasons import REASONS

# CI runs a fixed set of examples. To hunt for new failures, run with e.g.
# CLEANER_PROPERTY_EXAMPLES=5000: more examples, and random ones instead of the fixed set.
HUNT = int(os.environ.get("CLEANER_PROPERTY_EXAMPLES", "0"))
PROPERTY = settings(
    max_examples=HUNT or 150,
    deadline=None,
    derandomize=not HUNT,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
AS_TEXT = CleanConfig(format="text")


@cache
def residue_phrases() -> tuple[str, ...]:
    """Every phrase and prefix entry of the data files, as a page would show it."""
    root = resources.files("cleaner") / "data" / "phrases"
    out: list[str] = []
    for reason_dir in sorted(root.iterdir(), key=lambda p: p.name):
        for lang_file in sorted(reason_dir.iterdir(), key=lambda p: p.name):
            for entry in _entries(lang_file.read_text("utf-8")):
                out.append(entry.removesuffix(PREFIX_ANY_MARK).removesuffix(PREFIX_MARK).strip())
    return tuple(out)


SENTENCES = (
    "The council approved the new budget on Tuesday after a long debate about school funding.",
    "Readers were invited to leave a comment on the proposal before Friday.",
    "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt beschlossen.",
    "Le conseil municipal a adopté le budget mardi après un long débat sur les écoles.",
    "市议会周二在就学校经费进行长时间辩论后批准了新预算。",
    "وافق المجلس على الميزانية الجديدة يوم الثلاثاء بعد نقاش طويل حول تمويل المدارس.",
    "Family 👨‍👩‍👧‍👦 and flags 🏳️‍🌈 are single graphemes made of several code points.",
)
SHORT_LINES = (
    "My Title",
    "Related Posts",
    "Teaser headline about something",
    "A cut-off snippet that ends in...",
    "By Jane Doe",
    "Jane Doe",
    "November 11, 2024",
    "03/04/2024",
    "Source: dpa",
    "Useful links:",
    "- a list item",
    "© 2024 Example Inc.",
    "12 Comments",
    "&amp; &lt;p&gt; &#8217; &nbsp;",
    "Tom &amp;amp; Jerry &amp;lt;b&amp;gt;",
    "doesnâ€™t",
)
BREAKS = ("\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\n \t\n")
TAGS = ("p", "div", "span", "a", "li", "ul", "h1", "h2", "article", "section", "td", "tr", "table", "aside", "nav", "footer")

lines = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(SHORT_LINES),
    st.sampled_from(residue_phrases()),
    st.text(max_size=40),
)
documents = st.lists(st.tuples(lines, st.sampled_from(BREAKS)), max_size=30).map(
    lambda parts: "".join(line + brk for line, brk in parts)
)


@st.composite
def html_fragments(draw, depth: int = 0) -> str:
    """Nested tags around lines, sometimes left unclosed, sometimes with entities."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            inner = draw(html_fragments(depth + 1))
            close = draw(st.sampled_from((f"</{tag}>", f"</{tag}>", "")))
            parts.append(f"<{tag} class=\"x\">{inner}{close}")
        else:
            parts.append(draw(lines).replace("<", "&lt;"))
    return "".join(parts)


pages = st.builds(
    lambda title, head, body: f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>{body}</body></html>",
    lines,
    st.sampled_from(("", '<meta charset="utf-8">', '<meta name="author" content="Jane Doe">', "<script>var a = '<p>';</script>")),
    html_fragments(),
)
any_input = st.one_of(
    st.binary(max_size=3000),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=1000),
    documents,
    documents.map(lambda text: text.encode("utf-8")),
    documents.map(lambda text: text.encode("utf-16-le")),
    documents.map(lambda text: text.encode("cp1252", "replace")),
    pages,
    pages.map(lambda text: text.encode("utf-8")),
    html_fragments(),
)


@PROPERTY
@given(any_input)
def test_never_raises_and_status_is_known(data):
    doc = clean_document(data)
    assert doc.status in {"ok", "empty", "binary", "extract-empty", "too-large", "too-deep"}
    assert (doc.status == "ok") == bool(doc.text)


@PROPERTY
@given(any_input)
def test_one_verdict_per_line_and_dropped_plus_kept_is_all(data):
    doc = clean_document(data)
    assert len(doc.verdicts) == len(doc.lines)
    assert doc.lines_dropped + sum(v.keep for v in doc.verdicts) == len(doc.lines)
    assert sum(doc.dropped_by_reason().values()) == doc.lines_dropped
    for verdict in doc.verdicts:
        assert verdict.reason == "content" if verdict.keep else verdict.reason in REASONS
    numbers = [line.n for line in doc.lines]
    assert numbers == sorted(set(numbers))
    blocks = [line.block for line in doc.lines]
    assert blocks == sorted(blocks)


@PROPERTY
@given(any_input)
def test_never_invents_text(data):
    """The clean text is the kept lines in order. Only HTML may have one more line first:
    the title from its metadata (a text's title is its first kept line)."""
    doc = clean_document(data)
    out = [line for line in doc.text.split("\n") if line]
    kept = [line.text for line, v in zip(doc.lines, doc.verdicts) if v.keep]
    if doc.format == "html" and len(out) == len(kept) + 1:
        assert out[0] == doc.metadata.title
        out = out[1:]
    assert out == kept


@PROPERTY
@given(any_input)
def test_idempotent(data):
    """Cleaning the clean text again (it is plain text) gives the same text."""
    once = clean_document(data).text
    assert clean_document(once, config=AS_TEXT).text == once


@PROPERTY
@given(any_input)
def test_idempotent_without_the_context(data):
    """The same with `--no-context`: settle runs the classifier the run used."""
    once = clean_document(data, config=CleanConfig(context=False)).text
    assert clean_document(once, config=CleanConfig(format="text", context=False)).text == once


@PROPERTY
@given(any_input)
def test_deterministic_within_a_process(data):
    assert clean_document(data) == clean_document(data)


def test_deterministic_across_processes_and_hash_seeds():
    """Set and dict order must not leak into the output: two interpreters with different
    hash seeds clean the golden inputs and a few generated documents to the same result."""
    script = (
        "import hashlib, pathlib, sys\n"
        "from cleaner.pipeline import clean_document\n"
        "from cleaner.manifest import dumps, row\n"
        "h = hashlib.sha256()\n"
        "for path in sorted(pathlib.Path(sys.argv[1]).glob('*/input.*')):\n"
        "    doc = clean_document(path.read_bytes(), path.name)\n"
        "    h.update(repr(doc).encode() + dumps(row(doc, path.name, None)).encode())\n"
        "print(h.hexdigest())\n"
    )
    golden = str(resources.files("cleaner").joinpath("..", "golden"))
    digests = set()
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", script, golden], env=env, capture_output=True, text=True, check=True)
        digests.add(result.stdout.strip())
    assert len(digests) == 1
