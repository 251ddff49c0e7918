"""`python -m cleaner.bench` (`make bench`): how fast cleaner is, against the floors that matter.

Everything comes from one run, and every ratio compares two systems on the same documents in
that run. Systems:

- I/O floor: read each file and write its bytes back out;
- cleaner with 1 worker (in this process) and with N workers (`cleaner clean --jobs N` when
  the CLI has it, else a `multiprocessing` pool started once and fed in chunks), each reading
  its input files and writing one output file per input, as `cleaner clean` does;
- the naive floor, written as a user would: `ftfy.fix_text` on the document, then
  `langdetect.detect_langs` (seeded) on the whole text; it is too slow for the whole corpus,
  so it runs on every k-th document, each time right after `clean_document` on the same
  bytes, both in memory, so that a change in the machine's load hits both alike; then again
  in a second pass beside `clean_document` with `--no-context` (for information: no target);
- `trafilatura.extract` alone on HTML pages, alternating with `clean_document` on the same
  bytes in memory, after a warm-up pass.

Data: the development set's text tiers (`DATA/container`, `DATA/page`) and HTML pages
(`DATA/html/*.html.gz`) when DATA exists, else a corpus generated here. Text documents are
repeated until there are `--min-mb` MB (the output says so). Also reported: each stage's
share of cleaner's time (explicit timers around the stage functions), how often cleaner's
language label equals seeded langdetect's on the same text, and peak RSS.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import cleaner.pipeline as pipeline
from cleaner.io import atomic_write
from cleaner.language import detect_language
from cleaner.pipeline import clean_document

STAGES = ("decode", "extract", "normalize", "segment", "classify", "language", "assemble")
# The stage functions as `cleaner.pipeline` names them.
_STAGE_FUNCTIONS = {
    "decode": "decode",
    "extract": "extract",
    "normalize": "normalize",
    "segment": "segment",
    "classify": "classify",
    "language": "detect_language",
    "assemble": "assemble",
}
TARGETS = {
    "cleaner_vs_naive": 5.0,
    "cleaner_vs_trafilatura": 0.9,
    "jobs_speedup": 1.8,
    "language_agreement": 0.99,
    "peak_rss_mb": 300,
}


@dataclass
class Timing:
    """Documents, bytes and seconds of one system."""

    docs: int = 0
    nbytes: int = 0
    seconds: float = 0.0

    def add(self, nbytes: int, seconds: float) -> None:
        self.docs += 1
        self.nbytes += nbytes
        self.seconds += seconds

    def measure(self, function, *args):
        """Run `function(*args)`, which returns the bytes it read (or a tuple starting with them), and count it."""
        start = time.perf_counter()
        result = function(*args)
        self.add(result[0] if isinstance(result, tuple) else result, time.perf_counter() - start)
        return result

    def row(self) -> dict:
        s = max(self.seconds, 1e-9)
        return {"docs": self.docs, "mb": self.nbytes / 1e6, "seconds": self.seconds, "docs_per_s": self.docs / s, "mb_per_s": self.nbytes / 1e6 / s}


@dataclass
class Corpus:
    text: list[Path]
    html: list[Path]
    source: str
    repeat: int = 1
    notes: list[str] = field(default_factory=list)

    @property
    def text_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.text)


# ---------------------------------------------------------------- data


def load_corpus(data: Path, work: Path, min_mb: float, html_pages: int, generate: int = 1200) -> Corpus:
    """The development set when `data` has it, else a generated corpus written under `work`."""
    text = sorted(p for tier in ("container", "page") for p in (data / tier).glob("*.txt")) if data.is_dir() else []
    if text:
        html_dir = work / "html"
        html_dir.mkdir(parents=True, exist_ok=True)
        html = []
        for page in sorted((data / "html").glob("*.html.gz"))[:html_pages]:
            target = html_dir / page.name.removesuffix(".gz")
            target.write_bytes(gzip.decompress(page.read_bytes()))
            html.append(target)
        corpus = Corpus(text, html, f"{data}/{{container,page}} + {data}/html")
    else:
        corpus = generate_corpus(work / "generated", docs=generate, pages=html_pages)
    unique = corpus.text_bytes
    corpus.repeat = max(1, -(-int(min_mb * 1e6) // max(unique, 1)))
    if corpus.repeat > 1:
        corpus.notes.append(f"the {len(corpus.text)} text documents ({unique / 1e6:.1f} MB) are each read {corpus.repeat} times to reach {min_mb:g} MB")
    return corpus


_SENTENCES = {
    "en": [
        "The city council approved the new budget after a long debate on Tuesday evening.",
        "Researchers found that the river had risen faster than any model predicted.",
        "Local farmers say the dry summer has cut their harvest by almost a third.",
        "The museum will reopen next spring with a larger collection of modern art.",
    ],
    "de": [
        "Der Stadtrat hat den neuen Haushalt nach einer langen Debatte am Dienstag beschlossen.",
        "Die Forscher stellten fest, dass der Fluss schneller gestiegen war als erwartet.",
        "Viele Landwirte berichten, dass der trockene Sommer ihre Ernte stark verringert hat.",
        "Das Museum öffnet im Frühjahr wieder und zeigt eine größere Sammlung moderner Kunst.",
    ],
    "fr": [
        "Le conseil municipal a approuvé le nouveau budget après un long débat mardi soir.",
        "Les chercheurs ont constaté que la rivière avait monté plus vite que prévu.",
        "Les agriculteurs disent que l’été sec a réduit leur récolte de près d’un tiers.",
        "Le musée rouvrira au printemps prochain avec une collection d’art moderne plus grande.",
    ],
    "es": [
        "El ayuntamiento aprobó el nuevo presupuesto tras un largo debate el martes por la noche.",
        "Los investigadores descubrieron que el río había subido más rápido de lo previsto.",
        "Los agricultores dicen que el verano seco ha reducido su cosecha casi un tercio.",
        "El museo volverá a abrir la próxima primavera con una colección más amplia de arte.",
    ],
    "pl": [
        "Rada miejska przyjęła nowy budżet po długiej debacie we wtorek wieczorem.",
        "Naukowcy odkryli, że rzeka podniosła się szybciej, niż przewidywano.",
        "Rolnicy mówią, że suche lato zmniejszyło ich zbiory prawie o jedną trzecią.",
        "Muzeum zostanie ponownie otwarte wiosną z większą kolekcją sztuki współczesnej.",
    ],
}
_RESIDUE = [
    "Share this:", "Facebook", "Twitter", "Leave a Reply", "Your email address will not be published.",
    "Previous Post Next Post", "Tags: budget, city, council", "© 2024 Example News", "Read more", "Related Posts",
    "Teilen:", "Kommentar schreiben", "Partager", "Compartir en WhatsApp",
]


def generate_corpus(root: Path, docs: int, pages: int, seed: int = 5) -> Corpus:
    """Synthetic scraped articles in five languages: a title, paragraphs, widget residue,
    typographic quotes, the odd mojibake line; and HTML pages built from the same parts."""
    rng = random.Random(seed)
    (root / "text").mkdir(parents=True, exist_ok=True)
    (root / "html").mkdir(parents=True, exist_ok=True)
    text_files, html_files = [], []
    for i in range(docs):
        lang = rng.choice(sorted(_SENTENCES))
        paragraphs = [
            " ".join(rng.choice(_SENTENCES[lang]) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(4, 30))
        ]
        if rng.random() < 0.3:
            paragraphs[rng.randrange(len(paragraphs))] += " “Quoted” — it doesnâ€™t matter."
        head = [f"Headline number {i}", *rng.sample(_RESIDUE, 2)]
        tail = rng.sample(_RESIDUE, rng.randint(2, 6))
        body = "\n\n".join(head + paragraphs + tail) + "\n"
        path = root / "text" / f"{i:05d}.txt"
        path.write_text(body, "utf-8")
        text_files.append(path)
        if i < pages:
            nav = "".join(f"<li><a href='/{k}'>{r}</a></li>" for k, r in enumerate(tail))
            html = (
                f"<!DOCTYPE html><html lang='{lang}'><head><title>Headline number {i}</title></head><body>"
                f"<nav><ul>{nav}</ul></nav><article><h1>Headline number {i}</h1>"
                + "".join(f"<p>{p}</p>" for p in paragraphs)
                + f"</article><footer><p>{_RESIDUE[7]}</p></footer></body></html>"
            )
            page = root / "html" / f"{i:05d}.html"
            page.write_text(html, "utf-8")
            html_files.append(page)
    return Corpus(text_files, html_files, f"generated ({docs} text documents, {len(html_files)} HTML pages)")


# ---------------------------------------------------------------- systems


class StageTimer:
    """Explicit timers around the stage functions `cleaner.pipeline` calls, plus `write`."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.total = 0.0
        self._saved: dict[str, object] = {}

    @contextmanager
    def installed(self):
        for stage, name in _STAGE_FUNCTIONS.items():
            self._saved[name] = getattr(pipeline, name)
            setattr(pipeline, name, self._wrap(stage, self._saved[name]))
        try:
            yield self
        finally:
            for name, function in self._saved.items():
                setattr(pipeline, name, function)

    def _wrap(self, stage, function):
        seconds = self.seconds

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[stage] += time.perf_counter() - start

        return timed

    def shares(self) -> dict[str, float]:
        total = max(self.total, 1e-9)
        shares = {stage: self.seconds.get(stage, 0.0) / total for stage in (*STAGES, "write")}
        shares["other"] = max(0.0, 1.0 - sum(shares.values()))
        return shares


def clean_file(path: Path, out: Path, timer: StageTimer | None = None) -> tuple[int, object]:
    """What `cleaner clean` does with one file: read, clean, write the text. (bytes read, doc)"""
    data = path.read_bytes()
    doc = clean_document(data, path.name)
    start = time.perf_counter()
    if doc.text:
        atomic_write(out / (path.stem + ".txt"), doc.text)
    if timer is not None:
        timer.seconds["write"] += time.perf_counter() - start
    return len(data), doc


def run_file(path: Path, out: Path, transform) -> int:
    """Read `path`, write `transform(data)` (unless empty) as a text file under `out`: the bytes read."""
    data = path.read_bytes()
    result = transform(data)
    if result:
        atomic_write(out / (path.stem + ".txt"), result)
    return len(data)


def naive(data: bytes) -> str:
    """The naive floor: ftfy on the whole document, then langdetect on the whole text."""
    import ftfy
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    text = ftfy.fix_text(data.decode("utf-8", "replace"))
    try:
        detect_langs(text)
    except LangDetectException:
        pass
    return text


def trafilatura_text(data: bytes) -> str | None:
    import trafilatura

    return trafilatura.extract(data)


def unchanged(data: bytes) -> bytes:
    """The I/O floor: the input as it is."""
    return data


def _pool_worker(task: tuple[str, str]) -> int:
    path, out = task
    return clean_file(Path(path), Path(out))[0]


def run_parallel(corpus: Corpus, out: Path, jobs: int, runner: str) -> tuple[Timing, str]:
    """Clean the repeated text corpus with `jobs` workers; (timing, how)."""
    timing = Timing()
    if runner == "cli":
        inputs = out.parent / f"inputs-{jobs}"
        for r in range(corpus.repeat):
            folder = inputs / f"r{r}"
            folder.mkdir(parents=True, exist_ok=True)
            for i, path in enumerate(corpus.text):
                (folder / f"{i:05d}-{path.name}").symlink_to(path.resolve())
        command = [sys.executable, "-c", "from cleaner.cli import main; main()", "clean", "-q", "--jobs", str(jobs), str(inputs), "-o", str(out)]
        start = time.perf_counter()
        done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        timing.seconds = time.perf_counter() - start
        if done.returncode not in (0, 1):  # 1: some input failed, which the manifest records
            raise RuntimeError(f"{' '.join(command[3:])} exited with {done.returncode}: {done.stderr.strip()[-500:]}")
        timing.docs = len(corpus.text) * corpus.repeat
        timing.nbytes = corpus.text_bytes * corpus.repeat
        return timing, f"`cleaner clean -q --jobs {jobs}` (startup included)"
    out.mkdir(parents=True, exist_ok=True)
    tasks = [(str(p), str(out)) for _ in range(corpus.repeat) for p in corpus.text]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with context.Pool(jobs) as pool:
        pool.map(_pool_worker, tasks[:jobs], chunksize=1)  # start the workers before the clock
        start = time.perf_counter()
        for nbytes in pool.imap_unordered(_pool_worker, tasks, chunksize=16):
            timing.docs += 1
            timing.nbytes += nbytes
        timing.seconds = time.perf_counter() - start
    return timing, f"multiprocessing pool of {jobs}, chunks of 16 (started before the clock)"


def cli_has_jobs() -> bool:
    try:
        from cleaner.cli import cli

        return any("--jobs" in p.opts for p in cli.commands["clean"].params)
    except Exception:
        return False


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


# ---------------------------------------------------------------- the run


def run(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix="cleaner-bench-"))
    try:
        return _run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path) -> dict:
    corpus = load_corpus(Path(args.data), work / "data", args.min_mb, args.html_pages, args.generate)
    clean_document(b"Warm-up: load the lexicons and the language profiles once. " * 3, "warm-up")
    detect_language("Warm-up text long enough to load the language profiles.")
    results: dict = {"corpus": corpus.source, "notes": corpus.notes, "systems": {}, "ratios": {}, "targets": TARGETS}
    systems = results["systems"]

    # I/O floor over the whole repeated text corpus.
    io_timing, out = Timing(), work / "out-io"
    out.mkdir()
    for _ in range(corpus.repeat):
        for path in corpus.text:
            io_timing.measure(run_file, path, out, unchanged)
    systems["io_floor"] = io_timing.row()

    # cleaner, 1 worker, over the whole repeated corpus, as `cleaner clean` works: read,
    # clean, write. The language of each distinct document is kept for the agreement check.
    one, timer = Timing(), StageTimer()
    out = work / "out-1"
    out.mkdir()
    every = max(1, round(1 / args.naive_share))
    languages: list[tuple[str, str]] = []  # (text the language was detected on, cleaner's code)
    with timer.installed():
        for r in range(corpus.repeat):
            for i, path in enumerate(corpus.text):
                nbytes, doc = one.measure(clean_file, path, out, timer)
                if r == 0 and (args.agreement == "all" or i % every == 0):
                    languages.append((_language_sample(doc), doc.language.code))
    timer.total = one.seconds
    systems["cleaner_jobs1"] = one.row()
    results["stage_shares"] = timer.shares()
    results["peak_rss_mb"] = {"main": peak_rss_mb(resource.RUSAGE_SELF)}

    # The naive floor against clean_document on every k-th document, one after the other,
    # in memory (the I/O floor above is the cost of reading and writing).
    sample_cleaner, sample_naive = Timing(), Timing()
    sample = corpus.text[::every]
    naive(sample[0].read_bytes())  # warm-up: langdetect loads its profiles
    for path in sample:
        data = path.read_bytes()
        sample_cleaner.measure(_in_memory, clean_document, data)
        sample_naive.measure(_in_memory, naive, data)
    systems["naive_sample"] = sample_naive.row()
    systems["cleaner_on_naive_sample"] = sample_cleaner.row()
    # The same with `--no-context` (the line classifier left out), in a pass of its own with
    # the naive floor again: right after the full pipeline on the same document it would find
    # that document's lines in the per-process caches (`cleaner.lexicons.key`).
    no_context, naive_again = Timing(), Timing()
    for path in sample:
        data = path.read_bytes()
        no_context.measure(_in_memory, _clean_no_context, data)
        naive_again.measure(_in_memory, naive, data)
    systems["cleaner_no_context_on_naive_sample"] = no_context.row()

    # cleaner, N workers. Through the CLI, --jobs 1 runs too, so that the speed-up compares
    # like with like (process start-up, manifest); a pool is compared with the loop above.
    runner = args.runner if args.runner != "auto" else ("cli" if cli_has_jobs() else "pool")
    parallel, how = run_parallel(corpus, work / f"out-{args.jobs}", args.jobs, runner)
    systems[f"cleaner_jobs{args.jobs}"] = parallel.row()
    baseline = systems["cleaner_jobs1"]
    if runner == "cli":
        baseline = systems["cleaner_cli_jobs1"] = run_parallel(corpus, work / "out-cli-1", 1, runner)[0].row()
    results["parallel_runner"] = how
    results["peak_rss_mb"]["workers"] = peak_rss_mb(resource.RUSAGE_CHILDREN)

    # HTML: trafilatura.extract alone and cleaner, page after page, in memory, after a
    # warm-up pass (trafilatura's date search loads dateparser's data once per language).
    traf, html_cleaner, html_timer = Timing(), Timing(), StageTimer()
    pages = [path.read_bytes() for path in corpus.html]
    for data in pages[:1]:
        trafilatura_text(data)
    for data in pages:
        clean_document(data)
    with html_timer.installed():
        for data in pages:
            traf.measure(_in_memory, trafilatura_text, data)
            html_cleaner.measure(_in_memory, clean_document, data)
    html_timer.total = html_cleaner.seconds
    systems["trafilatura_html"] = traf.row()
    systems["cleaner_html"] = html_cleaner.row()
    results["stage_shares_html"] = html_timer.shares()

    agree = compared = 0
    for text, code in languages:
        if text is not None:
            compared += 1
            agree += code == _langdetect(text)
    ratios = results["ratios"]
    ratios["cleaner_vs_naive"] = sample_naive.seconds / max(sample_cleaner.seconds, 1e-9)
    ratios["cleaner_no_context_vs_naive"] = naive_again.seconds / max(no_context.seconds, 1e-9)
    io_per_doc = io_timing.seconds / max(io_timing.docs, 1)
    io_sample = io_per_doc * sample_naive.docs
    ratios["cleaner_vs_naive_with_io"] = (sample_naive.seconds + io_sample) / max(sample_cleaner.seconds + io_sample, 1e-9)
    ratios["cleaner_vs_trafilatura"] = traf.seconds / max(html_cleaner.seconds, 1e-9) if corpus.html else None
    ratios["jobs_speedup"] = systems[f"cleaner_jobs{args.jobs}"]["docs_per_s"] / max(baseline["docs_per_s"], 1e-9)
    ratios["cleaner_vs_io_floor"] = io_timing.seconds / max(one.seconds, 1e-9)
    results["language_agreement"] = {"agree": agree, "compared": compared, "share": agree / compared if compared else None}
    results["jobs"] = args.jobs
    return results


def _in_memory(function, data: bytes) -> int:
    function(data)
    return len(data)


_NO_CONTEXT = replace(pipeline.DEFAULT_CONFIG, context=False)


def _clean_no_context(data: bytes):
    """`cleaner clean --no-context` on one document, in memory."""
    return clean_document(data, config=_NO_CONTEXT)


def _language_sample(doc) -> str | None:
    """The text cleaner detected the language on, or None when it had too few letters."""
    config = pipeline.DEFAULT_CONFIG
    kept = "\n".join(line.text for line, v in zip(doc.lines, doc.verdicts) if v.keep)
    sample = kept[: config.lang_max_chars]
    return sample if sum(map(str.isalpha, sample)) >= config.min_lang_letters else None


def _langdetect(text: str) -> str:
    """Seeded langdetect's label, as cleaner's language stage used to compute it."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        found = detect_langs(text)
    except LangDetectException:
        return "und"
    return found[0].lang if found else "und"


# ---------------------------------------------------------------- report


def report(results: dict) -> str:
    s = results["systems"]
    jobs = results["jobs"]
    rows = [
        ("I/O floor (read + write)", "io_floor"),
        ("cleaner, 1 worker", "cleaner_jobs1"),
        (f"cleaner, {jobs} workers", f"cleaner_jobs{jobs}"),
        ("naive ftfy + langdetect (sample) *", "naive_sample"),
        ("cleaner, same sample *", "cleaner_on_naive_sample"),
        ("cleaner --no-context, same sample *", "cleaner_no_context_on_naive_sample"),
        ("trafilatura.extract (HTML) *", "trafilatura_html"),
        ("cleaner, same HTML pages *", "cleaner_html"),
    ]
    lines = [f"cleaner bench: {results['corpus']}"]
    lines += [f"  note: {note}" for note in results["notes"]]
    lines.append(f"  {jobs} workers: {results['parallel_runner']}")
    lines.append("")
    lines.append(f"{'system':<36} {'docs':>7} {'MB':>8} {'seconds':>9} {'docs/s':>9} {'MB/s':>8}")
    if "cleaner_cli_jobs1" in s:
        rows.insert(2, ("cleaner clean --jobs 1", "cleaner_cli_jobs1"))
    for label, name in rows:
        r = s[name]
        lines.append(f"{label:<36} {r['docs']:>7} {r['mb']:>8.1f} {r['seconds']:>9.2f} {r['docs_per_s']:>9.1f} {r['mb_per_s']:>8.2f}")
    lines.append("  (* in memory, one system after the other on each document; the others read and write files)")
    ratios, targets = results["ratios"], results["targets"]
    lines.append("")
    lines.append("ratios (same documents, same run)                    value   target")

    def verdict(value, target, higher=True):
        if value is None:
            return "n/a"
        ok = value >= target if higher else value < target
        return "met" if ok else "NOT MET"

    for label, name in (
        ("cleaner 1 worker / naive floor (text)", "cleaner_vs_naive"),
        ("cleaner 1 worker / trafilatura.extract (HTML)", "cleaner_vs_trafilatura"),
        (f"cleaner {jobs} workers / 1 worker", "jobs_speedup"),
    ):
        value = ratios[name]
        shown = "n/a" if value is None else f"{value:.2f}x"
        lines.append(f"  {label:<50} {shown:>7}  >= {targets[name]:g}x  {verdict(value, targets[name])}")
        if name == "cleaner_vs_naive":  # its companions, right under it (not under the last ratio)
            lines.append(f"  {'  the same, both reading and writing the files':<50} {ratios['cleaner_vs_naive_with_io']:>6.2f}x")
            lines.append(f"  {'  the same with --no-context (no target)':<50} {ratios['cleaner_no_context_vs_naive']:>6.2f}x")
    lines.append(f"  {'cleaner 1 worker / I/O floor':<50} {ratios['cleaner_vs_io_floor']:>6.3f}x")
    la = results["language_agreement"]
    share = la["share"]
    lines.append(
        f"  {'language = seeded langdetect on the same text':<50} {share * 100 if share is not None else float('nan'):>6.2f}%  >= 99%    "
        f"{verdict(share, targets['language_agreement'])} ({la['agree']}/{la['compared']} documents)"
    )
    rss = results["peak_rss_mb"]
    peak = max(rss.values())
    lines.append(f"  {'peak RSS, MB (main / largest worker)':<50} {rss['main']:>4.0f} / {rss['workers']:.0f}  < {targets['peak_rss_mb']}  {verdict(peak, targets['peak_rss_mb'], higher=False)}")
    for title, key in (("text", "stage_shares"), ("HTML", "stage_shares_html")):
        shares = "  ".join(f"{stage} {share * 100:.1f}%" for stage, share in results[key].items())
        lines.append("")
        lines.append(f"share of cleaner's time per stage, {title} (1 worker): {shares}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cleaner.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/eval/dev", help="development set directory; generated corpus if absent")
    parser.add_argument("--min-mb", type=float, default=50.0, help="text MB to clean (documents repeat to reach it)")
    parser.add_argument("--html-pages", type=int, default=200, help="HTML pages for the trafilatura comparison")
    parser.add_argument("--naive-share", type=float, default=0.125, help="share of text documents also run through the naive floor")
    parser.add_argument("--jobs", type=int, default=2, help="workers for the parallel run")
    parser.add_argument("--runner", choices=["auto", "cli", "pool"], default="auto", help="parallel run: `cleaner clean --jobs` or a pool")
    parser.add_argument("--agreement", choices=["all", "sample"], default="all", help="documents compared with langdetect")
    parser.add_argument("--generate", type=int, default=1200, help="documents to generate when --data is absent")
    parser.add_argument("--quick", action="store_true", help="a small run (about a minute): 8 MB, 60 HTML pages")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if args.quick:
        args.min_mb, args.html_pages, args.agreement = 8.0, 60, "sample"
    results = run(args)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
