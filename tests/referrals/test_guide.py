import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from samen.referrals import guide
from tests.factories import ServiceFactory, TaxonomyTermFactory

ANSWERS = {"danger": "no", "what": "sexual", "when": "recent", "age": "no", "stay": "azc"}


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def test_the_guide_is_one_page_of_questions_and_results_without_cookie(client, real_directory):
    first = client.get(url("referrals:guide"))
    html = first.content.decode()
    assert first.status_code == 200 and not first.cookies
    assert html.count('class="guide-question"') == 5 and 'id="results"' in html
    assert "Are you in danger now?" in html and "Where do you live now?" in html
    assert 'href="#question-2">Next question' in html
    assert 'href="#question-1">Previous question' in html
    assert 'href="#results">Show help that fits' in html
    assert 'type="submit"' not in html.split('class="guide"', 1)[1]


def test_answers_are_never_sent_and_a_post_is_refused(client, real_directory):
    response = client.post(url("referrals:guide"), ANSWERS)
    assert response.status_code == 405 and not response.cookies


def test_each_result_is_classed_by_the_answers_it_fits(client, real_directory):
    results = {result.service.name["nl"]: result for result in guide.guide_results()}
    csg = results["Centrum Seksueel Geweld"]
    # Sexual violence in the last 7 days: the Centrum Seksueel Geweld fits both answers.
    assert {"what-sexual", "when-recent"} <= set(csg.answer_keys)
    html = client.get(url("referrals:guide")).content.decode()
    assert 'class="card guide-result for-' in html
    names = list(results)
    assert names.index("Centrum Seksueel Geweld") < names.index(
        next(name for name in names if "GZA" in name)
    )


def test_a_service_for_adults_only_is_marked_so(db):
    adults = ServiceFactory(minimum_age=18, topics=[TaxonomyTermFactory(code="sexual-violence")])
    children = ServiceFactory(maximum_age=17, topics=[TaxonomyTermFactory(code="shelter")])
    classes = {result.service.id: result.css_classes for result in guide.guide_results()}
    assert classes[adults.id] == "guide-result for-what-sexual adults-only"
    assert classes[children.id] == "guide-result for-when-ongoing children-only"


def test_the_stylesheet_shows_the_results_of_every_answer_with_topics():
    css = (settings.BASE_DIR / "web/static/samen/samen.css").read_text()
    for question in guide.QUESTIONS:
        for option in question.options:
            key = guide.answer_key(question, option)
            rule = f".guide:has(#answer-{key}:checked) .for-{key} {{ display: block; }}"
            assert (rule in css) == bool(option.topics), key


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_guide_speaks_every_interface_language(client, real_directory, language):
    html = client.get(url("referrals:guide", language)).content.decode()
    assert "Are you in danger now?" not in html


def test_the_professionals_guide_lists_advice_lines_from_the_directory(client, real_directory):
    html = client.get(url("referrals:guide-professionals")).content.decode()
    assert "Veilig Thuis" in html and 'href="tel:08002000"' in html
    assert "meldcode" in html
