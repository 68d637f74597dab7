"""Forgiving pagination for public listings: any ``?page=`` value gives a page, never an error."""

from django.core.paginator import Paginator

# How many articles an editor may put on each page of a listing (ArticleIndexPage.per_page).
MIN_PER_PAGE, MAX_PER_PAGE = 1, 50


def paginate(request, items, per_page):
    """The requested page of ``items``.

    Missing, non-numeric and too-small numbers give the first page; too-large ones the last.
    """
    paginator = Paginator(items, per_page)
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))
