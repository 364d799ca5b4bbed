// A search field above a long list of check boxes (fieldset[data-choice-filter], rendered by
// web/forms/field.html). Without JavaScript the list still works: it scrolls, every box is
// there. The search only hides boxes from view; ticked boxes stay ticked and are sent.
(function () {
  "use strict";

  // "Türk" finds "Türkischer …" and "Turk" finds it too: compare without case and accents.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return String(values[key]); });
  }

  function enhance(group) {
    if (group.dataset.choiceFilterReady) return;
    group.dataset.choiceFilterReady = "1";
    var filter = group.querySelector(".choice-list__filter");
    var input = filter.querySelector("input[type=search]");
    var status = filter.querySelector(".choice-list__status");
    var items = Array.prototype.map.call(group.querySelectorAll(".kern-form-check"), function (item) {
      return { item: item, box: item.querySelector("input"), text: fold(item.textContent) };
    });
    var timer = null;

    function update() {
      var query = fold(input.value.trim());
      var shown = 0;
      var selected = 0;
      items.forEach(function (entry) {
        var match = !query || entry.text.indexOf(query) !== -1;
        entry.item.hidden = !match;
        if (match) shown += 1;
        if (entry.box.checked) selected += 1;
      });
      var text = format(group.dataset.status, { selected: selected, shown: shown, total: items.length });
      status.textContent = shown ? text : text + " " + group.dataset.none;
    }

    input.addEventListener("input", function () {
      // The status is a live region: announce the count once typing pauses, not per key.
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 250);
    });
    // Enter in the search field would submit the whole form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    group.addEventListener("change", function (event) {
      if (event.target !== input) update();
    });
    filter.hidden = false;
    update();
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("fieldset[data-choice-filter]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  } else {
    enhanceAll(document);
  }
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
