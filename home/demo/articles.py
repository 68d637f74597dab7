"""Demo articles: the blog under the home page, a staff author and nine tagged articles.

Articles are linked to the demo treatments by slug (see treatments.py) and reuse
its images. Like the treatments, the medical content is general and cautious and
sends readers to "your provider"; it is demo text, not medical advice. Dates are
fixed so that re-running the loader changes nothing.
"""

import datetime

from wagtail.models import Page

from articles.models import ArticleIndexPage, ArticlePage, StaffAuthor
from cms.models import Clinician
from home.models import HomePage
from treatments.models import TreatmentPage

from .clinic import HOME_SLUG
from .images import ImageRef, demo_image, resolve_image_refs
from .loading import save_object, save_page
from .treatments import DISCLAIMER, faq, review_dates

ELEANOR = "Dr Eleanor Marsh"
SAMUEL = "Dr Samuel Okoye"
HANNAH = "Hannah Reid"

STAFF_AUTHORS = [
    {
        "name": HANNAH,
        "credentials": "",
        "role": "Patient coordinator",
        "bio": (
            "Hannah is the first person most patients speak to. She arranges consultations and "
            "makes sure you know what to bring and what will happen on the day."
        ),
    }
]

INDEX_SLUG = "articles"
INDEX = {
    "title": "Articles",
    "intro": (
        "Plain answers to the questions patients ask us, written by our doctors and team. "
        "They are general information: your provider can tell you what applies to you."
    ),
    "search_description": "Articles from Elmfield Clinic on migraine, excessive sweating and skin care.",
    "show_in_menus": True,
    "per_page": 12,
}


def text(*paragraphs):
    """A rich text block from plain paragraphs (already-marked-up HTML passes through)."""
    html = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)
    return {"type": "rich_text", "value": html}


def ask_your_provider(heading, sentence):
    value = {"kind": "ask-provider", "heading": heading, "text": f"<p>{sentence}</p>"}
    return {"type": "callout", "value": value}


BOTOX_FOR_MIGRAINE = {
    "slug": "botox-for-chronic-migraine-what-to-expect",
    "title": "Botox for chronic migraine: what to expect",
    "date": datetime.date(2026, 10, 14),
    "author": ELEANOR,
    "intro": (
        "How the injections work, how often they are repeated, who they may suit "
        "and the questions patients most often ask us."
    ),
    "hero_image": "botox-migraine-hero",
    "tags": ["botox", "migraine", "headache", "botulinum toxin"],
    "related_treatments": ["botox-for-chronic-migraine"],
    "body": [
        text(
            "If you have headaches on most days of the month, you may have heard that Botox can help. "
            "For some adults with chronic migraine it does mean fewer headache days, but it is not a "
            "cure and it does not work for everyone. Here is what we tell patients before they decide."
        ),
        text(
            "<h2>How it works</h2>",
            "Botulinum toxin relaxes muscles and is thought to calm some of the pain signals involved "
            "in migraine. It is given as a series of small injections with a very fine needle, at set "
            "points across the forehead, the temples, the back of the head, the neck and the upper "
            "shoulders. A session usually takes about fifteen to twenty minutes.",
        ),
        {
            "type": "image",
            "value": {
                "image": ImageRef("botox-migraine-areas"),
                "caption": "Areas usually treated: forehead, temples, back of the head, neck, shoulders.",
            },
        },
        text(
            "<h2>How often</h2>",
            "Treatment is usually repeated every three to six months. Most people are offered two or "
            "three courses before anyone judges whether it is helping, because the effect can build "
            "gradually. If it helps, the injections continue at intervals your provider agrees "
            "with you; if it does not, they stop.",
        ),
        text(
            "<h2>Who it is for</h2>",
            "It is generally considered for adults with chronic migraine: headaches on fifteen or more "
            "days a month, at least eight of them with migraine features, for more than three months. "
            "Usually several preventive medicines have been tried first. It is not suitable for "
            "everyone, for example during pregnancy or with some muscle and nerve conditions, which is "
            "why your provider will go through your history with you.",
        ),
        ask_your_provider(
            "Is it right for me?",
            "Only your provider can say, after talking through your headaches, your medicines and "
            "your general health.",
        ),
        faq(
            (
                "Does it hurt?",
                "<p>Most people describe a brief sting with each injection. The needle is very fine "
                "and the whole session is quick.</p>",
            ),
            (
                "When might I notice a difference?",
                "<p>Some people notice a change within a few weeks; for others it takes more than one "
                "course. Keeping a headache diary helps you and your provider see the pattern.</p>",
            ),
            (
                "Can I keep taking my other migraine medicines?",
                "<p>Usually yes, but check with your provider, who will look at everything you take.</p>",
            ),
            (
                "What are the side effects?",
                "<p>The most common are a sore neck or shoulders, or tenderness where the injections "
                "went in. A drooping eyelid or brow is less common and wears off. Ask your provider "
                "about anything that worries you.</p>",
            ),
        ),
        DISCLAIMER,
    ],
}

ARTICLES = [
    BOTOX_FOR_MIGRAINE,
    {
        "slug": "keeping-a-headache-diary",
        "title": "Keeping a headache diary",
        "date": datetime.date(2026, 9, 2),
        "author": ELEANOR,
        "intro": "A few notes a day can show patterns you would otherwise miss, and make your next "
        "appointment far more useful.",
        "hero_image": None,
        "tags": ["migraine", "headache"],
        "related_treatments": ["botox-for-chronic-migraine"],
        "body": [
            text(
                "When you see your provider about headaches, one of the first questions is how many "
                "headache days you have. A diary turns a guess into an answer.",
                "<h2>What to write down</h2>",
                "<ul><li>The date, and when the headache started and stopped</li>"
                "<li>How bad it was, from one to ten</li>"
                "<li>Any medicine you took, and whether it helped</li>"
                "<li>Anything you think set it off, such as sleep, food, stress or your cycle</li></ul>",
                "A paper notebook or a phone app both work. What matters is writing it down on the day.",
            ),
            ask_your_provider(
                "Bring it with you",
                "Your provider can use your diary to see whether a treatment is helping over time.",
            ),
        ],
    },
    {
        "slug": "migraine-or-tension-type-headache",
        "title": "Migraine or tension-type headache?",
        "date": datetime.date(2026, 7, 21),
        "author": ELEANOR,
        "intro": "The two most common kinds of headache feel different and are treated differently. "
        "Here is how doctors tell them apart.",
        "hero_image": None,
        "tags": ["migraine", "headache"],
        "related_treatments": [],
        "body": [
            text(
                "Tension-type headache is often described as a band of pressure around the head. It is "
                "usually mild to moderate, and people can generally carry on with their day.",
                "Migraine is more often a throbbing pain, sometimes on one side, that gets worse with "
                "movement. It can come with feeling sick, or finding light and noise hard to bear, and "
                "some people see zigzag lines or flashing lights beforehand.",
                "Many people have both. Working out which is which helps your provider suggest the right "
                "approach, which is one reason a headache diary is so useful.",
            ),
            {
                "type": "callout",
                "value": {
                    "kind": "warning",
                    "heading": "When to get help quickly",
                    "text": "<p>A sudden, severe headache, or a headache with weakness, confusion or a "
                    "stiff neck, needs urgent medical attention. Call 999 or go to A&amp;E.</p>",
                },
            },
        ],
    },
    {
        "slug": "excessive-sweating-when-to-talk-to-someone",
        "title": "Excessive sweating: when to talk to someone",
        # The title plus " | Elmfield Clinic" would pass 60 characters; an SEO title is used as it is.
        "seo_title": "Excessive sweating: when to get help | Elmfield Clinic",
        "date": datetime.date(2026, 6, 9),
        "author": SAMUEL,
        "intro": "Sweating that soaks clothes or gets in the way of work is common, treatable and "
        "nothing to be embarrassed about.",
        "hero_image": "botox-sweating-hero",
        "tags": ["sweating", "hyperhidrosis", "botox"],
        "related_treatments": ["botox-for-excessive-sweating"],
        "body": [
            text(
                "Hyperhidrosis means sweating more than the body needs to keep cool. It often affects "
                "the armpits, hands or feet, and it can start in childhood or the teenage years.",
                "<h2>Things people usually try first</h2>",
                "<ul><li>Stronger antiperspirants, applied at night to dry skin</li>"
                "<li>Loose, breathable clothes</li>"
                "<li>Talking to their GP, who may check for an underlying cause</li></ul>",
                "If these have not helped enough, there are other options, including injections of "
                "botulinum toxin into the armpits, which may reduce sweating there for several months.",
            ),
            ask_your_provider(
                "Worth a conversation",
                "Your provider can talk through the options and whether any are suitable for you.",
            ),
        ],
    },
    {
        "slug": "anti-wrinkle-injections-questions-to-ask",
        "title": "Anti-wrinkle injections: questions to ask first",
        # The title plus " | Elmfield Clinic" would pass 60 characters; an SEO title is used as it is.
        "seo_title": "Anti-wrinkle injections: questions to ask | Elmfield Clinic",
        "date": datetime.date(2026, 5, 12),
        "author": SAMUEL,
        "intro": "A good consultation should leave you knowing what to expect, what it costs and who "
        "is treating you. These questions help.",
        "hero_image": "anti-wrinkle-hero",
        "tags": ["botox", "anti-wrinkle", "ageing skin"],
        "related_treatments": ["anti-wrinkle-injections"],
        "body": [
            text(
                "<ol><li>Who will treat me, and what are their qualifications?</li>"
                "<li>What result is realistic for my face?</li>"
                "<li>How long might it last, and what does a repeat visit cost?</li>"
                "<li>What are the side effects, and who do I contact if I am worried afterwards?</li>"
                "<li>Is there anything in my health or medicines that makes it unsuitable?</li></ol>",
                "You should never feel rushed into a decision. It is fine to go away and think about it.",
            ),
            DISCLAIMER,
        ],
    },
    {
        "slug": "skin-care-after-a-chemical-peel",
        "title": "Looking after your skin after a chemical peel",
        # The title plus " | Elmfield Clinic" would pass 60 characters; an SEO title is used as it is.
        "seo_title": "Skin care after a chemical peel | Elmfield Clinic",
        "date": datetime.date(2026, 4, 7),
        "author": SAMUEL,
        "intro": "Simple aftercare helps your skin settle. Here is what we usually suggest in the days "
        "after a peel.",
        "hero_image": "chemical-peel-hero",
        "tags": ["skin", "chemical peel", "pigmentation"],
        "related_treatments": ["chemical-peel"],
        "body": [
            text(
                "Your skin may feel tight and look pink for a day or two, and lighter peels can cause "
                "some flaking later in the week.",
                "<ul><li>Wash with lukewarm water and a gentle cleanser</li>"
                "<li>Use a plain moisturiser</li>"
                "<li>Do not pick or peel flaking skin</li>"
                "<li>Use a broad-spectrum sunscreen every day</li>"
                "<li>Hold off on scrubs and strong active products until your provider says so</li></ul>",
            ),
            ask_your_provider(
                "Something not right?",
                "Contact the clinic if your skin blisters, weeps or becomes more painful.",
            ),
        ],
    },
    {
        "slug": "microneedling-or-chemical-peel",
        "title": "Microneedling or a chemical peel?",
        "date": datetime.date(2026, 3, 3),
        "author": SAMUEL,
        "intro": "Both aim to improve the look of the skin, in different ways. A short guide to how they "
        "compare.",
        "hero_image": "microneedling-hero",
        "tags": ["skin", "microneedling", "chemical peel"],
        "related_treatments": ["microneedling", "chemical-peel"],
        "body": [
            text(
                "A chemical peel uses a solution to remove the outer layers of skin, which may help "
                "with uneven tone and dullness. Microneedling makes many tiny punctures, which prompts "
                "the skin to repair itself and may soften the look of some scars.",
                "Which one suits you depends on your skin, what you would like to change and how much "
                "recovery time you can allow. Some people have both, at different times.",
            ),
            ask_your_provider(
                "Start with your skin",
                "A skin consultation is the best way to find out which, if either, is a good fit.",
            ),
        ],
    },
    {
        "slug": "your-first-visit",
        "title": "Your first visit: what happens",
        "date": datetime.date(2026, 2, 10),
        "author": HANNAH,
        "intro": "From booking to leaving the clinic, here is what a first appointment at Elmfield "
        "looks like.",
        "hero_image": "home-hero",
        "tags": ["consultation", "first visit"],
        "related_treatments": [],
        "body": [
            text(
                "When you book, we ask a few questions so that the right clinician sees you. On the day, "
                "please arrive ten minutes early.",
                "Your first appointment is a conversation. Your provider will ask about your health and "
                "what you hope for, explain the options, and answer your questions. Treatment is not "
                "usually given at the first visit, so you have time to decide.",
            ),
            faq(
                (
                    "What should I bring?",
                    "<p>A list of the medicines you take, and any letters or results you think are "
                    "relevant.</p>",
                ),
                (
                    "Can I bring someone with me?",
                    "<p>Yes, you are welcome to bring a friend or relative.</p>",
                ),
            ),
        ],
    },
    {
        "slug": "everyday-sun-protection",
        "title": "Everyday sun protection",
        "date": datetime.date(2026, 1, 13),
        "author": HANNAH,
        "intro": "Sunscreen is not only for holidays. A few habits protect your skin all year, "
        "especially after skin treatments.",
        "hero_image": None,
        "tags": ["skin", "pigmentation"],
        "related_treatments": [],
        "body": [
            text(
                "Daylight reaches your skin on cloudy days and through windows. Our clinicians suggest "
                "a broad-spectrum sunscreen as the last step of your morning routine, every day.",
                "After some treatments, such as peels, skin can be more sensitive to the sun for a "
                "while. Your provider will tell you how long to take extra care.",
            ),
            ask_your_provider(
                "Not sure which sunscreen?",
                "Ask at your next appointment: your provider can suggest one that suits your skin.",
            ),
        ],
    },
]


def load_articles(report):
    """The staff author, the article index under the home page, and each article."""
    for author in STAFF_AUTHORS:
        save_object(StaffAuthor, {"name": author["name"]}, author, report)
    home = HomePage.objects.child_of(Page.get_first_root_node()).get(slug=HOME_SLUG)
    index = save_page(ArticleIndexPage, home, INDEX_SLUG, INDEX, report)
    for data in ARTICLES:
        existing = ArticlePage.objects.child_of(index).filter(slug=data["slug"]).first()
        save_page(ArticlePage, index, data["slug"], article_values(data, existing), report)


def article_values(data, existing):
    """``data`` as field values: author, images and treatments looked up, slug left out.

    An article discussing treatments carries the review of the first one's reviewer,
    as the demo loader's sign-off (never a person's).
    """
    values = {key: value for key, value in data.items() if key not in {"slug", "author"}}
    clinician = Clinician.objects.filter(name=data["author"]).first()
    treatments = TreatmentPage.objects.filter(slug__in=data["related_treatments"])
    review = {}
    if data["related_treatments"]:
        first = treatments.get(slug=data["related_treatments"][0])
        review = {"reviewed_by": first.reviewed_by, **review_dates(existing)}
    return {
        **values,
        **review,
        "clinician_author": clinician,
        "staff_author": None if clinician else StaffAuthor.objects.get(name=data["author"]),
        "hero_image": demo_image(data["hero_image"]) if data["hero_image"] else None,
        "related_treatments": list(treatments),
        "body": resolve_image_refs(data["body"]),
    }
