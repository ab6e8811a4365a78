from django.urls import path

from . import apis

urlpatterns = [
    path("staffing/erlang-c/", apis.ErlangCApi.as_view(), name="staffing-erlang-c"),
]
