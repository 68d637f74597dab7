"""JSON-LD ``BlogPosting`` for an article, built from its fields (printed by ``clinic_tags.json_ld``)."""

from cms.jsonld import compact, medical_review, person, publication, with_context
from cms.models import ClinicSettings
from team.profiles import profile_url


def blog_posting(article, request):
    """A ``BlogPosting``: headline, dates, author, image, publisher, and the page it is the subject of.

    Its dates are the ones the article's header shows: its own publication date, and the
    day it was last published when that is later (``cms.provenance``). A clinician
    author is named by their profile's ``@id`` when the site has a team page.

    An article that needs a medical review carries it as a treatment page does
    (``cms.jsonld.medical_review``: not once it is overdue), on the page it is the main
    entity of: schema.org defines ``lastReviewed`` and ``reviewedBy`` for web pages, not
    for posts.
    """
    clinic = ClinicSettings.for_request(request)
    _site_id, root_url, _path = article.get_url_parts(request) or (None, "", "")
    share_image = article.get_social_rendition()
    review = (
        medical_review(article, profile_url(article.reviewed_by, request, full=True))
        if article.needs_medical_review
        else {}
    )
    return with_context(
        compact(
            {
                "@type": "BlogPosting",
                "headline": article.title,
                "description": article.get_meta_description(),
                **publication(article, article.date),
                "author": person(article.author, profile_url(article.author, request, full=True)),
                "image": request.build_absolute_uri(share_image.url) if share_image else None,
                "publisher": compact({"@type": "MedicalClinic", "name": clinic.name, "url": f"{root_url}/"})
                if clinic.name
                else None,
                "mainEntityOfPage": {"@type": "WebPage", "@id": article.get_canonical_url(request), **review},
                "keywords": [tag.name for tag in article.tag_list],
                "about": [
                    {
                        "@type": treatment.schema_type,
                        "name": treatment.title,
                        "url": treatment.get_full_url(request),
                    }
                    for treatment in article.named_treatments
                ],
            }
        )
    )
