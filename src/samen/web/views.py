"""Static public pages: safety tips, where the information comes from, and error pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "web/safety.html")


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about_data.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 with the full public chrome, so the quick exit is there too."""
    return render(request, "web/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/500.html", status=500)
