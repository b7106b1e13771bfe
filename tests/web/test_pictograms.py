"""Pictograms by need (issue 12, item 9): every entry point on the home page and every need in
the help guide has its own decorative pictogram from samen's own sprite."""

import re

from samen.directory.models import TaxonomyTerm
from samen.referrals.guide import QUESTIONS
from samen.web.templatetags.samen import pictogram, pictogram_ids

USE = re.compile(
    r'<svg class="pictogram" aria-hidden="true"[^>]*>'
    r'<use href="/static/samen/pictograms\.svg#([a-z-]+)"></use></svg>'
)


def test_every_entry_point_on_the_home_page_has_a_pictogram(client, real_directory):
    entry_points = list(
        TaxonomyTerm.objects.filter(is_entry_point=True).values_list("code", flat=True)
    )
    assert entry_points
    html = client.get("/nl/").content.decode()
    assert sorted(USE.findall(html)) == sorted(entry_points)


def test_every_need_in_the_help_guide_has_its_own_pictogram(client, real_directory):
    needs = next(question for question in QUESTIONS if question.key == "what").options
    html = client.get("/ar/help-guide/").content.decode()
    shown = USE.findall(html)
    assert shown == [option.topics[0] for option in needs]
    assert len(set(shown)) == len(needs)


def test_a_need_without_a_drawing_gets_nothing_rather_than_a_broken_image():
    assert pictogram("no-such-need") == ""
    assert {"emergency", "shelter"} <= pictogram_ids()
