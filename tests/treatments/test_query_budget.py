"""The treatment page's database queries do not grow with its FAQ items, tags or conditions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import StoredPart
from tests.factories import (
    ConditionFactory,
    ImageFactory,
    TreatmentPageFactory,
    full_body,
    publish_signed_off,
)

QUERY_CEILING = 20
STORED_CEILING = 10


def treatment_with(parent, count):
    """A treatment with ``count`` FAQ items (each linking to a page), tags and conditions."""
    body = full_body(faq_count=count)
    for item in body[-1]["value"]["items"]:
        item["answer"] = f'<p>See <a linktype="page" id="{parent.pk}">all treatments</a>.</p>'
    page = TreatmentPageFactory(
        parent=parent,
        title=f"Treatment with {count} questions",
        body=body,
        hero_image=ImageFactory(),
        schema_type="MedicalTherapy",  # whose JSON-LD lists the conditions too
    )
    page.conditions.add(*ConditionFactory.create_batch(count))
    page.tags.add(*[f"topic {n}" for n in range(count)])
    publish_signed_off(page)
    return page


def queries_to_render(client, page):
    """Queries for one visit, once image renditions and Wagtail's site cache are warm."""
    assert client.get(page.url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit", "measured a cached page, not a render"
    return len(captured.captured_queries)


def queries_to_render_and_store(client, page):
    """Queries for the first visit after a change, which renders the page's stored parts and stores them."""
    assert client.get(page.url).status_code == 200
    StoredPart.objects.filter(page=page).delete()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page.url).status_code == 200
    assert StoredPart.objects.filter(page=page).count() == 6
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_faq_items_tags_or_conditions(
    client, settings, treatment_index, clinic_settings
):
    """1 and 30 FAQ items (plus as many tags and conditions) cost the same queries, within budget.

    Measured with the page's parts stored (cms/stored_parts.py): 8 queries on SQLite.
    Routing (5): the site; the home page as its specific type; the content generation's
    tokens; the pages on the path, with whether each has a view restriction, in one
    query (cms/routing.py); the treatment as its specific type; then clinic settings,
    the stored parts, and the related articles' candidates (1: none here, so no cards
    are fetched).

    The first visit after a change renders the parts and stores them: measured 18. The
    render takes 15: the 8 above with the primary navigation and breadcrumb ancestors
    together (cms/navigation.py), the hero image, reviewer, conditions (read once for
    the header and the JSON-LD), tags, and the pages linked from FAQ answers, expanded
    together in one pass (2: content types, then the specific pages). Storing the five
    parts takes 3 statements (a savepoint, one insert, its release). Image renditions
    come from Wagtail's rendition cache, warmed by the first visit.

    Each ceiling is its measurement plus a margin of 2 for small differences between
    database backends and Wagtail releases; a per-item query would add 29 and fail both
    assertions. The full-page cache is switched off so the render is measured.
    """
    settings.PAGE_CACHE_ENABLED = False
    small, large = treatment_with(treatment_index, 1), treatment_with(treatment_index, 30)
    assert queries_to_render(client, small) == queries_to_render(client, large) <= STORED_CEILING
    assert (
        queries_to_render_and_store(client, small)
        == queries_to_render_and_store(client, large)
        <= QUERY_CEILING
    )


def add_listed_treatments(parent, count):
    """``count`` more live treatments, each with its own image and two conditions."""
    first = parent.get_children().count()
    for n in range(first, first + count):
        page = TreatmentPageFactory(parent=parent, title=f"Listed treatment {n}", hero_image=ImageFactory())
        page.conditions.add(*ConditionFactory.create_batch(2))
        publish_signed_off(page)


def test_index_query_count_does_not_grow_with_treatments(client, settings, treatment_index, clinic_settings):
    """Listing 3 or 20 treatments (each with an image and conditions) costs the same queries, within budget.

    Measured: 10 queries on SQLite. Routing (4): the site, the home page as its specific
    type, the pages on the path with their view restrictions (one query), the index as
    its specific type; layout (2): clinic settings, navigation with breadcrumbs; the
    listing (4): the condition and category filters' choices, the treatments with their
    images (view restrictions tested in the same statements, cms/visibility.py) and
    their conditions. Image renditions come from Wagtail's rendition cache after the
    first visit. The ceiling, 11, leaves a margin of 1; a per-card query would add 17 and
    fail both assertions.
    """
    settings.PAGE_CACHE_ENABLED = False
    add_listed_treatments(treatment_index, 3)
    few = queries_to_render(client, treatment_index)
    add_listed_treatments(treatment_index, 17)
    many = queries_to_render(client, treatment_index)
    assert few == many
    assert many <= 11
