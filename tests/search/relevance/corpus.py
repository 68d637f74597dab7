"""Loading the skin clinic corpus as a site, and judging the site search on its queries.

The corpus is loaded the way the demo is (``home.demo``'s loaders: the clinic and
its home page, then its own treatments and articles), with no synonyms of its own:
whatever vocabulary the product ships is all the search has to go on.
"""

import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from statistics import mean

from django.utils import timezone
from wagtail.models import Page

from articles.models import ArticleIndexPage, ArticlePage
from cms.models import Clinician
from home.demo import load_demo_content
from home.demo.clinic import HOME_SLUG
from home.demo.loading import save_object, save_page
from home.models import HomePage
from treatments.models import Condition, TreatmentIndexPage, TreatmentPage

CORPUS = Path(__file__).parent / "skin_clinic"
CUTOFF = 10
KINDS = ("lay", "misspelling", "question", "clinical", "brand")


def read(name):
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def slug_of(name):
    return "-".join("".join(char if char.isalnum() else " " for char in name.lower()).split())


def condition(name, report):
    return save_object(Condition, {"slug": slug_of(name)}, {"name": name}, report)


def load_pages(report):
    """The corpus's conditions, treatments and articles under the home page, all published."""
    home = HomePage.objects.child_of(Page.get_first_root_node()).get(slug=HOME_SLUG)
    today = timezone.localdate()
    review = {
        "reviewed_by": Clinician.objects.first(),
        "last_reviewed": today,
        "next_review_due": today + timedelta(days=365),
    }
    treatments = save_page(TreatmentIndexPage, home, "treatments", {"title": "Treatments"}, report)
    for data in read("treatments"):
        conditions = [
            save_object(Condition, {"slug": slug_of(name)}, {"name": name}, report)
            for name in data["conditions"]
        ]
        values = {key: data[key] for key in ("title", "summary", "tags", "body")}
        values.update(conditions=conditions, **review)
        save_page(TreatmentPage, treatments, data["slug"], values, report)
    articles = save_page(ArticleIndexPage, home, "blog", {"title": "Skin and vein blog"}, report)
    for data in read("articles"):
        values = {key: data[key] for key in ("title", "date", "intro", "tags", "body")}
        related = list(TreatmentPage.objects.filter(slug__in=data["related_treatments"]))
        values.update(related_treatments=related, clinician_author=review["reviewed_by"])
        save_page(ArticlePage, articles, data["slug"], values, report)


def load_skin_clinic():
    """The clinic's site in the database, searchable."""
    loaders = ["home.demo.images.load_images", "home.demo.clinic.load_clinic", f"{__name__}.load_pages"]
    load_demo_content(loaders=loaders)


def rank_of(slugs, relevant):
    """The 1-based position of the first relevant page in ``slugs`` (the first CUTOFF), or None."""
    for position, slug in enumerate(slugs[:CUTOFF], start=1):
        if slug in relevant:
            return position
    return None


@dataclass
class Scores:
    """MRR@10, success@1 and success@3 over some judged queries."""

    count: int
    mrr: float
    success_at_1: float
    success_at_3: float

    @classmethod
    def of(cls, ranks):
        ranks = list(ranks)
        return cls(
            count=len(ranks),
            mrr=mean(1 / rank if rank else 0 for rank in ranks),
            success_at_1=mean(rank == 1 for rank in ranks),
            success_at_3=mean(bool(rank and rank <= 3) for rank in ranks),
        )

    def line(self, label):
        return (
            f"{label:<12} {self.count:>3} queries  MRR@10 {self.mrr:.3f}  "
            f"success@1 {self.success_at_1:.2f}  success@3 {self.success_at_3:.2f}"
        )


def judge(search, half):
    """``{kind: Scores, "all": Scores}`` over the queries of ``half``; ``search(text)`` lists slugs.

    Also returns the queries whose relevant page was not first, with the rank found, for reading.
    """
    queries = [query for query in read("queries") if query["half"] == half]
    ranks = {query["query"]: rank_of(search(query["query"]), query["relevant"]) for query in queries}
    scores = {kind: Scores.of(ranks[q["query"]] for q in queries if q["kind"] == kind) for kind in KINDS}
    scores["all"] = Scores.of(ranks.values())
    misses = {text: rank for text, rank in ranks.items() if rank != 1}
    return scores, misses
