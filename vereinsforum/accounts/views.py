from django.conf import settings
from django.contrib.auth import views as auth_views


class PasswordResetView(auth_views.PasswordResetView):
    @property
    def extra_email_context(self) -> dict:
        # Links in e-mails use the configured SITE_URL: behind a proxy the request's scheme
        # is http while the site is served over https.
        return {"site_url": settings.SITE_URL}
