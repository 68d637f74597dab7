"""axe-core, as bundled by axe-playwright-python, run in the page under test.

The library injects axe with ``page.evaluate``, which goes through the DevTools
protocol and is not subject to the page's Content-Security-Policy; so pages are
checked as visitors get them, with their real policy (no ``bypass_csp``).
"""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}


def serious_violations(page):
    """The axe-core violations of impact "serious" or "critical" on the page as it stands."""
    violations = Axe().run(page).response["violations"]
    return [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]


def describe(violations):
    """One line per violation: rule id, impact, the elements' selectors, and what to fix."""
    return "\n".join(
        f"  {violation['id']} ({violation['impact']}): {selectors(violation)} - {violation['help']}"
        for violation in violations
    )


def selectors(violation):
    return ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
