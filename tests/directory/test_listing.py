from samen.directory.listing import load_for_listing
from samen.directory.models import Organization
from tests.factories import PhoneFactory, ServiceFactory


def test_listing_rows_carry_what_the_model_holds(db):
    first = ServiceFactory(
        open_24_7=True, anonymous=True, name={"nl": "Lijn", "ar": "خط"}, is_demo=True
    )
    PhoneFactory(service=first, number="0800-1234", position=1)
    PhoneFactory(service=first, number="0800-0000", position=0)
    second = ServiceFactory(
        organization=Organization.objects.create(name="Ander", source_urls=["https://e.org"])
    )
    listed = load_for_listing([second.pk, first.pk])
    assert set(listed) == {first.pk, second.pk}
    one = listed[first.pk]
    assert one.uuid == first.uuid and one.name == {"nl": "Lijn", "ar": "خط"}
    assert one.open_24_7 is True and one.anonymous is True and one.is_demo is True
    assert one.free_of_charge is False and one.last_checked == first.last_checked
    assert one.listing_phone == "0800-0000"  # the first by position
    assert one.organization.name == first.organization.name
    assert listed[second.pk].organization.name == "Ander"
    assert listed[second.pk].listing_phone is None
    # Another number of ids uses its own statement; the same number reuses it.
    assert set(load_for_listing([first.pk])) == {first.pk}
    assert set(load_for_listing([first.pk, second.pk])) == {first.pk, second.pk}
    assert load_for_listing([]) == {}
