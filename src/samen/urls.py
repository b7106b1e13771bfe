"""URLs: every public page carries its language in the path, so no cookie is needed for it."""

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from samen.api.views import index as api_index
from samen.web.health import healthz, readyz
from samen.web.views import media

# The admin signs in through allauth, so it cannot bypass e-mail verification or MFA.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    # For load balancers and monitoring: no language, no cookie (samen.web.health).
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    re_path(r"^media/(?P<path>logos/[\w.-]+)$", media, name="media"),
    # The HSDS API states its language per response (?lang=, Accept-Language): no prefix.
    path("api/hsds/", include("samen.api.urls")),
    re_path(r"^api/hsds$", api_index),  # the root without its slash, without a redirect
]

urlpatterns += i18n_patterns(
    path("", include("samen.directory.urls")),
    path("", include("samen.sessions.urls")),
    path("", include("samen.matchmaking.urls")),
    path("", include("samen.referrals.urls")),
    path("", include("samen.web.urls")),
    path("", include("samen.translations.urls")),
    path("", include("samen.imports.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("samen.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler403 = "samen.web.views.permission_denied"
handler404 = "samen.web.views.page_not_found"
handler500 = "samen.web.views.server_error"
