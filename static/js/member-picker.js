// Search-as-you-type member pickers (issue 16). The server renders a text box with
// role=combobox, an empty listbox, and the chosen id(s): a hidden input (pick one) or
// checked checkboxes (pick several). This script asks the lookup endpoint as the reader
// types (debounced), shows the suggestions, and fills the id when one is chosen.
// Without it the typed text is resolved on the server when the form is sent.
// Labels are inserted as text, never as HTML.
(function () {
  "use strict";

  var DELAY = 200;

  function init(root) {
    var input = root.querySelector("input.picker-text");
    if (!input || input.readOnly) {
      return;
    }
    var list = root.querySelector("ul.picker-list");
    var status = root.querySelector(".picker-status");
    var hidden = root.querySelector("input[data-picker-value]");
    var chosen = root.querySelector("ul.picker-chosen");
    var multiple = root.getAttribute("data-multiple") === "1";
    var url = root.getAttribute("data-lookup");
    var words = JSON.parse(root.getAttribute("data-words") || "{}");
    var fieldName = hidden ? hidden.name : input.name.replace(/-text$/, "");
    var timer = null;
    var asked = 0;
    var results = [];
    var active = -1;
    var chosenLabel = input.value;

    function setExpanded(open) {
      input.setAttribute("aria-expanded", open ? "true" : "false");
      list.hidden = !open;
      if (!open) {
        active = -1;
        input.removeAttribute("aria-activedescendant");
      }
    }

    function say(text) {
      status.textContent = text;
    }

    function highlight(index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render() {
      list.textContent = "";
      results.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "picker-option";
        var label = document.createElement("span");
        label.textContent = item.label;
        li.appendChild(label);
        if (item.hint) {
          var hint = document.createElement("span");
          hint.className = "picker-hint";
          hint.textContent = item.hint;
          li.appendChild(hint);
        }
        // mousedown, not click: the text box keeps focus (no blur closing the list first).
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(li);
      });
      if (results.length) {
        setExpanded(true);
        say(results.length === 1 ? words.one : (words.many || "").replace("%(n)s", results.length));
      } else {
        setExpanded(false);
        say(words.none || "");
      }
    }

    function addChosen(item) {
      var existing = chosen.querySelector('input[value="' + String(item.id) + '"]');
      if (existing) {
        existing.checked = true;
        return;
      }
      var li = document.createElement("li");
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = fieldName;
      box.value = String(item.id);
      box.checked = true;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + item.label));
      li.appendChild(label);
      chosen.appendChild(li);
    }

    function choose(index) {
      var item = results[index];
      if (!item) {
        return;
      }
      if (multiple) {
        addChosen(item);
        input.value = "";
      } else {
        hidden.value = String(item.id);
        input.value = item.label;
        chosenLabel = item.label;
      }
      results = [];
      setExpanded(false);
      say(item.label);
      dropCandidates();
    }

    function dropCandidates() {
      var candidates = root.querySelector(".picker-candidates");
      if (candidates) {
        candidates.remove();
      }
    }

    function ask() {
      var text = input.value.trim();
      if (!text) {
        results = [];
        setExpanded(false);
        return;
      }
      var mine = ++asked;
      var sep = url.indexOf("?") >= 0 ? "&" : "?";
      fetch(url + sep + "limit=10&q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          if (mine !== asked) {
            return;
          }
          results = data.results || [];
          render();
        })
        .catch(function () {
          if (mine === asked) {
            results = [];
            setExpanded(false);
            say(words.failed || "");
          }
        });
    }

    input.addEventListener("input", function () {
      // Typing something else than the chosen name drops the choice; the server
      // resolves the text if nothing is chosen from the list.
      if (!multiple && input.value !== chosenLabel) {
        hidden.value = "";
      }
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && results.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) {
          ask();
          return;
        }
        highlight(active < results.length - 1 ? active + 1 : 0);
      } else if (event.key === "ArrowUp") {
        if (open) {
          event.preventDefault();
          highlight(active > 0 ? active - 1 : results.length - 1);
        }
      } else if (event.key === "Enter") {
        if (open) {
          event.preventDefault();
          choose(active >= 0 ? active : 0);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          setExpanded(false);
        }
      }
    });

    input.addEventListener("blur", function () {
      setTimeout(function () {
        setExpanded(false);
      }, 150);
    });
  }

  function start() {
    document.querySelectorAll("[data-member-picker]").forEach(function (root) {
      init(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
