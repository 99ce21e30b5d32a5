/* Runbook page behaviour: the triage decision, wide tables as cards, the review-overdue banner.
 *
 * Hand-written, shipped by generator/site/plugin.py. The triage criteria come from the JSON
 * that `runbook generate` embeds in triage.md (<div id="triage-data" data-triage="…">; not a
 * <script> element, which Material's instant navigation drops), the same data
 * `runbook triage` decides from. Runs on every page Material shows, including pages reached by
 * instant navigation (document$), and does nothing where its elements are absent.
 */
(function () {
  "use strict";

  var UNSURE = "unsure";

  /* Every word the script writes comes from the runbook's catalog, written into the triage page's
   * data by `runbook generate` ("messages": id → text, a plural id → its form for 0, 1, 2, …
   * questions); the English id is shown only when a page carries no data. */
  var MESSAGES = {};

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s|%%/g, function (match, name) {
      return name ? String(values[name]) : "%";
    });
  }

  function t(id, values) {
    var found = MESSAGES[id];
    return fill(typeof found === "string" ? found : id, values || {});
  }

  function tn(singular, plural, count, values) {
    var forms = MESSAGES[singular];
    var text = Array.isArray(forms) && forms.length ? forms[Math.min(count, forms.length - 1)] : (count === 1 ? singular : plural);
    var all = { count: count };
    Object.keys(values || {}).forEach(function (key) { all[key] = values[key]; });
    return fill(text, all);
  }

  /* The first level, most severe first, with a rule accepting every answer; a dimension a rule
   * leaves out accepts any answer. Returns every matching level id, so callers can tell a
   * gap or an overlap (which `runbook check` rules out) from a decision. */
  function matchingLevels(data, answers) {
    return data.levels
      .filter(function (level) {
        return level.rules.some(function (rule) {
          return Object.keys(rule).every(function (dimension) {
            return rule[dimension].indexOf(answers[dimension]) >= 0;
          });
        });
      })
      .map(function (level) { return level.id; });
  }

  /* What each question counts as: unanswered is its mildest answer, "not sure" its most severe
   * (answers are listed mildest first), as in `runbook triage`. */
  function effectiveAnswers(data, given) {
    var answers = {};
    data.dimensions.forEach(function (d) {
      var value = given[d.id];
      if (value === undefined) answers[d.id] = d.answers[0];
      else if (value === UNSURE) answers[d.id] = d.answers[d.answers.length - 1];
      else answers[d.id] = value;
    });
    return answers;
  }

  function mildestAnswers(data) {
    return effectiveAnswers(data, {});
  }

  /* Answers from the address: the query string (?dimension=answer), or a hash from links made
   * before answers moved out of it (Material's navigation.tracking rewrites the hash). */
  function answersFromLocation(data, location) {
    var given = {};
    var read = function (text) {
      new URLSearchParams(text).forEach(function (value, key) {
        var dimension = data.dimensions.find(function (d) { return d.id === key; });
        if (dimension && (value === UNSURE || dimension.answers.indexOf(value) >= 0)) given[key] = value;
      });
    };
    read(location.hash.replace(/^#/, ""));
    read(location.search.replace(/^\?/, ""));
    return given;
  }

  function answersFromForm(form, data) {
    var given = {};
    data.dimensions.forEach(function (d) {
      var checked = form.querySelector('input[name="' + d.id + '"]:checked');
      if (checked) given[d.id] = checked.value;
    });
    return given;
  }

  function queryFor(data, given) {
    var params = new URLSearchParams();
    data.dimensions.forEach(function (d) {
      if (given[d.id] !== undefined) params.append(d.id, given[d.id]);
    });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function names(data, ids) {
    return ids.map(function (id) {
      return data.dimensions.find(function (d) { return d.id === id; }).name;
    }).join(t(", "));
  }

  /* Each level's colour, by its rank among the levels (most severe first): the most severe the
   * most intense (saturated red), the mildest a pale, muted amber in the light scheme and a dim
   * one in the dark, interpolated between for any number of levels. The text on it is black or
   * white, whichever contrasts more: one of them is always at least 4.58:1. */
  var LEVEL_COLOURS = {
    light: { from: [0, 80, 36], to: [45, 30, 84] },
    dark: { from: [0, 80, 62], to: [45, 14, 30] },
  };

  function hslToRgb(h, s, l) {
    s /= 100; l /= 100;
    var k = function (n) { return (n + h / 30) % 12; };
    var a = s * Math.min(l, 1 - l);
    var f = function (n) { return l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1))); };
    return [f(0), f(8), f(4)].map(function (c) { return Math.round(c * 255); });
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function levelColour(scheme, rank, count) {
    var ends = LEVEL_COLOURS[scheme];
    var share = count > 1 ? rank / (count - 1) : 0;
    var hsl = ends.from.map(function (start, i) { return start + (ends.to[i] - start) * share; });
    var rgb = hslToRgb(hsl[0], hsl[1], hsl[2]);
    var light = luminance(rgb);
    var text = (1.05 / (light + 0.05)) >= ((light + 0.05) / 0.05) ? "#ffffff" : "#000000";
    return { fill: "rgb(" + rgb.join(", ") + ")", text: text };
  }

  function setLevelColours(element, rank, count) {
    ["light", "dark"].forEach(function (scheme) {
      var colour = levelColour(scheme, rank, count);
      element.style.setProperty("--runbook-level-" + scheme, colour.fill);
      element.style.setProperty("--runbook-level-" + scheme + "-text", colour.text);
    });
  }

  function showDecision(root, data, given) {
    var verdict = root.querySelector("#triage-verdict");
    var notes = root.querySelector("#triage-notes");
    var answered = Object.keys(given);
    var levels = answered.length ? matchingLevels(data, effectiveAnswers(data, given)) : [];
    var chosen = levels.length === 1 ? levels[0] : null;
    root.querySelectorAll(".triage-level").forEach(function (block) {
      block.hidden = block.getAttribute("data-level") !== chosen;
    });
    // A table can be measured only once its block is shown.
    fitLevelTables(root);
    if (!verdict) return;
    verdict.hidden = false;
    verdict.classList.toggle("triage-verdict--empty", answered.length === 0);
    verdict.classList.toggle("triage-verdict--error", answered.length > 0 && chosen === null);
    if (notes) notes.hidden = answered.length === 0;
    verdict.removeAttribute("data-rank");
    ["light", "dark"].forEach(function (scheme) {
      verdict.style.removeProperty("--runbook-level-" + scheme);
      verdict.style.removeProperty("--runbook-level-" + scheme + "-text");
    });
    if (answered.length === 0) {
      verdict.removeAttribute("data-level");
      verdict.textContent = t("No level yet: answer the first question that you can.");
      return;
    }
    if (chosen === null) {
      verdict.removeAttribute("data-level");
      verdict.textContent = levels.length
        ? t("These answers match %(levels)s: the criteria need fixing. Use the criteria below.", { levels: levels.join(t(", ")) })
        : t("These answers match no level: the criteria need fixing. Use the criteria below.");
      return;
    }
    var level = data.levels.find(function (l) { return l.id === chosen; });
    var rank = data.levels.indexOf(level);
    var open = data.dimensions.filter(function (d) { return given[d.id] === undefined; })
      .map(function (d) { return d.id; });
    var label = document.createElement("span");
    label.className = "triage-verdict__label";
    label.textContent = t("Severity:") + " ";
    var name = document.createElement("strong");
    name.className = "triage-verdict__level";
    name.textContent = level.name;
    var parts = [label];
    var after = "";
    if (open.length && rank > 0) {
      // Unanswered questions count as their mildest answers: the level can still go up. The
      // language places its "so far" around the name ("SEV-4 Low so far", "重大度2（暫定）").
      var around = t("%(level)s so far", { level: "\u0000" }).split("\u0000");
      if (around[0]) parts.push(around[0]);
      after = around.slice(1).join("");
    }
    parts.push(name);
    if (open.length) {
      var pending = document.createElement("span");
      pending.className = "triage-verdict__open";
      pending.textContent = after + " · " +
        tn("%(count)s question unanswered", "%(count)s questions unanswered", open.length);
      parts.push(pending);
    }
    var targets = document.createElement("span");
    targets.className = "triage-verdict__targets";
    targets.textContent = level.targets +
      (level.page_first ? " · " + t("%(label)s: %(value)s", { label: data.words.page_first, value: level.page_first }) : "");
    var jump = document.createElement("a");
    jump.href = "#result";
    jump.className = "triage-verdict__jump";
    jump.textContent = t("Whom to page");
    jump.addEventListener("click", function (event) {
      // Scroll without replacing the address, which holds the answers.
      event.preventDefault();
      var result = root.querySelector("#result");
      if (result) result.scrollIntoView();
    });
    parts.push(" ", jump, " ", targets);
    verdict.replaceChildren.apply(verdict, parts);
    verdict.setAttribute("data-level", chosen);
    verdict.setAttribute("data-rank", String(rank));
    setLevelColours(verdict, rank, data.levels.length);
    if (notes) {
      var unsure = answered.filter(function (id) { return given[id] === UNSURE; });
      var lines = [];
      if (unsure.length) {
        lines.push(tn("%(not_sure)s, so counted as its most severe answer: %(questions)s.",
          "%(not_sure)s, so counted as their most severe answer: %(questions)s.",
          unsure.length, { not_sure: data.words.not_sure, questions: names(data, unsure) }));
      }
      if (open.length && chosen !== data.levels[0].id) {
        lines.push(tn("Not answered yet, so counted as its mildest answer: %(questions)s. Answer it: the level can only go up.",
          "Not answered yet, so counted as their mildest answer: %(questions)s. Answer them: the level can only go up.",
          open.length, { questions: names(data, open) }));
      }
      notes.replaceChildren.apply(notes, lines.map(function (text) {
        var p = document.createElement("p");
        p.textContent = text;
        return p;
      }));
      notes.hidden = lines.length === 0;
    }
  }

  /* Each level's owners table (Responsibility, Owner, Reach them, Backup), built from the level's
   * owner ids in the page data and the rows of the page's contacts table (#triage-contacts), so
   * the page carries each owner's contacts once rather than once per level. At the level an owner
   * is paged first, the contact it is paged by comes first, as in the level's "Page first" line. */
  function fillOwnerTables(root, data) {
    var rows = {};
    var contacts = root.querySelector("#triage-contacts table");
    if (!contacts) return;
    var headings = contacts.querySelectorAll("thead th");
    contacts.querySelectorAll("tbody tr").forEach(function (row) {
      var link = row.querySelector("td a[href*='#']");
      if (link) rows[link.getAttribute("href").split("#").pop()] = row.querySelectorAll("td");
    });
    root.querySelectorAll(".level-grid[data-owners-of]").forEach(function (grid) {
      var level = data.levels.find(function (l) { return l.id === grid.getAttribute("data-owners-of"); });
      if (!level || !level.owners || grid.querySelector("table")) return;
      var table = document.createElement("table");
      var head = table.createTHead().insertRow();
      [t("Responsibility")].concat(Array.prototype.map.call(headings, function (th) { return th.textContent; }))
        .forEach(function (text) {
          var th = document.createElement("th");
          th.textContent = text;
          head.appendChild(th);
        });
      var body = table.createTBody();
      level.owners.forEach(function (ownerId, index) {
        var cells = rows[ownerId];
        if (!cells) return;
        var row = body.insertRow();
        row.insertCell().textContent = data.responsibilities[index];
        Array.prototype.forEach.call(cells, function (cell, column) {
          var copy = row.insertCell();
          copy.innerHTML = cell.innerHTML;
          var lead = level.lead && level.lead[0] === ownerId && column === 1
            ? copy.querySelector('[data-method="' + level.lead[1] + '"]') : null;
          if (!lead) return;
          var ways = Array.prototype.filter.call(copy.children, function (el) { return el.nodeName === "SPAN"; });
          ways.splice(ways.indexOf(lead), 1);
          ways.unshift(lead);
          copy.replaceChildren();
          ways.forEach(function (way, at) {
            // One a line, with the space after each break that search keeps.
            if (at) copy.append(document.createElement("br"), " ");
            copy.appendChild(way);
          });
        });
      });
      grid.appendChild(table);
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    area.remove();
    return copied;
  }

  function setUpTriage(root) {
    var form = root.querySelector("#triage-form");
    var source = root.querySelector("#triage-data");
    if (!form || !source || form.getAttribute("data-ready")) return;
    var data = JSON.parse(source.getAttribute("data-triage"));
    MESSAGES = data.messages || {};
    form.setAttribute("data-ready", "true");
    fillOwnerTables(root, data);
    var share = form.querySelector("#triage-share");
    var shareStatus = form.querySelector("#triage-share-status");

    function apply(given, updateAddress) {
      form.querySelectorAll("input[type=radio]").forEach(function (input) {
        input.checked = given[input.name] === input.value;
      });
      showDecision(root, data, given);
      updateStickyOffset();
      if (updateAddress && window.history && window.history.replaceState) {
        // Replace, never push: the Back button leaves the page instead of undoing answers.
        var address = window.location.pathname + queryFor(data, given);
        window.history.replaceState(window.history.state, "", address);
      }
    }

    form.addEventListener("change", function () {
      if (shareStatus) shareStatus.textContent = "";
      apply(answersFromForm(form, data), true);
    });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      if (shareStatus) shareStatus.textContent = "";
      apply({}, true);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (share) {
      share.addEventListener("click", function (event) {
        event.preventDefault();
        var link = window.location.href.split("#")[0];
        copyText(link).then(function (copied) {
          if (!shareStatus) return;
          shareStatus.textContent = copied
            ? t("Link copied: paste it in the incident thread to share these answers.")
            : t("Copy this link to share these answers: %(link)s", { link: link });
        });
      });
    }
    form.hidden = false;
    var note = root.querySelector("#triage-no-script");
    if (note) note.hidden = true;
    addSkipLink(root);
    // The answers in the address decide; a reload must not bring back other answers the browser
    // remembered for the form.
    apply(answersFromLocation(data, window.location), false);
    window.addEventListener("hashchange", function () {
      if (document.body.contains(form)) apply(answersFromLocation(data, window.location), false);
    });
    window.addEventListener("popstate", function () {
      if (document.body.contains(form)) apply(answersFromLocation(data, window.location), false);
    });
  }

  /* "Skip to the first question", right after Material's "Skip to content", so a keyboard
   * reaches the first answer in three key presses. */
  function addSkipLink(root) {
    var skip = document.querySelector(".md-skip");
    var first = root.querySelector("#triage-form input[type=radio]");
    if (!skip || !first || document.getElementById("runbook-skip-question")) return;
    var link = document.createElement("a");
    link.id = "runbook-skip-question";
    link.className = "md-skip";
    link.href = "#triage-form";
    link.textContent = t("Skip to the first question");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var target = document.querySelector("#triage-form input[type=radio]");
      if (target) {
        target.scrollIntoView({ block: "center" });
        target.focus();
      }
    });
    skip.insertAdjacentElement("afterend", link);
  }

  function removeStaleSkipLink() {
    var link = document.getElementById("runbook-skip-question");
    if (link && !document.getElementById("triage-form")) link.remove();
  }

  /* A levels table or escalation matrix wider than its column is shown as one card per level
   * (the cards sit beside the table in the page; print always uses them). */
  /* A grid written with its table only (the triage page's owners of a level, which would carry
   * every contact twice) gets its cards from the rows: the first cell names the card, each other
   * cell is a line under its column's heading. */
  function buildCards(grid, table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    var cards = document.createElement("div");
    cards.className = "level-cards";
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = row.querySelectorAll("td");
      if (!cells.length) return;
      var card = document.createElement("div");
      card.className = "level-card";
      var title = document.createElement("p");
      var name = document.createElement("strong");
      name.append.apply(name, Array.prototype.map.call(cells[0].childNodes, function (n) { return n.cloneNode(true); }));
      title.appendChild(name);
      var lines = document.createElement("ul");
      for (var i = 1; i < cells.length; i++) {
        var line = document.createElement("li");
        line.append(t("%(label)s:", { label: headings[i] || "" }) + " ");
        line.append.apply(line, Array.prototype.map.call(cells[i].childNodes, function (n) { return n.cloneNode(true); }));
        lines.appendChild(line);
      }
      card.append(title, lines);
      cards.appendChild(card);
    });
    grid.appendChild(cards);
  }

  /* Every Markdown table of the page sits in a .level-grid, so any of them can turn into cards. */
  function gridTables(root) {
    root.querySelectorAll("article table:not([class])").forEach(function (table) {
      if (table.closest(".level-grid, .level-cards")) return;
      var box = table.closest(".md-typeset__scrollwrap") || table;
      var grid = document.createElement("div");
      grid.className = "level-grid level-grid--auto";
      box.parentNode.insertBefore(grid, box);
      grid.appendChild(box);
    });
  }

  /* Whether no word of any cell has to break: with words kept whole (.level-grid--whole, which
   * stays on a table that passes), the table's narrowest layout (each column as wide as its
   * longest word) fits its column. A table lays out every column at least that wide when it can,
   * so a table that passes never breaks a word. */
  function wordsFit(grid, table) {
    grid.classList.add("level-grid--whole");
    return table.scrollWidth <= table.clientWidth + 1 && table.getBoundingClientRect().width <= grid.clientWidth + 1;
  }

  /* The same question for A4 paper, asked on screen: a copy of the table laid out off screen at the
   * printed column's width and type size (runbook.css, .runbook-paper-probe, mirrors the print
   * rules), so the page prints the cards when a word would break there. */
  function wordsFitOnPaper(table) {
    var probe = document.createElement("div");
    probe.className = "md-typeset runbook-paper-probe";
    probe.setAttribute("aria-hidden", "true");
    var copy = table.cloneNode(true);
    copy.removeAttribute("id");
    probe.appendChild(copy);
    document.body.appendChild(probe);
    var fits = copy.scrollWidth <= copy.clientWidth + 1 && copy.getBoundingClientRect().width <= probe.clientWidth + 1;
    probe.remove();
    return fits;
  }

  function fitLevelTables(root) {
    gridTables(root);
    root.querySelectorAll(".level-grid").forEach(function (grid) {
      var table = grid.querySelector("table");
      if (!table) return;
      if (!grid.querySelector(".level-cards")) buildCards(grid, table);
      if (!grid.hasAttribute("data-fitted")) {
        grid.setAttribute("data-fitted", "");
        grid.classList.toggle("level-grid--paper-cards", !wordsFitOnPaper(table));
      }
      grid.classList.remove("level-grid--cards");
      // A table inside a hidden level block has no width yet: it is measured when shown.
      if (!grid.getClientRects().length) return;
      if (!wordsFit(grid, table)) grid.classList.add("level-grid--cards");
    });
    updateStickyOffset();
  }

  /* How far below the top of the window the sticky bars (Material's header, the triage verdict) end
   * once stuck; headings a link jumps to keep that margin (runbook.css), measured, not guessed. */
  function updateStickyOffset() {
    var bottom = 0;
    document.querySelectorAll(".md-header, .md-tabs, #triage-verdict").forEach(function (bar) {
      if (bar.hidden || !bar.getClientRects().length) return;
      var style = window.getComputedStyle(bar);
      if (style.position === "sticky") {
        bottom = Math.max(bottom, (parseFloat(style.top) || 0) + bar.getBoundingClientRect().height);
      } else if (style.position === "fixed") {
        bottom = Math.max(bottom, bar.getBoundingClientRect().bottom);
      }
    });
    if (bottom > 0) {
      document.documentElement.style.setProperty("--runbook-sticky-bottom", Math.ceil(bottom + 8) + "px");
    }
  }

  function localDate(now) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  /* Generated pages carry the due date only (docs/ must not change with the calendar);
   * whether it has passed is decided here, by the reader's own clock. */
  function showOverdueBanners(root) {
    var today = localDate(new Date());
    root.querySelectorAll("[data-review-due]").forEach(function (banner) {
      banner.hidden = !(today > banner.getAttribute("data-review-due"));
    });
  }

  /* A "Search the runbook" button (the 404 page) opens Material's search, as its header button does. */
  function setUpSearchButtons(root) {
    root.querySelectorAll("[data-open-search]").forEach(function (button) {
      if (button.getAttribute("data-ready")) return;
      button.setAttribute("data-ready", "true");
      button.addEventListener("click", function () {
        var toggle = document.getElementById("__search");
        if (!toggle) return;
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
        var input = document.querySelector(".md-search__input");
        if (input) input.focus();
      });
    });
  }

  function setUp() {
    setUpSearchButtons(document);
    removeStaleSkipLink();
    setUpTriage(document);
    fitLevelTables(document);
    showOverdueBanners(document);
  }

  window.runbookTriage = {
    matchingLevels: matchingLevels,
    levelColour: levelColour,
    mildestAnswers: mildestAnswers,
    effectiveAnswers: effectiveAnswers,
  };

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { fitLevelTables(document); }, 100);
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    // Instant navigation can emit before it swaps the new content in; setting up again once
    // the current task is done catches that content too (setUp skips what is already set up).
    window.document$.subscribe(function () {
      setUp();
      window.setTimeout(setUp, 0);
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
