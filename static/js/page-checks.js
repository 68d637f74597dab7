// The page checks in the editor's Checks side panel (cms/page_checks_panel.py): fetched again
// from the server each time Wagtail's preview has received the edit form's data, so they
// follow unsaved edits as the preview does.
(() => {
  let pending = null;

  async function refresh() {
    const panel = document.querySelector("[data-page-checks][data-page-checks-url]");
    const list = panel && panel.querySelector("[data-page-checks-list]");
    if (!list) return;
    if (pending) pending.abort();
    pending = new AbortController();
    try {
      const response = await fetch(panel.dataset.pageChecksUrl, {
        credentials: "same-origin",
        signal: pending.signal,
      });
      if (response.ok) list.innerHTML = await response.text();
    } catch (error) {
      if (error.name !== "AbortError") console.warn("Page checks could not be refreshed", error);
    }
  }

  document.addEventListener("w-preview:json", refresh);
})();
