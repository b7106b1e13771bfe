"""A form field for content written in any of samen's languages (settings.LANGUAGES).

One text box per language, each with its own ``lang`` and ``dir``. Dutch, English, the page's
language and every language that already has text stand open; the others wait in a closed
``<details>`` so the form stays short on a phone and works without JavaScript. Posted names
are ``<field>_<code>`` ("description_nl", "description_ar"); the cleaned value is a
TranslatedField object with the empty languages left out.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language, get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

FIRST_LANGUAGE = "nl"
# Open by default beside the page's language: the two languages most listings are written in.
OPEN_LANGUAGES = ("nl", "en")


def content_languages() -> list[str]:
    """samen's languages, Dutch first: the order of the text boxes."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [FIRST_LANGUAGE, *(code for code in codes if code != FIRST_LANGUAGE)]


class TranslatedTextWidget(forms.MultiWidget):
    template_name = "samen/widgets/translated_text.html"

    def __init__(self, *, multiline: bool = True, attrs: dict[str, Any] | None = None) -> None:
        self.languages = content_languages()
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            code: (forms.Textarea if multiline else forms.TextInput)(
                attrs={
                    **(attrs or {}),
                    "lang": code,
                    "dir": "rtl" if get_language_info(code)["bidi"] else "ltr",
                }
            )
            for code in self.languages
        }
        super().__init__(widgets)

    def decompress(self, value: Mapping[str, str] | None) -> list[str]:
        value = value or {}
        return [value.get(code, "") for code in self.languages]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        page_language = (get_language() or FIRST_LANGUAGE).split("-")[0]
        boxes = []
        for code, subwidget in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            info = get_language_info(code)
            boxes.append(
                {
                    "code": code,
                    "name": info["name_local"],
                    "dir": "rtl" if info["bidi"] else "ltr",
                    "widget": subwidget,
                    "open": code in (*OPEN_LANGUAGES, page_language) or bool(subwidget["value"]),
                }
            )
        folded = [box for box in boxes if not box["open"]]
        context["widget"]["open_boxes"] = [box for box in boxes if box["open"]]
        context["widget"]["folded_boxes"] = folded
        context["widget"]["folded_summary"] = ngettext(
            "Write it in another language (%(count)d more)",
            "Write it in other languages (%(count)d more)",
            len(folded),
        ) % {"count": len(folded)}
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else id_


class TranslatedTextField(forms.MultiValueField):
    """Text in one or more of samen's languages; required means: in at least one."""

    widget = TranslatedTextWidget

    def __init__(
        self, *, max_length: int, multiline: bool = True, rows: int = 4, **kwargs: Any
    ) -> None:
        self.languages = content_languages()
        kwargs.setdefault(
            "error_messages",
            {"required": _("Write this in at least one language.")},
        )
        fields = [forms.CharField(max_length=max_length, required=False) for _ in self.languages]
        super().__init__(
            fields=fields,
            require_all_fields=False,
            widget=TranslatedTextWidget(
                multiline=multiline, attrs={"rows": rows} if multiline else None
            ),
            **kwargs,
        )

    def compress(self, data_list: list[str]) -> dict[str, str]:
        return {
            code: text.strip()
            for code, text in zip(self.languages, data_list or [], strict=False)
            if text and text.strip()
        }

    def clean(self, value: Any) -> dict[str, str]:
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "required":
                raise
            # Say which language's box is too long, not just "at most N characters".
            named: list[str] = []
            for code, field, text in zip(self.languages, self.fields, value or [], strict=False):
                try:
                    field.clean(text)
                except forms.ValidationError as inner:
                    name = get_language_info(code)["name_local"]
                    named.extend(
                        gettext("%(language)s: %(error)s") % {"language": name, "error": message}
                        for message in inner.messages
                    )
            raise forms.ValidationError(named or error.messages) from error


# What a date field accepts: the date picker's own value, and what people type where the
# browser shows a plain text box instead (27-03-2027, 27/03/2027, 27 3 2027).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d %m %Y", "%d.%m.%Y"]


class DateField(forms.DateField):
    """A date picker (``type="date"``) with the expected format shown as hint text."""

    def __init__(self, *, label: Any, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("For example 27-03-2027"))
        super().__init__(
            label=label,
            required=required,
            input_formats=DATE_INPUT_FORMATS,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **kwargs,
        )
