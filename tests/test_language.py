"""The vectorized detector gives langdetect's seeded answer (label and probability)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from cleaner.language import UNDETERMINED, _Draws, _RandomStream, detect_language, detector
from cleaner.types import Language

SENTENCES = [
    "The committee will publish its final report on the state of the railways next week.",
    "Die Bundesregierung will die Förderung für erneuerbare Energien im kommenden Jahr deutlich erhöhen.",
    "Le gouvernement a présenté mercredi un projet de loi sur la réforme des retraites.",
    "El Gobierno aprobó ayer una nueva ley para proteger los derechos de los trabajadores.",
    "Il sindaco ha annunciato che i lavori sulla piazza principale finiranno entro l'estate.",
    "O presidente disse que o país precisa de mais investimentos em educação e saúde.",
    "De gemeente wil volgend jaar meer geld uittrekken voor fietspaden in de binnenstad.",
    "Rząd zapowiedział, że od przyszłego roku wzrosną wydatki na ochronę zdrowia.",
    "Правительство объявило о новых мерах поддержки малого и среднего бизнеса.",
    "أعلنت الحكومة عن خطة جديدة لدعم الشركات الصغيرة والمتوسطة في البلاد.",
    "Η κυβέρνηση ανακοίνωσε νέα μέτρα για τη στήριξη των μικρών επιχειρήσεων.",
    "Hükümet, küçük işletmeleri desteklemek için yeni bir paket açıkladı.",
    "Regeringen presenterade i dag ett nytt förslag om sänkt skatt för pensionärer.",
    "Vláda dnes schválila nový zákon o podpoře malých a středních podniků.",
    "A kormány új intézkedéseket jelentett be a kisvállalkozások támogatására.",
    "Hallitus ilmoitti uusista toimista pienten yritysten tukemiseksi.",
    "政府は中小企業を支援するための新しい対策を発表しました。",
    "政府宣布了支持中小企业的新措施，并将在明年实施。",
    "정부는 중소기업을 지원하기 위한 새로운 대책을 발표했다.",
    "Chính phủ đã công bố các biện pháp mới để hỗ trợ doanh nghiệp nhỏ.",
    "Chi\u0301nh phu\u0309 đa\u0303 công bô\u0301 các biện pháp mới.",  # Vietnamese with combining marks
    "सरकार ने छोटे व्यवसायों की मदद के लिए नई योजना की घोषणा की है।",
    "THE BOARD MEETS ON MONDAY and will decide about the budget for the year.",  # ALL-CAPS words
    "Visit https://example.org/news?id=1 or write to press@example.org for the full statement today.",
    "Grüße aus Köln 😀 und viele Grüße an alle Leser dieser Zeitung 🎉 heute.",  # outside the BMP
    "on 😀 لدعم الشركات الصغيرة nhỏ 🎉 في البلاد",  # outside the BMP, Latin letters dropped
    "Dit is een korte Nederlandse zin.",
    "Ceci est court.",
    "Hallo Welt, wie geht es dir heute?",
]


def reference(text: str, max_chars: int = 2000, min_letters: int = 20) -> Language:
    """What the original implementation did: seeded langdetect on the first max_chars."""
    sample = text[:max_chars]
    if sum(ch.isalpha() for ch in sample) < min_letters:
        return UNDETERMINED
    DetectorFactory.seed = 0
    try:
        found = detect_langs(sample)
    except LangDetectException:
        return UNDETERMINED
    return Language(found[0].lang, round(found[0].prob, 3)) if found else UNDETERMINED


@pytest.mark.parametrize("text", SENTENCES, ids=range(len(SENTENCES)))
def test_agrees_with_langdetect_on_sentences(text):
    assert detect_language(text, min_letters=5) == reference(text, min_letters=5)


def test_agrees_where_langdetect_drops_latin_letters():
    # langdetect counts Latin Extended Additional ("ỏ") as non-Latin, so the Latin letters go.
    text = "on لدعم لدعم nhỏ."
    assert detect_language(text, min_letters=5) == reference(text, min_letters=5)


def test_agrees_on_mixed_and_long_text():
    mixed = " ".join(SENTENCES)
    assert detect_language(mixed) == reference(mixed)
    long = "\n".join(SENTENCES[1] for _ in range(400))  # beyond langdetect's 10000 characters
    assert detect_language(long, max_chars=20000) == reference(long, max_chars=20000)


def test_undetermined_and_deterministic():
    assert detect_language("Too short") == UNDETERMINED
    assert detect_language("12:30 !!! 45 -- 99 ... ** 7 " * 5) == UNDETERMINED
    assert detector().detect("1234 5678 !!! ???") == UNDETERMINED  # letters-free: no features
    first = detect_language(SENTENCES[0])
    assert all(detect_language(SENTENCES[0]) == first for _ in range(3))
    assert first.prob == round(first.prob, 3)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([w for s in SENTENCES for w in s.split()]), min_size=3, max_size=60))
def test_agrees_with_langdetect_on_word_salad(words):
    text = " ".join(words)
    assert detect_language(text, min_letters=5) == reference(text, min_letters=5)


def test_random_stream_is_cpythons():
    stream = _RandomStream(0)
    rng = random.Random(0)
    assert stream.words(0, 1000).tolist() == [rng.getrandbits(32) for _ in range(1000)]
    # gauss (two values per pair of random() calls) and choice, as langdetect calls them
    rows = __import__("numpy").arange(3000) * 7
    for n in (1, 2, 3, 100, 1024, 3000):
        draws = _Draws(stream, rows[:n])
        rng = random.Random(0)
        z0, z1 = draws.gauss_pair(0)
        assert (z0, z1) == (rng.gauss(0.0, 1.0), rng.gauss(0.0, 1.0))
        expected = [rng.choice(rows[:n].tolist()) for _ in range(500)]
        first = draws.first_at(4)
        assert draws.rows(first, 500).tolist() == expected


def test_hash_table_finds_every_key_and_only_keys():
    import numpy as np

    from cleaner.language import _HashTable

    rng = np.random.default_rng(7)
    keys = np.unique(rng.integers(1, 2**63, size=50_000, dtype=np.uint64))
    absent = np.setdiff1d(rng.integers(1, 2**63, size=5_000, dtype=np.uint64), keys)
    for weights in (None, rng.random(len(keys))):
        table = _HashTable(keys, weights)
        assert len(table._spill_keys) > 1000  # keys that share a slot are looked for too
        assert (table.rows(keys) == np.arange(len(keys))).all()
        assert (table.rows(absent) == -1).all()
    # In a slot that several keys share, the heaviest stays.
    spilled = np.isin(keys, table._spill_keys)
    home = (keys * table._MULTIPLIER) >> table._shift
    for slot in np.unique(home[spilled])[:100]:
        sharing = np.flatnonzero(home == slot)
        assert not spilled[sharing[np.argmax(weights[sharing])]]
    # An empty slot holds the bits of a key of 2**63 or more: no key of a text matches it.
    slots = np.flatnonzero(~np.isin(np.arange(len(table._slots), dtype=np.uint64), home))[:1000].astype(np.uint64)
    h = (slots << table._shift) | (table._slots[slots] >> table._bits)
    inverse = np.uint64(pow(int(table._MULTIPLIER), -1, 1 << 64))
    assert len(slots) == 1000 and (h * inverse >= np.uint64(2**63)).all()


def test_convergence_bound_is_langdetects_division():
    import numpy as np

    from cleaner.language import _CONV_SUMS, CONV_THRESHOLD

    # The estimator tests sums < _CONV_SUMS where langdetect tests 1 / sums > CONV_THRESHOLD.
    near = [_CONV_SUMS]
    for _ in range(50):
        near = [np.nextafter(near[0], 0.0), *near, np.nextafter(near[-1], 2.0)]
    sums = np.array([1.0, 1.000001, *near, 1.0001, 2.0])
    assert ((sums < _CONV_SUMS) == (1.0 / sums > CONV_THRESHOLD)).all()
    assert (1.0 / np.nextafter(_CONV_SUMS, 0.0) > CONV_THRESHOLD) and not (1.0 / _CONV_SUMS > CONV_THRESHOLD)
