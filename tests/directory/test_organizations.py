"""Self-service organisation listings: register, edit, verify; who may and who may not."""

import pytest

from samen.accounts.models import Membership
from samen.audit.models import AuditEntry
from samen.directory.models import Organization
from tests.factories import OrganizationFactory, ServiceFactory, TaxonomyTermFactory, client_for

NEW = "/nl/manage/organisations/new/"
PROFILE = {
    "name": "Stichting Samen Sterk",
    "kind": "migrant-organisation",
    "description_nl": "Wij helpen Eritrese vrouwen in Utrecht.",
    "description_en": "We help Eritrean women in Utrecht.",
    "website": "https://example.org",
    "email": "",
}


def edit_url(organization):
    return f"/nl/manage/organisations/{organization.uuid}/"


def verify_url(organization):
    return f"/nl/manage/organisations/{organization.uuid}/verify/"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("member", True),
        ("editor", True),
        ("owner", True),
        ("other_owner", True),
        ("admin", True),
    ],
)
def test_who_may_register_an_organisation(world, role, allowed):
    client = client_for(world[role])
    response = client.post(NEW, PROFILE)
    created = Organization.objects.filter(name=PROFILE["name"]).first()
    if allowed:
        assert created is not None
        assert created.verification == Organization.Verification.UNVERIFIED
        assert created.memberships.get().user == world[role]
        assert created.memberships.get().role == Membership.Role.OWNER
        assert response["Location"] == edit_url(created)
    else:
        assert created is None
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


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
def test_who_may_edit_the_profile(world, role, allowed):
    client = client_for(world[role])
    own = world["own"]
    page = client.get(edit_url(own))
    response = client.post(edit_url(own), {**PROFILE, "name": "Nieuwe naam"})
    own.refresh_from_db()
    if allowed:
        assert page.status_code == 200
        assert own.name == "Nieuwe naam"
        assert response.status_code == 302
    else:
        assert page.status_code in (302, 403)
        assert response.status_code in (302, 403)
        assert own.name == "Eigen organisatie"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("editor", False),
        ("owner", False),
        ("other_owner", False),
        ("admin", True),
    ],
)
def test_who_may_verify_an_organisation(world, role, allowed):
    client = client_for(world[role])
    own = world["own"]
    client.post(verify_url(own), {"method": "Telefoon met de voorzitter"})
    own.refresh_from_db()
    assert own.is_verified is allowed
    if allowed:
        assert own.verified_by == world["admin"]
        assert own.verification_method == "Telefoon met de voorzitter"


def test_verification_needs_to_say_how(world):
    client = client_for(world["admin"])
    response = client.post(verify_url(world["own"]), {"method": "   "})
    assert response.status_code == 200
    assert not Organization.objects.get(pk=world["own"].pk).is_verified


def test_every_change_is_recorded_and_shown_to_the_owner(world):
    client = client_for(world["owner"])
    client.post(edit_url(world["own"]), {**PROFILE, "name": "Nieuwe naam"})
    entry = AuditEntry.objects.get(action="organization.updated")
    assert entry.actor_user == world["owner"]
    assert entry.data["changed"]["name"] == "Nieuwe naam"
    html = client.get(edit_url(world["own"]).replace("/nl/", "/en/")).content.decode()
    assert "Changes to this listing" in html
    assert "eigenaar@example.org · changed name, kind, description, website" in html


def test_the_form_shows_every_language_and_saves_what_is_written_in_any(world):
    own = world["own"]
    own.description = {"nl": "oud", "ar": "نص عربي"}
    own.save()
    client = client_for(world["owner"])
    html = client.get(edit_url(own)).content.decode()
    # Each of samen's twelve languages has its own box, with its lang and dir.
    for code in ("nl", "en", "ar", "fa", "prs", "ps", "ti", "so", "tr", "uk", "ru", "fr"):
        assert f'name="description_{code}"' in html
    assert 'lang="ar" dir="rtl" id="id_description_2">\nنص عربي</textarea>' in html
    client.post(
        edit_url(own),
        {**PROFILE, "description_ar": "نص عربي", "description_ti": "ንሕና ንሕግዝ"},
    )
    own.refresh_from_db()
    assert own.description == {
        "nl": PROFILE["description_nl"],
        "en": PROFILE["description_en"],
        "ar": "نص عربي",
        "ti": "ንሕና ንሕግዝ",
    }


def test_a_listing_can_be_written_in_one_language_only_and_not_in_none(world):
    own = world["own"]
    client = client_for(world["owner"])
    only_somali = {
        **PROFILE,
        "description_nl": "",
        "description_en": "",
        "description_so": "Waan caawinaa",
    }
    client.post(edit_url(own), only_somali)
    own.refresh_from_db()
    assert own.description == {"so": "Waan caawinaa"}
    response = client.post(edit_url(own), {**only_somali, "description_so": ""})
    assert response.status_code == 200
    assert "Schrijf dit in minstens één taal." in response.content.decode()
    own.refresh_from_db()
    assert own.description == {"so": "Waan caawinaa"}


def test_bad_input_is_refused_with_a_message_and_nothing_is_lost(world):
    client = client_for(world["member"])
    response = client.post(NEW, {**PROFILE, "name": "", "website": "geen url"})
    assert response.status_code == 200
    html = response.content.decode()
    assert PROFILE["description_nl"] in html  # what was typed is still there
    assert 'class="error"' in html
    assert not Organization.objects.filter(name="").exists()


def test_an_unverified_organisation_is_labelled_in_search_and_on_its_pages(client, db):
    organization = OrganizationFactory(verification=Organization.Verification.UNVERIFIED)
    service = ServiceFactory(organization=organization, description={"nl": "zichtbaar"})
    for page in (
        "/en/search/?q=zichtbaar",
        f"/en/services/{service.uuid}/",
        f"/en/organisations/{organization.uuid}/",
    ):
        assert "Not yet verified" in client.get(page).content.decode(), page


def test_the_real_directory_is_verified_by_its_sources(real_directory):
    assert not Organization.objects.filter(verification="unverified").exists()
    veilig_thuis = Organization.objects.get(external_id="veilig-thuis")
    assert "nl-support-services.yaml" in veilig_thuis.verification_method


def test_the_profile_says_who_the_organisation_serves_and_where(world):
    TaxonomyTermFactory(code="fgm")
    client = client_for(world["owner"])
    client.post(
        edit_url(world["own"]),
        {
            **PROFILE,
            "languages": ["ti", "am"],
            "communities": "Eritrees, Ethiopisch,",
            "region": "Utrecht",
            "topics": ["fgm"],
        },
    )
    own = Organization.objects.get(pk=world["own"].pk)
    assert own.languages == ["ti", "am"]
    assert own.communities == ["Eritrees", "Ethiopisch"]
    assert own.region == "Utrecht"
    assert list(own.topics.values_list("code", flat=True)) == ["fgm"]
    changed = AuditEntry.objects.get(action="organization.updated").data["changed"]
    assert changed["topics"] == ["fgm"]


def test_professionals_find_organisations_by_language_community_region_and_topic(client, world):
    own = world["own"]
    own.languages, own.communities, own.region = ["ti"], ["Eritrees"], "Utrecht"
    own.save()
    for query, found in [
        ("language=ti", True),
        ("language=fa", False),
        ("community=eritr", True),
        ("region=utrecht", True),
        ("region=Groningen", False),
        ("kind=migrant-organisation", own.kind == "migrant-organisation"),
    ]:
        html = client.get(f"/nl/organisations/?{query}").content.decode()
        assert (own.name in html) is found, query


def test_activities_and_contact_line_are_shown_on_the_public_listing(client, world):
    client_for(world["owner"]).post(
        edit_url(world["own"]),
        {
            **PROFILE,
            "activities_nl": "Elke dinsdag een vrouwengroep.",
            "phone_number": "030 000 0000",
        },
    )
    html = client.get(f"/nl/organisations/{world['own'].uuid}/").content.decode()
    assert "Elke dinsdag een vrouwengroep." in html
    assert 'href="tel:0300000000"' in html
    changed = AuditEntry.objects.get(action="organization.updated").data["changed"]
    assert changed["phone_number"] == "030 000 0000"


def png_with_location(size=(800, 600)):
    import io

    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010E] = "secret shelter photo"  # ImageDescription
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    out.seek(0)
    out.name = "logo.jpg"
    return out


def test_a_logo_is_re_encoded_small_and_without_metadata(client, world, settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    owner = client_for(world["owner"])
    response = owner.post(edit_url(world["own"]), {**PROFILE, "logo": png_with_location()})
    assert response.status_code == 302
    own = Organization.objects.get(pk=world["own"].pk)
    with Image.open(own.logo.path) as stored:
        assert stored.format == "PNG"
        assert max(stored.size) <= 400
        assert not stored.getexif()
    page = client.get(f"/nl/organisations/{own.uuid}/").content.decode()
    assert f'src="/media/{own.logo.name}"' in page
    served = client.get(f"/media/{own.logo.name}")
    assert served.status_code == 200
    assert not served.cookies


def test_a_file_that_is_not_an_image_is_refused(world, settings, tmp_path):
    import io

    settings.MEDIA_ROOT = tmp_path
    fake = io.BytesIO(b"<script>alert(1)</script>")
    fake.name = "logo.png"
    response = client_for(world["owner"]).post(
        edit_url(world["own"]).replace("/nl/", "/en/"), {**PROFILE, "logo": fake}
    )
    assert response.status_code == 200
    assert "This file is not an image." in response.content.decode()
    assert not Organization.objects.get(pk=world["own"].pk).logo


def test_renaming_an_organisation_makes_its_services_findable_by_the_new_name(client, world):
    service = ServiceFactory(organization=world["own"], description={"nl": "spreekuur"})
    client_for(world["owner"]).post(edit_url(world["own"]), {**PROFILE, "name": "Zonnebloemhuis"})
    results = client.get("/nl/search/", {"q": "zonnebloemhuis"}).context["page"].results
    assert [r.service.id for r in results] == [service.id]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_huge_canvas_is_refused_before_it_is_decoded(world, settings, tmp_path, monkeypatch):
    """A small PNG that declares 13000 x 13000 pixels never reaches decoding (issue 11)."""
    import io

    from PIL import Image, ImageFile

    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("1", (13000, 13000)).save(out, format="PNG", optimize=True)
    assert out.tell() < 2 * 1024 * 1024
    out.seek(0)
    out.name = "logo.png"
    decoded = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(
        ImageFile.ImageFile, "load", lambda self: decoded.append(self.size) or real_load(self)
    )
    response = client_for(world["owner"]).post(
        edit_url(world["own"]).replace("/nl/", "/en/"), {**PROFILE, "logo": out}
    )
    assert response.status_code == 200
    assert "The image is too large: at most 4000 by 4000 pixels." in response.content.decode()
    assert decoded == []
    assert not Organization.objects.get(pk=world["own"].pk).logo
