"""Residue of WordPress, Jetpack, Blogger and news sites in the languages without a golden
case of their own is recognised with the right reason, and sentences that use the same words
are not."""

from __future__ import annotations

import pytest

from cleaner.lexicons import default_lexicon

RESIDUE = [
    # Dutch
    ("Geef een reactie Reactie annuleren", "comment-form"),
    ("Het e-mailadres wordt niet gepubliceerd. Vereiste velden zijn gemarkeerd met *", "comment-form"),
    ("Vorig bericht Volgend bericht", "navigation"),
    ("Lees ook: Nieuwe fietsbrug opent in het voorjaar", "related"),
    ("Alle rechten voorbehouden", "copyright"),
    # Russian
    ("Добавить комментарий Отменить ответ", "comment-form"),
    ("Ваш адрес email не будет опубликован. Обязательные поля помечены *", "comment-form"),
    ("Навигация по записям", "navigation"),
    ("Рубрики: Политика, Экономика", "taxonomy"),
    ("Читайте также", "related"),
    ("Поделиться", "share"),
    # Turkish
    ("Bir yanıt yazın Yanıtı iptal et", "comment-form"),
    ("E-posta adresiniz yayınlanmayacak. Gerekli alanlar * ile işaretlenmişlerdir", "comment-form"),
    ("Önceki yazı", "navigation"),
    ("Etiketler: ekonomi, enflasyon", "taxonomy"),
    ("Tüm hakları saklıdır", "copyright"),
    # Arabic
    ("اترك تعليقاً", "comment-form"),
    ("لن يتم نشر عنوان بريدك الإلكتروني", "comment-form"),
    ("المقالة السابقة", "navigation"),
    ("مقالات ذات صلة", "related"),
    ("جميع الحقوق محفوظة", "copyright"),
    # Breadcrumbs, Blogger pager, reading time, photo credits
    ("Accueil » Actualités » Politique", "navigation"),
    ("Entrada más reciente Entrada antigua Página principal", "navigation"),
    ("5 minut czytania", "template"),
    ("Foto: Archivo EFE", "copyright"),
]

SENTENCES = [
    "Geef een reactie op het voorstel, zei de wethouder tegen de raad.",
    "Он решил добавить комментарий к своему старому письму.",
    "Bir yanıt yazın dedi öğretmen, ama kimse bir şey yazmadı.",
    "Les commerçants veulent partager leurs remarques avec la mairie.",
    "Mira, el perro corre por el parque cada mañana con su dueño.",
    "Podziel się swoją opinią w ankiecie, prosi urząd miasta.",
]


@pytest.mark.parametrize("line, reason", RESIDUE)
def test_residue_in_many_languages(line, reason):
    match = default_lexicon().match(line)
    assert match is not None and match.reason == reason, (line, match)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_with_the_same_words_stay(sentence):
    assert default_lexicon().match(sentence) is None
