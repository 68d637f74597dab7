"""Demo treatments: the conditions they address, the treatment index and five treatment pages.

Bodies are raw StreamField data (a list of {"type", "value"}); rich text values
are HTML limited to each block's features. The medical content is general,
cautious and defers to "your provider"; it is demo text, not medical advice.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from cms.models import Clinician
from home.models import HomePage
from treatments.models import Condition, TreatmentIndexPage, TreatmentPage

from .clinic import CLINIC, HOME_SLUG
from .images import ImageRef, demo_image, resolve_image_refs
from .loading import save_object, save_page

CONDITIONS = [
    {
        "slug": "chronic-migraine",
        "name": "Chronic migraine",
        "description": "Headaches on 15 or more days a month, many of them with migraine features.",
    },
    {
        "slug": "excessive-sweating",
        "name": "Excessive sweating (hyperhidrosis)",
        "description": "Sweating far more than the body needs to cool down, often in the armpits or hands.",
    },
    {
        "slug": "lines-and-wrinkles",
        "name": "Lines and wrinkles",
        "description": "Frown lines, forehead lines and crow's feet that deepen with movement and age.",
    },
    {
        "slug": "uneven-skin-tone",
        "name": "Uneven skin tone",
        "description": "Patchy colour, dullness or marks left by the sun.",
    },
    {
        "slug": "acne-scarring",
        "name": "Acne scarring",
        "description": "Marks and small pits in the skin that remain after acne has settled.",
    },
]

INDEX_SLUG = "treatments"
INDEX = {
    "title": "Treatments",
    "intro": (
        "What each treatment involves, how often it is repeated and who it may suit. "
        "Your provider will help you decide what, if anything, is right for you."
    ),
    "search_description": "Treatments at Elmfield Clinic for migraine, excessive sweating, lines and skin.",
    "show_in_menus": True,
}

# Review dates used when a page has none, or its review has lapsed.
REVIEWED_DAYS_AGO = 30
REVIEW_DUE_IN_DAYS = 335

DISCLAIMER = {
    "type": "callout",
    "value": {
        "kind": "disclaimer",
        "heading": "",
        "text": (
            "<p>This page is general information, not medical advice. It cannot replace a "
            "consultation with your provider.</p>"
        ),
    },
}


def booking_cta(heading, text):
    """A call to action pointing at the clinic's booking link."""
    return {
        "type": "cta",
        "value": {
            "heading": heading,
            "text": text,
            "button_label": "Book a consultation",
            "page": None,
            "external_url": CLINIC["booking_url"],
        },
    }


def faq(*pairs):
    return {
        "type": "faq",
        "value": {"heading": "", "items": [{"question": q, "answer": a} for q, a in pairs]},
    }


BOTOX_FOR_CHRONIC_MIGRAINE = {
    "slug": "botox-for-chronic-migraine",
    "title": "Botox for chronic migraine",
    "summary": (
        "Small injections around the head, neck and shoulders, repeated every few months, "
        "which may mean fewer headache days for some adults with chronic migraine."
    ),
    "category": "medical",
    "schema_type": "MedicalTherapy",
    "conditions": ["chronic-migraine"],
    "tags": ["botox", "migraine", "headache", "botulinum toxin"],
    "hero_image": "botox-migraine-hero",
    "reviewed_by": "Dr Eleanor Marsh",
    "body": [
        {
            "type": "rich_text",
            "value": (
                "<p>For some adults who live with chronic migraine, injections of botulinum toxin "
                "(often known by the brand name Botox) lead to fewer headache days. It is not a cure "
                "and it does not help everyone. This page explains what is involved, so that you can "
                "talk it through with your provider.</p>"
            ),
        },
        {
            "type": "how_it_works",
            "value": {
                "heading": "",
                "intro": (
                    "<p>Botulinum toxin relaxes muscles and is thought to quieten some of the pain "
                    "signals involved in migraine. It is given as a number of small injections with "
                    "a very fine needle, at set points around the head, neck and shoulders.</p>"
                ),
                "steps": [
                    {
                        "title": "Consultation",
                        "description": (
                            "Your provider asks about your headaches, the medicines you have tried and "
                            "your general health, and explains what to expect."
                        ),
                    },
                    {
                        "title": "Getting ready",
                        "description": (
                            "You sit comfortably and the skin is cleaned. Numbing cream is not usually "
                            "needed because the needle is so fine."
                        ),
                    },
                    {
                        "title": "The injections",
                        "description": (
                            "Your provider gives a series of small injections at each point. Most "
                            "people describe a brief sting with each one."
                        ),
                    },
                    {
                        "title": "Afterwards",
                        "description": (
                            "Most people go straight back to their day. Keeping a headache diary helps "
                            "you and your provider judge whether the treatment is helping."
                        ),
                    },
                ],
                "treatment_areas": [
                    "Forehead",
                    "Temples",
                    "Back of the head",
                    "Neck",
                    "Upper back",
                    "Occasionally further down the back or the upper chest muscles",
                ],
            },
        },
        {
            "type": "image",
            "value": {
                "image": ImageRef("botox-migraine-areas"),
                "caption": "The areas usually treated; your provider will explain the exact points.",
            },
        },
        {
            "type": "frequency",
            "value": {
                "heading": "",
                "initial_course": "One session or a short series, then a review of how it is going",
                "interval_min": 3,
                "interval_max": 6,
                "interval_unit": "months",
                "results_last": "Often around three months, though this differs from person to person",
                "session_length_minutes": 20,
                "notes": (
                    "<p>Any benefit can take a few weeks to show, and sometimes more than one session. "
                    "Your provider will review with you whether it is worth continuing.</p>"
                ),
            },
        },
        {
            "type": "candidacy",
            "value": {
                "heading": "",
                "suitable_for": [
                    "Adults with chronic migraine, meaning 15 or more headache days a month",
                    "People whose headaches have carried on despite trying other medicines",
                    "People able to come back for repeat treatment every few months",
                ],
                "not_suitable_for": [
                    "People who are immunocompromised",
                    "Anyone who is unwell on the day, or has an infection where the injections would go",
                    "People who are pregnant or breastfeeding (ask your provider)",
                    "Some people with muscle or nerve conditions; your provider will check",
                ],
                "usually_tried_first": [
                    "Medicines such as triptans, taken when a migraine starts",
                    "Preventive medicines such as tricyclic antidepressants",
                    "Looking at possible triggers, including overuse of painkillers",
                ],
                "notes": (
                    "<p>Your provider will decide with you whether this treatment is suitable, taking "
                    "your whole medical history into account.</p>"
                ),
            },
        },
        {
            "type": "risks",
            "value": {
                "heading": "",
                "common": [
                    "Brief redness or stinging where the needle went in",
                    "A small bruise at an injection point",
                    "A mild headache or a stiff neck for a day or two",
                ],
                "rare": [
                    "Temporary weakness in the neck muscles",
                    "A drooping eyelid or eyebrow, which wears off as the medicine does",
                    "An allergic reaction",
                ],
                "notes": (
                    "<p>Contact the clinic straight away, or get urgent help, if you have any trouble "
                    "swallowing, speaking or breathing after treatment.</p>"
                ),
            },
        },
        {
            "type": "callout",
            "value": {
                "kind": "ask-provider",
                "heading": "Is it right for me?",
                "text": (
                    "<p>Only your provider can say. It helps to bring your headache diary and a list of "
                    "the medicines you have tried to your consultation.</p>"
                ),
            },
        },
        faq(
            (
                "Does it hurt?",
                "<p>Most people feel a quick sting with each injection. The needle is very fine and the "
                "whole session is usually over in about 20 minutes.</p>",
            ),
            (
                "How soon might I notice a difference?",
                "<p>Some people notice fewer headache days within a few weeks; for others it takes "
                "more than one session. Your provider will usually review things after two or three "
                "rounds of treatment.</p>",
            ),
            (
                "Will it stop my migraines completely?",
                "<p>That is unlikely. The aim is fewer or milder headache days, and it does not help "
                "everyone. Your provider will talk through what would count as a worthwhile result "
                "for you.</p>",
            ),
            (
                "Can I keep taking my other migraine medicines?",
                "<p>Usually, yes, but do not stop or change any medicine without talking to your "
                "provider or GP first.</p>",
            ),
            (
                "Is this the same as cosmetic Botox?",
                "<p>It is the same kind of medicine, but the dose, the injection points and the "
                "purpose are different. Treatment for migraine is planned by a clinician experienced "
                "in headache care.</p>",
            ),
            (
                "Is there anything I should avoid afterwards?",
                "<p>Your provider may suggest not rubbing the injected areas and skipping strenuous "
                "exercise for the rest of the day. Follow the advice you are given on the day.</p>",
            ),
        ),
        DISCLAIMER,
        booking_cta(
            "Talk to us about your migraines",
            "A consultation with one of our doctors is the first step.",
        ),
    ],
}

BOTOX_FOR_EXCESSIVE_SWEATING = {
    "slug": "botox-for-excessive-sweating",
    "title": "Botox for excessive sweating",
    "summary": (
        "Small injections into the skin of the armpits that may reduce heavy sweating for "
        "several months at a time, when strong antiperspirants have not been enough."
    ),
    "category": "medical",
    "schema_type": "MedicalTherapy",
    "conditions": ["excessive-sweating"],
    "tags": ["botox", "sweating", "hyperhidrosis", "botulinum toxin"],
    "hero_image": "botox-sweating-hero",
    "reviewed_by": "Dr Samuel Okoye",
    "body": [
        {
            "type": "how_it_works",
            "value": {
                "heading": "",
                "intro": (
                    "<p>Botulinum toxin can calm the nerve signals that switch on the sweat glands. "
                    "It is injected just under the skin in a grid of small points across the area "
                    "that sweats most.</p>"
                ),
                "steps": [
                    {
                        "title": "Consultation",
                        "description": (
                            "Your provider asks how the sweating affects your day and what you have "
                            "tried, and checks for other causes."
                        ),
                    },
                    {
                        "title": "Marking the area",
                        "description": (
                            "The area that sweats most is marked out; sometimes a simple starch test "
                            "is used to show it clearly."
                        ),
                    },
                    {
                        "title": "The injections",
                        "description": (
                            "Your provider gives a series of small, shallow injections across the "
                            "marked area. Each one feels like a quick pinch."
                        ),
                    },
                ],
                "treatment_areas": ["Armpits", "Palms of the hands or soles of the feet (less often)"],
            },
        },
        {
            "type": "frequency",
            "value": {
                "heading": "",
                "initial_course": "One session, with a check on how it went a few weeks later",
                "interval_min": 4,
                "interval_max": 12,
                "interval_unit": "months",
                "results_last": "Often several months; how long varies a good deal between people",
                "session_length_minutes": 30,
                "notes": "<p>Most people come back when they notice the sweating returning.</p>",
            },
        },
        {
            "type": "candidacy",
            "value": {
                "heading": "",
                "suitable_for": [
                    "Adults whose sweating gets in the way of work, social life or sleep",
                    "People for whom strong antiperspirants have not worked well enough",
                ],
                "not_suitable_for": [
                    "Anyone with an infection or broken skin where the injections would go",
                    "People who are pregnant or breastfeeding (ask your provider)",
                    "Some people with muscle or nerve conditions; your provider will check",
                ],
                "usually_tried_first": [
                    "Strong antiperspirants containing aluminium chloride",
                    "Loose, breathable clothing and avoiding known triggers",
                ],
                "notes": (
                    "<p>Sweating can sometimes be caused by another condition or a medicine, so your "
                    "provider may suggest a check with your GP first.</p>"
                ),
            },
        },
        {
            "type": "risks",
            "value": {
                "heading": "",
                "common": [
                    "Brief soreness or stinging where injected",
                    "Small bruises or bumps for a day or two",
                ],
                "rare": [
                    "Sweating more in other parts of the body for a while",
                    "Temporary weakness in the hand, if the palms are treated",
                    "An allergic reaction",
                ],
                "notes": "<p>Call the clinic if anything worries you after treatment.</p>",
            },
        },
        {
            "type": "callout",
            "value": {
                "kind": "ask-provider",
                "heading": "",
                "text": "<p>Your provider can tell you whether injections are a sensible next step.</p>",
            },
        },
        faq(
            (
                "Does it hurt?",
                "<p>Each injection is a quick pinch. Some people find the palms more uncomfortable than "
                "the armpits; your provider can suggest ways to make it easier.</p>",
            ),
            (
                "When will I notice a difference?",
                "<p>Many people notice less sweating within a week or two, but it varies.</p>",
            ),
            (
                "Is it safe to stop sweating in my armpits?",
                "<p>The armpits make only a small share of the body's sweat, so the body can still cool "
                "itself. Ask your provider if you have concerns.</p>",
            ),
        ),
        DISCLAIMER,
        booking_cta("Ask us about excessive sweating", "Book a consultation to talk through your options."),
    ],
}

ANTI_WRINKLE_INJECTIONS = {
    "slug": "anti-wrinkle-injections",
    "title": "Anti-wrinkle injections",
    "summary": (
        "Small injections that relax the muscles behind frown lines, forehead lines and crow's "
        "feet, for a softer look that wears off over a few months."
    ),
    "category": "aesthetic",
    "schema_type": "MedicalProcedure",
    "conditions": ["lines-and-wrinkles"],
    "tags": ["botox", "anti-wrinkle", "ageing skin"],
    "hero_image": "anti-wrinkle-hero",
    "reviewed_by": "Dr Samuel Okoye",
    "body": [
        {
            "type": "how_it_works",
            "value": {
                "heading": "",
                "intro": (
                    "<p>Some lines form because the muscles beneath them pull on the skin. A small amount "
                    "of botulinum toxin relaxes those muscles, so the lines above them soften. In the UK "
                    "it is a prescription medicine, so a face-to-face consultation comes first.</p>"
                ),
                "steps": [
                    {
                        "title": "Consultation",
                        "description": (
                            "Your provider asks what you hope for, checks your health and explains "
                            "what the treatment can and cannot change."
                        ),
                    },
                    {
                        "title": "The injections",
                        "description": "A few small injections in each area, usually over about 15 minutes.",
                    },
                    {
                        "title": "Review",
                        "description": (
                            "A check about two weeks later, when the full effect shows, to see "
                            "whether anything needs adjusting."
                        ),
                    },
                ],
                "treatment_areas": ["Frown lines between the eyebrows", "Forehead lines", "Crow's feet"],
            },
        },
        {
            "type": "frequency",
            "value": {
                "heading": "",
                "initial_course": "One session, with a review about two weeks later",
                "interval_min": 3,
                "interval_max": 4,
                "interval_unit": "months",
                "results_last": "Usually around three to four months",
                "session_length_minutes": 15,
                "notes": "",
            },
        },
        {
            "type": "candidacy",
            "value": {
                "heading": "",
                "suitable_for": [
                    "Adults bothered by lines that show when they frown, raise their eyebrows or smile",
                    "People who want a subtle change and understand that it wears off",
                ],
                "not_suitable_for": [
                    "Anyone under 18",
                    "People who are pregnant or breastfeeding",
                    "Anyone with an infection or broken skin where the injections would go",
                    "Some people with muscle or nerve conditions; your provider will check",
                ],
                "usually_tried_first": ["Daily sun protection", "A skincare routine that suits your skin"],
                "notes": "",
            },
        },
        {
            "type": "risks",
            "value": {
                "heading": "",
                "common": ["Brief redness or small bumps where injected", "A mild headache for a day or so"],
                "rare": [
                    "A bruise that takes a week or two to fade",
                    "A drooping eyelid or eyebrow, which wears off as the medicine does",
                    "An allergic reaction",
                ],
                "notes": "",
            },
        },
        faq(
            (
                "Will I look frozen?",
                "<p>The aim is a natural look. Your provider will start with a cautious dose and review "
                "it with you at two weeks.</p>",
            ),
            (
                "Can I go back to work straight away?",
                "<p>Most people do. Your provider may suggest avoiding hard exercise and lying down flat "
                "for a few hours.</p>",
            ),
            (
                "What happens if I stop?",
                "<p>The muscles gradually work as before and the lines return to how they were.</p>",
            ),
        ),
        DISCLAIMER,
        booking_cta("Thinking about anti-wrinkle injections?", "Start with an honest conversation."),
    ],
}

CHEMICAL_PEEL = {
    "slug": "chemical-peel",
    "title": "Chemical peel",
    "summary": (
        "A gentle acid solution applied to the skin to lift away the outer layer, which may help "
        "with dullness, uneven colour and mild marks over a course of treatments."
    ),
    "category": "aesthetic",
    "schema_type": "MedicalProcedure",
    "conditions": ["uneven-skin-tone", "acne-scarring"],
    "tags": ["skin", "chemical peel", "pigmentation"],
    "hero_image": "chemical-peel-hero",
    "reviewed_by": "Dr Samuel Okoye",
    "body": [
        {
            "type": "how_it_works",
            "value": {
                "heading": "",
                "intro": (
                    "<p>A peel solution loosens the outermost layer of skin so that it flakes away over "
                    "the following days. The clinic offers light peels, which need little time off.</p>"
                ),
                "steps": [
                    {
                        "title": "Skin check",
                        "description": (
                            "Your provider looks at your skin, asks about your skincare and medicines, "
                            "and chooses a peel that suits your skin type."
                        ),
                    },
                    {
                        "title": "Preparing the skin",
                        "description": "You may be asked to use a gentle cream for two weeks beforehand.",
                    },
                    {
                        "title": "The peel",
                        "description": (
                            "The skin is cleansed and the solution is applied for a few minutes, then "
                            "neutralised or removed."
                        ),
                    },
                    {
                        "title": "Aftercare",
                        "description": "Gentle moisturiser and strict sun protection while the skin renews.",
                    },
                ],
                "treatment_areas": ["Face", "Neck", "Backs of the hands"],
            },
        },
        {
            "type": "frequency",
            "value": {
                "heading": "",
                "initial_course": "A course of three to six light peels",
                "interval_min": 4,
                "interval_max": 6,
                "interval_unit": "weeks",
                "results_last": "Changes build gradually; sun protection helps keep them",
                "session_length_minutes": 30,
                "notes": "<p>Some people have an occasional top-up peel after the course.</p>",
            },
        },
        {
            "type": "candidacy",
            "value": {
                "heading": "",
                "suitable_for": [
                    "People with mild dullness, uneven colour or fine lines",
                    "Some people with mild marks left by acne",
                ],
                "not_suitable_for": [
                    "Anyone with a cold sore, broken or sunburnt skin on the day",
                    "People who have recently taken isotretinoin for acne (ask your provider)",
                    "People who are pregnant or breastfeeding",
                ],
                "usually_tried_first": [
                    "Daily sun protection",
                    "Skincare with gentle exfoliating ingredients",
                ],
                "notes": (
                    "<p>Some skin types are more prone to changes in colour after a peel, so your "
                    "provider will choose the strength carefully and may suggest a test patch.</p>"
                ),
            },
        },
        {
            "type": "risks",
            "value": {
                "heading": "",
                "common": [
                    "Tingling or stinging while the peel is on",
                    "Redness, tightness and flaking for a few days",
                ],
                "rare": ["Darker or lighter patches of skin", "A flare-up of cold sores", "Scarring"],
                "notes": "<p>Contact the clinic if your skin blisters or the redness does not settle.</p>",
            },
        },
        faq(
            (
                "Will my skin peel a lot?",
                "<p>With a light peel, most people see only fine flaking for a few days.</p>",
            ),
            (
                "Can I wear make-up afterwards?",
                "<p>Your provider will usually suggest waiting a day or so. Ask what suits your skin.</p>",
            ),
            (
                "Do I really need sun protection?",
                "<p>Yes. Fresh skin burns more easily, and sun can undo the results.</p>",
            ),
        ),
        DISCLAIMER,
        booking_cta("Curious about a peel?", "Book a skin consultation first."),
    ],
}

MICRONEEDLING = {
    "slug": "microneedling",
    "title": "Microneedling",
    "summary": (
        "A course of treatments with very fine needles that prompt the skin's own repair, which "
        "may gradually soften acne scars and fine lines."
    ),
    "category": "aesthetic",
    "schema_type": "MedicalTherapy",
    "conditions": ["acne-scarring", "lines-and-wrinkles"],
    "tags": ["skin", "microneedling", "collagen"],
    "hero_image": "microneedling-hero",
    "reviewed_by": "Dr Samuel Okoye",
    "body": [
        {
            "type": "how_it_works",
            "value": {
                "heading": "",
                "intro": (
                    "<p>A small device makes many tiny, shallow punctures in the skin. As the skin "
                    "repairs them it makes new collagen, which may improve texture over several "
                    "months.</p>"
                ),
                "steps": [
                    {
                        "title": "Consultation",
                        "description": (
                            "Your provider looks at your skin and scars and explains what change is "
                            "realistic."
                        ),
                    },
                    {
                        "title": "Numbing",
                        "description": "A numbing cream is applied for about half an hour.",
                    },
                    {
                        "title": "Treatment",
                        "description": "The device is passed gently over the area, section by section.",
                    },
                    {
                        "title": "Aftercare",
                        "description": "A soothing balm, no make-up for a day, and daily sun protection.",
                    },
                ],
                "treatment_areas": ["Face", "Neck", "Other areas with scarring (ask your provider)"],
            },
        },
        {
            "type": "frequency",
            "value": {
                "heading": "",
                "initial_course": "Three to six sessions, about four to six weeks apart",
                "interval_min": 6,
                "interval_max": 12,
                "interval_unit": "months",
                "results_last": "Improvement builds over months and can last, though skin keeps ageing",
                "session_length_minutes": 60,
                "notes": "<p>After the course, some people choose an occasional top-up session.</p>",
            },
        },
        {
            "type": "candidacy",
            "value": {
                "heading": "",
                "suitable_for": [
                    "People with settled acne scars",
                    "People who would like to soften fine lines or improve skin texture",
                ],
                "not_suitable_for": [
                    "Anyone with active acne, an infection or a rash in the area",
                    "People who tend to form raised (keloid) scars",
                    "People who have recently taken isotretinoin for acne (ask your provider)",
                ],
                "usually_tried_first": [
                    "Creams your GP or dermatologist may prescribe for acne marks",
                    "Daily sun protection",
                ],
                "notes": "<p>Tell your provider about any medicines that thin the blood.</p>",
            },
        },
        {
            "type": "risks",
            "value": {
                "heading": "",
                "common": [
                    "Redness like mild sunburn for a day or two",
                    "Dryness and tiny pinpoint marks",
                ],
                "rare": ["Infection", "Changes in skin colour", "A breakout of spots"],
                "notes": "",
            },
        },
        faq(
            (
                "Does it hurt?",
                "<p>With numbing cream, most people feel a prickling or vibrating sensation.</p>",
            ),
            (
                "How long until I see results?",
                "<p>Changes are gradual; most people judge the result a few months after their course.</p>",
            ),
            (
                "Can I do it at home instead?",
                "<p>Home rollers are much shallower and carry a risk of infection. Ask your provider "
                "before trying one.</p>",
            ),
        ),
        DISCLAIMER,
        booking_cta("Could microneedling help your skin?", "Start with a skin consultation."),
    ],
}

TREATMENTS = [
    BOTOX_FOR_CHRONIC_MIGRAINE,
    BOTOX_FOR_EXCESSIVE_SWEATING,
    ANTI_WRINKLE_INJECTIONS,
    CHEMICAL_PEEL,
    MICRONEEDLING,
]


def load_treatments(report):
    """Conditions, the treatment index under the home page, and each treatment page."""
    conditions = {
        data["slug"]: save_object(Condition, {"slug": data["slug"]}, data, report) for data in CONDITIONS
    }
    home = HomePage.objects.child_of(Page.get_first_root_node()).get(slug=HOME_SLUG)
    index = save_page(TreatmentIndexPage, home, INDEX_SLUG, INDEX, report)
    for data in TREATMENTS:
        save_page(TreatmentPage, index, data["slug"], treatment_values(data, index, conditions), report)


def treatment_values(data, index, conditions):
    """``data`` as field values: references resolved, review dates added, slug left out."""
    existing = TreatmentPage.objects.child_of(index).filter(slug=data["slug"]).first()
    values = {key: value for key, value in data.items() if key != "slug"}
    return {
        **values,
        "conditions": [conditions[slug] for slug in data["conditions"]],
        "hero_image": demo_image(data["hero_image"]),
        "reviewed_by": Clinician.objects.get(name=data["reviewed_by"]),
        "body": resolve_image_refs(data["body"]),
        **review_dates(existing),
    }


def review_dates(page):
    """The page's review dates while still current (so re-runs change nothing), else a recent review."""
    today = timezone.localdate()
    has_dates = page and page.last_reviewed and page.next_review_due
    if has_dates and page.last_reviewed <= today < page.next_review_due:
        return {"last_reviewed": page.last_reviewed, "next_review_due": page.next_review_due}
    return {
        "last_reviewed": today - timedelta(days=REVIEWED_DAYS_AGO),
        "next_review_due": today + timedelta(days=REVIEW_DUE_IN_DAYS),
    }
