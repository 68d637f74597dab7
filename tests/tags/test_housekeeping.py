"""Tag housekeeping (tags/housekeeping.py): usage counts, rename, merge, and which tags may be deleted."""

import pytest
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect

from articles.models import ArticlePage
from tags.housekeeping import (
    MergeCount,
    drafts_to_retag,
    is_in_use,
    merge_count,
    merge_tags,
    rename_tag,
    usage_count_name,
    with_usage_counts,
)
from tests.factories import ArticlePageFactory, ImageFactory, TreatmentPageFactory
from treatments.models import TreatmentPage


@pytest.fixture
def treatment(treatment_index):
    return TreatmentPageFactory(parent=treatment_index)


def tag_names(obj):
    return sorted(obj.tags.names())


def test_usage_counts_cover_articles_treatments_and_images(article_index, treatment):
    """Each tag is counted once per tagged article, treatment, image or document."""
    ArticlePageFactory(parent=article_index, tags=["migraine", "botox"])
    ArticlePageFactory(parent=article_index, tags=["migraine"])
    treatment.tags.add("migraine")
    treatment.save()
    ImageFactory().tags.add("migraine")
    Tag.objects.create(name="unused")

    counts = {tag.name: vars(tag) for tag in with_usage_counts(Tag.objects.all())}

    articles, treatments = usage_count_name(ArticlePage), usage_count_name(TreatmentPage)
    assert (counts["migraine"][articles], counts["migraine"][treatments]) == (2, 1)
    assert counts["migraine"]["usage_count"] == 4
    assert (counts["botox"][articles], counts["botox"]["usage_count"]) == (1, 1)
    assert counts["unused"]["usage_count"] == 0


def test_merge_keeps_every_tagging_and_collapses_duplicates(article_index, treatment):
    """Everything tagged with a source tag ends up tagged once with the target; the sources are gone.

    The count returned tells the objects that newly carry the target from those that already
    had it (here an article and an image), which only lose their duplicate tags; the count
    beforehand says the same.
    """
    both = ArticlePageFactory(parent=article_index, tags=["botox", "Botulinum toxin"])
    source_only = ArticlePageFactory(parent=article_index, tags=["botox", "anti-wrinkle", "migraine"])
    untouched = ArticlePageFactory(parent=article_index, tags=["migraine"])
    treatment.tags.add("anti-wrinkle")
    treatment.save()
    image = ImageFactory()
    image.tags.add("botox", "Botulinum toxin")
    target = Tag.objects.get(name="Botulinum toxin")

    sources = list(Tag.objects.filter(name__in=["botox", "anti-wrinkle"]))

    expected = merge_count(sources, target)
    changed = merge_tags(sources, target)

    assert changed == expected == MergeCount(gained=2, already=2)
    assert tag_names(both) == ["Botulinum toxin"]
    assert tag_names(source_only) == ["Botulinum toxin", "migraine"]
    assert tag_names(untouched) == ["migraine"]
    assert tag_names(treatment) == ["Botulinum toxin"]
    assert tag_names(image) == ["Botulinum toxin"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"Botulinum toxin", "migraine"}


def test_merge_into_one_of_the_sources_keeps_it(article_index):
    """Merging a tag list into a tag that is also in the list keeps that tag and deletes the others."""
    article = ArticlePageFactory(parent=article_index, tags=["migraine", "migraines"])
    target = Tag.objects.get(name="migraine")

    merge_tags(Tag.objects.all(), target)

    assert tag_names(article) == ["migraine"]
    assert list(Tag.objects.values_list("name", flat=True)) == ["migraine"]


def test_merge_redirects_the_merged_tags_listings_to_the_target(client, article_index):
    """After a merge, each merged tag's listing redirects permanently to the target's listing."""
    ArticlePageFactory(parent=article_index, tags=["migrane", "migraines", "Migraine"])
    target = Tag.objects.get(name="Migraine")

    merge_tags(Tag.objects.filter(name__in=["migrane", "migraines"]), target)

    for old_slug in ["migrane", "migraines"]:
        response = client.get(f"/articles/tags/{old_slug}/")
        assert response.status_code == 301
        assert response["Location"].endswith("/articles/tags/migraine/")
    assert client.get("/articles/tags/migraine/").status_code == 200


def test_merge_after_a_rename_redirects_without_a_chain(client, article_index):
    """A listing redirected by an earlier rename now goes straight to the merge target's listing."""
    ArticlePageFactory(parent=article_index, tags=["migrane"])
    tag = Tag.objects.get(name="migrane")
    rename_tag(tag, "Migraine", regenerate_slug=True)

    merge_tags([tag], Tag.objects.create(name="Headache"))

    for old_slug in ["migrane", "migraine"]:
        response = client.get(f"/articles/tags/{old_slug}/")
        assert response.status_code == 301
        assert response["Location"].endswith("/articles/tags/headache/")


def test_renaming_back_leaves_no_redirect_on_the_live_listing(article_index):
    """Renaming a tag's slug back and forth never leaves a redirect on the address it now uses."""
    tag = Tag.objects.create(name="migraine")

    rename_tag(tag, "migraines", regenerate_slug=True)
    rename_tag(tag, "migraine", regenerate_slug=True)

    assert list(Redirect.objects.values_list("old_path", "redirect_page_route_path")) == [
        ("/articles/tags/migraines", "/tags/migraine/")
    ]


def test_merge_count_of_a_tag_still_to_be_made(article_index):
    """Merging into a new tag: every object tagged with a source gains it, none already has it."""
    ArticlePageFactory(parent=article_index, tags=["migraine", "migraines"])
    ArticlePageFactory(parent=article_index, tags=["migraines"])

    assert merge_count(list(Tag.objects.all()), None) == MergeCount(gained=2, already=0)


def test_merge_when_everything_already_has_the_target(article_index):
    """Every object tagged with the source already carries the target: none gains it, all are counted."""
    ArticlePageFactory(parent=article_index, tags=["migraine", "migraines"])
    ArticlePageFactory(parent=article_index, tags=["migraine", "migraines"])
    target = Tag.objects.get(name="migraine")

    assert merge_tags([Tag.objects.get(name="migraines")], target) == MergeCount(gained=0, already=2)


def test_merge_updates_unpublished_drafts(article_index):
    """A draft holding a merged tag gets the target instead, so publishing it later keeps the tagging."""
    article = ArticlePageFactory(parent=article_index, tags=["migraine"])
    article.tags.add("botox")
    article.save_revision()
    target = Tag.objects.create(name="Botulinum toxin")
    botox = Tag.objects.get(name="botox")
    assert drafts_to_retag([botox], target) == 1

    merge_tags([botox], target)
    ArticlePage.objects.get(pk=article.pk).latest_revision.publish()

    assert tag_names(ArticlePage.objects.get(pk=article.pk)) == ["Botulinum toxin", "migraine"]


def test_merge_refreshes_the_search_index(article_index):
    """Tag names are searchable, so merged articles are found by the target's name."""
    article = ArticlePageFactory(parent=article_index, title="Keeping a diary", tags=["cephalalgia"])
    target = Tag.objects.create(name="Headache")
    assert not ArticlePage.objects.live().search("headache")

    merge_tags([Tag.objects.get(name="cephalalgia")], target)

    assert list(ArticlePage.objects.live().search("headache")) == [article]


def test_rename_keeps_the_slug_by_default(article_index):
    """Renaming a tag leaves its slug, and so its listing address, unchanged."""
    ArticlePageFactory(parent=article_index, tags=["migrane"])
    tag = Tag.objects.get(name="migrane")

    rename_tag(tag, "Migraine")

    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Migraine", "migrane")
    assert not Redirect.objects.exists()


def test_rename_can_regenerate_the_slug_and_redirects_the_old_listing(client, article_index):
    """With 'regenerate', the slug follows the new name and the old tag listing redirects to the new one."""
    ArticlePageFactory(parent=article_index, tags=["migrane"])
    tag = Tag.objects.get(name="migrane")

    rename_tag(tag, "Migraine", regenerate_slug=True)

    tag.refresh_from_db()
    assert tag.slug == "migraine"
    response = client.get("/articles/tags/migrane/")
    assert response.status_code == 301
    assert response["Location"].endswith("/articles/tags/migraine/")


def test_regenerated_slug_never_clashes(article_index):
    """A regenerated slug that another tag already has gets a suffix instead."""
    Tag.objects.create(name="Migraine", slug="migraine")
    tag = Tag.objects.create(name="migraine headaches")

    rename_tag(tag, "migraine!", regenerate_slug=True)

    assert tag.slug == "migraine_1"


def test_a_tag_name_without_letters_or_digits_still_gets_a_slug(article_index):
    """Taggit would save '!!!' with an empty slug, which no listing URL can hold; it gets 'tag' instead."""
    article = ArticlePageFactory(parent=article_index, tags=["!!!"])
    Tag.objects.create(name="???")

    assert sorted(Tag.objects.filter(name__in=["!!!", "???"]).values_list("slug", flat=True)) == [
        "tag",
        "tag_1",
    ]
    assert article.tags.get().slug == "tag"


def test_renaming_and_merging_tags_with_letters_beyond_ascii(client, article_index):
    """Slugs such as 'ünïcode-tag' rename and merge with working redirects, like ASCII ones."""
    ArticlePageFactory(parent=article_index, tags=["Schwitzen"])
    tag = Tag.objects.get(name="Schwitzen")

    rename_tag(tag, "Schwitzen ü", regenerate_slug=True)
    assert tag.slug == "schwitzen-ü"
    merge_tags([tag], Tag.objects.create(name="Sweating"))

    for old_slug in ["schwitzen", "schwitzen-%C3%BC"]:
        response = client.get(f"/articles/tags/{old_slug}/")
        assert response.status_code == 301
        assert response["Location"].endswith("/articles/tags/sweating/")
    assert client.get("/articles/tags/sweating/").status_code == 200


def test_in_use_counts_taggings_and_drafts(article_index):
    """A tag is in use if anything carries it, even only an unpublished draft."""
    article = ArticlePageFactory(parent=article_index, tags=["migraine"])
    article.tags.add("draft only")
    article.save_revision()

    assert is_in_use(Tag.objects.get(name="migraine"))
    assert is_in_use(Tag.objects.get(name="draft only"))
    assert not is_in_use(Tag.objects.create(name="unused"))
