"""Session rules that hold for every page: idle timeout, the second factor, no caching."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinsforum.accounts.otp import second_factor_required, totp_device

#: Unix time of the last request, rounded to the minute the session was last written.
LAST_SEEN_SESSION_KEY = "last_seen"


def leave_to(request, url: str) -> HttpResponse:
    """Send the browser to `url`; an htmx request is told to load the page, not swap it in."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _with_next(url: str, request) -> str:
    if request.method != "GET":
        return url
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class IdleSessionMiddleware:
    """Log out after settings.SESSION_IDLE_TIMEOUT seconds without a request.

    The login page then says why (a message), and brings the user back where they were.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if seen is not None and now - seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                messages.info(
                    request,
                    ngettext(
                        "You were logged out after %(minutes)d minute without activity. "
                        "Please log in again.",
                        "You were logged out after %(minutes)d minutes without activity. "
                        "Please log in again.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
                return leave_to(request, _with_next(reverse(settings.LOGIN_URL), request))
            # Written at most once a minute: not every request needs a session save.
            if seen is None or now - seen >= 60:
                request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until a user who needs a second factor has given it, only the pages to give it open.

    The check lives here rather than in the view decorators so that no page can forget it:
    the Django admin and the public pages are covered too.
    """

    OPEN = frozenset(
        {"accounts:otp_verify", "accounts:otp_setup", "accounts:logout", "set_language"}
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in self.OPEN or not second_factor_required(user):
            return None
        name = "accounts:otp_verify" if totp_device(user) else "accounts:otp_setup"
        if request.method != "GET":
            messages.warning(request, _("Please confirm your login with a code first."))
        return leave_to(request, _with_next(reverse(name), request))


class NoStoreMiddleware:
    """Pages for a logged-in user stay out of every cache, the browser's back-forward one too:
    on a shared computer the next person must not page back through them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
