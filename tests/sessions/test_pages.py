import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from samen.audit.models import AuditEntry
from samen.directory.models import KeyPerson
from samen.sessions.models import Feedback, Host, InfoSession, Registration, Toolkit
from tests.factories import client_for, info_session, member


def url(name, *args, language="nl", **kwargs):
    with translation.override(language):
        return reverse(name, args=args, kwargs=kwargs)


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_calendar_filters_by_language_and_place(client, db):
    arabic = info_session(title={"nl": "Arabische groep"}, languages=["ar"])
    tigrinya = info_session(title={"nl": "Tigrinya groep"}, languages=["ti"])
    far = info_session(
        title={"nl": "Groningen groep"}, languages=["ar"], latitude=53.2, longitude=6.56
    )
    html = client.get(url("sessions:calendar"), {"language": "ar"}).content.decode()
    assert "Arabische groep" in html and "Tigrinya groep" not in html
    html = client.get(url("sessions:calendar"), {"place": "1055", "radius": "10"}).content.decode()
    assert "Arabische groep" in html and "Groningen groep" not in html
    assert all(s.status == "planned" for s in (arabic, tigrinya, far))


def test_calendar_with_an_unknown_place_explains_and_keeps_the_input(client, db):
    html = client.get(
        url("sessions:calendar", language="en"), {"place": "Xyzzyville"}
    ).content.decode()
    assert "We do not know the place" in html and 'value="Xyzzyville"' in html


def test_drafts_are_not_public(client, db):
    draft = info_session(status=InfoSession.Status.DRAFT, title={"nl": "Concept"})
    assert "Concept" not in client.get(url("sessions:calendar")).content.decode()
    assert client.get(url("sessions:detail", draft.uuid)).status_code == 404


def test_detail_has_event_json_ld_without_attendees(client, db):
    session = info_session(capacity=10)
    Registration.objects.create(session=session, token_digest="x", nickname="Verborgen")
    html = client.get(url("sessions:detail", session.uuid)).content.decode()
    data = json_ld(html)
    assert data["@type"] == "Event"
    for key in (
        "name",
        "startDate",
        "endDate",
        "location",
        "organizer",
        "inLanguage",
        "eventStatus",
        "eventAttendanceMode",
        "isAccessibleForFree",
    ):
        assert key in data
    assert data["remainingAttendeeCapacity"] == 9
    assert "Verborgen" not in html and "attendee" not in json.dumps(data).lower().replace(
        "remainingattendeecapacity", ""
    ).replace("maximumattendeecapacity", "")


def test_hidden_address_is_not_shown_before_registration(client, db):
    session = info_session(address_after_registration=True, neighbourhood="De Baarsjes")
    html = client.get(url("sessions:detail", session.uuid)).content.decode()
    assert "Teststraat" not in html and "De Baarsjes" in html
    ics = client.get(url("sessions:ics", session.uuid)).content.decode()
    assert "Teststraat" not in ics


def test_ics_parses_with_stable_uid_and_sequence(client, db):
    session = info_session()
    first = Calendar.from_ical(client.get(url("sessions:ics", session.uuid)).content)
    event = first.walk("VEVENT")[0]
    assert str(event["UID"]) == f"{session.uuid}@samen"
    session.sequence = 3
    session.save()
    feed = Calendar.from_ical(client.get(url("sessions:feed")).content)
    (again,) = [e for e in feed.walk("VEVENT") if str(e["UID"]) == f"{session.uuid}@samen"]
    assert int(again["SEQUENCE"]) == 3
    assert "Amal" not in feed.to_ical().decode()


def test_newcomer_registers_without_an_account_or_cookie(client, db):
    session = info_session()
    page = client.get(url("sessions:register", session.uuid, language="ar"))
    stamp = re.search(r'name="started" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        url("sessions:register", session.uuid, language="ar"),
        {"nickname": "Amal", "started": stamp, "interpreter_language": "ar"},
    )
    assert response.status_code == 302 and "/ar/sessions/r/" in response["Location"]
    assert not response.cookies and not page.cookies
    html = client.get(response["Location"]).content.decode()
    assert "Teststraat 1" in html  # the address, now that they registered
    registration = Registration.objects.get()
    assert registration.language == "ar" and registration.interpreter_language == "ar"
    client.post(response["Location"].split("?")[0], {"action": "cancel"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_registration_form_errors_are_shown_and_input_kept(client, db):
    session = info_session()
    html = client.post(
        url("sessions:register", session.uuid, language="en"),
        {"nickname": "", "phone": "abc", "email": "Amal@"},
    ).content.decode()
    assert "This field is required" in html and 'value="Amal@"' in html
    assert not Registration.objects.exists()


def test_a_robot_filling_the_hidden_field_is_not_registered(client, db):
    session = info_session()
    page = client.get(url("sessions:register", session.uuid)).content.decode()
    stamp = re.search(r'name="started" value="([^"]+)"', page).group(1)
    client.post(
        url("sessions:register", session.uuid),
        {"nickname": "x", "started": stamp, "website": "spam"},
    )
    assert not Registration.objects.exists()


@pytest.fixture
def hosted(world):
    session = info_session(world["own"])
    return session


ORGANISER_PAGES = [
    "sessions:edit",
    "sessions:registrations",
    "sessions:hosts",
    "sessions:after",
    "sessions:cancel",
]


@pytest.mark.parametrize("page", ORGANISER_PAGES)
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
def test_organiser_pages_are_for_hosts_only(world, hosted, page, role, allowed):
    response = client_for(world[role]).get(url(page, hosted.uuid))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (200 if allowed else 403)


def test_registrations_page_shows_nicknames_and_needs_never_contacts(world, hosted):
    Registration.objects.create(
        session=hosted,
        token_digest="t1",
        nickname="Amal",
        email="amal@example.org",
        phone="0612345678",
        needs_childcare=True,
    )
    html = (
        client_for(world["editor"]).get(url("sessions:registrations", hosted.uuid)).content.decode()
    )
    assert "Amal" in html and "amal@example.org" not in html and "0612345678" not in html
    viewed = AuditEntry.objects.get(action="registrations.viewed")
    assert viewed.actor_user == world["editor"] and viewed.data == {"count": 1}


def test_co_facilitator_is_invited_accepts_and_is_shown(world, hosted):
    owner = client_for(world["owner"])
    owner.post(url("sessions:hosts", hosted.uuid), {"name": world["other"].name})
    host = Host.objects.get(session=hosted, organization=world["other"])
    assert host.status == Host.Status.INVITED
    # someone outside the invited organisation cannot answer
    assert (
        client_for(world["editor"])
        .post(url("sessions:host-answer", host.uuid), {"accept": "1"})
        .status_code
        == 403
    )
    client_for(world["other_owner"]).post(url("sessions:host-answer", host.uuid), {"accept": "1"})
    host.refresh_from_db()
    assert host.status == Host.Status.ACCEPTED
    html = client_for(None).get(url("sessions:detail", hosted.uuid)).content.decode()
    assert world["own"].name in html and world["other"].name in html
    # an accepted co-host may manage the session too
    assert (
        client_for(world["other_owner"]).get(url("sessions:registrations", hosted.uuid)).status_code
        == 200
    )


def test_organiser_creates_a_weekly_series(world):
    editor = client_for(world["editor"])
    response = editor.post(
        url("sessions:create") + f"?as={world['own'].uuid}",
        {
            "as": str(world["own"].uuid),
            "title_nl": "Praatgroep",
            "description_nl": "Samen praten",
            "date": "2030-03-20",
            "start_time": "14:00",
            "end_time": "16:00",
            "audience": "women",
            "format": "in_person",
            "languages": ["ti"],
            "postal_code": "1055",
            "city": "Amsterdam",
            "repeat": "7",
            "repeat_count": "4",
        },
    )
    assert response.status_code == 302
    sessions = list(InfoSession.objects.order_by("starts_at"))
    assert len(sessions) == 4 and len({s.series for s in sessions}) == 1
    # the same wall-clock time in Amsterdam across the change to summer time (29 March 2030)
    assert {
        s.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam")).hour
        for s in sessions
    } == {14}
    assert all(s.hosts.get().organization == world["own"] for s in sessions)


def test_a_session_can_be_written_in_tigrinya_only(world):
    editor = client_for(world["editor"])
    response = editor.post(
        url("sessions:create") + f"?as={world['own'].uuid}",
        {
            "as": str(world["own"].uuid),
            "title_ti": "ናይ ደቀንስትዮ ጉጅለ",
            "description_ti": "ብሓባር ንዛረብ",
            "date": "2030-03-20",
            "start_time": "14:00",
            "end_time": "16:00",
            "audience": "women",
            "format": "in_person",
            "languages": ["ti"],
            "postal_code": "1055",
            "city": "Amsterdam",
        },
    )
    assert response.status_code == 302
    session = InfoSession.objects.get()
    assert session.title == {"ti": "ናይ ደቀንስትዮ ጉጅለ"}
    assert session.text_status["title"]["ti"]["status"] == "own"
    assert session.text_status["title"]["ti"]["by"] == world["editor"].pk
    # On the Dutch page the Tigrinya title is marked as Tigrinya.
    html = client_for(None).get(url("sessions:detail", session.uuid)).content.decode()
    assert '<span lang="ti" dir="ltr">ናይ ደቀንስትዮ ጉጅለ</span>' in html


def test_session_cannot_be_created_for_someone_elses_organisation(world):
    client_for(world["other_owner"]).post(
        url("sessions:create") + f"?as={world['own'].uuid}",
        {
            "as": str(world["own"].uuid),
            "title_nl": "X",
            "description_nl": "Y",
            "date": "2030-03-20",
            "start_time": "14:00",
            "end_time": "16:00",
            "audience": "mixed",
            "format": "in_person",
            "languages": ["nl"],
            "city": "Amsterdam",
        },
    )
    assert not InfoSession.objects.filter(hosts__organization=world["own"]).exists()


def test_key_person_organises_as_themselves(db):
    user = member("sleutel@example.org")
    person = KeyPerson.objects.create(user=user, display_name="Sara")
    session = info_session(person)
    assert client_for(user).get(url("sessions:edit", session.uuid)).status_code == 200


def test_cancelling_keeps_the_session_visible_and_tells_registrants(
    world, hosted, mailoutbox, django_capture_on_commit_callbacks
):
    Registration.objects.create(
        session=hosted, token_digest="t", nickname="A", email="a@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world["owner"]).post(url("sessions:cancel", hosted.uuid), {"note": "Sorry"})
    hosted.refresh_from_db()
    assert hosted.status == InfoSession.Status.CANCELLED and hosted.sequence == 1
    assert len(mailoutbox) == 1
    data = json_ld(client_for(None).get(url("sessions:detail", hosted.uuid)).content.decode())
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_feedback_is_anonymous_and_shown_only_as_aggregates(world, db):
    session = info_session(world["own"], days_ahead=-1)
    page = client_for(world["owner"]).get(url("sessions:after", session.uuid)).content.decode()
    link = re.search(r'class="private-link" dir="ltr">http://testserver([^<]+)<', page).group(1)
    anonymous = client_for(None)
    for _ in range(3):
        anonymous.post(
            link,
            {
                "useful": "yes",
                "knows_where_to_find_help": "yes",
                "would_come_again": "no",
                "comment": "Goed",
            },
        )
    assert Feedback.objects.count() == 3
    html = client_for(world["owner"]).get(url("sessions:after", session.uuid)).content.decode()
    assert "&lt;5" in html and "Goed" not in html  # fewer than five: no comments either


def test_attendance_counts_must_add_up(world):
    session = info_session(world["own"], days_ahead=-1)
    owner = client_for(world["owner"])
    html = owner.post(
        url("sessions:after", session.uuid, language="en"), {"total": "5", "women": "4", "men": "3"}
    ).content.decode()
    assert "add up to more" in html
    owner.post(url("sessions:after", session.uuid), {"total": "9", "women": "6", "men": "3"})
    session.refresh_from_db()
    assert session.status == InfoSession.Status.HELD and session.attendance.total == 9


def test_only_administrators_decide_on_toolkits(world):
    toolkit = Toolkit.objects.create(title={"nl": "Voorstel"}, url="https://example.org/t")
    assert (
        client_for(world["owner"])
        .post(url("sessions:toolkit-decide", toolkit.uuid), {"approve": "1"})
        .status_code
        == 403
    )
    assert client_for(None).get(url("sessions:toolkit-detail", toolkit.uuid)).status_code == 404
    client_for(world["admin"]).post(url("sessions:toolkit-decide", toolkit.uuid), {"approve": "1"})
    toolkit.refresh_from_db()
    assert toolkit.status == Toolkit.Status.APPROVED


def test_real_toolkits_are_loaded_with_their_sources(db, settings):
    from samen.audit.services import SystemActor
    from samen.sessions.models import Toolkit
    from samen.sessions.services import toolkits_load

    assert toolkits_load(actor=SystemActor("t"), path=settings.DIRECTORY_SOURCE_FILE) == 3
    toolkits_load(actor=SystemActor("t"), path=settings.DIRECTORY_SOURCE_FILE)
    assert Toolkit.objects.filter(status="approved").count() == 3
    assert all(t.source_urls and t.url.startswith("https://") for t in Toolkit.objects.all())


def test_members_propose_toolkits_that_stay_hidden_until_approved(world):
    propose = url("sessions:toolkit-propose", language="en")
    assert client_for(None).get(propose).status_code == 302
    fields = {
        "title_nl": "Praatkaarten",
        "description_nl": "Kaarten voor een gesprek",
        "url": "https://example.org/kaarten",
        "publishers": "Stichting A, Stichting B",
        "audience": "mixed",
        "languages": ["ar", "nl"],
    }
    response = client_for(world["member"]).post(propose, {**fields, "url": "geen link"})
    assert response.status_code == 200 and "Enter a valid URL." in response.content.decode()
    assert not Toolkit.objects.exists()
    response = client_for(world["member"]).post(propose, fields)
    assert response.status_code == 302
    toolkit = Toolkit.objects.get()
    assert toolkit.status == Toolkit.Status.PROPOSED and toolkit.proposed_by == world["member"]
    assert toolkit.publishers == ["Stichting A", "Stichting B"]
    assert toolkit.source_urls == ["https://example.org/kaarten"]
    listing = url("sessions:toolkits")
    assert "Praatkaarten" not in client_for(world["member"]).get(listing).content.decode()
    assert "Praatkaarten" in client_for(world["admin"]).get(listing).content.decode()


def test_no_phone_number_is_asked_when_no_text_message_can_be_sent(client, db, settings):
    session = info_session()
    register = url("sessions:register", session.uuid)
    assert 'name="phone"' in client.get(register).content.decode()
    settings.SMS_BACKEND = "disabled"
    assert 'name="phone"' not in client.get(register).content.decode()


def test_a_session_cannot_be_made_for_someone_elses_organisation(world):
    """acting_as refuses a forged `as` on every page that uses it (issue 11, item 8)."""
    owner = client_for(world["owner"])
    forged = owner.get(url("sessions:create", language="en") + f"?as={world['other'].uuid}")
    assert forged.status_code == 403
    assert "You cannot act for this organisation or profile here." in forged.content.decode()
    own = owner.get(url("sessions:create") + f"?as={world['own'].uuid}")
    assert own.status_code == 200
