/*
 * Disclosures that start open on some screens: a <details data-open-media="(min-width: 60em)">
 * is open while that media query matches and closed otherwise (the search filters, beside
 * the results on a wide screen and folded under one line on a phone). Without this script
 * such a disclosure starts closed and opens on a click or tap, like any other.
 */
(function () {
    "use strict";

    function follow(details) {
        var media = window.matchMedia(details.getAttribute("data-open-media"));
        details.open = media.matches;
        media.addEventListener("change", function (event) {
            details.open = event.matches;
        });
    }

    function init() {
        var disclosures = document.querySelectorAll("details[data-open-media]");
        for (var i = 0; i < disclosures.length; i += 1) {
            follow(disclosures[i]);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
