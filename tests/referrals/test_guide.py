import pytest
from django.urls import reverse
from django.utils import translation

ANSWERS = {"danger": "no", "what": "sexual", "when": "recent", "age": "no", "stay": "azc"}


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def test_the_guide_asks_one_question_at_a_time_without_url_or_cookie(client, real_directory):
    guide = url("referrals:guide")
    first = client.get(guide)
    html = first.content.decode()
    assert "Are you in danger now?" in html and 'method="post"' in html
    assert not first.cookies
    second = client.post(guide, {"danger": "no"})
    html = second.content.decode()
    assert "What happened?" in html and 'name="danger" value="no"' in html
    assert not second.cookies and second["Cache-Control"].startswith("max-age=0")


def test_answers_lead_to_matching_services_from_the_directory(client, real_directory):
    html = client.post(url("referrals:guide"), ANSWERS).content.decode()
    assert "Help that fits" in html
    results = html.split("Help that fits", 1)[1]
    # Sexual violence in the last 7 days: the Centrum Seksueel Geweld comes first.
    assert results.index("Centrum Seksueel Geweld") < results.index("GZA")
    assert 'href="tel:' in results


def test_danger_shows_the_emergency_lines_first(client, real_directory):
    html = client.post(url("referrals:guide"), {"danger": "yes"}).content.decode()
    assert html.index('href="tel:112"') < html.index("What happened?")


def test_an_answer_that_is_not_an_option_is_asked_again(client, real_directory):
    html = client.post(
        url("referrals:guide"), {"danger": "no", "what": "nonsense"}
    ).content.decode()
    assert "Choose one of the answers." in html and "What happened?" in html


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_guide_speaks_every_interface_language(client, real_directory, language):
    html = client.get(url("referrals:guide", language)).content.decode()
    assert "Are you in danger now?" not in html


def test_the_professionals_guide_lists_advice_lines_from_the_directory(client, real_directory):
    html = client.get(url("referrals:guide-professionals")).content.decode()
    assert "Veilig Thuis" in html and 'href="tel:08002000"' in html
    assert "meldcode" in html
