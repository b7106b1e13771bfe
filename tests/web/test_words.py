"""The word list (issue 10): Dutch beside the visitor's language, with plain explanations."""

import pytest
from django.conf import settings
from django.utils import translation

from samen.web.words import WORDS


def test_the_word_list_shows_dutch_beside_the_visitors_language(client, db):
    html = client.get("/ar/words/").content.decode()
    for word in WORDS:
        assert f'<th scope="row" lang="nl" dir="ltr">{word.dutch}</th>' in html
    with translation.override("ar"):
        assert str(WORDS[0].word) in html and str(WORDS[0].explanation) in html
        assert str(WORDS[0].word) != "consent"
    assert "Veilig Thuis" in html


def test_on_the_dutch_page_the_word_is_not_repeated(client, db):
    html = client.get("/nl/words/").content.decode()
    assert html.count('<th scope="col">') == 2 and "toestemming" in html
    assert client.get("/fr/words/").content.decode().count('<th scope="col">') == 3


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_the_word_list_answers_in_every_language(client, db, code):
    assert client.get(f"/{code}/words/").status_code == 200


def test_the_guides_link_to_the_word_list(client, db):
    assert "/en/words/" in client.get("/en/help-guide/professionals/").content.decode()


def test_no_word_states_a_phone_number_other_than_112():
    import re

    for word in WORDS:
        with translation.override("en"):
            text = f"{word.word} {word.explanation}"
        assert not re.search(r"\b0\d{2,3}[- ]?\d", text), word.dutch
