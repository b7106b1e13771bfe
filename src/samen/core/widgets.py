"""Form widgets of our own."""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    """A single-choice ``<select>`` (no option groups) rendered in Python. The search page's
    language filter has over a hundred options; through the widget templates they cost about a
    millisecond per page (bench/README.md). With ``option_lang`` each option carries its value
    as ``lang``, so a screen reader reads a language's own name in that language."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, option_lang: bool = False) -> None:
        super().__init__(attrs)
        self.option_lang = option_lang

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        selected = set(self.format_value(value))
        parts: list[str] = [
            format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        ]
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            lang = f' lang="{escape(key)}"' if self.option_lang and key else ""
            chosen = " selected" if key in selected else ""
            parts.append(f'<option value="{escape(key)}"{lang}{chosen}>{escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 (every value above is escaped)
