"""The site's template tags (cms/templatetags/clinic_tags.py)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Page

from cms.seo import document_title
from cms.templatetags.clinic_tags import json_ld, query_url, tel_href


def scripts_in(html):
    return BeautifulSoup(html, "html.parser").find_all("script")


class TestJsonLd:
    def test_prints_a_json_ld_script(self):
        """A dict becomes one parseable application/ld+json script element."""
        (script,) = scripts_in(json_ld({"@type": "Thing", "name": "Botox"}))
        assert script["type"] == "application/ld+json"
        assert json.loads(script.string) == {"@type": "Thing", "name": "Botox"}

    def test_escapes_characters_that_could_end_the_script(self):
        """<, > and & are JSON escapes, so no text can close the element, yet the data is unchanged."""
        name = "</script><!-- & <b>"
        html = str(json_ld({"name": name}))
        assert "</script><!--" not in html
        assert html.count("</script>") == 1
        assert "\\u003C/script\\u003E" in html
        assert json.loads(scripts_in(html)[0].string)["name"] == name

    def test_a_list_prints_one_script_per_document_and_skips_empty_ones(self):
        html = json_ld([{"@type": "A"}, None, {"@type": "B"}])
        assert [json.loads(script.string)["@type"] for script in scripts_in(html)] == ["A", "B"]

    def test_nothing_to_print_prints_nothing(self):
        assert json_ld(None) == ""

    def test_tag_output_is_not_escaped_again_in_a_template(self):
        """In a template the tag's HTML is kept as HTML."""
        html = Template("{% load clinic_tags %}{% json_ld data %}").render(Context({"data": {"a": "<"}}))
        assert html.startswith('<script type="application/ld+json">')


@pytest.mark.parametrize(
    ("phone", "href"),
    [("020 7946 0000", "tel:02079460000"), ("+44 20 7946-0000", "tel:+442079460000"), ("", "tel:")],
)
def test_tel_href_keeps_digits_and_plus(phone, href):
    """Phone numbers as people write them become dialable tel: links."""
    assert tel_href(phone) == href


class TestQueryUrl:
    def context_for(self, url):
        return {"request": RequestFactory().get(url)}

    def test_sets_a_parameter_and_keeps_the_others(self):
        context = self.context_for("/treatments/?category=medical")
        assert query_url(context, condition="migraine") == "/treatments/?category=medical&condition=migraine"

    def test_a_blank_value_removes_the_parameter(self):
        context = self.context_for("/treatments/?category=medical&condition=migraine")
        assert query_url(context, condition="") == "/treatments/?category=medical"
        assert query_url(context, condition="", category="") == "/treatments/"

    def test_values_are_url_encoded(self):
        assert query_url(self.context_for("/t/"), condition="a b&c") == "/t/?condition=a+b%26c"


class TestBreadcrumbs:
    def render(self, page):
        template = Template("{% load clinic_tags %}{% breadcrumbs page %}")
        return template.render(Context({"page": page, "request": RequestFactory().get(page.url)}))

    def test_trail_runs_from_home_to_the_page(self, treatment_index):
        """Wagtail's root is skipped; the last crumb is the current page."""
        soup = BeautifulSoup(self.render(treatment_index), "html.parser")
        links = soup.find("nav", attrs={"aria-label": "Breadcrumb"}).find_all("a")
        assert [(link["href"], link.get_text()) for link in links] == [
            ("/", "Home"),
            ("/treatments/", "Treatments"),
        ]
        assert links[-1]["aria-current"] == "page"
        assert json.loads(soup.find("script").string)["@type"] == "BreadcrumbList"

    def test_home_page_has_no_trail(self, home_page):
        """A trail of one (the home page itself) is not shown, nor its structured data."""
        assert self.render(home_page).strip() == ""


class TestDocumentTitle:
    """``cms.seo.document_title`` and the ``document_title`` tag base.html prints it with."""

    def page(self, title="Botox for migraine", seo_title=""):
        return Page(title=title, seo_title=seo_title)

    def test_page_title_gets_the_clinic_name(self):
        """Without an SEO title: the page title, ' | ', the clinic name."""
        assert (
            document_title(self.page(), "Harbour Lane Clinic") == "Botox for migraine | Harbour Lane Clinic"
        )

    def test_seo_title_is_used_as_it_is(self):
        """The SEO title is the headline shown in search results (its help text says so): no suffix."""
        page = self.page(seo_title="Botox for chronic migraine in London")
        assert document_title(page, "Harbour Lane Clinic") == "Botox for chronic migraine in London"

    def test_a_title_naming_the_clinic_does_not_repeat_it(self):
        """A title that already contains the clinic name (in any case) is left as it is."""
        page = self.page(title="Welcome to harbour lane clinic")
        assert document_title(page, "Harbour Lane Clinic") == "Welcome to harbour lane clinic"

    def test_without_a_clinic_name_the_title_stands_alone(self):
        assert document_title(self.page(), "") == "Botox for migraine"

    def test_a_templates_own_headline_gets_the_clinic_name(self):
        """A template's own headline ("Search", "Articles (page 2)") gets the clinic name, page or not."""
        assert document_title(None, "Harbour Lane Clinic", "Search") == "Search | Harbour Lane Clinic"
        page = self.page(seo_title="An SEO title")
        assert document_title(page, "Harbour Lane Clinic", "Articles (page 2)") == (
            "Articles (page 2) | Harbour Lane Clinic"
        )

    def render(self, page, inner):
        template = Template(
            "{% load clinic_tags %}{% document_title page clinic_name %}" + inner + "{% enddocument_title %}"
        )
        return template.render(Context({"page": page, "clinic_name": "Harbour Lane Clinic"}))

    def test_tag_applies_the_page_rules_to_the_pages_own_headline(self):
        """When the enclosed block prints the page's SEO title (its default), that is printed as it is."""
        page = self.page(seo_title="Botox & migraine")
        assert self.render(page, "{% firstof page.seo_title page.title %}") == "Botox &amp; migraine"

    def test_tag_suffixes_a_template_override_once_escaped(self):
        """An overriding block ("... (page 2)") gets the clinic name; '&' is escaped once, not twice."""
        page = self.page(title="Skin & sweat")
        html = self.render(page, "{{ page.title }} (page 2)")
        assert html == "Skin &amp; sweat (page 2) | Harbour Lane Clinic"

    def test_tag_without_a_page(self):
        """On a page-less view (404, search) the block's text is the headline."""
        assert self.render(None, "Page not found") == "Page not found | Harbour Lane Clinic"
