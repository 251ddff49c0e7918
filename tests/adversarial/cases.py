"""The adversarial inputs: how each is made (in a temporary directory, at test time: nothing
big is committed), the options it runs with, and what a sensible result is.

A case's `check(result)` asserts on the run's manifest row and output, not just on the run
ending: `result.row` is the manifest row, `result.text` the output file ("" when none),
`result.lines` the input's lines (for "never invents text").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MB = 1 << 20
ARTICLE = "A sentence of the article body, long enough to count as a real paragraph of text."


@dataclass(frozen=True)
class Result:
    row: dict
    text: str
    exit_code: int
    seconds: float
    peak_mb: float  # the process's peak resident memory while the case ran
    growth_mb: float  # that peak minus the memory the process held before the case
    input_path: Path

    @property
    def kept(self) -> list[str]:
        return [line for line in self.text.split("\n") if line]


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None]  # writes the input file
    check: Callable[[Result], None]
    args: tuple[str, ...] = ()  # extra `cleaner clean` options
    max_seconds: float = 20.0  # generous: CI machines are slow and shared
    max_growth_mb: float = 150.0
    suffix: str = ".txt"
    slow: bool = False  # measured by `make adversarial`, too slow for `make test`


def _write_repeated(path: Path, piece: bytes, total: int, tail: bytes = b"") -> None:
    """`piece` repeated to `total` bytes, written a megabyte at a time."""
    chunk = piece * (MB // len(piece))
    with path.open("wb") as handle:
        written = 0
        while written + len(chunk) <= total:
            handle.write(chunk)
            written += len(chunk)
        handle.write(piece * ((total - written) // len(piece)))
        handle.write(tail)


def _words() -> itertools.cycle:
    """Made-up words without digits (key() folds digits, so "w1" and "w2" would be one line)."""
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "du"]
    return itertools.cycle("".join(p) for p in itertools.product(syllables, repeat=4))


def _one_word_lines(path: Path, n: int) -> None:
    words = _words()
    with path.open("w") as handle:
        for _ in range(n):
            handle.write(next(words) + "\n")


def _text(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.write_bytes(text.encode(encoding))


# --- checks shared by the cases ----------------------------------------------------------


def _too_large(result: Result) -> None:
    row = result.row
    assert (row["status"], row["output"], result.text) == ("too-large", None, "")
    assert row["reason"] == f"{result.input_path.stat().st_size} bytes, over max_bytes={2 * MB}"
    assert result.exit_code == 0  # processed: the row says why there is no text


def _ok_and_only_input_lines(result: Result, normalized_input: list[str] | None = None) -> None:
    """Status ok; every output line is an input line (never invents text)."""
    assert result.row["status"] == "ok", result.row
    assert result.exit_code == 0
    lines = set(normalized_input if normalized_input is not None else result.input_path.read_text("utf-8").splitlines())
    assert set(result.kept) <= lines


# --- the cases ---------------------------------------------------------------------------


def _check_one_line_unlimited(result: Result) -> None:
    _ok_and_only_input_lines(result, ["word " * (5 * MB // 5 - 1) + "word"])
    assert result.row["lines_in"] == 1 and len(result.text) == 5 * MB - 1 + 1  # stripped, plus the final newline


def _check_million(result: Result) -> None:
    _too_large(result)


def _check_million_unlimited(result: Result) -> None:
    row = result.row
    assert row["status"] in ("ok", "empty") and result.exit_code == 0 and row["lines_in"] == 1_000_000


def _check_one_line_50mb_unlimited(result: Result) -> None:
    assert result.row["status"] == "ok" and result.row["lines_in"] == 1 and len(result.text) == 50 * MB


def _check_lines_unlimited(result: Result) -> None:
    row = result.row
    assert row["status"] in ("ok", "empty") and result.exit_code == 0
    assert row["lines_in"] == 100_000
    assert row["lines_dropped"] + len(result.kept) - (1 if result.kept else 0) <= 100_000
    assert set(result.kept) <= set(result.input_path.read_text().split())


def _nested(path: Path) -> None:
    depth = 10_000
    _text(
        path,
        "<!DOCTYPE html><html><head><title>Deep</title></head><body><article><h1>Deep</h1>"
        f"<p>{ARTICLE}</p>" + "<div>" * depth + f"<p>{ARTICLE} At the bottom.</p>" + "</div>" * depth
        + "</article></body></html>",
    )


def _check_nested(result: Result) -> None:
    row = result.row
    # libxml2 stops at 256 levels and returns the top of the tree without an error; a
    # silently cut page would pass as clean, so it gets a status of its own.
    assert (row["status"], row["output"], row["format"]) == ("parser-limit", None, "html")
    assert row["reason"].startswith("HTML parser stopped: Excessive depth in document: 256")


_LAUGHS = (
    '<!DOCTYPE html [<!ENTITY lol "lol">'
    + '<!ENTITY lol1 "' + "&lol;" * 10 + '">'
    + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(2, 10))
    + "]>"
)


def _laughs(path: Path) -> None:
    _text(
        path,
        _LAUGHS + "<html><head><title>Laughs</title></head><body><article><h1>Laughs</h1>"
        f"<p>Before the bomb. {ARTICLE} &lol9;</p><p>After the bomb. {ARTICLE}</p></article></body></html>",
    )


def _check_laughs(result: Result) -> None:
    _ok_and_only_input_lines(
        result, ["Laughs", f"Before the bomb. {ARTICLE} &lol9;", f"After the bomb. {ARTICLE}"]
    )
    assert "lollol" not in result.text and len(result.text) < 1000  # not expanded: no 10^9 "lol"s
    assert result.kept[-1] == f"After the bomb. {ARTICLE}"


def _external_entity(path: Path) -> None:
    secret = path.with_name("secret.txt")
    secret.write_text("root:TOP-SECRET\n")
    _text(
        path,
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]><html><head><title>X</title></head><body>'
        f"<article><h1>X</h1><p>Secret: &xxe; {ARTICLE}</p></article></body></html>",
    )


def _check_external_entity(result: Result) -> None:
    assert result.row["status"] == "ok"
    assert "TOP-SECRET" not in result.text and f"Secret: &xxe; {ARTICLE}" in result.kept  # never read


def _escape_bomb(path: Path) -> None:
    # "&amp;amp;...;lt;": one "<" escaped 100,000 times over, and 20,000 "&amp;amp;" in a row.
    _text(
        path,
        f"<html><head><title>Escapes</title></head><body><article><h1>Escapes</h1><p>{ARTICLE}</p>"
        # Sentences around the escapes, so that the line classifier keeps them as prose.
        "<p>After all of the escapes there is one sign, &amp;" + "amp;" * 100_000 + "lt;, and that is the end of it.</p>"
        "<p>Flat: " + "and &amp;amp; " * 20_000 + "end.</p></article></body></html>",
    )


def _check_escape_bomb(result: Result) -> None:
    assert result.row["status"] == "ok"
    # Every level of escaping undone at once (normalize's rule), in linear time.
    assert "After all of the escapes there is one sign, <, and that is the end of it." in result.kept
    assert "Flat: " + "and & " * 20_000 + "end." in result.kept


def _nul(path: Path) -> None:
    path.write_bytes(f"Title with\x00a NUL\n\n{ARTICLE}\x00\x00 More text after NULs.\n\x00\n{ARTICLE}\n".encode())


def _check_nul(result: Result) -> None:
    assert result.row["status"] == "ok" and result.row["encoding"] == "utf-8"
    assert "\x00" not in result.text
    assert f"{ARTICLE} More text after NULs." in result.kept  # NULs removed, the words intact


def _invalid_utf8(path: Path) -> None:
    body = "Die Überschrift über Grüße\n\nEin Satz über Bäume, Flüsse und Straßen, lang genug für einen Absatz"
    path.write_bytes(body.encode() + b" \xff\xfe\xc3 " + "und danach geht es weiter.\n".encode())


def _check_invalid_utf8(result: Result) -> None:
    row = result.row
    assert (row["status"], row["encoding"]) == ("ok", "utf-8")  # not a legacy code page for the whole text
    assert result.kept == [
        "Die Überschrift über Grüße",
        "Ein Satz über Bäume, Flüsse und Straßen, lang genug für einen Absatz \ufffd\ufffd\ufffd und danach geht es weiter.",
    ]


_UTF16_TEXT = f"Title of the page\n\n{ARTICLE}\n\nZweiter Absatz über Grüße, lang genug für einen echten Absatz.\n"


def _check_utf16(encoding: str) -> Callable[[Result], None]:
    def check(result: Result) -> None:
        _ok_and_only_input_lines(result, _UTF16_TEXT.splitlines())
        assert result.row["encoding"] == encoding
        assert result.kept == [line for line in _UTF16_TEXT.splitlines() if line]

    return check


_ENDINGS = f"Title\r\rFirst. {ARTICLE}\r\nSecond. {ARTICLE}\u2028Third. {ARTICLE}\u2029Fourth. {ARTICLE}\rFifth. {ARTICLE}\n"


def _check_endings(result: Result) -> None:
    assert result.row["status"] == "ok"
    assert result.kept == ["Title", *(f"{n}. {ARTICLE}" for n in ("First", "Second", "Third", "Fourth", "Fifth"))]
    assert "\r" not in result.text and "\u2028" not in result.text


_RTL = (
    "עיתון היום\n\nזהו משפט ארוך מספיק בעברית כדי להיחשב כתוכן של המאמר הזה, עם עוד כמה מילים.\n\n"
    "\u200fהמשך הכתבה עם סימן כיוון בתחילת השורה ועוד מילים רבות בעברית.\n"
)


def _check_rtl(result: Result) -> None:
    _ok_and_only_input_lines(result, _RTL.splitlines())
    assert result.row["lang"] == "he"
    assert "\u200f" in result.text  # the bidi mark is the author's: kept


_CJK = "今日のニュース\n\n" + "東京都は本日新しい計画を発表しました。" * 40 + "\n\n" + "这是一个没有空格的中文句子足够长以被视为文章内容。" * 40 + "\n"


def _check_cjk(result: Result) -> None:
    _ok_and_only_input_lines(result, _CJK.splitlines())
    assert len(result.kept) == 3 and result.row["lang"] in ("ja", "zh-cn", "zh-tw")


_EMOJI = (
    "Family news\n\n"
    f"Our family \U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 went to the sea, {ARTICLE}\n\n"
    f"The flag \U0001F3F3\uFE0F\u200D\U0001F308 and the coder \U0001F469\U0001F3FD\u200D\U0001F4BB, {ARTICLE}\n"
)


def _check_emoji(result: Result) -> None:
    _ok_and_only_input_lines(result, _EMOJI.splitlines())
    assert len(result.kept) == 3  # every ZWJ sequence kept whole: U+200D and U+FE0F are not removed


def _long_word(path: Path) -> None:
    _text(path, f"Title of the page\n\n{ARTICLE}\n\n{'a' * 100_000}\n\nAnother {ARTICLE}x{'b' * 100_000}y\n")


def _check_long_word(result: Result) -> None:
    row = result.row
    assert row["status"] == "ok" and row["lines_in"] == 4
    assert result.kept[:2] == ["Title of the page", ARTICLE]
    assert row["lines_dropped"] + len(result.kept) == 4  # one verdict per line, with a reason
    assert sum(row["dropped_by_reason"].values()) == row["lines_dropped"]


def _link_dense(path: Path) -> None:
    """Just under max_bytes of link-dense <div>s: what trafilatura is slowest on."""
    piece = '<div class="item"><a href="/section/page-{i}">Link text number {i}</a></div>\n'
    head = f"<html><head><title>Links</title></head><body><article><h1>Links</h1><p>{ARTICLE}</p>"
    tail = "</article></body></html>"
    parts, size, i = [head], len(head) + len(tail), 0
    while size + len(piece) + 12 < 2 * MB:
        parts.append(piece.format(i=i % 100_000))
        size += len(parts[-1])
        i += 1
    _text(path, "".join(parts) + tail)


def _check_link_dense_timeout(result: Result) -> None:
    row = result.row
    assert (row["status"], row["output"], result.exit_code) == ("timeout", None, 0)
    assert row["reason"].startswith("over the time limit of 2 s (in ")  # names the stage it was in


def _check_link_dense(result: Result) -> None:
    assert result.row["status"] in ("ok", "timeout") and result.exit_code == 0


CASES = [
    Case("one line, 50 MB", lambda p: _write_repeated(p, b"word ", 50 * MB), _too_large, max_growth_mb=250),
    Case(
        "one line, 5 MB, --max-bytes 0",
        lambda p: _write_repeated(p, b"word ", 5 * MB),
        _check_one_line_unlimited,
        args=("--max-bytes", "0"),
        max_seconds=60,
        max_growth_mb=400,
    ),
    Case("a million one-word lines", lambda p: _one_word_lines(p, 1_000_000), _check_million, max_growth_mb=100),
    Case(
        "100,000 one-word lines, --max-bytes 0",
        lambda p: _one_word_lines(p, 100_000),
        _check_lines_unlimited,
        args=("--max-bytes", "0"),
        max_seconds=60,
        max_growth_mb=250,
    ),
    Case(
        "a million one-word lines, --max-bytes 0",
        lambda p: _one_word_lines(p, 1_000_000),
        _check_million_unlimited,
        args=("--max-bytes", "0", "--timeout", "0"),
        max_seconds=300,
        max_growth_mb=1000,
        slow=True,
    ),
    Case(
        "one line, 50 MB, --max-bytes 0",
        lambda p: _write_repeated(p, b"word ", 50 * MB),
        _check_one_line_50mb_unlimited,
        args=("--max-bytes", "0", "--timeout", "0"),
        max_seconds=300,
        max_growth_mb=3000,
        slow=True,
    ),
    Case("HTML nested 10,000 deep", _nested, _check_nested, suffix=".html"),
    Case("billion laughs (internal DTD entities)", _laughs, _check_laughs, suffix=".html"),
    Case("external entity (file://)", _external_entity, _check_external_entity, suffix=".html"),
    Case("escape bomb (&amp;amp;... x100,000)", _escape_bomb, _check_escape_bomb, suffix=".html"),
    Case("NUL bytes", _nul, _check_nul),
    Case("invalid UTF-8 mid-text", _invalid_utf8, _check_invalid_utf8),
    Case("UTF-16-LE without BOM", lambda p: _text(p, _UTF16_TEXT, "utf-16-le"), _check_utf16("utf-16-le")),
    Case("UTF-16-BE without BOM", lambda p: _text(p, _UTF16_TEXT, "utf-16-be"), _check_utf16("utf-16-be")),
    Case("mixed line endings", lambda p: _text(p, _ENDINGS), _check_endings),
    Case("right-to-left text", lambda p: _text(p, _RTL), _check_rtl),
    Case("CJK without spaces", lambda p: _text(p, _CJK), _check_cjk),
    Case("emoji ZWJ sequences", lambda p: _text(p, _EMOJI), _check_emoji),
    Case("100,000-character words", _long_word, _check_long_word),
    Case(
        "2 MB of link-dense HTML, --timeout 2",
        _link_dense,
        _check_link_dense_timeout,
        args=("--timeout", "2"),
        suffix=".html",
        max_growth_mb=800,
    ),
    Case(
        "2 MB of link-dense HTML (defaults)",
        _link_dense,
        _check_link_dense,
        suffix=".html",
        max_seconds=300,
        max_growth_mb=1500,
        slow=True,
    ),
]
