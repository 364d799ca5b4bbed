// A question before an irreversible step: a link with data-confirm="<dialog id>" opens that
// <dialog> instead of its page. Without JavaScript (or <dialog>) the link leads to a page that
// asks the same question. Delegated from the document, so panels swapped in by htmx work too.
(function () {
  "use strict";
  var opener = null;

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-confirm]");
    if (link) {
      var dialog = document.getElementById(link.dataset.confirm);
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        opener = link;
        dialog.showModal();
      }
      return;
    }
    var close = event.target.closest("[data-dialog-close]");
    if (close) close.closest("dialog").close();
  });

  // Back to the link that opened the question, when the answer was "no" (Escape included).
  document.addEventListener("close", function (event) {
    if (event.target.tagName === "DIALOG" && opener && document.contains(opener)) opener.focus();
    opener = null;
  }, true);
})();
