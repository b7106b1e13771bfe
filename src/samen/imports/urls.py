from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("manage/import/", views.import_upload, name="upload"),
    path("manage/import/apply/", views.import_apply, name="apply"),
]
