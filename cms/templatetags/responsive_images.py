"""``{% srcset_image %}`` as Wagtail's, valid when a picture has only one size, its filters parsed once.

``CustomImage.get_renditions`` lists each size once, so a picture no wider than the
smallest size asked for has a single rendition. Wagtail then writes no ``srcset`` but
keeps the template's ``sizes``, which HTML allows only beside a ``srcset``: it is left
out here. Wagtail's node also builds its ``Filter`` objects, and parses their
operations, on every render; a tag's filters never change, so they are built once per
compiled template. Load this library after ``wagtailimages_tags`` so that its tag is
the one used.
"""

import re

from django import template
from django.utils.functional import cached_property
from wagtail.images.templatetags import wagtailimages_tags

register = template.Library()

_SIZES = re.compile(r'\ssizes="[^"]*"')


class SrcsetImageNode(wagtailimages_tags.SrcsetImageNode):
    @cached_property
    def filters(self):
        return super().get_filters()

    def get_filters(self):
        return self.filters

    def render(self, context):
        html = super().render(context)
        return html if "srcset=" in html else _SIZES.sub("", html)


@register.tag
def srcset_image(parser, token):
    node = wagtailimages_tags.image(parser, token)
    return SrcsetImageNode(node.image_expr, node.filter_specs, node.output_var_name, node.attrs)
