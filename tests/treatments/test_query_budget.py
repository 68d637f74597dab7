"""The treatment page's database queries do not grow with its FAQ items, tags or conditions."""

from tests.factories import (
    ConditionFactory,
    ImageFactory,
    TreatmentPageFactory,
    full_body,
    publish_signed_off,
)
from tests.query_budgets import queries_to_view

QUERY_CEILING = 21
STORED_CEILING = 9


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


def test_query_count_does_not_grow_with_faq_items_tags_or_conditions(
    client, settings, treatment_index, clinic_settings
):
    """1 and 30 FAQ items (plus as many tags and conditions) cost the same queries, within budget.

    Measured with the page's parts stored (cms/stored_parts.py): 7 queries on SQLite.
    Routing (5): the site; the home page as its specific type; the content generation's
    tokens; the pages on the path, with whether each has a view restriction, in one
    query (cms/routing.py); the treatment as its specific type; then the stored parts,
    and the related articles with their versions (the related box's listing version).

    The first visit after a change renders the parts and stores them: measured 19. The
    render takes 16: the 7 above, clinic settings, the primary navigation and breadcrumb
    ancestors together (cms/navigation.py), the hero image, reviewer, conditions (read
    once for the header and the JSON-LD), tags, the pages linked from FAQ answers,
    expanded together in one pass (2: content types, then the specific pages), and the
    related articles again for the box (none here, so no cards are fetched). Storing
    the parts takes 3 statements (a savepoint, one insert, its release). Image
    renditions come from Wagtail's rendition cache, warmed by the first visit.

    Each ceiling is its measurement plus a margin of 2 for small differences between
    database backends and Wagtail releases; a per-item query would add 29 and fail both
    assertions. The full-page cache is switched off so the render is measured.
    """
    settings.PAGE_CACHE_ENABLED = False
    small, large = treatment_with(treatment_index, 1), treatment_with(treatment_index, 30)
    assert queries_to_view(client, small) == queries_to_view(client, large) <= STORED_CEILING
    rendered = [queries_to_view(client, page, parts_stored=False) for page in (small, large)]
    assert rendered[0] == rendered[1] <= QUERY_CEILING


def add_listed_treatments(parent, count):
    """``count`` more live treatments, each with its own image and two conditions."""
    first = parent.get_children().count()
    for n in range(first, first + count):
        page = TreatmentPageFactory(parent=parent, title=f"Listed treatment {n}", hero_image=ImageFactory())
        page.conditions.add(*ConditionFactory.create_batch(2))
        publish_signed_off(page)


def test_index_query_count_does_not_grow_with_treatments(client, settings, treatment_index, clinic_settings):
    """Listing 3 or 20 treatments (each with an image and conditions) costs the same queries, within budget.

    Measured with the index's parts stored (its head, header, footer and booking prompt:
    cms/stored_parts.py): 10 queries on SQLite. Routing (5): the site, the home page as
    its specific type, the content generation's tokens, the pages on the path with their
    view restrictions (one query), the index as its specific type; its stored parts; the
    listing (4): the condition and category filters' choices, the treatments with their
    images (view restrictions tested in the same statements, cms/visibility.py) and
    their conditions. The first view after a change: 15, with clinic settings,
    navigation with breadcrumbs, and the parts' storing (3 statements). Image renditions
    come from Wagtail's rendition cache after the first visit. The ceilings, 11 and 16,
    leave a margin of 1; a per-card query would add 17 and fail.
    """
    settings.PAGE_CACHE_ENABLED = False
    add_listed_treatments(treatment_index, 3)
    few = queries_to_view(client, treatment_index)
    add_listed_treatments(treatment_index, 17)
    many = queries_to_view(client, treatment_index)
    rendered = queries_to_view(client, treatment_index, parts_stored=False)
    assert few == many <= 11
    assert rendered <= 16
