// Door check-in (issue 12): the search box filters the cards as you type, and a check-in
// posts with fetch() (the form's CSRF token travels in its FormData) and swaps in the
// person's new check-in cell, so checking in 50 people takes 50 taps. Without this
// script the search is ?q= on the server and each check-in comes back to the same card.
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").normalize("NFC").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function initSearch(form) {
    var list = document.getElementById(form.getAttribute("data-door-search"));
    var input = form.querySelector("input[type=search]");
    var shown = form.querySelector("[data-door-shown]");
    var empty = document.querySelector("[data-door-empty]");
    if (!list || !input) {
      return;
    }
    var rows = Array.prototype.slice.call(list.querySelectorAll("tr[data-search]"));

    function filter() {
      var words = normalise(input.value);
      var count = 0;
      rows.forEach(function (row) {
        var key = row.getAttribute("data-search");
        var match = words.every(function (word) {
          return key.indexOf(word) !== -1;
        });
        row.hidden = !match;
        count += match ? 1 : 0;
      });
      if (shown) {
        shown.textContent = shown.getAttribute("data-template").replace("__SHOWN__", String(count));
      }
      if (empty) {
        empty.hidden = count !== 0;
      }
      document.querySelectorAll("[data-door-check-in] input[name=q]").forEach(function (q) {
        q.value = input.value;
      });
    }

    input.addEventListener("input", filter);
    form.addEventListener("submit", function (event) {
      event.preventDefault(); // the list is filtered already
      filter();
    });
    if (input.value) {
      filter();
    }
  }

  function checkIn(form) {
    var cell = form.parentNode;
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) {
      button.disabled = true;
    });
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        if (result.ok && result.data.html) {
          cell.innerHTML = result.data.html;
          var tally = document.querySelector(".door-tally");
          if (tally && result.data.tally) {
            tally.textContent = result.data.tally;
          }
          var row = cell.closest("tr");
          if (row) {
            row.classList.toggle("is-checked-in", Boolean(result.data.checked_in));
          }
          return;
        }
        var error = form.querySelector(".door-error");
        if (error) {
          error.textContent = result.data.error || "";
          error.hidden = false;
        }
        buttons.forEach(function (button) {
          button.disabled = false;
        });
      })
      .catch(function () {
        form.submit(); // the server answers with the page again, at this card
      });
  }

  function init() {
    document.querySelectorAll("[data-door-search]").forEach(initSearch);
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.matches && form.matches("[data-door-check-in]") && window.fetch) {
        event.preventDefault();
        checkIn(form);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
