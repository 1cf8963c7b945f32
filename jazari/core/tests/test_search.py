import sys
import unicodedata

import pytest

from jazari.core.search import COMBINING_MARKS, normalize, search_text


def test_the_table_of_combining_marks_holds_every_one_outside_arabic():
    every = {
        code
        for code in range(sys.maxunicode + 1)
        if unicodedata.combining(chr(code)) and not 0x0600 <= code <= 0x06FF
    }
    assert set(COMBINING_MARKS) == every


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Fès", "fes"),
        ("Fe\u0300s", "fes"),  # the accent typed as its own character
        ("ÉCOLE  Supérieure-d'Ingénieurs", "ecole superieure d ingenieurs"),
        ("Ⅻ ﬁchier", "xii fichier"),  # compatibility forms unfold
        ("مَرَاكِز", "مراكز"),
        ("المراكز الجهوية", "مراكز جهويه"),
        ("أحمد", "احمد"),
        ("", ""),
        ("  Ahmed   BENALI. ", "ahmed benali"),
    ],
)
def test_normalize_drops_case_accents_diacritics_and_the_article(typed, stored):
    assert normalize(typed) == stored


def test_search_text_joins_the_parts_it_is_given():
    assert search_text("Amina", "", None, "El Idrissi", "أمينة") == "amina el idrissi امينه"
