"""Which page fields are SEO-only metadata.

A change confined to these fields alters how a page is found, shared and grouped by
topic, not what its body tells a reader: SEO staff may publish it without an
Editor's approval, and it never needs a clinician's sign-off (no page type lists
any of them in its ``medical_fields``; tests/cms/test_seo_fields_panel.py checks).
They are Wagtail's SEO title and search description, ``cms.models.SeoMixin``'s
fields, and the tags of the page types that carry tags. A new field belongs here
only if it cannot change the page's text, images or medical content.
"""

SEO_FIELDS = frozenset(
    {
        "seo_title",
        "search_description",
        "social_title",
        "social_description",
        "social_image",
        "canonical_url",
        "no_index",
        "tags",
    }
)
