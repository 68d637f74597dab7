/*
 * Search suggestions for the site search box: an ARIA 1.2 combobox with a listbox popup
 * (WAI-ARIA Authoring Practices, "list autocomplete with manual selection").
 *
 * Progressive enhancement: without this script the box is a plain GET form to /search/.
 * With it, typing two or more letters fetches suggestions as JSON from the URL in the
 * form's data-autocomplete-url. Down/Up move through them (aria-activedescendant keeps
 * focus in the box), Enter opens the highlighted page or else submits the search,
 * Escape closes the list (or clears the box when it is already closed).
 * No inline script or style, so it works under a strict Content-Security-Policy.
 */
(function () {
    "use strict";

    var MIN_LETTERS = 2;
    var DELAY_MS = 150;

    function isSameOriginPath(url) {
        return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/";
    }

    function Combobox(form) {
        this.form = form;
        this.input = form.querySelector("[role='combobox']");
        this.listbox = document.getElementById(this.input.getAttribute("aria-controls"));
        this.status = form.querySelector("[data-search-status]");
        this.url = form.getAttribute("data-autocomplete-url");
        this.suggestions = [];
        this.active = -1;
        this.timer = null;
        this.request = null;

        this.input.addEventListener("input", this.onInput.bind(this));
        this.input.addEventListener("keydown", this.onKeyDown.bind(this));
        this.input.addEventListener("blur", this.onBlur.bind(this));
        // Keep focus in the box while an option is pressed, then follow it.
        this.listbox.addEventListener("mousedown", function (event) {
            event.preventDefault();
        });
        this.listbox.addEventListener("click", this.onClick.bind(this));
    }

    Combobox.prototype.onInput = function () {
        var query = this.input.value.trim();
        window.clearTimeout(this.timer);
        if (query.length < MIN_LETTERS) {
            this.show([]);
            return;
        }
        this.timer = window.setTimeout(this.fetch.bind(this, query), DELAY_MS);
    };

    Combobox.prototype.fetch = function (query) {
        var self = this;
        if (this.request) {
            this.request.abort();
        }
        this.request = new AbortController();
        window
            .fetch(this.url + "?q=" + encodeURIComponent(query), {
                headers: { Accept: "application/json" },
                signal: this.request.signal,
            })
            .then(function (response) {
                return response.ok ? response.json() : [];
            })
            .then(function (suggestions) {
                if (self.input.value.trim() === query) {
                    self.show(Array.isArray(suggestions) ? suggestions : []);
                }
            })
            .catch(function () {
                // Aborted or offline: the plain form still works.
            });
    };

    Combobox.prototype.show = function (suggestions) {
        var self = this;
        this.suggestions = suggestions.filter(function (suggestion) {
            return suggestion && isSameOriginPath(suggestion.url);
        });
        this.active = -1;
        this.listbox.textContent = "";
        this.suggestions.forEach(function (suggestion, index) {
            var option = document.createElement("li");
            var title = document.createElement("span");
            var kind = document.createElement("span");
            option.id = self.listbox.id + "-option-" + index;
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            option.className = "search-suggestions__option";
            option.setAttribute("data-index", String(index));
            title.className = "search-suggestions__title";
            title.textContent = suggestion.title;
            kind.className = "search-suggestions__type";
            kind.textContent = suggestion.type_label || suggestion.type || "";
            option.appendChild(title);
            option.appendChild(kind);
            self.listbox.appendChild(option);
        });
        this.setOpen(this.suggestions.length > 0);
    };

    Combobox.prototype.announce = function (count) {
        if (!this.status) {
            return;
        }
        var template = this.status.getAttribute(count === 1 ? "data-one" : "data-many") || "";
        this.status.textContent = count ? template.replace("%s", String(count)) : "";
    };

    Combobox.prototype.setOpen = function (open) {
        this.listbox.hidden = !open;
        this.input.setAttribute("aria-expanded", open ? "true" : "false");
        if (!open) {
            this.highlight(-1);
        }
        // Screen readers hear the count while the list is open, and nothing stale after.
        this.announce(open ? this.suggestions.length : 0);
    };

    Combobox.prototype.isOpen = function () {
        return this.input.getAttribute("aria-expanded") === "true";
    };

    Combobox.prototype.highlight = function (index) {
        var options = this.listbox.querySelectorAll("[role='option']");
        this.active = index;
        for (var i = 0; i < options.length; i += 1) {
            options[i].setAttribute("aria-selected", i === index ? "true" : "false");
        }
        if (index >= 0 && options[index]) {
            this.input.setAttribute("aria-activedescendant", options[index].id);
            options[index].scrollIntoView({ block: "nearest" });
        } else {
            this.input.removeAttribute("aria-activedescendant");
        }
    };

    Combobox.prototype.move = function (step) {
        var count = this.suggestions.length;
        if (!count) {
            return;
        }
        if (!this.isOpen()) {
            this.setOpen(true);
        }
        var next = this.active + step;
        if (next < 0) {
            next = count - 1;
        } else if (next >= count) {
            next = 0;
        }
        this.highlight(next);
    };

    Combobox.prototype.follow = function (index) {
        var suggestion = this.suggestions[index];
        if (suggestion) {
            window.location.assign(suggestion.url);
        }
    };

    Combobox.prototype.onKeyDown = function (event) {
        switch (event.key) {
            case "ArrowDown":
            case "Down":
                event.preventDefault();
                this.move(1);
                break;
            case "ArrowUp":
            case "Up":
                event.preventDefault();
                this.move(-1);
                break;
            case "Enter":
                if (this.isOpen() && this.active >= 0) {
                    event.preventDefault();
                    this.follow(this.active);
                }
                break;
            case "Escape":
            case "Esc":
                if (this.isOpen()) {
                    event.preventDefault();
                    this.setOpen(false);
                } else if (this.input.value) {
                    event.preventDefault();
                    this.input.value = "";
                    this.show([]);
                }
                break;
            case "Tab":
                this.setOpen(false);
                break;
            default:
                break;
        }
    };

    Combobox.prototype.onBlur = function () {
        this.setOpen(false);
    };

    Combobox.prototype.onClick = function (event) {
        var option = event.target.closest("[role='option']");
        if (option) {
            this.follow(Number(option.getAttribute("data-index")));
        }
    };

    function init() {
        var forms = document.querySelectorAll("form[data-autocomplete-url]");
        for (var i = 0; i < forms.length; i += 1) {
            if (forms[i].querySelector("[role='combobox']") && "fetch" in window && "AbortController" in window) {
                new Combobox(forms[i]);
            }
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
