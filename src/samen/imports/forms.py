"""The upload form of an HSDS import."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .importer import SOURCE_MAX_LENGTH

# The whole request's limit (web/middleware.py RequestSizeLimitMiddleware) bounds the file.
IMPORT_MAX_MEGABYTES = settings.MAX_REQUEST_BYTES // (1024 * 1024)


class ImportUploadForm(forms.Form):
    source = forms.CharField(
        label=_("Which directory the file comes from"),
        help_text=_("Shown on every imported listing as 'From: …'. Use the same name each time."),
        max_length=SOURCE_MAX_LENGTH,
    )
    file = forms.FileField(
        label=_("HSDS file"),
        help_text=_(
            "HSDS 3.0 JSON (one service, a list page or an array), ndjson, or the CSV "
            "datapackage as a zip file; at most %(size)s MB."
        )
        % {"size": IMPORT_MAX_MEGABYTES},
        error_messages={
            "required": _("Choose a file of at most %(size)s MB.") % {"size": IMPORT_MAX_MEGABYTES}
        },
    )
    language = forms.ChoiceField(
        label=_("Language of the file's texts"), choices=settings.LANGUAGES, initial="nl"
    )
    retire_missing = forms.BooleanField(
        label=_("Set this source's listings that the file no longer has inactive"),
        required=False,
    )
