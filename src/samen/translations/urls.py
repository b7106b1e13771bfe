from django.urls import path

from . import views

app_name = "translations"

urlpatterns = [
    path("translate/", views.translate_home, name="home"),
    path("translate/<str:language>/<str:kind>/", views.translate_list, name="list"),
    path("translate/<str:language>/<str:kind>/<uuid:uuid>/", views.translate_edit, name="edit"),
]
