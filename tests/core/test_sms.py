"""The CM.com backend, with the gateway (outside this machine) replaced by a recorder."""

import io
import json
import urllib.error

import pytest

from samen.core import sms


class Recorder:
    def __init__(self):
        self.sent = []
        self.fail = None

    def urlopen(self, request, timeout):
        self.sent.append({"url": request.full_url, "timeout": timeout, **json.loads(request.data)})
        if self.fail:
            raise self.fail
        return io.BytesIO(b'{"details": "Created 1 message(s)", "errorCode": 0}')


@pytest.fixture
def gateway(settings, monkeypatch):
    settings.SMS_BACKEND = "cm"
    settings.SMS_CM_TOKEN = "00000000-0000-0000-0000-000000000000"
    settings.SMS_SENDER = "Info"
    recorder = Recorder()
    monkeypatch.setattr("urllib.request.urlopen", recorder.urlopen)
    return recorder


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("0612345678", "0031612345678"),
        ("06 12 34 56 78", "0031612345678"),
        ("+31 6 1234 5678", "0031612345678"),
        ("0032470123456", "0032470123456"),
    ],
)
def test_numbers_are_sent_in_international_form(typed, sent):
    assert sms.international(typed) == sent


def test_a_message_goes_to_the_gateway_as_its_sdk_sends_it(gateway):
    assert sms.enabled()
    assert sms.send("0612345678", "تذكير: لقاء غداً") is True
    (request,) = gateway.sent
    assert request["url"] == "https://gw.cmtelecom.com/v1.0/message" and request["timeout"] == 10
    message = request["messages"]["msg"][0]
    assert request["messages"]["authentication"]["producttoken"].startswith("00000000")
    assert message["to"] == [{"number": "0031612345678"}] and message["from"] == "Info"
    assert message["body"] == {"type": "auto", "content": "تذكير: لقاء غداً"}
    assert message["allowedChannels"] == ["SMS"]


def test_a_refused_or_unreachable_gateway_is_logged_without_number_or_text(gateway, caplog):
    gateway.fail = urllib.error.HTTPError("https://gw", 401, "Unauthorized", {}, None)
    assert sms.send("0612345678", "geheime tekst") is False
    gateway.fail = urllib.error.URLError("no route")
    assert sms.send("0612345678", "geheime tekst") is False
    assert "HTTP 401" in caplog.text and "URLError" in caplog.text
    assert "0612345678" not in caplog.text and "geheime" not in caplog.text


def test_without_a_token_the_backend_is_off_and_no_number_is_asked(settings):
    settings.SMS_BACKEND = "cm"
    settings.SMS_CM_TOKEN = ""
    assert not sms.enabled()
    assert sms.send("0612345678", "x") is False
