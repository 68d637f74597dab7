"""Turning a post's untrusted HTML into safe pieces and Wagtail rich text, and bodies from them."""

import pytest

from cms.rich_text import ANSWER_FEATURES, BODY_FEATURES, INLINE_FEATURES
from wpimport.bodies import BodyBuilder
from wpimport.content import Faq, Figure, Heading, Text, plain_text, prepare, rich_text, sanitise
from wpimport.mapping import MappingConfig
from wpimport.wxr import read_export

HOSTILE = """<p onclick="steal()">Hours</p><script>document.cookie</script>
<a href="javascript:alert(1)">x</a><a href="https://example.com" onmouseover="x()">ok</a>
<iframe src="https://evil.example"></iframe><form action="/x"><input name="card">Card</form>
<style>body{display:none}</style><p style="color:red">Red</p><img src="x" onerror="alert(2)">"""


@pytest.mark.parametrize(
    "forbidden",
    ["<script", "document.cookie", "onclick", "onmouseover", "onerror", "javascript:", "<iframe", "<form",
     "<input", "Card", "<style", "display:none", "style="],
)  # fmt: skip
def test_sanitising_removes_every_hostile_part(forbidden):
    """Scripts, event handlers, javascript: links, iframes, forms and styles go, contents and all."""
    assert forbidden not in sanitise(HOSTILE)


def test_sanitising_keeps_ordinary_content():
    cleaned = sanitise(HOSTILE)
    assert '<a href="https://example.com">ok</a>' in cleaned
    assert "<p>Hours</p>" in cleaned


def test_plain_text_decodes_entities_and_drops_markup():
    """Titles and excerpts arrive with entities and sometimes tags; they become plain words."""
    assert plain_text("Botox &amp; Migraine <script>alert(1)</script><b>now</b>") == "Botox & Migraine now"


def test_caption_shortcode_becomes_a_figure_with_its_caption():
    (figure,), unknown = prepare(
        '[caption id="attachment_103" align="alignnone" width="800"]'
        '<img src="https://old.example/a.jpg" alt="" /> The new seating area[/caption]'
    )
    assert figure == Figure("https://old.example/a.jpg", "", "The new seating area", 103)
    assert unknown == []


def test_embed_becomes_a_link_and_unknown_shortcodes_are_reported_not_printed():
    """[embed] is a link; [contact-form-7 ...] disappears and is named; a wrapped text survives."""
    found, unknown = prepare(
        '[embed]https://video.example/tour[/embed]\n\n[contact-form-7 id="12"]\n\n[note]Read this[/note]'
    )
    html = "".join(piece.html for piece in found)
    assert '<a href="https://video.example/tour">' in html
    assert "[" not in html and "contact-form" not in html
    assert "Read this" in html
    assert unknown == ["contact-form-7", "note"]


def test_classic_editor_paragraphs_and_bare_line_breaks():
    """Blank lines start paragraphs and a bare newline or <br> is a line break, as WordPress shows them."""
    found, _unknown = prepare("First line<br>\nsecond line\nthird\n\nNext paragraph")
    assert rich_text([piece.html for piece in found], BODY_FEATURES) == (
        "<p>First line<br/>second line<br/>third</p><p>Next paragraph</p>"
    )


def test_yoast_faq_block_gives_its_questions_and_answers():
    post = next(item for item in read_export_items() if item.post_id == 202)
    found, _unknown = prepare(post.content)
    (faq,) = [piece for piece in found if isinstance(piece, Faq)]
    assert [question for question, _answer in faq.items] == [
        "Can too much sleep cause a headache?",
        "Should I keep a sleep diary?",
    ]


def test_yoast_faq_entries_without_an_answer_are_left_out():
    """An entry an author left half-written would fail the FAQ block's validation; it is not imported."""
    found, _unknown = prepare(
        '<div class="schema-faq"><div class="schema-faq-section"><strong class="schema-faq-question">Empty?'
        '</strong> <p class="schema-faq-answer"> </p></div><div class="schema-faq-section">'
        '<strong class="schema-faq-question">Full?</strong> <p class="schema-faq-answer">Yes.</p></div></div>'
    )
    (faq,) = found
    assert [question for question, _answer in faq.items] == ["Full?"]


def read_export_items():
    from tests.wpimport.conftest import FIXTURES

    return read_export(FIXTURES / "clinic-export.xml").items


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        (BODY_FEATURES, "<h2>Title</h2><h3>Sub</h3><p><b>Bold</b> <i>it</i></p><ul><li>One</li></ul>"),
        (
            ANSWER_FEATURES,
            "<p><b>Title</b></p><p><b>Sub</b></p><p><b>Bold</b> <i>it</i></p><ul><li>One</li></ul>",
        ),
        (INLINE_FEATURES, "<p><b>Title</b></p><p><b>Sub</b></p><p><b>Bold</b> <i>it</i></p><p>One</p>"),
    ],
)
def test_rich_text_uses_only_the_features_a_block_allows(features, expected):
    """Headings a block does not allow become bold paragraphs; lists it does not allow, paragraphs."""
    source = "<h1>Title</h1><h4>Sub</h4><p><strong>Bold</strong> <em>it</em><span> </span></p>"
    source += "<ul><li>One</li></ul>"
    assert rich_text([source], features) == expected


def test_rich_text_links_to_imported_posts_become_page_links():
    result = rich_text(
        ['<p><a href="https://old.example/?p=5">in</a> <a href="https://else.example/">out</a></p>'],
        BODY_FEATURES,
        link_for=lambda href: 42 if "?p=5" in href else None,
    )
    assert result == '<p><a id="42" linktype="page">in</a> <a href="https://else.example/">out</a></p>'


def treatment_body(html):
    found, _unknown = prepare(html)
    return BodyBuilder(lambda href: None, lambda figure: None).treatment(found, MappingConfig())


def test_treatment_sections_go_in_typed_blocks():
    """The issue's example headings go in how it works, how often, candidacy, risks; another stays text."""
    body = treatment_body(
        "<p>Intro.</p><h2>How does Botox work for migraines?</h2><p>Injections.</p>"
        "<ul><li>Forehead</li><li>Neck</li></ul><h2>How often should I get treatments?</h2>"
        "<p>Usually every 3 to 6 months.</p><h2>Who is a good candidate?</h2><ul><li>Adults</li></ul>"
        "<h2>Side effects</h2><ul><li>Soreness</li></ul><h2>Our clinic</h2><p>Parking behind.</p>"
    )
    assert [block["type"] for block in body.blocks] == [
        "rich_text", "how_it_works", "frequency", "candidacy", "risks", "rich_text",
    ]  # fmt: skip
    how, frequency, candidacy, risks = (block["value"] for block in body.blocks[1:5])
    assert how["treatment_areas"] == ["Forehead", "Neck"]
    assert (frequency["interval_min"], frequency["interval_max"], frequency["interval_unit"]) == (
        3,
        6,
        "months",
    )
    assert candidacy["suitable_for"] == ["Adults"]
    assert risks["common"] == ["Soreness"]
    assert body.blocks[-1]["value"] == "<h2>Our clinic</h2><p>Parking behind.</p>"
    assert body.unmatched == ["Our clinic"]


def test_question_headings_and_an_faq_section_make_one_faq_block():
    body = treatment_body(
        "<h2>Does it hurt?</h2><p>A sting.</p><h2>Can I drive?</h2><p>Usually.</p>"
        "<h2>FAQs</h2><h3>Is there downtime?</h3><p>Little.</p>"
    )
    (faq,) = body.blocks
    assert faq["type"] == "faq"
    assert [item["question"] for item in faq["value"]["items"]] == [
        "Does it hurt?", "Can I drive?", "Is there downtime?",
    ]  # fmt: skip


def test_a_second_section_for_a_block_held_once_stays_text():
    """A page holds one 'risks' block: a second risks section is kept as text and noted."""
    body = treatment_body("<h2>Side effects</h2><ul><li>A</li></ul><h2>Risks</h2><p>More.</p>")
    assert [block["type"] for block in body.blocks] == ["risks", "rich_text"]
    assert any("second 'risks'" in note for note in body.notes)


def test_pieces_of_a_treatment_post(export_path):
    post = next(item for item in read_export(export_path).items if item.post_id == 201)
    found, _unknown = prepare(post.content)
    assert [type(piece) for piece in found][:3] == [Text, Heading, Text]
    assert found[-1] == Figure(
        "https://oldclinic.example/wp-content/uploads/2025/01/waiting-room.jpg",
        "The clinic's waiting room",
        "",
        103,
    )
