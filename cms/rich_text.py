"""What editors may put in rich text: the site's one set of feature lists.

No raw HTML, embeds or images anywhere, and headings only where a page body has
sections. Settings read ``BODY_FEATURES`` for the default editor, so this module
imports nothing from Django or Wagtail.
"""

#: A page body's text: subheadings, emphasis, links and lists.
BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]
#: A sentence or two inside a highlighted block: emphasis and links only.
INLINE_FEATURES = ["bold", "italic", "link"]
#: Short answers and notes under a section: no subheadings to break its outline.
ANSWER_FEATURES = ["bold", "italic", "link", "ol", "ul"]
