/* The date widget's calendar picker: a button beside every date (and date-and-time)
   field opens a month grid. Thai reads and writes the Buddhist Era year (วว/ดด/ปปปป),
   English the Common Era year (dd/mm/yyyy). The server parses what is typed; this only
   helps. Keyboard: Alt+ArrowDown in the field or the button opens it; arrows move by
   day and week, PageUp/PageDown by month, Home/End to the week's ends, Enter picks,
   Escape closes. */
(function () {
  "use strict";

  var BE = 543;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function sameDay(a, b) {
    return a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
      a.getDate() === b.getDate();
  }

  function thaiDigits(text) {
    return text.replace(/[๐-๙]/g, function (d) { return String(d.charCodeAt(0) - 0x0e50); });
  }

  /* The day in the field (or null): dd/mm/yyyy in the reader's era, or ISO yyyy-mm-dd. */
  function parseDay(text, locale) {
    var value = thaiDigits(text || "").trim();
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(value);
    var y, mo, d;
    if (m) {
      y = +m[1]; mo = +m[2]; d = +m[3];
    } else {
      m = /^(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})/.exec(value) ||
        /^(\d{2})(\d{2})(\d{4})(?!\d)/.exec(value);
      if (!m) { return null; }
      d = +m[1]; mo = +m[2]; y = +m[3] - (locale === "th" ? BE : 0);
    }
    var day = new Date(y, mo - 1, d);
    if (day.getFullYear() !== y || day.getMonth() !== mo - 1) { return null; }
    return day;
  }

  function timePart(text) {
    var m = /(\d{1,2}[:.]\d{2})\s*(น\.?)?\s*$/.exec(thaiDigits(text || "").trim());
    return m && /\s/.test(text.trim()) ? m[1].replace(".", ":") : null;
  }

  function formatDay(day, locale) {
    var year = day.getFullYear() + (locale === "th" ? BE : 0);
    return pad(day.getDate()) + "/" + pad(day.getMonth() + 1) + "/" + year;
  }

  function Picker(input) {
    this.input = input;
    this.locale = input.getAttribute("data-locale") || "th";
    this.kind = input.getAttribute("data-date-entry");
    this.words = JSON.parse(input.getAttribute("data-picker") || "{}");
    this.id = (input.id || "date") + "-picker";
    this.build();
  }

  Picker.prototype.build = function () {
    var self = this;
    var row = document.createElement("div");
    row.className = "date-entry-row";
    this.input.parentNode.insertBefore(row, this.input);
    row.appendChild(this.input);

    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "date-picker-toggle";
    toggle.setAttribute("aria-label", this.words.open + ": " + this.labelText());
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", this.id);
    toggle.innerHTML = '<svg aria-hidden="true" focusable="false" width="22" height="22" ' +
      'viewBox="0 0 24 24"><rect x="3" y="5" width="18" height="16" rx="2" fill="none" ' +
      'stroke="currentColor" stroke-width="2"/><path d="M3 10h18M8 3v4M16 3v4" ' +
      'stroke="currentColor" stroke-width="2"/></svg>';
    row.appendChild(toggle);
    this.toggle = toggle;

    var panel = document.createElement("div");
    panel.className = "date-picker";
    panel.id = this.id;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", this.words.open + ": " + this.labelText());
    panel.hidden = true;
    row.parentNode.insertBefore(panel, row.nextSibling);
    this.panel = panel;

    toggle.addEventListener("click", function () {
      if (self.panel.hidden) { self.open(); } else { self.close(true); }
    });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && event.altKey) {
        event.preventDefault();
        self.open();
      } else if (event.key === "Escape" && !self.panel.hidden) {
        self.close(false);
      }
    });
    panel.addEventListener("keydown", function (event) { self.onKey(event); });
    document.addEventListener("click", function (event) {
      if (!self.panel.hidden && !self.panel.contains(event.target) &&
          !self.toggle.contains(event.target)) {
        self.close(false);
      }
    });
  };

  Picker.prototype.labelText = function () {
    var label = this.input.id && document.querySelector('label[for="' + this.input.id + '"]');
    return label ? label.textContent.trim() : "";
  };

  Picker.prototype.open = function () {
    var chosen = parseDay(this.input.value, this.locale);
    this.selected = chosen;
    this.focusDay = chosen || this.earlierDay() || new Date();
    this.render();
    this.panel.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    this.focusCurrent();
  };

  // An empty "last day" opens where the form's earlier date is (the first day), not on
  // today: an event's end is almost always near its start.
  Picker.prototype.earlierDay = function () {
    if (!this.input.form) { return null; }
    var found = null;
    var inputs = this.input.form.querySelectorAll("input[data-date-entry]");
    for (var i = 0; i < inputs.length && inputs[i] !== this.input; i++) {
      found = parseDay(inputs[i].value, this.locale) || found;
    }
    return found;
  };

  Picker.prototype.close = function (toToggle) {
    this.panel.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    if (toToggle) { this.toggle.focus(); }
  };

  Picker.prototype.monthTitle = function (day) {
    var year = day.getFullYear() + (this.locale === "th" ? BE : 0);
    return this.words.months[day.getMonth()] + " " + year;
  };

  Picker.prototype.render = function () {
    var self = this;
    var focus = this.focusDay;
    var panel = this.panel;
    panel.textContent = "";

    var head = document.createElement("div");
    head.className = "date-picker-head";
    var prev = this.navButton("‹", this.words.prev, -1);
    var title = document.createElement("p");
    title.className = "date-picker-title";
    title.setAttribute("aria-live", "polite");
    title.id = this.id + "-title";
    title.textContent = this.monthTitle(focus);
    var next = this.navButton("›", this.words.next, 1);
    head.appendChild(prev);
    head.appendChild(title);
    head.appendChild(next);
    panel.appendChild(head);

    var table = document.createElement("table");
    table.className = "date-picker-grid";
    table.setAttribute("aria-labelledby", title.id);
    var thead = document.createElement("thead");
    var headRow = document.createElement("tr");
    this.words.days.forEach(function (name, i) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      th.setAttribute("abbr", self.words.days_long[i]);
      headRow.appendChild(th);
    });
    thead.appendChild(headRow);
    table.appendChild(thead);

    var tbody = document.createElement("tbody");
    var first = new Date(focus.getFullYear(), focus.getMonth(), 1);
    var offset = (first.getDay() + 6) % 7; /* Monday first */
    var cursor = new Date(first.getFullYear(), first.getMonth(), 1 - offset);
    var today = new Date();
    for (var week = 0; week < 6; week += 1) {
      var tr = document.createElement("tr");
      for (var d = 0; d < 7; d += 1) {
        var td = document.createElement("td");
        if (cursor.getMonth() === focus.getMonth()) {
          td.appendChild(this.dayButton(new Date(cursor.getTime()), today));
        }
        tr.appendChild(td);
        cursor.setDate(cursor.getDate() + 1);
      }
      tbody.appendChild(tr);
      if (cursor.getMonth() !== focus.getMonth()) { break; }
    }
    table.appendChild(tbody);
    panel.appendChild(table);

    var foot = document.createElement("div");
    foot.className = "date-picker-foot";
    var todayButton = document.createElement("button");
    todayButton.type = "button";
    todayButton.className = "secondary";
    todayButton.textContent = this.words.today;
    todayButton.addEventListener("click", function () { self.pick(new Date()); });
    var closeButton = document.createElement("button");
    closeButton.type = "button";
    closeButton.className = "secondary";
    closeButton.textContent = this.words.close;
    closeButton.addEventListener("click", function () { self.close(true); });
    foot.appendChild(todayButton);
    foot.appendChild(closeButton);
    panel.appendChild(foot);
  };

  Picker.prototype.navButton = function (text, label, step) {
    var self = this;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "date-picker-nav";
    button.textContent = text;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", function () {
      self.moveMonth(step);
      self.render();
      self.panel.querySelectorAll(".date-picker-nav")[step < 0 ? 0 : 1].focus();
    });
    return button;
  };

  Picker.prototype.dayButton = function (day, today) {
    var self = this;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "date-picker-day";
    button.textContent = String(day.getDate());
    button.setAttribute("data-day", formatDay(day, this.locale));
    button.setAttribute("aria-label", day.getDate() + " " + this.monthTitle(day));
    button.tabIndex = sameDay(day, this.focusDay) ? 0 : -1;
    if (sameDay(day, this.selected)) { button.setAttribute("aria-pressed", "true"); }
    if (sameDay(day, today)) { button.setAttribute("aria-current", "date"); }
    button.addEventListener("click", function () { self.pick(day); });
    return button;
  };

  Picker.prototype.moveMonth = function (step) {
    var f = this.focusDay;
    var target = new Date(f.getFullYear(), f.getMonth() + step, 1);
    var last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
    this.focusDay = new Date(target.getFullYear(), target.getMonth(), Math.min(f.getDate(), last));
  };

  Picker.prototype.focusCurrent = function () {
    var button = this.panel.querySelector(".date-picker-day[tabindex='0']");
    if (button) { button.focus(); }
  };

  Picker.prototype.onKey = function (event) {
    var onDay = event.target.classList && event.target.classList.contains("date-picker-day");
    if (event.key === "Escape") {
      event.preventDefault();
      this.close(true);
      return;
    }
    if (!onDay) { return; }
    var f = this.focusDay;
    var moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    if (moves[event.key] !== undefined) {
      this.focusDay = new Date(f.getFullYear(), f.getMonth(), f.getDate() + moves[event.key]);
    } else if (event.key === "PageUp" || event.key === "PageDown") {
      this.moveMonth(event.key === "PageUp" ? -1 : 1);
    } else if (event.key === "Home" || event.key === "End") {
      var weekday = (f.getDay() + 6) % 7;
      var delta = event.key === "Home" ? -weekday : 6 - weekday;
      this.focusDay = new Date(f.getFullYear(), f.getMonth(), f.getDate() + delta);
    } else {
      return; /* Enter and Space press the focused day's button */
    }
    event.preventDefault();
    this.render();
    this.focusCurrent();
  };

  Picker.prototype.pick = function (day) {
    var text = formatDay(day, this.locale);
    if (this.kind === "datetime") {
      text += " " + (timePart(this.input.value) || this.words.default_time || "09:00");
    }
    this.input.value = text;
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
    this.close(false);
    this.input.focus();
  };

  /* Digits typed on a phone's number pad get their separators when the field is left:
     20022570 -> 20/02/2570, 0930 -> 09:30 (the server reads both forms anyway). */
  function tidy(input) {
    input.addEventListener("blur", function () {
      var value = thaiDigits(input.value).trim();
      var m;
      if (input.hasAttribute("data-time-entry")) {
        m = /^(\d{1,2})(\d{2})$/.exec(value);
        if (m && +m[1] < 24 && +m[2] < 60) { input.value = pad(+m[1]) + ":" + m[2]; }
      } else {
        m = /^(\d{2})(\d{2})(\d{4})(\s+.*)?$/.exec(value);
        if (m) { input.value = m[1] + "/" + m[2] + "/" + m[3] + (m[4] || ""); }
      }
    });
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-date-entry]");
    for (var i = 0; i < inputs.length; i += 1) {
      new Picker(inputs[i]);
      tidy(inputs[i]);
    }
    var times = document.querySelectorAll("input[data-time-entry]");
    for (var j = 0; j < times.length; j += 1) { tidy(times[j]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
