"""Stage 6, language: identify the language of the kept text, deterministically.

The model is langdetect's, unchanged: its 55 profiles (read from the installed langdetect
package), its character normalization, its n-gram features and its estimator (7 trials of
a random walk over the document's n-grams, seed 0). What differs is how the work is done:

- n-grams are extracted with numpy array operations instead of a per-character loop;
- each n-gram is a row of one profile matrix (n-grams x languages, about 40 MB), found in a
  hash table;
- a trial's random walk is evaluated in blocks: the rows drawn between two checkpoints
  (every 5th draw, as in langdetect) are multiplied, the logs of these products are summed
  cumulatively, and the first checkpoint where the best language passes langdetect's
  convergence threshold ends the trial;
- the random draws are the ones `random.Random(0)` gives langdetect: the same Mersenne
  Twister words, turned into `gauss` and `choice` results with CPython's algorithms (a test
  checks them against `random.Random`), so the same n-grams are drawn in the same order.

So the result is langdetect's seeded result, up to floating-point rounding (sums of logs
instead of products); the tests compare the two on text in many languages, and on the 1,613
documents of the development set's text tiers and seeds labels and rounded probabilities
are all equal. It takes about 0.6 ms of CPU per document warm, 0.9 ms inside
`clean_document` (between the other stages), where langdetect takes about 10.

Text with fewer than `min_letters` letters is "und" (langdetect is confidently wrong on
short strings), and so is text without n-gram features. The probability is rounded to 3
places.
"""

from __future__ import annotations

import json
import math
import random
import re
import threading
from functools import cache
from pathlib import Path

import numpy as np

from cleaner.types import Language

UNDETERMINED = Language("und", 0.0)

# langdetect's constants (langdetect/detector.py), which define the estimator.
N_TRIAL = 7
ALPHA = 0.5
ALPHA_WIDTH = 0.05
ITERATION_LIMIT = 1000
PROB_THRESHOLD = 0.1
CONV_THRESHOLD = 0.99999
BASE_FREQ = 10000
MAX_TEXT_LENGTH = 10000
SEED = 0

# An n-gram of code points (a, b, c) is the integer a<<42 | b<<21 | c; every code point fits
# in 21 bits and none is 0 after normalization, so 1-, 2- and 3-grams never collide.
_BITS = 21
_SHIFT1, _SHIFT2 = np.uint64(_BITS), np.uint64(2 * _BITS)
_BMP_MASK = np.uint64(0xFFFF)
_SPACE = 0x20
_URL = re.compile(r"https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}")
_MAIL = re.compile(r"[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}")
_LATIN, _NON_LATIN = 1, 2
# Groups of 5 draws evaluated at once in a trial: most trials converge within 60 draws.
_FIRST_GROUPS = 20
_MAX_GROUPS = 64
_LIMIT_GROUP = -(-ITERATION_LIMIT // 5)  # the checkpoint at draw ITERATION_LIMIT
# 1.0 / s > CONV_THRESHOLD exactly when s < 1.0 / CONV_THRESHOLD (the float division is
# monotone and the two floats next to the bound fall on either side: a test checks them).
_CONV_SUMS = 1.0 / CONV_THRESHOLD


def detect_language(text: str, min_letters: int = 20, max_chars: int = 2000) -> Language:
    """The language of `text` (its first `max_chars` characters).

    >>> detect_language("Ceci est un texte assez long pour être reconnu sans hésitation.").code
    'fr'
    >>> detect_language("12:30 !!!")
    Language(code='und', prob=0.0)
    """
    sample = text[:max_chars]
    # Counting the letters of the first few characters settles it for most texts.
    if sum(map(str.isalpha, sample[: 4 * min_letters])) < min_letters and sum(map(str.isalpha, sample)) < min_letters:
        return UNDETERMINED
    return detector().detect(sample)


@cache
def detector() -> Detector:
    """The detector with langdetect's profiles, loaded once per process (about 40 MB)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY

    return Detector(Path(PROFILES_DIRECTORY))


class Detector:
    """langdetect's estimator over a profile matrix; `detect` is a pure function of the text."""

    def __init__(self, profile_dir: Path):
        from langdetect.utils.ngram import NGram

        self._normalize_vi = NGram.normalize_vi
        self._vi_marks = NGram.DMARK_CLASS  # normalize_vi changes only text with these marks
        profiles = [json.loads(p.read_text("utf-8")) for p in sorted(profile_dir.iterdir()) if not p.name.startswith(".")]
        self.langs = tuple(p["name"] for p in profiles)
        rows: dict[str, int] = {}
        for profile in profiles:
            for word in profile["freq"]:
                if 1 <= len(word) <= 3:
                    rows.setdefault(word, len(rows))
        # probs[row, lang] = frequency of the n-gram in the language / n-grams of its length.
        self._probs = np.zeros((len(rows), len(profiles)))
        for column, profile in enumerate(profiles):
            words = [w for w in profile["freq"] if 1 <= len(w) <= 3]
            counts = np.array([profile["freq"][w] for w in words], dtype=np.float64)
            totals = np.array([profile["n_words"][len(w) - 1] for w in words], dtype=np.float64)
            self._probs[[rows[w] for w in words], column] = 1.0 * counts / totals
        keys = np.array([_key(word) for word in rows], dtype=np.uint64)
        self._table = _HashTable(keys, self._probs.sum(axis=1))
        # langdetect's NGram.normalize for every BMP character (it maps nothing outside it),
        # as uint64, the type of the n-gram keys built from the folded characters.
        self._fold = np.array([ord(NGram.normalize(chr(c))) for c in range(0x10000)], dtype=np.uint64)
        self._upper = np.array([chr(c).isupper() for c in range(0x10000)], dtype=bool)
        # langdetect's cleaning_text counts "A"-"z" as Latin and every character from U+0300 on
        # as non-Latin. (It means to leave out Latin Extended Additional, but compares the
        # block's number with its name, so it never does; the same is done here.)
        self._script = np.zeros(0x10000, dtype=np.intp)
        self._script[0x41:0x7B] = _LATIN
        self._script[0x300:] = _NON_LATIN
        self._stream = _RandomStream(SEED)

    def detect(self, text: str) -> Language:
        """The most probable language of `text`, or "und" when it has no n-gram features.

        >>> detector().detect("Das ist ein ganz normaler deutscher Satz über das Wetter.")
        Language(code='de', prob=1.0)
        """
        rows = self.features(text)
        if len(rows) == 0:
            return UNDETERMINED
        prob = self._estimate(rows)
        best = int(np.argmax(prob))
        if prob[best] <= PROB_THRESHOLD:
            return UNDETERMINED
        return Language(self.langs[best], round(float(prob[best]), 3))

    def features(self, text: str) -> np.ndarray:
        """Profile rows of the n-grams of `text`, in langdetect's order (`Detector._extract_ngrams`)."""
        if "http" in text:
            text = _URL.sub(" ", text)
        if "@" in text:
            text = _MAIL.sub(" ", text)
        if any(mark in text for mark in self._vi_marks):
            text = self._normalize_vi(text)
        text = text[:MAX_TEXT_LENGTH]
        data = text.encode("utf-16-le", "surrogatepass")
        if len(data) == 2 * len(text):  # the usual case: no character outside the BMP
            cps = np.frombuffer(data, dtype=np.uint16)
            # langdetect's cleaning_text: "A"-"z" is Latin, U+0300 and above is not.
            if not text.isascii() and 2 * np.count_nonzero(cps - np.uint16(0x41) < 0x3A) < np.count_nonzero(cps >= 0x300):
                cps = cps[self._script[cps] != _LATIN]
            n = len(cps)
            chars = np.empty(n + 1, dtype=np.uint64)  # after a leading space
            self._fold.take(cps, out=chars[1:], mode="clip")
            upper = np.empty(n + 1, dtype=bool)
            self._upper.take(chars[1:], out=upper[1:], mode="clip")
        else:
            cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            bmp = cps < 0x10000
            script = np.where(bmp, self._script[cps & 0xFFFF], _NON_LATIN)
            counts = np.bincount(script, minlength=3)
            if 2 * counts[_LATIN] < counts[_NON_LATIN]:
                cps, bmp = cps[script != _LATIN], bmp[script != _LATIN]
            n = len(cps)
            chars = np.empty(n + 1, dtype=np.uint64)
            chars[1:] = np.where(bmp, self._fold[cps & 0xFFFF], cps)
            upper = np.empty(n + 1, dtype=bool)
            upper[1:] = self._upper[chars[1:] & _BMP_MASK] & bmp
            for i in np.flatnonzero(~bmp):
                upper[i + 1] = chr(chars[i + 1]).isupper()
        chars[0], upper[0] = _SPACE, False
        # A space starts every word; runs of spaces count once (langdetect's NGram buffer).
        letter = chars != _SPACE
        keep = np.empty(n + 1, dtype=bool)
        keep[0] = True
        np.logical_or(letter[1:], letter[:-1], out=keep[1:])
        chars, upper = chars[keep], upper[keep]
        if len(chars) < 2:
            return np.empty(0, dtype=np.int64)
        # One row per character after the leading space: its 1-, 2- and 3-gram ending there.
        cur, prev = chars[1:], chars[:-1]
        grams = np.empty((len(cur), 3), dtype=np.uint64)
        grams[:, 0] = cur
        np.left_shift(prev, _SHIFT1, out=grams[:, 1])
        grams[:, 1] |= cur
        np.left_shift(chars[:-2], _SHIFT2, out=grams[1:, 2])
        grams[1:, 2] |= grams[1:, 1]
        valid = np.empty((len(cur), 3), dtype=bool)
        np.not_equal(cur, _SPACE, out=valid[:, 0])
        valid[:, 1] = True
        np.not_equal(prev, _SPACE, out=valid[:, 2])
        valid[0, 2] = False
        capital_word = upper[1:] & upper[:-1]  # skipped, as langdetect skips ALL-CAPS words
        if capital_word.any():
            valid &= ~capital_word[:, None]
        found = self._table.rows(grams[valid])  # row-major: by position, then n
        return found[found >= 0]

    def _estimate(self, rows: np.ndarray) -> np.ndarray:
        """langdetect's `_detect_block`: the mean over trials of the converged probabilities.

        langdetect multiplies the probabilities by one n-gram's row per draw and normalizes
        and tests convergence after draws 0, 5, 10, ... Here the draws of a block are grouped
        the same way (group 0 = draw 0, group g = draws 5g-4 .. 5g), each group's rows are
        multiplied, and the logs of the group products are summed cumulatively: one row per
        checkpoint.

        A block's rows go into one buffer after 4 rows of ones, so that one `multiply.reduce`
        over a (groups, 5, langs) view multiplies each group's rows in draw order; the first
        block starts at the ones, which pad group 0 (the single draw 0) to 5 rows, exactly.
        (`multiply.reduceat` over the rows gave the same products in 3x the time: 20 against
        6 us for 20 groups.)
        """
        draws = _Draws(self._stream, rows)
        langs = len(self.langs)
        factors = np.empty((4 + 5 * _MAX_GROUPS, langs))
        factors[:4] = 1.0  # and stay 1.0: group 0's padding
        products = np.empty((_MAX_GROUPS, langs))
        scores = np.empty((_MAX_GROUPS, langs))
        shares = np.empty((N_TRIAL, langs))  # each trial's converged scores, and their sums
        sums_at = np.empty((N_TRIAL, 1))
        pos = 0  # position in the random stream
        gauss_next = None
        groups = _FIRST_GROUPS
        for trial in range(N_TRIAL):
            if gauss_next is None:
                z, gauss_next = draws.gauss_pair(pos)
                pos += 4
            else:
                z, gauss_next = gauss_next, None
            weight = (ALPHA + z * ALPHA_WIDTH) / BASE_FREQ
            carry = None  # log-probabilities at the end of the previous block; the prior cancels
            first = 0  # first group of this block
            draw = draws.first_at(pos)  # index of the trial's first draw
            while True:
                pad = 4 if first == 0 else 0  # the ones before draw 0
                count = 5 * groups - pad
                block = factors[4: 4 + count]  # mode "clip": "raise" copies the rows once more
                self._probs.take(draws.rows(draw, count), axis=0, out=block, mode="clip")
                block += weight
                log_prob = products[:groups]
                np.multiply.reduce(factors[4 - pad: 4 + count].reshape(groups, 5, langs), axis=1, out=log_prob)
                np.log(log_prob, out=log_prob)
                np.add.accumulate(log_prob, axis=0, out=log_prob)  # cumsum, without its wrapper
                if carry is not None:
                    log_prob += carry
                score = np.subtract(log_prob, np.maximum.reduce(log_prob, axis=1, keepdims=True), out=scores[:groups])
                np.exp(score, out=score)
                sums = np.add.reduce(score, axis=1)
                converged = sums < _CONV_SUMS  # 1 / sums, the best language's share, > CONV_THRESHOLD
                if first + groups > _LIMIT_GROUP:
                    converged[max(_LIMIT_GROUP - first, 0):] = True
                stop = int(converged.argmax())
                if converged[stop]:
                    shares[trial], sums_at[trial] = score[stop], sums[stop]
                    pos = draws.end(draw + 5 * stop + 4 - pad)
                    # The other trials on this text likely need about as many draws.
                    groups = min(max(first + stop + 4, (first + stop) * 3 // 2), _MAX_GROUPS)
                    break
                carry = log_prob[-1].copy()
                draw += count
                first += groups
                groups = min(2 * groups, _MAX_GROUPS)
        # langdetect's sum of prob / N_TRIAL over the trials, in trial order (a reduction over
        # the rows of a C-ordered array adds row by row)
        shares /= sums_at
        shares /= N_TRIAL
        return np.add.reduce(shares, axis=0)


def _key(gram: str) -> int:
    value = 0
    for ch in gram:
        value = (value << _BITS) | ord(ch)
    return value


class _HashTable:
    """uint64 keys (below 2**63) -> rows, looked up for a whole array at once.

    One table of 2**bits slots (about 6 per key) under a multiplicative hash h = key * M
    (mod 2**64, a bijection): the top `bits` bits of h are the key's slot, and the slot holds
    the other bits of h and the row in one word, (h << bits) | row. So a look-up is one gather
    and one xor: slot ^ (h << bits) is the row when the slot holds the key, and 2**bits or
    more when it does not. An empty slot holds the bits of an h whose key is 2**63 or more,
    which is no key. Where keys share a slot, the slot keeps the most frequent n-gram (the
    largest weight) and the others (10% of the keys) go to a sorted array, searched for the
    keys that miss their slot (3% of a document's, two thirds of them no n-gram at all).

    The chain of tables this replaces (keys and rows apart, a table per round of keys that
    shared a slot) took twice as long: 177 against 86 us per document, 3,200 keys.
    """

    _LOAD = 0.17
    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray, weights: np.ndarray | None = None):
        assert (keys < np.uint64(1 << 63)).all()
        bits = max(4, int(len(keys) / self._LOAD).bit_length())
        self._bits, self._shift = np.uint64(bits), np.uint64(64 - bits)
        self._row_limit = np.uint64(1 << bits)  # every row is below the number of slots
        h = keys * self._MULTIPLIER
        home = h >> self._shift
        if weights is None:
            weights = np.zeros(len(keys))
        order = np.lexsort((np.arange(len(keys)), -weights, home))  # by slot, then weight, then key
        first = np.ones(len(order), dtype=bool)  # the first key of each slot stays
        first[1:] = home[order[1:]] != home[order[:-1]]
        held = order[first]
        self._slots = np.zeros(1 << bits, dtype=np.uint64)
        self._slots[home[held]] = (h[held] << self._bits) | held.astype(np.uint64)
        empty = np.ones(1 << bits, dtype=bool)
        empty[home[held]] = False
        # An empty slot s holds the low bits b of an h = s << shift | b whose key is 2**63 or
        # more: b = 0, 1, ... until the key is (about half of the b qualify).
        inverse = np.uint64(pow(int(self._MULTIPLIER), -1, 1 << 64))
        free = np.flatnonzero(empty).astype(np.uint64)
        low = np.zeros(len(free), dtype=np.uint64)
        while len(free):
            ok = ((free << self._shift) | low) * inverse >= np.uint64(1 << 63)
            self._slots[free[ok]] = low[ok] << self._bits
            free, low = free[~ok], low[~ok] + np.uint64(1)
        spill = order[~first]
        spill = spill[np.argsort(keys[spill])]
        # and a last key above every key, so that a search never runs off the end
        self._spill_keys = np.append(keys[spill], np.uint64(2**64 - 1))
        self._spill_rows = np.append(spill, -1).astype(np.int64)

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """The row of each key, or -1."""
        h = keys * self._MULTIPLIER
        found = self._slots[h >> self._shift]
        found ^= h << self._bits
        missed = found >= self._row_limit
        found = found.view(np.int64)
        if missed.any():
            where = np.flatnonzero(missed)
            wanted = keys[where]
            at = self._spill_keys.searchsorted(wanted)
            found[where] = np.where(self._spill_keys[at] == wanted, self._spill_rows[at], -1)
        return found


class _Draws:
    """`random.choice(ngrams)` results for one text, read off the shared random stream.

    CPython's `_randbelow(n)` takes the top `n.bit_length()` bits of a 32-bit word and draws
    again while the value is >= n. The accepted words of a stretch of the stream are found
    once per text; a trial then reads its draws from the position where it starts.
    """

    def __init__(self, stream: _RandomStream, rows: np.ndarray):
        self._stream = stream
        self._rows = rows
        self._n = len(rows)
        self._shift = 32 - self._n.bit_length()
        self._read(N_TRIAL * 5 * _FIRST_GROUPS * 2)

    def _read(self, count: int) -> None:
        values = self._stream.words(0, count) >> self._shift
        self._positions = np.flatnonzero(values < self._n)  # stream positions of accepted words
        self._picks = self._rows[values[self._positions]]

    def first_at(self, pos: int) -> int:
        """Index of the first draw at or after stream position `pos`."""
        return int(self._positions.searchsorted(pos))

    def rows(self, draw: int, count: int) -> np.ndarray:
        """Profile rows of draws `draw` .. `draw + count - 1`."""
        while draw + count > len(self._picks):
            self._read(2 * (int(self._positions[-1]) + 1 if len(self._positions) else 1024) + 64)
        return self._picks[draw: draw + count]

    def end(self, draw: int) -> int:
        """The stream position after draw `draw`."""
        return int(self._positions[draw]) + 1

    def gauss_pair(self, pos: int) -> tuple[float, float]:
        """`random.gauss` from the 4 words at `pos`: its value and the value it caches."""
        a, b, c, d = self._stream.words(pos, 4).tolist()
        x2pi = _unit(a, b) * (2 * math.pi)
        g2rad = math.sqrt(-2.0 * math.log(1.0 - _unit(c, d)))
        return math.cos(x2pi) * g2rad, math.sin(x2pi) * g2rad


class _RandomStream:
    """The 32-bit words `random.Random(seed)` produces, in order.

    langdetect seeds a fresh `random.Random` per document, so every document reads the same
    stream from its start; it is generated once and grown on demand.

    Growing regenerates the whole stream from the seed (at least doubling it, so the cost stays
    linear) and publishes it with one assignment: an exception at any point (a document's time
    limit, `cleaner.guard`) leaves the old stream or the new one, never a generator that has
    moved on without its words, which would change every later document's language.
    """

    def __init__(self, seed: int):
        self._seed = seed
        self._words = np.empty(0, dtype=np.int64)
        self._lock = threading.Lock()

    def words(self, pos: int, count: int) -> np.ndarray:
        words = self._words
        if pos + count > len(words):
            with self._lock:
                words = self._words
                if pos + count > len(words):
                    n = max(pos + count, 2 * len(words), 1 << 14)
                    fresh = random.Random(self._seed).getrandbits(32 * n).to_bytes(4 * n, "little")
                    words = np.frombuffer(fresh, dtype="<u4").astype(np.int64)
                    self._words = words
        return words[pos: pos + count]


def _unit(a: int, b: int) -> float:
    """`random.random()` from two 32-bit words (CPython's random_random)."""
    return ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0)
