// Month calendar on a phone (issue 12): tapping a day number shows that day's activities
// below the grid (the others fold away) and moves focus there. Without this script the
// day number is a plain link to the same list, which then shows every day of the month.
(function () {
  "use strict";

  function init() {
    var lists = Array.prototype.slice.call(document.querySelectorAll(".day-list"));
    var links = Array.prototype.slice.call(document.querySelectorAll(".day-link"));
    var showAll = document.querySelector(".day-lists-all");
    if (!lists.length || !links.length) {
      return;
    }

    function select(day) {
      lists.forEach(function (list) {
        list.hidden = day !== null && list.id !== "day-" + day;
      });
      links.forEach(function (link) {
        var current = link.getAttribute("data-day") === day;
        link.classList.toggle("selected", current);
        link.setAttribute("aria-expanded", current ? "true" : "false");
      });
      if (showAll) {
        showAll.hidden = day === null;
      }
    }

    links.forEach(function (link) {
      link.setAttribute("aria-expanded", "false");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var day = link.getAttribute("data-day");
        select(day);
        var target = document.getElementById("day-" + day);
        if (target) {
          target.focus({ preventScroll: true });
          target.scrollIntoView({ block: "start" });
        }
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", "#day-" + day);
        }
      });
    });
    if (showAll) {
      showAll.querySelector("button").addEventListener("click", function () {
        select(null);
      });
    }
    var hash = window.location.hash.replace("#day-", "");
    if (hash && document.getElementById("day-" + hash)) {
      select(hash);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
