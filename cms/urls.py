from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import document_downloads
from cms.media import media_urlpatterns
from cms.page_passwords import authenticate_with_password
from cms.views import robots_txt

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document downloads, answering 503 while the media storage fails
    # (cms/document_downloads.py): its path and name, ahead of Wagtail's.
    re_path(r"^documents/(\d+)/(.*)$", document_downloads.serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("search/", include("search.urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Wagtail's page-password form, throttled (cms/page_passwords.py): its path and name, ahead of Wagtail's.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
]

urlpatterns += media_urlpatterns()
urlpatterns += [path("", include(wagtail_urls))]
