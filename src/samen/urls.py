"""URLs: every public page carries its language in the path, so no cookie is needed for it."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = i18n_patterns(
    path("", include("samen.directory.urls")),
    path("", include("samen.web.urls")),
    prefix_default_language=True,
)

handler404 = "samen.web.views.page_not_found"
handler500 = "samen.web.views.server_error"
