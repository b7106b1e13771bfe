"""Members put their services on the map: who may, what is stored, what the public sees."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from samen.audit.models import AuditEntry
from samen.directory.geo import resolve_place
from samen.directory.hours import AMSTERDAM
from samen.directory.models import Service
from samen.directory.search import ServiceFilter, search_service_ids
from tests.factories import ServiceFactory, TaxonomyTermFactory, client_for

FORM = {
    "name_nl": "Vrouwengroep Utrecht",
    "name_en": "Women's group Utrecht",
    "description_nl": "Wekelijkse praatgroep voor vrouwen, ook over geweld thuis.",
    "description_en": "",
    "url": "",
    "topics": ["domestic-violence"],
    "languages": ["ti", "ar"],
    "anonymous": "on",
    "free_of_charge": "on",
    "MO_opens": "09:00",
    "MO_closes": "12:00",
    "phones-TOTAL_FORMS": "1",
    "phones-INITIAL_FORMS": "0",
    "phones-0-number": "030 000 0000",
    "phones-0-description_nl": "Spreekuur",
    "places-TOTAL_FORMS": "1",
    "places-INITIAL_FORMS": "0",
    "places-0-address_1": "Schuilstraat 9",
    "places-0-postal_code": "3511ab",
    "places-0-city": "Utrecht",
    "places-0-address_hidden": "on",
}


def new_url(organization):
    return f"/nl/manage/organisations/{organization.uuid}/services/new/"


@pytest.fixture
def topic(db):
    return TaxonomyTermFactory(code="domestic-violence")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("editor", True),
        ("owner", True),
        ("other_owner", False),
        ("admin", False),
    ],
)
def test_who_may_add_a_service(world, topic, role, allowed):
    client = client_for(world[role])
    response = client.post(new_url(world["own"]), FORM)
    created = Service.objects.filter(organization=world["own"]).first()
    assert (created is not None) is allowed
    if not allowed:
        assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("editor", True),
        ("owner", True),
        ("other_owner", False),
        ("admin", False),
    ],
)
def test_who_may_edit_a_service(world, role, allowed):
    service = ServiceFactory(organization=world["own"], name={"nl": "Oud"})
    client = client_for(world[role])
    client.post(f"/nl/manage/services/{service.uuid}/", {**FORM, "topics": []})
    service.refresh_from_db()
    assert (service.name["nl"] == FORM["name_nl"]) is allowed


def test_a_new_service_is_stored_whole_and_found_by_search(world, topic):
    client_for(world["owner"]).post(new_url(world["own"]), FORM)
    service = Service.objects.get(organization=world["own"])
    assert service.name == {"nl": FORM["name_nl"], "en": FORM["name_en"]}
    assert service.anonymous and service.free_of_charge and not service.open_24_7
    assert list(service.topics.values_list("code", flat=True)) == ["domestic-violence"]
    assert sorted(service.languages.values_list("code", flat=True)) == ["ar", "ti"]
    phone = service.phones.get()
    assert (phone.number, phone.description) == ("030 000 0000", {"nl": "Spreekuur"})
    schedule = service.schedules.get()
    assert (schedule.byday, str(schedule.opens_at), str(schedule.closes_at)) == (
        "MO",
        "09:00:00",
        "12:00:00",
    )
    location = service.service_at_locations.get().location
    assert location.address_hidden
    assert location.addresses.get().postal_code == "3511 AB"
    # The point is the postcode area's centre, never the building.
    centre = resolve_place("3511")
    assert (location.latitude, location.longitude) == (centre.latitude, centre.longitude)
    found = search_service_ids(
        ServiceFilter(text="praatgroep", point=centre, radius_km=5), limit=5, offset=0
    )
    hits = found.hits
    assert [h.service_id for h in hits] == [service.id]
    assert AuditEntry.objects.filter(action="service.created", target_id=str(service.pk)).exists()


def test_the_hidden_street_address_never_reaches_the_public(client, world, topic):
    client_for(world["owner"]).post(new_url(world["own"]), FORM)
    service = Service.objects.get(organization=world["own"])
    html = client.get(f"/nl/services/{service.uuid}/").content.decode()
    assert "Schuilstraat" not in html and "3511 AB" not in html
    assert "Utrecht" in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"places-0-postal_code": "0000"}, "places.postal_code", "Use four digits and two"),
        ({"places-0-postal_code": "1004 ZZ"}, "places.postal_code", "We do not know this"),
        ({"phones-0-number": "bel me"}, "phones.number", "Use only digits, spaces and dashes"),
        ({"MO_closes": "09:00"}, "MO_closes", "closing time is the same as the opening time"),
        ({"MO_closes": ""}, "MO_closes", "Give both the opening and the closing time"),
        ({"places-0-postal_code": ""}, "places.postal_code", "This field is required"),
        ({"name_nl": "", "name_en": ""}, "name", "Write this in at least one language"),
    ],
)
def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(
    world, topic, change, field, message
):
    client = client_for(world["owner"])
    response = client.post(new_url(world["own"]).replace("/nl/", "/en/"), {**FORM, **change})
    assert response.status_code == 200
    forms = response.context["forms"]
    if field.startswith(("places.", "phones.")):
        formset_name, name = field.split(".")
        errors = getattr(forms, formset_name).forms[0].errors.get(name, [])
    else:
        errors = forms.main.errors.get(field, [])
    assert errors
    if message:
        assert message in " ".join(errors)
    assert FORM["description_nl"] in response.content.decode()
    assert not Service.objects.filter(organization=world["own"]).exists()


def test_editing_in_any_language_and_replacing_the_place(world, topic):
    service = ServiceFactory(organization=world["own"], name={"nl": "Oud", "ar": "قديم"})
    client = client_for(world["owner"])
    html = client.get(f"/nl/manage/services/{service.uuid}/").content.decode()
    assert ">\nقديم</textarea>" not in html and 'value="قديم"' in html
    arabic = {
        "name_ar": "قديم",
        "description_ar": "مجموعة نسائية",
        "phones-0-description_ar": "موعد",
    }
    client.post(f"/nl/manage/services/{service.uuid}/", {**FORM, **arabic})
    client.post(
        f"/nl/manage/services/{service.uuid}/",
        {**FORM, **arabic, "places-0-postal_code": "1055", "phones-INITIAL_FORMS": "1"},
    )
    service.refresh_from_db()
    assert service.name == {"nl": FORM["name_nl"], "en": FORM["name_en"], "ar": "قديم"}
    assert service.description["ar"] == "مجموعة نسائية"
    assert service.phones.get().description == {"nl": "Spreekuur", "ar": "موعد"}
    location = service.service_at_locations.get().location
    assert location.addresses.get().postal_code == "1055"
    assert AuditEntry.objects.filter(action="service.updated").count() == 2


def test_several_phones_and_places_and_removing_one(world, topic):
    client = client_for(world["owner"])
    two = {
        **FORM,
        "phones-TOTAL_FORMS": "2",
        "phones-1-number": "020 000 0000",
        "places-TOTAL_FORMS": "2",
        "places-1-postal_code": "1055",
        "places-1-city": "Amsterdam",
    }
    client.post(new_url(world["own"]), two)
    service = Service.objects.get(organization=world["own"])
    assert [p.number for p in service.phones.all()] == ["030 000 0000", "020 000 0000"]
    assert service.service_at_locations.count() == 2
    # The edit page shows both rows plus an empty one; tick "delete" on the first phone.
    page = client.get(f"/nl/manage/services/{service.uuid}/")
    assert page.context["forms"].phones.total_form_count() == 3
    edit = {
        **two,
        "phones-TOTAL_FORMS": "3",
        "phones-INITIAL_FORMS": "2",
        "phones-0-DELETE": "on",
        "places-TOTAL_FORMS": "3",
        "places-INITIAL_FORMS": "2",
    }
    client.post(f"/nl/manage/services/{service.uuid}/", edit)
    assert [p.number for p in service.phones.all()] == ["020 000 0000"]
    assert service.service_at_locations.count() == 2


def test_a_save_keeps_what_the_form_does_not_show_of_a_phone_line(world, topic):
    client = client_for(world["owner"])
    client.post(new_url(world["own"]), FORM)
    service = Service.objects.get(organization=world["own"])
    service.phones.update(
        hours_description={"nl": "ma-vr 9-17"},
        cost_description={"nl": "lokaal tarief"},
        free_of_charge=True,
        anonymous=True,
        languages=["ar"],
    )
    edit = {**FORM, "description_nl": "Nieuwe tekst", "phones-0-description_nl": "Spreekuur!"}
    client.post(f"/nl/manage/services/{service.uuid}/", edit)
    phone = service.phones.get()
    assert phone.description == {"nl": "Spreekuur!"}
    assert phone.hours_description == {"nl": "ma-vr 9-17"}
    assert phone.cost_description == {"nl": "lokaal tarief"}
    assert (phone.free_of_charge, phone.anonymous, phone.languages) == (True, True, ["ar"])
    # A new number starts without them.
    client.post(f"/nl/manage/services/{service.uuid}/", {**edit, "phones-0-number": "030 111"})
    assert service.phones.get().hours_description == {}


def test_service_changes_show_in_the_listing_history_with_what_changed(world, topic):
    client = client_for(world["owner"])
    client.post(new_url(world["own"]), FORM)
    service = Service.objects.get(organization=world["own"])
    client.post(
        f"/en/manage/services/{service.uuid}/",
        {**FORM, "url": "https://example.org/spreekuur", "phones-0-number": "030 000 0001"},
    )
    entry = AuditEntry.objects.get(action="service.updated")
    assert entry.data["changed"] == ["phones", "url"]
    html = client.get(f"/en/manage/organisations/{world['own'].uuid}/").content.decode()
    assert "added a service" in html
    assert "changed a service: web page, phone numbers" in html


def test_hours_past_midnight_can_be_entered_and_show_open_on_the_next_morning(world, topic):
    night = {**FORM, "MO_opens": "", "MO_closes": "", "FR_opens": "22:00", "FR_closes": "02:00"}
    response = client_for(world["owner"]).post(new_url(world["own"]), night)
    assert response.status_code == 302
    service = Service.objects.get(organization=world["own"])
    schedule = service.schedules.get()
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == (
        "FR",
        dt.time(22),
        dt.time(2),
    )
    saturday_1 = dt.datetime(2026, 12, 5, 1, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(saturday_1, tick=False):
        html = Client().get(f"/en/services/{service.uuid}/").content.decode()
    assert "Open now" in html
    assert "Friday 22:00 to 02:00 the next morning" in html
    with time_machine.travel(saturday_1 + dt.timedelta(hours=1), tick=False):
        html = Client().get(f"/en/services/{service.uuid}/").content.decode()
    assert "Closed now" in html
