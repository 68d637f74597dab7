/*
 * Wagtail's tag field (jQuery tag-it) is typed into through a box it makes beside the
 * field, which has no label of its own: screen readers announce an unnamed text box.
 * Each such box is named by its field's label (and described by the field's help), also
 * when the widget is set up after this script runs.
 */
(() => {
  const nameTagBoxes = () => {
    document
      .querySelectorAll('ul.tagit input.ui-autocomplete-input:not([aria-labelledby])')
      .forEach((box) => {
        const field = box.closest('ul.tagit').previousElementSibling;
        const label = field && field.id && document.querySelector(`label[for="${field.id}"]`);
        if (!label) return;
        label.id = label.id || `${field.id}-label`;
        box.setAttribute('aria-labelledby', label.id);
        const help = field.getAttribute('aria-describedby');
        if (help) box.setAttribute('aria-describedby', help);
      });
  };
  new MutationObserver(nameTagBoxes).observe(document.body, { childList: true, subtree: true });
  nameTagBoxes();
})();
