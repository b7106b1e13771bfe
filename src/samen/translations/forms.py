"""The translator's form: one text box per field, in the translator's language, and a tick
for "checked by me as a native speaker"."""

from typing import Any

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .selectors import FieldState
from .status import TextStatus

MAX_LENGTH = 3000


class TranslationForm(forms.Form):
    def __init__(self, *args: Any, states: list[FieldState], language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.states = states
        direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
        attrs = {"lang": language, "dir": direction}
        for index, state in enumerate(states):
            widget = (
                forms.Textarea(attrs={**attrs, "rows": 4})
                if state.multiline
                else forms.TextInput(attrs=attrs)
            )
            self.fields[f"text_{index}"] = forms.CharField(
                label=str(state.label),
                required=False,
                max_length=MAX_LENGTH,
                widget=widget,
                initial=state.text,
            )
            self.fields[f"checked_{index}"] = forms.BooleanField(
                label=_("I am a native speaker and checked this text"),
                required=False,
                initial=state.status == TextStatus.REVIEWED,
            )

    def rows(self) -> list[tuple[FieldState, forms.BoundField, forms.BoundField]]:
        return [
            (state, self[f"text_{index}"], self[f"checked_{index}"])
            for index, state in enumerate(self.states)
        ]

    def texts(self) -> dict[str, str]:
        return {
            state.key: self.cleaned_data[f"text_{index}"] for index, state in enumerate(self.states)
        }

    def checked(self) -> set[str]:
        return {
            state.key
            for index, state in enumerate(self.states)
            if self.cleaned_data[f"checked_{index}"]
        }
