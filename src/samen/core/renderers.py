"""The form renderer: Django's widget templates through Jinja2 (fast public forms), and any
template Jinja2 cannot find — the admin's widget wrappers are Django templates only — through
Django's own template engine."""

from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    def __init__(self) -> None:
        self.fast = Jinja2()
        self.fallback = DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return self.fast.get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
