from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("help-guide/", views.help_guide, name="guide"),
    path("help-guide/professionals/", views.guide_professionals, name="guide-professionals"),
    path("referrals/", views.referral_list, name="list"),
    path("referrals/new/", views.referral_create, name="create"),
    path("referrals/export.csv", views.referral_export, name="export"),
    path("referrals/reports/", views.reports, name="reports"),
    path("referrals/emergency/", views.emergency_access, name="emergency"),
    path("referrals/<uuid:referral_uuid>/", views.referral_detail, name="detail"),
    path("referrals/<uuid:referral_uuid>/step/", views.referral_step, name="step"),
    path(
        "referrals/<uuid:referral_uuid>/withdraw-consent/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
    path("referrals/roles/<uuid:organization_uuid>/", views.roles, name="roles"),
    path("referrals/key-person/", views.key_person_referring, name="key-person"),
    path("referrals/audit/<uuid:organization_uuid>/", views.audit_log, name="audit"),
]
