import re

from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client

from samen.accounts.models import User
from samen.audit.models import AuditEntry

PASSWORD = "lang-en-veilig-wachtwoord-42"
LOGIN = "/nl/accounts/login/"


def verified_user(email="sleutel@example.org", **extra):
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(username=email, email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sign_in(client, email="sleutel@example.org", password=PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_sign_up_needs_a_verified_email_before_login(client, db):
    response = client.post(
        "/nl/accounts/signup/",
        {"email": "nieuw@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.org"]
    # Neutral: nothing in the e-mail says what the platform is about.
    for word in ("geweld", "violence", "abuse", "misbruik"):
        assert word not in (message.subject + message.body).lower()
    assert not client.get("/nl/account/").wsgi_request.user.is_authenticated

    client.logout()
    link = re.search(r"http://testserver(\S+)", message.body).group(1)
    client.post(link)
    assert sign_in(client, "nieuw@example.org").status_code == 302
    assert client.get("/nl/account/").status_code == 200


def test_login_and_failed_login_are_audited_without_the_password(client, db):
    user = verified_user()
    sign_in(client, password="wrong-password")
    failed = AuditEntry.objects.get(action="account.login_failed")
    assert failed.target_id == str(user.pk)
    assert failed.ip_address == "127.0.0.1"
    assert "wrong-password" not in str(failed.data)
    sign_in(client)
    assert AuditEntry.objects.filter(action="account.login", actor_user=user).count() == 1


def test_failed_login_for_an_unknown_address_names_no_account(client, db):
    sign_in(client, "niemand@example.org", "whatever")
    failed = AuditEntry.objects.get(action="account.login_failed")
    assert failed.target_id == ""
    assert "niemand" not in str(failed.data)


def test_too_many_failed_logins_lock_the_account_for_a_while(client, db):
    verified_user()
    for _ in range(5):
        sign_in(client, password="wrong-password")
    response = sign_in(client)
    assert response.status_code == 200  # the right password is refused too, for now
    assert not client.get("/nl/account/").wsgi_request.user.is_authenticated


def test_password_reset_does_not_reveal_whether_an_account_exists(client, db):
    verified_user()
    known = client.post("/nl/accounts/password/reset/", {"email": "sleutel@example.org"})
    unknown = client.post("/nl/accounts/password/reset/", {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["sleutel@example.org"]]


def test_password_reset_link_works_once(client, db):
    verified_user()
    client.post("/nl/accounts/password/reset/", {"email": "sleutel@example.org"})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new = {"password1": "nog-een-lang-wachtwoord-7", "password2": "nog-een-lang-wachtwoord-7"}
    assert client.post(form_url, new).status_code == 302
    again = Client().get(link, follow=True)
    assert "password1" not in again.content.decode()


def test_signing_out_ends_every_session_of_the_account(db):
    verified_user()
    phone, laptop = Client(), Client()
    sign_in(phone)
    sign_in(laptop)
    assert laptop.get("/nl/account/").status_code == 200
    phone.post("/nl/accounts/logout/")
    assert laptop.get("/nl/account/").status_code == 302
    assert AuditEntry.objects.filter(action="account.logout").count() == 1


def test_changing_the_password_ends_other_sessions(db):
    verified_user()
    phone, laptop = Client(), Client()
    sign_in(phone)
    sign_in(laptop)
    phone.post(
        "/nl/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "x-nieuw-wachtwoord-99",
            "password2": "x-nieuw-wachtwoord-99",
        },
    )
    assert laptop.get("/nl/account/").status_code == 302


def test_deactivated_account_is_signed_out(client, db):
    user = verified_user()
    sign_in(client)
    user.is_active = False
    user.save()
    assert client.get("/nl/account/").status_code == 302


def test_signed_in_session_expires_after_30_idle_minutes(client, db):
    verified_user()
    sign_in(client)
    client.get("/nl/account/")
    assert 29 * 60 < client.session.get_expiry_age() <= 30 * 60


def test_administrator_without_mfa_is_sent_to_set_it_up(client, db):
    verified_user(is_staff=True)
    sign_in(client)
    for page in ("/nl/account/", "/nl/admin/", "/nl/search/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == "/nl/accounts/2fa/totp/activate/"


def test_administrator_with_mfa_reaches_the_admin(client, db):
    user = verified_user(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    # Signing in asks for the code; this test starts from an already verified session.
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/nl/admin/").status_code == 200


def test_member_without_admin_role_needs_no_mfa_and_cannot_open_the_admin(client, db):
    verified_user()
    sign_in(client)
    assert client.get("/nl/account/").status_code == 200
    assert client.get("/nl/admin/", follow=True).status_code == 403


def test_admin_login_goes_through_the_account_login(client, db):
    response = client.get("/nl/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/nl/admin/login/")
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_administrator_with_mfa_must_give_the_code_to_sign_in(client, db):
    user = verified_user(is_staff=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    response = sign_in(client)
    assert response["Location"] == "/nl/accounts/2fa/authenticate/"
    assert client.get("/nl/admin/").status_code == 302


def test_public_pages_still_set_no_cookie_after_accounts(client, db):
    for page in ("/nl/", "/nl/search/?q=hulp", "/ar/safety/"):
        assert not client.get(page).cookies, page


def test_an_administrator_can_set_up_mfa_and_then_reach_the_admin(client, db):
    from allauth.mfa.totp.internal.auth import (
        SECRET_SESSION_KEY,
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    verified_user(is_staff=True)
    sign_in(client)
    activate = "/nl/accounts/2fa/totp/activate/"
    response = client.get(activate, follow=True)
    if "reauthenticate" in response.wsgi_request.path:
        client.post(response.wsgi_request.get_full_path(), {"password": PASSWORD})
        response = client.get(activate)
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    client.post(activate, {"code": code})
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).exists()
    assert client.get("/nl/account/").status_code == 200
