"""axe-core, as bundled by axe-playwright-python, run in the page under test."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}


def serious_violations(page):
    """The axe-core violations of impact "serious" or "critical" on the page as it stands."""
    violations = Axe().run(page).response["violations"]
    return [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]


def describe(violations):
    """One line per violation: rule id, impact, the elements' selectors, and what to fix."""
    return "\n".join(
        f"  {violation['id']} ({violation['impact']}): "
        f"{', '.join(str(node['target']) for node in violation['nodes'])} - {violation['help']}"
        for violation in violations
    )
