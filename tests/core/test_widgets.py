from django import forms

from samen.core.widgets import FastSelect


class Form(forms.Form):
    language = forms.ChoiceField(
        choices=[("", "Any"), ("ar", "العربية"), ("x", "<b>&")],
        required=False,
        widget=FastSelect(option_lang=True),
    )


def test_fast_select_marks_the_choice_escapes_labels_and_tags_languages():
    html = str(Form({"language": "ar"})["language"])
    assert html.startswith('<select name="language" id="id_language">')
    assert '<option value="ar" lang="ar" selected>العربية</option>' in html
    assert '<option value="">Any</option>' in html
    assert "&lt;b&gt;&amp;" in html and "<b>" not in html
    assert html.count(" selected") == 1


def test_fast_select_without_a_value_selects_the_empty_choice_like_django():
    fast = str(Form()["language"])
    assert '<option value="" selected>Any</option>' in fast and fast.count(" selected") == 1
