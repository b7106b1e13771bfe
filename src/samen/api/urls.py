"""/api/hsds/...: every path answers with or without a trailing slash, never with a redirect
(/api/hsds itself is in samen/urls.py)."""

from django.urls import re_path

from . import views

app_name = "api"

UUIDISH = r"(?P<{}>[^/]+)"

urlpatterns = [
    re_path(r"^$", views.index, name="index"),
    re_path(r"^openapi\.json$", views.openapi, name="openapi"),
    re_path(r"^services/?$", views.service_list, name="service-list"),
    re_path(
        rf"^services/{UUIDISH.format('service_id')}/?$", views.service_detail, name="service-detail"
    ),
    re_path(
        r"^service_at_locations/?$", views.service_at_location_list, name="service-at-location-list"
    ),
    re_path(
        rf"^service_at_locations/{UUIDISH.format('sal_id')}/?$",
        views.service_at_location_detail,
        name="service-at-location-detail",
    ),
    re_path(r"^organizations/?$", views.organization_list, name="organization-list"),
    re_path(
        rf"^organizations/{UUIDISH.format('organization_id')}/?$",
        views.organization_detail,
        name="organization-detail",
    ),
    re_path(r"^taxonomies/?$", views.taxonomy_list, name="taxonomy-list"),
    re_path(
        rf"^taxonomies/{UUIDISH.format('taxonomy_id')}/?$",
        views.taxonomy_detail,
        name="taxonomy-detail",
    ),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_term_list, name="taxonomy-term-list"),
    re_path(
        rf"^taxonomy_terms/{UUIDISH.format('term_id')}/?$",
        views.taxonomy_term_detail,
        name="taxonomy-term-detail",
    ),
]
