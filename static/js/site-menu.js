// The header menu on a phone (issue 12): one button with aria-expanded folds the menu.
// Without this script the button stays hidden and the whole menu shows (CSS only wraps).
(function () {
  "use strict";

  function init() {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) {
      return;
    }
    var narrow = window.matchMedia("(max-width: 760px)");

    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    }

    button.hidden = false;
    header.classList.add("menu-ready");
    button.addEventListener("click", function () {
      setOpen(!isOpen());
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      var group = header.querySelector(".nav-group details[open]");
      if (group && group.contains(document.activeElement)) {
        group.open = false;
        group.querySelector("summary").focus();
      } else if (narrow.matches && isOpen()) {
        setOpen(false);
        button.focus();
      }
    });
    // The "Manage" group drops down from its left edge, or from its right edge when it
    // would pass the right side of the window.
    header.querySelectorAll(".nav-group details").forEach(function (group) {
      group.addEventListener("toggle", function () {
        var list = group.querySelector("ul");
        list.classList.remove("align-end");
        if (group.open && list.getBoundingClientRect().right > document.documentElement.clientWidth) {
          list.classList.add("align-end");
        }
      });
    });
    // A click outside closes the open menu and the open "Manage" group.
    document.addEventListener("click", function (event) {
      if (!header.contains(event.target)) {
        if (isOpen()) {
          setOpen(false);
        }
        var group = header.querySelector(".nav-group details[open]");
        if (group) {
          group.open = false;
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
