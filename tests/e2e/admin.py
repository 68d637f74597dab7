"""Driving the Wagtail admin as an editor does: signing in, StreamField blocks, list items, rich text.

Form fields are found by the names Wagtail gives them (``body-0-value-steps-1-value-title``),
which follow the block structure; buttons and block types by what the editor reads.
"""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

#: The password of the staff members the browser tests sign in as.
PASSWORD = "a-long-and-unusual-passphrase"


def staff_member(username, group_name):
    """A user in the staff group ``group_name``, not a superuser, who signs in with ``PASSWORD``."""
    user = get_user_model().objects.create_user(username, f"{username}@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def sign_in(page, username, password):
    """Sign in through the admin's login form and land on the dashboard."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile("^Dashboard"))


def _child_count(page, prefix):
    return int(page.locator(f"input[name='{prefix}-count']").input_value())


def _add_button(page, prefix):
    """The button that appends to the stream or list ``prefix`` (the last of its container's)."""
    return page.locator(f"input[name='{prefix}-count'] + div").locator("button.c-sf-add-button").last


def add_block(page, stream, label):
    """Append a block to ``stream`` (e.g. 'body') by its label in the block chooser; return its prefix."""
    prefix = f"{stream}-{_child_count(page, stream)}"
    _add_button(page, stream).click()
    page.get_by_role("option", name=label, exact=True).click()
    expect(page.locator(f"input[name='{prefix}-type']")).to_be_attached()
    return f"{prefix}-value"


def add_list_item(page, list_prefix):
    """Append an item to the list block ``list_prefix``; return the new item's prefix."""
    prefix = f"{list_prefix}-{_child_count(page, list_prefix)}"
    _add_button(page, list_prefix).click()
    expect(page.locator(f"[name='{prefix}-value'], [name^='{prefix}-value-']").first).to_be_attached()
    return f"{prefix}-value"


def list_item(page, list_prefix, index):
    """The prefix of item ``index`` of the list block ``list_prefix``, appended if the list is shorter.

    A required list starts with one empty item, an optional one with none.
    """
    if index < _child_count(page, list_prefix):
        return f"{list_prefix}-{index}-value"
    return add_list_item(page, list_prefix)


def fill_list(page, list_prefix, texts):
    """Fill a list of short text lines, adding lines as needed."""
    for index, text in enumerate(texts):
        page.locator(f"[name='{list_item(page, list_prefix, index)}']").fill(text)


def type_rich_text(page, name, text):
    """Type into the Draftail editor that stands for the hidden input ``name``, and check it holds the text.

    Keys typed as the editor of a newly added block settles can be lost: once in CI an
    FAQ answer stayed empty and publishing failed on the required field. So the editor
    is emptied and typed into again, once, if the text did not arrive.
    """
    editor = page.locator(f"input[name='{name}']").locator("xpath=..").locator("[contenteditable=true]")
    editor.click()
    page.keyboard.type(text)
    try:
        expect(editor).to_contain_text(text, timeout=2_000)
    except AssertionError:
        editor.click()
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.press("Delete")
        page.keyboard.type(text)
        expect(editor).to_have_text(text)
