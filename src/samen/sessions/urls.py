from django.urls import path

from . import views

app_name = "sessions"

urlpatterns = [
    path("sessions/", views.calendar, name="calendar"),
    path("sessions/calendar.ics", views.calendar_feed, name="feed"),
    path("sessions/new/", views.create, name="create"),
    path("sessions/mine/", views.mine, name="mine"),
    path("sessions/<uuid:session_uuid>/", views.detail, name="detail"),
    path("sessions/<uuid:session_uuid>/session.ics", views.session_ics, name="ics"),
    path("sessions/<uuid:session_uuid>/register/", views.register, name="register"),
    path("sessions/<uuid:session_uuid>/edit/", views.edit, name="edit"),
    path("sessions/<uuid:session_uuid>/cancel/", views.cancel, name="cancel"),
    path("sessions/<uuid:session_uuid>/publish/", views.publish, name="publish"),
    path("sessions/<uuid:session_uuid>/hosts/", views.hosts, name="hosts"),
    path("sessions/<uuid:session_uuid>/registrations/", views.registrations, name="registrations"),
    path("sessions/<uuid:session_uuid>/after/", views.after, name="after"),
    path("sessions/hosts/<uuid:host_uuid>/answer/", views.host_answer, name="host-answer"),
    path("sessions/r/<str:token>/", views.registration, name="registration"),
    path("sessions/feedback/<str:token>/", views.feedback, name="feedback"),
    path("toolkits/", views.toolkit_list, name="toolkits"),
    path("toolkits/propose/", views.toolkit_propose, name="toolkit-propose"),
    path("toolkits/<uuid:toolkit_uuid>/", views.toolkit_detail, name="toolkit-detail"),
    path("toolkits/<uuid:toolkit_uuid>/decide/", views.toolkit_decide, name="toolkit-decide"),
]
