"""Template tags for clinicians' public profiles."""

from django import template
from django.utils.html import conditional_escape, format_html

from cms.jsonld import breadcrumb_list
from cms.templatetags.clinic_tags import breadcrumbs

from ..profiles import profile_url

register = template.Library()


@register.simple_tag(takes_context=True)
def clinician_profile_url(context, clinician):
    """The page address of ``clinician``'s public profile, or "" when the site has no live team page."""
    return profile_url(clinician, context.get("request"))


@register.simple_tag(takes_context=True)
def clinician_name(context, clinician):
    """A clinician's (or staff author's) name and credentials, linked to their profile if there is one."""
    url = profile_url(clinician, context.get("request"))
    name = clinician.display_name
    return format_html('<a href="{}">{}</a>', url, name) if url else conditional_escape(name)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def profile_breadcrumbs(context, team_page, clinician):
    """The site's breadcrumbs (HTML and JSON-LD) to ``team_page``, then ``clinician``'s profile."""
    request = context.get("request")
    trail = breadcrumbs(context, team_page)["trail"]
    route = team_page.profile_route(clinician)
    trail.append(
        {
            "title": clinician.name,
            "url": team_page.get_url(request) + route,
            "full_url": team_page.get_full_url(request) + route,
        }
    )
    return {"trail": trail, "structured_data": breadcrumb_list(trail)}
