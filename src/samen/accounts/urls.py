from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/<uuid:organization_uuid>/members/", views.members, name="members"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("organisations/<uuid:organization_uuid>/claim/", views.claim, name="claim"),
    path("claims/", views.claim_queue, name="claim-queue"),
]
