"""The article index: newest first, forgiving pagination, tag listings, and a flat query count."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data

from articles.models import ArticlePage
from tests.factories import ArticlePageFactory, ImageFactory, StaffAuthorFactory, publish_signed_off
from tests.query_budgets import queries_to_view


def listed_titles(response):
    return [article.title for article in response.context["articles"]]


def dated_article(article_index, title, days_ago, **kwargs):
    date = datetime.date(2026, 6, 30) - datetime.timedelta(days=days_ago)
    return ArticlePageFactory(parent=article_index, title=title, date=date, **kwargs)


@pytest.fixture
def three_articles(article_index):
    dated_article(article_index, "Middle", 5, tags=["migraine"])
    dated_article(article_index, "Newest", 1, tags=["migraine", "botox"])
    dated_article(article_index, "Oldest", 9, tags=["sleep"])


def test_lists_live_public_articles_newest_first(client, article_index, three_articles):
    """Drafts and private articles stay out; the rest are listed by date, newest first."""
    dated_article(article_index, "Draft", 0, live=False)
    private = dated_article(article_index, "Private", 0)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get(article_index.url)

    assert response.status_code == 200
    assert listed_titles(response) == ["Newest", "Middle", "Oldest"]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("2", ["Middle"]),
        ("-1", ["Newest"]),
        ("0", ["Newest"]),
        ("abc", ["Newest"]),
        ("", ["Newest"]),
        ("99999", ["Oldest"]),
        ("99999999999999999999999", ["Oldest"]),
    ],
)
def test_any_page_number_gives_a_page(client, article_index, three_articles, page, expected):
    """Out-of-range or non-numeric ?page= values give the first or last page, never an error."""
    article_index.per_page = 1
    article_index.save()

    response = client.get(article_index.url, {"page": page})

    assert response.status_code == 200
    assert listed_titles(response) == expected


@pytest.mark.parametrize("per_page", ["-3", "0", "51", "1000"])
def test_articles_per_page_outside_1_to_50_is_refused_alike(client, admin_user, article_index, per_page):
    """Every 'articles per page' outside 1 to 50, too low or too high, gets the same message."""
    client.force_login(admin_user)
    data = nested_form_data({"title": "Articles", "slug": "articles", "intro": "News.", "per_page": per_page})

    response = client.post(
        f"/admin/pages/{article_index.pk}/edit/", {**data, "action-publish": "action-publish"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["per_page"] == ["Enter a number from 1 to 50."]
    widget_limits = form.fields["per_page"].widget.attrs
    assert (widget_limits["min"], widget_limits["max"]) == (1, 50)
    article_index.refresh_from_db()
    assert article_index.per_page == 12


def test_pagination_links_move_between_pages(client, article_index, three_articles):
    """Each page links to the newer and older pages next to it."""
    article_index.per_page = 1
    article_index.save()

    html = client.get(article_index.url, {"page": "2"}).content.decode()

    assert 'rel="prev" href="?page=1"' in html
    assert 'rel="next" href="?page=3"' in html
    assert "Page 2 of 3" in html


def test_empty_index_suggests_a_way_forward(client, article_index):
    """With no articles the page says so and offers search, rather than an empty list."""
    response = client.get(article_index.url)

    assert response.status_code == 200
    assert "No articles here yet." in response.content.decode()


def test_tag_listing_shows_only_that_tag(client, article_index, three_articles):
    """tags/<slug>/ lists the articles carrying that tag, newest first, under its own heading."""
    response = client.get(f"{article_index.url}tags/migraine/")

    assert response.status_code == 200
    assert listed_titles(response) == ["Newest", "Middle"]
    assert "Articles about migraine" in response.content.decode()


def canonical(response):
    return re.search(r'<link rel="canonical" href="([^"]*)">', response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", "http://localhost/articles/"),
        ("?page=1", "http://localhost/articles/"),
        ("?page=2", "http://localhost/articles/?page=2"),
        ("?page=99999", "http://localhost/articles/?page=3"),
        ("tags/migraine/", "http://localhost/articles/tags/migraine/"),
        ("tags/migraine/?page=2", "http://localhost/articles/tags/migraine/?page=2"),
    ],
)
def test_each_listing_page_is_its_own_canonical_page(client, article_index, three_articles, path, expected):
    """Tag listings and later pages name their own address (the page actually shown) as canonical."""
    article_index.per_page = 1
    article_index.save()

    assert canonical(client.get(f"{article_index.url}{path}")) == expected


def test_canonical_override_wins_on_listings(client, article_index, three_articles):
    article_index.canonical_url = "https://example.com/blog/"
    article_index.save()

    assert canonical(client.get(f"{article_index.url}tags/migraine/")) == "https://example.com/blog/"


@pytest.mark.parametrize("path", ["tags/no-such-tag/", "tags/", "tags/migraine/extra/", "nonsense/"])
def test_unknown_tags_and_paths_give_404(client, article_index, three_articles, path):
    """An unknown tag, or any other unknown address under the index, is a 404, not an error."""
    assert client.get(f"{article_index.url}{path}").status_code == 404


def test_tag_used_only_elsewhere_has_no_listing(client, article_index, three_articles):
    """A tag that exists (e.g. on a treatment) but is on no live article is a 404, not an empty page.

    An empty listing would be a "soft 404" to search engines; no page of the site links to one.
    """
    Tag.objects.create(name="Hair loss")
    ArticlePage.objects.filter(tags__slug="migraine").update(live=False)

    assert client.get(f"{article_index.url}tags/hair-loss/").status_code == 404
    assert client.get(f"{article_index.url}tags/migraine/").status_code == 404


def test_tags_with_letters_beyond_ascii_have_listings(client, article_index):
    """Taggit keeps letters such as "ü" in slugs; their listings and links work like any other."""
    article = ArticlePageFactory(parent=article_index, tags=["Ünïcode tag"])
    tag = Tag.objects.get(name="Ünïcode tag")
    assert tag.slug == "ünïcode-tag"

    listing = client.get(f"{article_index.url}tags/%C3%BCn%C3%AFcode-tag/")
    assert listing.status_code == 200
    assert article.title in listing.content.decode()
    article_html = client.get(article.url).content.decode()
    assert 'href="/articles/tags/%C3%BCn%C3%AFcode-tag/"' in article_html
    assert client.get(article_index.url).status_code == 200


def test_feed_is_advertised(client, article_index):
    """The index links its RSS feed in the head, for feed readers."""
    html = client.get(article_index.url).content.decode()

    assert 'type="application/rss+xml"' in html
    assert f'href="{article_index.url}feed/"' in html


def add_illustrated_articles(article_index, count):
    """``count`` articles, each with its own image and tags, by clinicians and staff alternately."""
    staff = StaffAuthorFactory()
    for n in range(count):
        author = {"staff_author": staff, "clinician_author": None} if n % 2 else {}
        tags = [f"tag {n}", "shared"]
        ArticlePageFactory(parent=article_index, hero_image=ImageFactory(), tags=tags, **author)


def index_queries(client, article_index, per_page):
    """Queries to view the index showing ``per_page`` articles, with its parts stored and without."""
    article_index.per_page = per_page
    article_index.save()
    response = client.get(article_index.url)
    assert len(response.context["articles"]) == per_page
    return queries_to_view(client, article_index), queries_to_view(client, article_index, parts_stored=False)


def test_index_query_count_does_not_grow_with_articles(client, article_index, clinic_settings):
    """5 or 25 articles on a page (each with an image, tags and an author) take the same queries."""
    add_illustrated_articles(article_index, 5)
    five = index_queries(client, article_index, 5)
    add_illustrated_articles(article_index, 20)
    twenty_five = index_queries(client, article_index, 25)

    assert five == twenty_five
    # With its parts stored (cms/stored_parts.py), measured 8: routing (5): the site, the
    # home page as its specific type, the content generation's tokens, the pages on the
    # path with their view restrictions, the index as its specific type; the listing's
    # count; the stored parts; the listing's version (its articles' ids and publishes).
    # The first view after a change renders them: measured 16, those 8 and clinic
    # settings, navigation with breadcrumbs, the articles with authors and images (view
    # restrictions tested in the count and there, cms/visibility.py), renditions, tags,
    # and the parts' storing (3 statements). A margin of 1 each.
    assert twenty_five[0] <= 9
    assert twenty_five[1] <= 17


def head_meta(html, attribute, name):
    return re.search(rf'<meta {attribute}="{name}" content="([^"]*)">', html).group(1)


def test_tag_listing_has_its_own_title_and_description(client, article_index, three_articles):
    """A tag listing names its tag in <title>, og:title and twitter:title, and has its own description."""
    article_index.search_description = "Plain answers from our clinicians."
    article_index.save()

    html = client.get(f"{article_index.url}tags/migraine/").content.decode()

    assert "<title>Articles about migraine</title>" in html  # no clinic name is set here
    assert head_meta(html, "property", "og:title") == "Articles about migraine"
    assert head_meta(html, "name", "twitter:title") == "Articles about migraine"
    description = "Our articles about migraine. Plain answers from our clinicians."
    assert head_meta(html, "name", "description") == description
    assert head_meta(html, "property", "og:description") == description


def test_tag_listing_title_names_the_clinic(client, article_index, three_articles, clinic_settings):
    """The listing's title is a heading of its own, not an SEO title, so the clinic name follows it."""
    article_index.seo_title = "Health articles from our clinicians"
    article_index.save()

    html = client.get(f"{article_index.url}tags/migraine/").content.decode()

    assert "<title>Articles about migraine | Harbour Lane Clinic</title>" in html
    assert head_meta(html, "property", "og:title") == "Articles about migraine"


def test_index_keeps_its_own_title_and_description(client, article_index, three_articles):
    """The index itself is still titled and described by its own fields."""
    article_index.search_description = "Plain answers from our clinicians."
    article_index.save()

    html = client.get(article_index.url).content.decode()

    assert head_meta(html, "property", "og:title") == article_index.title
    assert head_meta(html, "name", "description") == "Plain answers from our clinicians."


def breadcrumb_links(html):
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', nav)


def breadcrumb_json_ld(html):
    for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(script)
        if data.get("@type") == "BreadcrumbList":
            return [(item["name"], item["item"]) for item in data["itemListElement"]]
    raise AssertionError("no BreadcrumbList")


def test_tag_listing_breadcrumb_ends_with_the_tag(client, article_index, three_articles):
    """On a tag listing the breadcrumb (HTML and JSON-LD) ends with the tag as the current page."""
    html = client.get(f"{article_index.url}tags/migraine/").content.decode()

    *_ancestors, articles, tag = breadcrumb_links(html)
    assert articles == (article_index.url, "", article_index.title)
    assert tag == (f"{article_index.url}tags/migraine/", ' aria-current="page"', "migraine")
    assert html.count('aria-current="page"') == 1
    assert breadcrumb_json_ld(html)[-2:] == [
        (article_index.title, f"http://localhost{article_index.url}"),
        ("migraine", f"http://localhost{article_index.url}tags/migraine/"),
    ]


def test_index_breadcrumb_ends_with_the_index(client, article_index, three_articles):
    """On the index itself the breadcrumb ends with the index as the current page."""
    html = client.get(article_index.url).content.decode()

    assert breadcrumb_links(html)[-1] == (article_index.url, ' aria-current="page"', article_index.title)
    assert breadcrumb_json_ld(html)[-1] == (article_index.title, f"http://localhost{article_index.url}")


def test_menu_marks_the_index_as_current_page_only_on_the_index_itself(client, article_index, three_articles):
    """On a tag listing the Articles menu link is the current section, not the current page."""
    article_index.show_in_menus = True
    publish_signed_off(article_index)

    def menu_link(path):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        return soup.find("nav", attrs={"aria-label": "Main"}).find("a", href=article_index.url)

    assert menu_link(article_index.url)["aria-current"] == "page"
    assert menu_link(article_index.url + "tags/migraine/")["aria-current"] == "true"
