"""Static public pages: safety tips and where the information comes from."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "web/safety.html")


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about_data.html")
