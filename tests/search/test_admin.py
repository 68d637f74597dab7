"""SEO staff in the admin: the search report, synonyms, and promotions prefilled from a failing query."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from search.models import SearchQueryStat, SynonymGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


@pytest.fixture
def stats():
    today = timezone.localdate()
    SearchQueryStat.objects.create(query_string="botox", date=today, hits=12)
    SearchQueryStat.objects.create(query_string="sweaty palms", date=today, hits=4, zero_result_hits=4)
    earlier = today - timezone.timedelta(days=20)
    SearchQueryStat.objects.create(query_string="last month", date=earlier, hits=9)


def test_report_lists_failing_and_frequent_queries_with_links_to_act(admin_client, stats):
    """The last 7 days by default; each query links to its results, a new synonym and a new promotion."""
    response = admin_client.get("/admin/reports/site-search/")
    assert response.status_code == 200
    assert [row["query_string"] for row in response.context["failing_queries"]] == ["sweaty palms"]
    assert [row["query_string"] for row in response.context["top_queries"]] == ["botox", "sweaty palms"]
    html = response.content.decode()
    assert 'href="/admin/snippets/search/synonymgroup/add/?terms=sweaty+palms"' in html
    assert 'href="/admin/searchpicks/add-for-query/?query=sweaty+palms"' in html
    assert 'href="/search/?q=sweaty+palms"' in html


def test_report_shortens_long_queries_but_links_to_them_whole(admin_client):
    """A 200-character query without spaces cannot push the report's columns off screen."""
    long_query = "x" * 200
    SearchQueryStat.objects.create(
        query_string=long_query, date=timezone.localdate(), hits=1, zero_result_hits=1
    )
    html = admin_client.get("/admin/reports/site-search/").content.decode()
    assert f">{long_query}<" not in html
    assert f">{'x' * 59}…<" in html
    assert f'href="/search/?q={long_query}"' in html


def test_report_covers_the_last_30_days_on_request(admin_client, stats):
    response = admin_client.get("/admin/reports/site-search/", {"days": "30"})
    assert "last month" in [row["query_string"] for row in response.context["top_queries"]]
    assert admin_client.get("/admin/reports/site-search/", {"days": "9999"}).context["days"] == 7


def test_report_needs_its_permission(client, stats):
    """Editors without the permission are refused; SEO staff with it get in."""
    user = get_user_model().objects.create_user("editor", "editor@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/reports/site-search/").status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(codename="view_searchquerystat"))
    user = get_user_model().objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get("/admin/reports/site-search/").status_code == 200


def test_seo_staff_group_may_manage_synonyms_and_read_the_report():
    """The SEO staff group holds the synonym permissions and the report permission."""
    codenames = set(Group.objects.get(name="SEO staff").permissions.values_list("codename", flat=True))
    assert {
        "add_synonymgroup",
        "change_synonymgroup",
        "delete_synonymgroup",
        "view_synonymgroup",
        "view_searchquerystat",
    } <= codenames


def test_reports_menu_shows_our_report_instead_of_wagtails_search_terms(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/reports/site-search/" in html
    assert "/admin/searchpicks/reports/search-terms/" not in html


def test_add_synonyms_form_is_prefilled_from_the_report(admin_client):
    response = admin_client.get("/admin/snippets/search/synonymgroup/add/", {"terms": "sweaty palms\x01"})
    assert response.status_code == 200
    assert response.context["form"].initial["terms"] == "sweaty palms"


def test_synonyms_are_added_in_the_admin(admin_client):
    """Saving the form stores the group, tidied; a single term is refused with a message."""
    url = "/admin/snippets/search/synonymgroup/add/"
    terms = "sweaty palms\r\npalmar hyperhidrosis\r\n"
    response = admin_client.post(url, {"terms": terms, "note": "Lay term"})
    assert response.status_code == 302
    assert SynonymGroup.objects.get().terms == "sweaty palms\npalmar hyperhidrosis"
    response = admin_client.post(url, {"terms": "only one"})
    assert response.status_code == 200
    assert "Enter at least two different terms" in response.content.decode()


def test_add_promotion_form_is_prefilled_and_saves_through_wagtails_view(admin_client, home_page):
    """The prefilled form posts to Wagtail's own 'add promoted result' view."""
    response = admin_client.get("/admin/searchpicks/add-for-query/", {"query": "sweaty palms"})
    assert response.status_code == 200
    assert response.context["form"].initial["query_string"] == "sweaty palms"
    assert 'action="/admin/searchpicks/add/"' in response.content.decode()
    assert not Query.objects.filter(query_string="sweaty palms").exists()
