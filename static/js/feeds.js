// Calendar feed boxes: a copy button for the feed address (no inline script: CSP).
(function () {
  "use strict";
  if (window.ruamjaiFeeds) {
    return; // the macro may appear more than once on a page
  }
  window.ruamjaiFeeds = true;

  function legacyCopy(input) {
    input.focus();
    input.select();
    return document.execCommand && document.execCommand("copy");
  }

  function copy(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value).catch(function () {
        if (!legacyCopy(input)) {
          throw new Error("copy failed");
        }
      });
    }
    return legacyCopy(input) ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function init() {
    document.querySelectorAll("[data-feed-url]").forEach(function (input) {
      input.addEventListener("focus", function () {
        input.select();
      });
    });
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("data-copy-target"));
      var box = button.closest("[data-feed-box]");
      var status = box ? box.querySelector("[data-copy-status]") : null;
      if (!input) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(input).then(
          function () {
            if (status) status.textContent = button.getAttribute("data-copied-label");
          },
          function () {
            input.focus();
            input.select();
            if (status) status.textContent = button.getAttribute("data-failed-label");
          }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
