from django.core import mail
from django.utils.translation import gettext_lazy

from samen.accounts.mail import mail_members
from tests.factories import member


def test_each_member_gets_the_message_in_their_language_and_no_address_is_skipped(db):
    arabic = member("ar@example.org", language="ar")
    dutch = member("nl@example.org", language="nl")
    without = member("geen", language="nl")
    without.email = ""
    without.save()
    mail_members(
        [arabic, dutch, without],
        subject=gettext_lazy("There is an update in samen"),
        template="referrals/email/update.txt",
        context={},
    )
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"ar@example.org", "nl@example.org"}
    assert by_address["ar@example.org"].subject == "هناك تحديث في samen"
    assert "http://127.0.0.1:8000/ar/referrals/" in by_address["ar@example.org"].body
    assert by_address["nl@example.org"].subject == "Er is een update in samen"
    assert "/nl/referrals/" in by_address["nl@example.org"].body
