import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from samen.audit.services import SystemActor
from samen.directory.loader import taxonomy_load
from samen.directory.models import Phone, Service, TaxonomyTerm
from tests.factories import AddressFactory, PhoneFactory, ServiceFactory, service_at


def url(name, language="nl", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(
    ("language", "direction", "heading"),
    [
        ("nl", "ltr", "Hulp vinden bij jou in de buurt"),
        ("en", "ltr", "Find help near you"),
        ("ar", "rtl", "ابحث عن مساعدة بالقرب منك"),
    ],
)
def test_home_in_each_language(client, real_directory, language, direction, heading):
    response = client.get(url("directory:home", language))
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert heading in html
    # The help-now block lists 112 and the national 24/7 lines from the data.
    assert 'href="tel:112"' in html
    assert 'href="tel:08002000"' in html
    assert 'href="tel:08000188"' in html


def test_home_offers_each_language_in_its_own_script(client, db):
    html = client.get(url("directory:home")).content.decode()
    assert '<a href="/ar/" lang="ar" dir="rtl" hreflang="ar">العربية</a>' in html
    assert "Nederlands" in html and "English" in html


def test_root_redirects_to_a_language_without_a_cookie(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    assert not response.cookies


def test_search_by_need_and_postcode(client, real_directory):
    response = client.get(url("directory:service-search", "en"), {"q": "rape", "place": "1055"})
    html = response.content.decode()
    assert "Centrum Seksueel Geweld" in html
    assert "Works in the whole country" in html
    assert 'href="tel:08000188"' in html


@pytest.mark.parametrize(
    ("params", "summary"),
    [
        ({"q": "geweld"}, "<summary>Filters</summary>"),
        (
            {"q": "geweld", "free": "on", "order": "distance"},
            "<summary>Filters, 1 active</summary>",
        ),
        (
            {"q": "geweld", "place": "1055", "radius": "50", "anonymous": "on"},
            "<summary>Filters, 3 active</summary>",
        ),
        # An unknown place narrows nothing, and its error must show: the filters stay open.
        ({"q": "geweld", "place": "Amsterdm"}, "<summary>Filters</summary>"),
    ],
)
def test_search_results_fold_the_filters_and_count_the_active_ones(
    client, real_directory, params, summary
):
    html = client.get(url("directory:service-search", "en"), params).content.decode()
    assert summary in html
    is_open = '<details class="filter-panel" open>' in html
    assert is_open == ("place" in params and params["place"] == "Amsterdm")


def test_unknown_place_gives_a_clear_error_with_suggestions_and_keeps_the_input(client, db):
    response = client.get(url("directory:service-search", "en"), {"place": "Amsterdm", "q": "hulp"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We do not know the place “Amsterdm”" in html
    assert "?place=Amsterdam&amp;q=hulp" in html
    assert 'value="Amsterdm"' in html
    assert 'value="hulp"' in html


def test_unknown_place_error_is_translated(client, db):
    html = client.get(url("directory:service-search", "ar"), {"place": "Xyzzy"}).content.decode()
    assert "Xyzzy" in html
    assert "We do not know the place" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"radius": "9999"},
        {"topic": "no-such-topic"},
        {"language": "<script>"},
        {"q": "\"'*()^-NEAR OR AND NOT"},
        {"q": "x" * 500},
        {"place": "\x00"},
        {"order": "drop table"},
    ],
)
def test_bad_input_never_breaks_the_search_page(client, db, params):
    response = client.get(url("directory:service-search"), params)
    assert response.status_code == 200
    assert b"<h1>" in response.content


def test_search_query_count_is_pinned(client, real_directory, django_assert_num_queries, settings):
    settings.MICROCACHE_SECONDS = 0  # the search's own cost
    params = {"q": "geweld", "place": "1055"}
    # The directory's generation (what this process keeps is valid for it; read at most once
    # a second), the topics, the vocabulary of needs (names and synonyms), the search, the
    # listing; PostgreSQL's stemmers are asked for the words' tsquery once per process.
    with django_assert_num_queries(6 + (connection.vendor == "postgresql")):
        assert client.get(url("directory:service-search"), params).status_code == 200
    with django_assert_num_queries(2):  # topic options and vocabulary come from the cache now
        assert client.get(url("directory:service-search"), params).status_code == 200


def test_a_repeated_anonymous_search_costs_no_query(
    client, real_directory, django_assert_num_queries
):
    params = {"q": "geweld", "place": "1055"}
    client.get(url("directory:service-search"), params)
    with django_assert_num_queries(0):  # the micro-cache (samen/web/microcache.py)
        assert client.get(url("directory:service-search"), params).status_code == 200


def test_topic_options_follow_a_newly_loaded_taxonomy(
    client, real_directory, django_capture_on_commit_callbacks
):
    search = url("directory:service-search", "en")
    TaxonomyTerm.objects.filter(code="online-abuse").update(name={"en": "Abuse online"})
    assert "Abuse online" in client.get(search).content.decode()
    TaxonomyTerm.objects.filter(code="online-abuse").update(name={"en": "Changed behind"})
    assert "Abuse online" in client.get(search).content.decode()  # kept for a while
    with django_capture_on_commit_callbacks(execute=True):
        taxonomy_load(actor=SystemActor("test"))  # an operator loads the taxonomy again
    html = client.get(search).content.decode()
    assert "Online abuse" in html and "Abuse online" not in html


def test_empty_search_shows_what_to_try_and_the_national_lines(client, real_directory):
    html = client.get(url("directory:service-search", "en"), {"q": "qqqqzzzz"}).content.decode()
    assert "0 results" in html
    assert "Use fewer or other words" in html
    assert 'href="tel:112"' in html


def test_service_detail_shows_contact_hours_cost_anonymity_and_provenance(client, real_directory):
    service = Service.objects.get(external_id="kindertelefoon")
    html = client.get(url("directory:service-detail", "en", service_uuid=service.uuid)).content
    html = html.decode()
    assert 'href="tel:08000432"' in html
    assert "daily 11:00-21:00" in html
    assert "Free call" in html
    assert "You do not have to give your name" in html
    assert "For ages 8 to 18." in html
    assert "Last checked: " in html
    assert "https://www.kindertelefoon.nl/spreekbeurt-of-werkstuk" in html
    assert ("Open now" in html) or ("Closed now" in html)


def test_service_detail_shows_interpreter_and_the_places_served(client, real_directory):
    victim_support = Service.objects.get(external_id="slachtofferhulp-nederland")
    html = client.get(
        url("directory:service-detail", "en", service_uuid=victim_support.uuid)
    ).content.decode()
    assert "Interpreter: Free interpreter for victims of crime" in html
    assert "Works in the whole country." in html
    blijf = Service.objects.get(external_id="blijf-groep")
    html = client.get(url("directory:service-detail", "en", service_uuid=blijf.uuid)).content
    html = html.decode()
    assert "Works in: " in html and "Alkmaar" in html
    assert "Works in the whole country." not in html


def test_service_detail_puts_what_a_newcomer_asks_first_and_professional_facts_last(
    client, real_directory
):
    victim_support = Service.objects.get(external_id="slachtofferhulp-nederland")
    html = client.get(
        url("directory:service-detail", "en", service_uuid=victim_support.uuid)
    ).content.decode()
    interpreter = html.index("Interpreter: Free interpreter")
    contact = html.index('id="contact-title"')
    professionals = html.index('id="professionals-title"')
    about = html.index('id="provenance-title"')
    assert interpreter < contact < professionals < about
    assert html.index("Gives advice to professionals.") > professionals
    assert html.index("Sources:") > about


def test_accessibility_and_languages_show_before_contact(client, db):
    service = ServiceFactory(free_of_charge=True, anonymous=True)
    service.languages.create(code="ar")
    location = service_at(service, 52.09, 5.12)
    location.accessibility.create(description={"en": "Step-free entrance"})
    html = client.get(url("directory:service-detail", "en", service_uuid=service.uuid)).content
    html = html.decode()
    contact = html.index('id="contact-title"')
    assert html.index("Languages spoken:") < contact
    assert html.index("Accessibility: Step-free entrance") < contact
    assert html.index("Free of charge.") < contact
    assert html.index("You can contact them without giving your name.") < contact
    assert 'id="professionals-title"' not in html


def test_migrant_organisations_are_labelled_as_such(client, real_directory):
    from samen.directory.models import Organization

    fsan = Organization.objects.get(external_id="fsan")
    html = client.get(
        url("directory:organization-detail", "en", organization_uuid=fsan.uuid)
    ).content.decode()
    assert "Migrant organisation" in html


def test_detail_title_is_neutral(client, real_directory):
    service = Service.objects.get(external_id="centrum-seksueel-geweld")
    html = client.get(url("directory:service-detail", "en", service_uuid=service.uuid)).content
    title = html.decode().split("<title>")[1].split("</title>")[0]
    assert "Seksueel" not in title and "violence" not in title.lower()


def test_hidden_address_is_never_rendered(client, db):
    service = ServiceFactory()
    location = service_at(service, 52.37, 4.88)
    location.address_hidden = True
    location.save()
    AddressFactory(location=location, address_1="Schuilplaats 13", postal_code="1055 XY")
    for page in (
        url("directory:service-detail", "en", service_uuid=service.uuid),
        url("directory:organization-detail", "en", organization_uuid=service.organization.uuid),
    ):
        html = client.get(page).content.decode()
        assert "Schuilplaats" not in html
        assert "1055 XY" not in html
        assert "Address given on contact" in html
        assert "Amsterdam" in html


def test_visible_address_is_rendered(client, db):
    service = ServiceFactory()
    AddressFactory(location=service_at(service, 52.37, 4.88), address_1="Open Straat 1")
    html = client.get(url("directory:service-detail", "en", service_uuid=service.uuid)).content
    assert "Open Straat 1" in html.decode()


def test_demo_listing_is_labelled_demo_on_every_page(client, db):
    service = ServiceFactory(is_demo=True, description={"en": "made up"})
    PhoneFactory(service=service)
    pages = [
        url("directory:service-search", "en") + "?q=made",
        url("directory:service-detail", "en", service_uuid=service.uuid),
        url("directory:organization-detail", "en", organization_uuid=service.organization.uuid),
    ]
    for page in pages:
        assert 'class="badge demo">demo<' in client.get(page).content.decode(), page


def test_demo_lines_never_appear_in_the_help_now_block(client, db):
    demo = ServiceFactory(is_demo=True, open_24_7=True, name={"nl": "Nep lijn"})
    PhoneFactory(service=demo)
    assert "Nep lijn" not in client.get(url("directory:home")).content.decode()


def test_stale_listing_is_flagged(client, db):
    old = ServiceFactory(last_checked=timezone.localdate() - dt.timedelta(days=400))
    html = client.get(url("directory:service-detail", "en", service_uuid=old.uuid)).content
    assert "Needs re-check" in html.decode()


def test_unknown_service_is_a_404(client, db):
    response = client.get("/en/services/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


def test_fallback_content_is_marked_with_its_language(client, db):
    service = ServiceFactory(description={"en": "Only in English"})
    html = client.get(url("directory:service-detail", "ar", service_uuid=service.uuid)).content
    assert '<span lang="en" dir="ltr">Only in English</span>' in html.decode()


def test_result_card_offers_the_first_phone_number_by_position(client, db):
    service = ServiceFactory(name={"nl": "Kaartdienst"}, national=True)
    PhoneFactory(service=service, number="+31 20 222 2222", position=2)
    PhoneFactory(service=service, number="020 111 1111", position=1)
    html = client.get(url("directory:service-search"), {"q": "Kaartdienst"}).content.decode()
    assert 'href="tel:0201111111"' in html
    assert "222 2222" not in html


def test_pocket_card_lists_the_day_and_night_lines_in_the_visitors_language_and_dutch(
    client, real_directory
):
    ServiceFactory(is_demo=True, open_24_7=True, name={"nl": "Demolijn"})
    response = client.get("/ar/card/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html and 'id="quick-exit"' in html
    assert 'href="tel:112"' in html and 'href="tel:08002000"' in html
    assert "الطوارئ: الشرطة، الإسعاف، الإطفاء" in html
    assert '<span class="number-for card-nl" lang="nl" dir="ltr">Noodgeval: politie' in html
    assert "Demolijn" not in html
    assert 'href="/static/samen/card.css"' in html
    assert not response.cookies


def test_pocket_card_in_dutch_shows_each_text_once(client, real_directory):
    html = client.get("/nl/card/").content.decode()
    assert html.count("Noodgeval: politie, ambulance, brandweer") == 1


@pytest.mark.parametrize("path", ["/nl/help-guide/", "/nl/help-guide/professionals/"])
def test_help_guide_and_professionals_guide_link_to_the_pocket_card(client, real_directory, path):
    assert 'href="/nl/card/"' in client.get(path).content.decode()


def day_and_night_phones():
    return list(
        Phone.objects.filter(
            service__open_24_7=True, service__is_demo=False, service__audience="everyone"
        )
    )


@pytest.mark.parametrize("path", ["/nl/", "/ar/", "/ti/card/", "/ar/card/", "/nl/card/"])
def test_every_number_of_every_day_and_night_line_is_a_tel_link(client, real_directory, path):
    html = client.get(path).content.decode()
    phones = day_and_night_phones()
    assert "08000113" in {phone.tel_uri for phone in phones}  # 113 has a second number
    for phone in phones:
        assert f'href="tel:{phone.tel_uri}"' in html, phone.number


def test_numbers_for_the_same_thing_share_one_label_in_both_languages(client, db):
    line = ServiceFactory(open_24_7=True, name={"nl": "Nachtlijn"})
    night = {"nl": "Praten in de nacht", "ar": "التحدث في الليل"}
    PhoneFactory(service=line, number="020 000 0003", position=3, description={"nl": "Chat"})
    PhoneFactory(service=line, number="020 000 0002", position=2, description=night)
    PhoneFactory(service=line, number="020 000 0001", position=1, description=night)
    card = client.get("/ar/card/").content.decode()
    first, second, third = (card.index(f'href="tel:020000000{n}"') for n in (1, 2, 3))
    assert first < second < third
    assert card.count("التحدث في الليل") == 1 and card.count(">Praten in de nacht<") == 1
    assert card.index(">Chat<") > third
    home = client.get("/ar/").content.decode()
    assert home.count("التحدث في الليل") == 1 and "Praten in de nacht" not in home
    assert 'href="tel:0200000003"' in home


def test_home_page_costs_no_query_once_warm(
    client, real_directory, settings, django_assert_max_num_queries, django_assert_num_queries
):
    settings.MICROCACHE_SECONDS = 0  # the page's own cost, not the micro-cache's
    # The directory's generation, the topics, the day-and-night lines and their phones.
    with django_assert_max_num_queries(4):
        assert client.get(url("directory:home")).status_code == 200
    with django_assert_num_queries(0):  # kept for the directory's generation
        html = client.get(url("directory:home")).content.decode()
    assert 'href="tel:08000113"' in html
