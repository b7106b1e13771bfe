"""Key persons decide who sees them: everyone, verified professionals, or nobody."""

import pytest

from samen.accounts.models import Membership
from samen.audit.models import AuditEntry
from samen.directory.models import KeyPerson, Organization
from tests.factories import OrganizationFactory, client_for, form_key, member, post_at_once

PROFILE = {
    "display_name": "Amina",
    "introduction_nl": "Ik help Eritrese vrouwen in Utrecht.",
    "introduction_en": "",
    "languages": ["ti", "ar"],
    "communities": "Eritrees, Ethiopisch",
    "region": "Utrecht",
    "visibility": "professionals",
}


def person(email, visibility, **extra):
    user = member(email)
    return KeyPerson.objects.create(
        user=user, display_name=email.split("@")[0], visibility=visibility, **extra
    )


@pytest.fixture
def people(db):
    return {
        "public": person("openbaar@example.org", "public", languages=["ti"]),
        "professionals": person("vakmensen@example.org", "professionals"),
        "hidden": person("verborgen@example.org", "hidden"),
    }


@pytest.fixture
def viewers(db):
    verified = OrganizationFactory(verification=Organization.Verification.VERIFIED)
    unverified = OrganizationFactory()
    return {
        "anonymous": None,
        "member": member("lid@example.org"),
        "unverified_org_member": member("nieuw@example.org", unverified, Membership.Role.OWNER),
        "professional": member("pro@example.org", verified, Membership.Role.EDITOR),
        "admin": member("beheer@example.org", is_staff=True),
    }


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("anonymous", {"public"}),
        ("member", {"public"}),
        ("unverified_org_member", {"public"}),
        ("professional", {"public", "professionals"}),
        ("admin", {"public", "professionals"}),
    ],
)
def test_who_sees_which_profiles(people, viewers, viewer, sees):
    client = client_for(viewers[viewer])
    html = client.get("/nl/people/").content.decode()
    for level, profile in people.items():
        assert (profile.display_name in html) is (level in sees), level
        detail = client.get(f"/nl/people/{profile.uuid}/")
        assert detail.status_code == (200 if level in sees else 404), level


def test_a_hidden_person_sees_their_own_profile(people):
    client = client_for(people["hidden"].user)
    assert client.get(f"/nl/people/{people['hidden'].uuid}/").status_code == 200


def test_search_by_language_community_and_place(people, viewers):
    amina = people["public"]
    amina.communities = ["Eritrees"]
    amina.region, amina.latitude, amina.longitude = "Utrecht", 52.09, 5.12
    amina.save()
    client = client_for(None)
    assert amina.display_name in client.get("/nl/people/?language=ti").content.decode()
    assert amina.display_name not in client.get("/nl/people/?language=fa").content.decode()
    assert amina.display_name in client.get("/nl/people/?community=eritr").content.decode()
    assert amina.display_name in client.get("/nl/people/?place=3511").content.decode()
    assert amina.display_name not in client.get("/nl/people/?place=9711").content.decode()
    response = client.get("/en/people/?place=Nowhereville")
    assert "We do not know this place" in response.content.decode()


def test_a_member_writes_their_own_profile(db):
    user = member("amina@example.org")
    organization = OrganizationFactory()
    Membership.objects.create(user=user, organization=organization, role="editor")
    client = client_for(user)
    assert client.post("/nl/manage/key-person/", PROFILE).status_code == 302
    profile = KeyPerson.objects.get(user=user)
    assert profile.visibility == "professionals"
    assert profile.communities == ["Eritrees", "Ethiopisch"]
    assert profile.region == "Utrecht" and profile.latitude is not None
    detail = client.get(f"/nl/people/{profile.uuid}/").content.decode()
    assert organization.name in detail  # affiliation = current memberships
    Membership.objects.filter(user=user).delete()
    assert organization.name not in client.get(f"/nl/people/{profile.uuid}/").content.decode()
    assert AuditEntry.objects.filter(action="key_person.created").count() == 1
    client.post("/nl/manage/key-person/", {**PROFILE, "visibility": "hidden"})
    profile.refresh_from_db()
    assert profile.visibility == "hidden"


def test_anonymous_cannot_write_a_profile(client, db):
    response = client.post("/nl/manage/key-person/", PROFILE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not KeyPerson.objects.exists()


def test_no_email_address_is_ever_shown(people, viewers):
    client = client_for(viewers["professional"])
    for profile in people.values():
        html = client.get("/nl/people/").content.decode()
        assert profile.user.email not in html


TEXT = "Wij zoeken iemand voor een voorlichting in het Tigrinya."


@pytest.fixture
def reachable(people):
    for profile in people.values():
        profile.accepts_messages = True
        profile.save()
    return people


def test_a_professional_messages_a_key_person_without_learning_their_address(
    reachable, viewers, django_capture_on_commit_callbacks
):
    from django.core import mail

    target = reachable["professionals"]
    client = client_for(viewers["professional"])
    page = client.get(f"/nl/people/{target.uuid}/message/")
    assert target.user.email not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        data = {"text": TEXT, "form_key": page.context["form_key"]}
        response = client.post(f"/nl/people/{target.uuid}/message/", data)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [target.user.email]
    assert message.reply_to == ["pro@example.org"]
    assert TEXT in message.body
    entry = AuditEntry.objects.get(action="key_person.messaged")
    assert TEXT not in str(entry.data)


@pytest.mark.parametrize(
    ("viewer", "level", "status"),
    [
        ("anonymous", "public", 302),  # sign in first
        ("member", "professionals", 404),  # cannot see the profile, cannot write
        ("member", "hidden", 404),
        ("professional", "hidden", 404),
        ("member", "public", 200),
    ],
)
def test_only_who_may_see_a_profile_may_write(reachable, viewers, viewer, level, status):
    client = client_for(viewers[viewer])
    assert client.get(f"/nl/people/{reachable[level].uuid}/message/").status_code == status


def test_a_person_who_accepts_no_messages_gets_none(people, viewers):
    from django.core import mail

    client = client_for(viewers["professional"])
    data = {"text": TEXT, "form_key": form_key("key-person-message", viewers["professional"])}
    response = client.post(f"/en/people/{people['public'].uuid}/message/", data)
    assert "does not receive messages" in response.content.decode()
    assert mail.outbox == []


def test_messages_are_rate_limited_per_sender(reachable, viewers):
    client = client_for(viewers["professional"])
    url = f"/en/people/{reachable['public'].uuid}/message/"

    def fresh() -> dict[str, str]:  # each message its own form, as each page shows one
        return {"text": TEXT, "form_key": form_key("key-person-message", viewers["professional"])}

    for _ in range(10):
        assert client.post(url, fresh()).status_code == 302
    assert "many messages" in client.post(url, fresh()).content.decode()


@pytest.mark.django_db(transaction=True)  # the worker closes connections
def test_a_message_relayed_while_mail_is_down_is_sent_once_it_is_back(
    reachable, viewers, queue, smtp
):
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    smtp(refuse=True)
    target = reachable["professionals"]
    client = client_for(viewers["professional"])
    data = {"text": TEXT, "form_key": form_key("key-person-message", viewers["professional"])}
    response = client.post(f"/nl/people/{target.uuid}/message/", data)
    assert response.status_code == 302
    call_command("worker", "--batch", "--interval", "0")
    accepting = smtp(refuse=False)
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    call_command("worker", "--batch", "--interval", "0")
    (received,) = accepting.received
    assert TEXT.encode() in received


def test_a_message_sent_twice_is_relayed_once(reachable, viewers):
    from django.core import mail

    client = client_for(viewers["professional"])
    url = f"/nl/people/{reachable['public'].uuid}/message/"
    data = {"text": TEXT, "form_key": form_key("key-person-message", viewers["professional"])}
    assert [client.post(url, data).status_code for _ in range(2)] == [302, 302]
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="key_person.messaged").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_message_sent_four_times_at_once_is_relayed_once(reachable, viewers):
    from django.core import mail

    url = f"/nl/people/{reachable['public'].uuid}/message/"
    data = {"text": TEXT, "form_key": form_key("key-person-message", viewers["professional"])}
    clients = [client_for(viewers["professional"]) for _ in range(4)]
    responses = post_at_once(clients, url, data)
    assert [response.status_code for response in responses] == [302] * 4
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="key_person.messaged").count() == 1
