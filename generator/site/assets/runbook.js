/* Runbook page behaviour: the triage decision and the review-overdue banner.
 *
 * Hand-written, shipped by generator/site/plugin.py. The triage criteria come from the JSON
 * that `runbook generate` embeds in triage.md (<div id="triage-data" data-triage="…">; not a
 * <script> element, which Material's instant navigation drops), the same data
 * `runbook triage` decides from. Runs on every page Material shows, including pages reached by
 * instant navigation (document$), and does nothing where its elements are absent.
 */
(function () {
  "use strict";

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

  function mildestAnswers(data) {
    var answers = {};
    data.dimensions.forEach(function (d) { answers[d.id] = d.answers[0]; });
    return answers;
  }

  function answersFromHash(data, hash) {
    var answers = mildestAnswers(data);
    new URLSearchParams(hash.replace(/^#/, "")).forEach(function (value, key) {
      var dimension = data.dimensions.find(function (d) { return d.id === key; });
      if (dimension && dimension.answers.indexOf(value) >= 0) answers[key] = value;
    });
    return answers;
  }

  function answersFromForm(form, data) {
    var answers = {};
    data.dimensions.forEach(function (d) {
      var checked = form.querySelector('input[name="' + d.id + '"]:checked');
      answers[d.id] = checked ? checked.value : d.answers[0];
    });
    return answers;
  }

  function hashFor(answers) {
    return "#" + new URLSearchParams(answers).toString();
  }

  function showDecision(root, data, answers) {
    var verdict = root.querySelector("#triage-verdict");
    var levels = matchingLevels(data, answers);
    var chosen = levels.length === 1 ? levels[0] : null;
    root.querySelectorAll(".triage-level").forEach(function (block) {
      block.hidden = block.getAttribute("data-level") !== chosen;
    });
    if (!verdict) return;
    verdict.hidden = false;
    verdict.classList.toggle("triage-verdict--error", chosen === null);
    if (chosen === null) {
      verdict.textContent = "These answers match " + (levels.length ? levels.join(" and ") : "no level") +
        ": the criteria need fixing (run runbook check). Use the criteria table below.";
      return;
    }
    var level = data.levels.find(function (l) { return l.id === chosen; });
    var name = document.createElement("strong");
    name.className = "triage-verdict__level";
    name.textContent = level.name;
    var targets = document.createElement("span");
    targets.className = "triage-verdict__targets";
    targets.textContent = "Acknowledge within " + level.response.acknowledge_within +
      " · " + data.words.first_update + " within " + level.response.first_update_within;
    var jump = document.createElement("a");
    jump.href = "#result";
    jump.textContent = "Owners, contacts and pages";
    jump.addEventListener("click", function (event) {
      // Scroll without replacing the #answers in the address, which the share link relies on.
      event.preventDefault();
      var result = root.querySelector("#result");
      if (result) result.scrollIntoView();
    });
    verdict.replaceChildren("Severity: ", name, " ", targets, " ", jump);
    verdict.setAttribute("data-level", chosen);
  }

  function setUpTriage(root) {
    var form = root.querySelector("#triage-form");
    var source = root.querySelector("#triage-data");
    if (!form || !source || form.getAttribute("data-ready")) return;
    var data = JSON.parse(source.getAttribute("data-triage"));
    form.setAttribute("data-ready", "true");
    var share = form.querySelector("#triage-share");

    function apply(answers, updateHash) {
      Object.keys(answers).forEach(function (dimension) {
        var input = form.querySelector('input[name="' + dimension + '"][value="' + answers[dimension] + '"]');
        if (input) input.checked = true;
      });
      showDecision(root, data, answers);
      if (share) share.setAttribute("href", hashFor(answers));
      if (updateHash && window.history && window.history.replaceState) {
        window.history.replaceState(window.history.state, "", hashFor(answers));
      }
    }

    form.addEventListener("change", function () { apply(answersFromForm(form, data), true); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      apply(mildestAnswers(data), true);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    var note = root.querySelector("#triage-no-script");
    if (note) note.hidden = true;
    apply(answersFromHash(data, window.location.hash), false);
    // A shared link opened in the same tab changes only the hash: no new page, so re-read it.
    window.addEventListener("hashchange", function () {
      if (document.body.contains(form)) apply(answersFromHash(data, window.location.hash), false);
    });
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

  function setUp() {
    setUpTriage(document);
    showOverdueBanners(document);
  }

  window.runbookTriage = { matchingLevels: matchingLevels, mildestAnswers: mildestAnswers };

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
