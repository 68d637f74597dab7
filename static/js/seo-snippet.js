/*
 * The Promote tab's search-result preview (cms/seo_panels.py), kept up to date as the
 * editor types. The rules mirror cms/seo.py, which the server uses for the first render
 * and the SEO report:
 * - the title is the SEO title as typed, else the page title followed by the separator
 *   and the clinic name (unless the title already names the clinic);
 * - the description is the search description, else the summary field's text.
 * Lengths count characters (code points), as Python's len() does.
 */
(() => {
  const { Controller } = window.StimulusModule;

  const length = (text) => [...text].length;

  const shortened = (text, max) =>
    length(text) <= max ? text : `${[...text].slice(0, max).join('').trimEnd()}…`;

  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));

  class SeoSnippetController extends Controller {
    static targets = ['titleCount', 'descriptionCount', 'descriptionNote', 'url', 'title', 'description'];

    static values = {
      clinicName: String,
      separator: String,
      titleMax: Number,
      descriptionMax: Number,
      fallback: String,
      summaryField: String,
      summaryLabel: String,
      urlBase: String,
      texts: Object,
    };

    connect() {
      this.form = this.element.closest('form');
      if (!this.form) return;
      this.update = this.update.bind(this);
      this.form.addEventListener('input', this.update);
      this.describe('seo_title', this.titleCountTarget);
      this.describe('search_description', this.descriptionCountTarget);
      this.update();
    }

    disconnect() {
      if (this.form) this.form.removeEventListener('input', this.update);
    }

    field(name) {
      const field = name ? this.form.elements.namedItem(name) : null;
      return field && 'value' in field ? field : null;
    }

    /** Has the field's input announce its counter too, read when the editor reaches it. */
    describe(name, counter) {
      const field = this.field(name);
      if (!field) return;
      const ids = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      if (!ids.includes(counter.id)) field.setAttribute('aria-describedby', [...ids, counter.id].join(' '));
    }

    value(name, otherwise = '') {
      const field = this.field(name);
      return (field ? field.value : otherwise).trim();
    }

    renderedTitle() {
      const seoTitle = this.value('seo_title');
      if (seoTitle) return seoTitle;
      const headline = this.value('title');
      const clinic = this.clinicNameValue.trim();
      if (!headline || !clinic) return headline || clinic;
      if (headline.toLowerCase().includes(clinic.toLowerCase())) return headline;
      return `${headline}${this.separatorValue}${clinic}`;
    }

    showCount(target, text, max) {
      const count = length(text);
      let state = 'ok';
      if (count > max) state = 'too-long';
      else if (count === 0) state = 'missing';
      const message = fill(this.textsValue.counter[state], { count, max });
      if (target.textContent !== message) target.textContent = message;
      target.dataset.state = state;
    }

    descriptionNote(ownDescription, fallback) {
      const notes = this.textsValue.note;
      if (ownDescription) return notes.own;
      if (!this.summaryLabelValue) return notes.none;
      return fill(fallback ? notes.fallback : notes['fallback-empty'], { field: this.summaryLabelValue });
    }

    update() {
      const title = this.renderedTitle();
      const ownDescription = this.value('search_description');
      const fallback = this.value(this.summaryFieldValue, this.fallbackValue);
      const description = ownDescription || fallback;

      this.showCount(this.titleCountTarget, title, this.titleMaxValue);
      this.showCount(this.descriptionCountTarget, description, this.descriptionMaxValue);
      const note = this.descriptionNote(ownDescription, fallback);
      if (this.descriptionNoteTarget.textContent !== note) this.descriptionNoteTarget.textContent = note;

      this.titleTarget.textContent = shortened(title, this.titleMaxValue);
      this.descriptionTarget.textContent = shortened(description, this.descriptionMaxValue);
      const slug = this.value('slug');
      if (this.urlBaseValue) this.urlTarget.textContent = slug ? `${this.urlBaseValue}${slug}/` : this.urlBaseValue;
    }
  }

  window.wagtail.app.register('seo-snippet', SeoSnippetController);
})();
