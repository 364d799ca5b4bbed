"""The project's URLs: German paths for the pages, one include per app; the JSON API under
api/v1/; uploaded media served by Django only with DEBUG."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from vereinsforum.api.api import api as api_v1

admin.site.site_header = "Vereinsforum"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("vereinsforum.web.urls")),
    path("konto/", include("vereinsforum.accounts.urls")),
    path("organisationen/", include("vereinsforum.organisations.urls")),
    path("programm/", include("vereinsforum.programmes.urls")),
    path("protokoll/", include("vereinsforum.audit.urls")),
    path("veranstaltungen/", include("vereinsforum.events.urls")),
    path("bedarfsanalyse/", include("vereinsforum.needs.urls")),
    path("forum/", include("vereinsforum.forum.urls")),
    path("massnahmen/", include("vereinsforum.measures.urls")),
    path("berichte/", include("vereinsforum.reports.urls")),
    path("leitfaeden/", include("vereinsforum.guides.urls")),
    path("arbeitsgruppen/", include("vereinsforum.workinggroups.urls")),
    path("angebote/", include("vereinsforum.offers.urls")),
    path("tandems/", include("vereinsforum.tandems.urls")),
    path("datenschutz/", include("vereinsforum.privacy.urls")),
    path("daten/", include("vereinsforum.transfer.urls")),
    path("oparl/v1/", include("vereinsforum.oparl.urls")),
    path("api/v1/", api_v1.urls),
    path("api/", include("vereinsforum.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH_BARE_VIEW:
    from vereinsforum.lib.bench_view import bare

    urlpatterns.append(path("_bench/bare/", bare))
