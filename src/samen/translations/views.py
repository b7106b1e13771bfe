"""The translator's pages: their languages, the records with texts still to translate or to
check, and one record's texts beside the source text."""

from typing import cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from samen.accounts.models import User
from samen.core.errors import ApplicationError

from . import kinds, policies, selectors, services
from .forms import TranslationForm


def _language(request: HttpRequest, language: str) -> str:
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise Http404
    if not policies.may_translate(request.user, language):  # type: ignore[arg-type]
        raise PermissionDenied
    return language


def _kind(code: str) -> kinds.Kind:
    kind = kinds.KINDS.get(code)
    if kind is None:
        raise Http404
    return kind


@login_required
def translate_home(request: HttpRequest) -> HttpResponse:
    languages = policies.translator_languages(request.user)  # type: ignore[arg-type]
    if not languages:
        raise PermissionDenied
    return render(
        request,
        "translations/home.html",
        {
            "languages": [
                (code, get_language_info(code)["name_local"], selectors.progress(code))
                for code in languages
            ]
        },
    )


@login_required
def translate_list(request: HttpRequest, language: str, kind: str) -> HttpResponse:
    language, chosen = _language(request, language), _kind(kind)
    only_todo = request.GET.get("show") != "all"
    return render(
        request,
        "translations/list.html",
        {
            "language": language,
            "language_name": get_language_info(language)["name_local"],
            "kind": chosen,
            "only_todo": only_todo,
            "items": selectors.work_list(language, chosen, only_todo=only_todo),
        },
    )


@login_required
def translate_edit(request: HttpRequest, language: str, kind: str, uuid: UUID) -> HttpResponse:
    language, chosen = _language(request, language), _kind(kind)
    records = chosen.queryset()
    if chosen.has_phones:
        records = records.prefetch_related("phones")
    obj = get_object_or_404(records, uuid=uuid)
    item = selectors.item_for(language, chosen, obj)
    form = TranslationForm(request.POST or None, states=item.fields, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_save(
                actor=cast(User, request.user),
                kind=chosen,
                obj=obj,
                language=language,
                texts=form.texts(),
                reviewed=form.checked(),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("translations:list", language=language, kind=chosen.code)
    return render(
        request,
        "translations/edit.html",
        {
            "language": language,
            "language_name": get_language_info(language)["name_local"],
            "direction": "rtl" if get_language_info(language)["bidi"] else "ltr",
            "kind": chosen,
            "item": item,
            "form": form,
        },
    )
