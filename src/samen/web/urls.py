from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("safety/", views.safety, name="safety"),
    path("about/", views.about_data, name="about-data"),
    path("words/", views.words, name="words"),
]
