from django.urls import path

from . import views

app_name = "matchmaking"

urlpatterns = [
    path("exchange/", views.board, name="board"),
    path("exchange/mine/", views.mine, name="mine"),
    path("exchange/requests/new/", views.request_create, name="request-create"),
    path("exchange/offers/new/", views.offer_create, name="offer-create"),
    path("exchange/requests/<uuid:post_uuid>/", views.request_detail, name="request"),
    path("exchange/offers/<uuid:post_uuid>/", views.offer_detail, name="offer"),
    path(
        "exchange/requests/<uuid:post_uuid>/close/",
        views.post_close,
        {"kind": "request"},
        name="request-close",
    ),
    path(
        "exchange/offers/<uuid:post_uuid>/close/",
        views.post_close,
        {"kind": "offer"},
        name="offer-close",
    ),
    path(
        "exchange/responses/<uuid:response_uuid>/answer/",
        views.response_answer,
        name="response-answer",
    ),
]
