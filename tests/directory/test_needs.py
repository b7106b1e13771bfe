"""Need search across languages (issue 10): a query in any of the twelve languages, misspelt,
or in everyday words finds the services for that need, and the page says what it understood."""

import pytest
from django.conf import settings
from django.utils import translation

from samen.audit.services import SystemActor
from samen.directory.loader import vocabulary_load
from samen.directory.models import Service, TaxonomyTerm, TopicSynonym
from samen.directory.needs import forget_vocabulary, understand
from samen.directory.search import ServiceFilter
from samen.directory.selectors import need_suggestions, service_search


def found(query: str, language: str = "nl") -> list[str]:
    with translation.override(language):
        page = service_search(filters=ServiceFilter(text=query), page=1, page_size=20)
    ids = [r.service.id for r in page.results]
    return list(Service.objects.filter(id__in=ids[:8]).values_list("external_id", flat=True))


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("اغتصاب", "ar", "centrum-seksueel-geweld"),  # Arabic: rape
        ("عنف منزلي", "ar", "veilig-thuis"),  # Arabic: domestic violence
        ("تجاوز جنسی", "fa", "centrum-seksueel-geweld"),  # Farsi
        ("ጾታዊ ዓመጽ", "ti", "centrum-seksueel-geweld"),  # Tigrinya: the topic's own name
        ("kufsi", "so", "centrum-seksueel-geweld"),  # Somali
        ("tecavüz", "tr", "centrum-seksueel-geweld"),  # Turkish
        ("зґвалтування", "uk", "centrum-seksueel-geweld"),  # Ukrainian
        ("изнасилование", "ru", "centrum-seksueel-geweld"),  # Russian
        ("viol", "fr", "centrum-seksueel-geweld"),  # French
        ("huislijk geweld", "nl", "veilig-thuis"),  # a misspelling
        ("eerwraak", "nl", "veilig-thuis"),  # an everyday word for honour-related violence
        ("verkrachtng", "en", "centrum-seksueel-geweld"),  # misspelt Dutch on the English site
    ],
)
def test_a_need_is_found_in_any_language(real_directory, query, language, expected):
    assert expected in found(query, language)


def test_services_of_the_need_rank_first(real_directory):
    top = found("اغتصاب", "ar")[:3]
    assert "centrum-seksueel-geweld" in top


def test_the_page_says_what_it_understood_and_offers_the_spelling(client, real_directory):
    html = client.get("/en/search/", {"q": "huiselijk gewelt"}).content.decode()
    assert "Showing help for:" in html and "Domestic violence" in html
    assert "Did you mean:" in html and "Huiselijk geweld</bdi>" in html
    exact = client.get("/en/search/", {"q": "eerwraak"}).content.decode()
    assert "Honour-related violence" in exact and "Did you mean:" not in exact


def test_a_query_that_names_no_need_is_plain_text_search(real_directory):
    assert understand("geweld") is None
    assert understand("Veilig Thuis") is None
    assert understand("xqzwv") is None


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_suggestion_on_an_empty_page_gives_results(real_directory, language):
    with translation.override(language):
        suggestions = need_suggestions()
        assert len(suggestions) >= 4
        for name in suggestions:
            page = service_search(filters=ServiceFilter(text=name), page=1, page_size=20)
            assert page.total > 0, (language, name)


def test_the_empty_page_offers_needs_in_the_visitors_language(client, real_directory):
    html = client.get("/ar/search/", {"q": "xqzwv"}).content.decode()
    assert "العنف الجنسي" in html and "?q=" in html


def test_staff_words_survive_a_reload_and_count_at_once(real_directory):
    term = TaxonomyTerm.objects.get(code="shelter")
    TopicSynonym.objects.create(term=term, language="nl", text="blijfhuis")
    forget_vocabulary()
    match = understand("blijfhuis")
    assert match is not None and match.codes == ("shelter",)
    vocabulary_load(actor=SystemActor("test"), taxonomy=term.taxonomy)
    assert TopicSynonym.objects.filter(text="blijfhuis", source="staff").exists()
    assert TopicSynonym.objects.filter(source="file").count() > 3000


def test_a_reviewed_word_needs_a_reviewer(real_directory):
    from django.core.exceptions import ValidationError

    word = TopicSynonym(
        term=TaxonomyTerm.objects.get(code="shelter"), language="ar", text="ملجأ", status="reviewed"
    )
    with pytest.raises(ValidationError):
        word.full_clean()


def test_every_vocabulary_file_is_an_honest_draft_or_reviewed():
    import yaml

    from samen.directory.loader import VOCABULARY_DIR

    for code, _name in settings.LANGUAGES:
        raw = yaml.safe_load((VOCABULARY_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
        assert raw["language"] == code
        assert raw["status"] == "draft" or (raw.get("reviewer") and raw.get("reviewed"))
