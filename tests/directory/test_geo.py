import pytest

from samen.directory.geo import distance_km, repair_mojibake, resolve_place, suggest_places


@pytest.mark.parametrize("text", ["1055", "1055 AB", "1055ab", " 1055  AB "])
def test_postcode_with_or_without_letters_resolves_to_its_pc4(text):
    point = resolve_place(text)
    assert point is not None
    assert point.label == "1055 Amsterdam"
    assert 52.3 < point.latitude < 52.45


@pytest.mark.parametrize(
    "text", ["Den Haag", "'s-Gravenhage", "s Gravenhage", "den haag", "The Hague"]
)
def test_the_hague_by_every_name(text):
    point = resolve_place(text)
    assert point is not None
    assert point.label == "'s-Gravenhage"


def test_place_name_is_case_insensitive():
    assert resolve_place("AMSTERDAM") == resolve_place("Amsterdam")


def test_unknown_place_gives_none_and_close_suggestions():
    assert resolve_place("Amsterdm") is None
    assert "Amsterdam" in suggest_places("Amsterdm")


def test_unknown_postcode_gives_none():
    assert resolve_place("0000") is None


def test_damaged_accents_in_the_source_are_mended():
    assert repair_mojibake("Mari+½nheem") == "Mariënheem"
    assert resolve_place("Mariënheem") is not None


def test_distance_amsterdam_to_the_hague_is_about_50_km():
    amsterdam = resolve_place("Amsterdam")
    the_hague = resolve_place("Den Haag")
    assert amsterdam and the_hague
    km = distance_km(
        amsterdam.latitude, amsterdam.longitude, the_hague.latitude, the_hague.longitude
    )
    assert 45 < km < 55
