from django.utils import translation

from samen.core.translation import fallback_chain, fold, pick, pick_with_language


def test_requested_language_wins():
    assert pick({"nl": "Hallo", "en": "Hello", "ar": "مرحبا"}, "ar") == "مرحبا"


def test_missing_language_falls_back_to_dutch_then_english():
    assert pick({"nl": "Hallo", "en": "Hello"}, "ar") == "Hallo"
    assert pick({"en": "Hello"}, "ar") == "Hello"


def test_fallback_reports_the_language_it_used():
    assert pick_with_language({"en": "Hello"}, "nl") == ("Hello", "en")


def test_any_language_is_better_than_nothing():
    assert pick({"ti": "ሰላም"}, "nl") == "ሰላም"


def test_empty_value_gives_empty_text():
    assert pick({}, "nl") == ""
    assert pick(None, "nl") == ""


def test_regional_variant_falls_back_to_base_language():
    assert fallback_chain("pt-br")[:2] == ["pt-br", "pt"]


def test_active_language_is_used_when_none_is_given():
    with translation.override("en"):
        assert pick({"nl": "Hallo", "en": "Hello"}) == "Hello"


def test_fold_removes_case_accents_and_arabic_diacritics():
    assert fold("Één Café") == "een cafe"
    assert fold("عُنْف") == "عنف"
