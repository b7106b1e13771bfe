from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/<uuid:organization_uuid>/members/", views.members, name="members"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
