"""Mixed scripts read in order (issue 10): on right-to-left pages every run of Latin text,
number, phone number, postcode or URL that stands alone is isolated (bdi, dir="ltr" or
dir="auto"), so "112 (alarmnummer)" never turns into "(alarmnummer) 112"."""

import pytest

from samen.directory.models import Service

pytestmark = pytest.mark.browser

# Text nodes with Latin letters or digits and no right-to-left letter that no ancestor isolates
# before the page itself: isolating is a dir attribute other than rtl (bdi, dir="ltr|auto"),
# or CSS unicode-bidi: plaintext.
UNISOLATED = """() => {
  const rtl = /[\\u0590-\\u08FF\\uFB1D-\\uFDFF\\uFE70-\\uFEFC]/;
  const ltrish = /[A-Za-z0-9]/;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!text || rtl.test(text) || !ltrish.test(text)) continue;
    let element = node.parentElement, isolated = false;
    if (element.closest('script, style, svg')) continue;
    while (element && element !== document.documentElement) {
      if (element.tagName === 'BDI' || element.tagName === 'INPUT') { isolated = true; break; }
      if (getComputedStyle(element).unicodeBidi === 'plaintext') { isolated = true; break; }
      const dir = element.getAttribute('dir');
      if (dir) { isolated = dir !== 'rtl'; break; }
      element = element.parentElement;
    }
    if (!isolated) found.push(text.slice(0, 60));
  }
  return found;
}"""


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_latin_runs_are_isolated_on_right_to_left_pages(visit, language):
    page = visit.page
    csg = Service.objects.get(external_id="centrum-seksueel-geweld")
    paths = [
        f"/{language}/",
        f"/{language}/search/?q=geweld&place=1055",
        f"/{language}/search/?q=xqzwv",
        f"/{language}/services/{csg.uuid}/",
        f"/{language}/help-guide/",
        f"/{language}/sessions/",
        f"/{language}/safety/",
    ]
    problems = {}
    for path in paths:
        page.goto(path)
        found = page.evaluate(UNISOLATED)
        if found:
            problems[path] = found
    assert problems == {}, "\n".join(f"{p}: {v}" for p, v in problems.items())
