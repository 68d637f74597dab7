"""WordPress exports of any size, generated for tests of scale (and a benchmark)."""

from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Generated Clinic</title><link>https://generated.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://generated.example</wp:base_site_url>
<wp:author><wp:author_login>writer</wp:author_login>
<wp:author_display_name>Sam Writer</wp:author_display_name></wp:author>
"""

POST = """<item><title>{title}</title><link>https://generated.example/{year}/01/post-{n}/</link>
<dc:creator>writer</dc:creator>
<content:encoded><![CDATA[<p>Post {n} starts here.</p>
<h2>How does it work?</h2><p>Your provider explains each step.</p><ul><li>Forehead</li><li>Neck</li></ul>
<h2>How often?</h2><p>Usually every 3 to 6 months.</p>
<h2>Side effects</h2><ul><li>Soreness</li></ul>
<h2>Does it hurt?</h2><p>A brief sting.
See <a href="https://generated.example/?p={previous}">the last post</a>.</p>
]]></content:encoded>
<excerpt:encoded><![CDATA[Summary of post {n}.]]></excerpt:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date>{year}-01-15 10:00:00</wp:post_date>
<wp:post_date_gmt>{year}-01-15 10:00:00</wp:post_date_gmt><wp:post_name>post-{n}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="{category}"><![CDATA[{category_name}]]></category>
<category domain="post_tag" nicename="tag-{tag}"><![CDATA[Tag {tag}]]></category>
<wp:postmeta><wp:meta_key>_yoast_wpseo_title</wp:meta_key>
<wp:meta_value>%%title%% %%sep%% %%sitename%%</wp:meta_value></wp:postmeta>
</item>
"""


def write_export(path, posts, treatment_every=10):
    """An export of ``posts`` posts at ``path``; every ``treatment_every``-th is in "Treatments"."""
    with open(path, "w", encoding="utf-8") as file:
        file.write(HEAD)
        for n in range(1, posts + 1):
            treatment = n % treatment_every == 0
            file.write(
                POST.format(
                    n=n,
                    previous=max(n - 1, 1),
                    title=escape(f"Generated post {n}"),
                    year=2010 + n % 15,
                    category="treatments" if treatment else "news",
                    category_name="Treatments" if treatment else "News",
                    tag=n % 20,
                )
            )
        file.write("</channel></rss>\n")
    return path
