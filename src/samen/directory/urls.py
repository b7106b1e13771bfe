from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="service-search"),
    path("card/", views.pocket_card, name="pocket-card"),
    path("services/<uuid:service_uuid>/", views.service_detail, name="service-detail"),
    path(
        "organisations/<uuid:organization_uuid>/",
        views.organization_detail,
        name="organization-detail",
    ),
    path(
        "organisations/<uuid:organization_uuid>/suggest/",
        views.suggestion_create,
        name="suggestion-create",
    ),
    path("organisations/", views.organization_search, name="organization-search"),
    path("networks/", views.network_list, name="network-list"),
    path("networks/<uuid:network_uuid>/", views.network_detail, name="network-detail"),
    path("manage/networks/<uuid:network_uuid>/", views.network_manage, name="network-manage"),
    path(
        "manage/organisations/<uuid:organization_uuid>/networks/",
        views.network_join,
        name="network-join",
    ),
    path("people/", views.key_person_search, name="key-person-search"),
    path("people/<uuid:key_person_uuid>/", views.key_person_detail, name="key-person-detail"),
    path(
        "people/<uuid:key_person_uuid>/message/",
        views.key_person_message,
        name="key-person-message",
    ),
    path("manage/key-person/", views.key_person_edit, name="key-person-edit"),
    path("manage/suggestions/", views.suggestion_queue, name="suggestion-queue"),
    path(
        "manage/suggestions/<uuid:suggestion_uuid>/",
        views.suggestion_handle,
        name="suggestion-handle",
    ),
    path("manage/organisations/new/", views.organization_create, name="organization-create"),
    path(
        "manage/organisations/<uuid:organization_uuid>/",
        views.organization_edit,
        name="organization-edit",
    ),
    path(
        "manage/organisations/<uuid:organization_uuid>/services/new/",
        views.service_create,
        name="service-create",
    ),
    path("manage/services/<uuid:service_uuid>/", views.service_edit, name="service-edit"),
    path("confirm/<str:token>/", views.organization_confirm, name="organization-confirm"),
    path(
        "manage/organisations/<uuid:organization_uuid>/verify/",
        views.organization_verify,
        name="organization-verify",
    ),
]
