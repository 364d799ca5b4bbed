// Presentation mode: one slide at a time, keyboard and buttons, optional full screen.
(function () {
  "use strict";
  const root = document.getElementById("presentation");
  if (!root) return;
  const slides = Array.from(root.querySelectorAll(".slide"));
  const position = root.querySelector(".presentation__position");
  const buttons = {
    previous: root.querySelector('[data-action="previous"]'),
    next: root.querySelector('[data-action="next"]'),
    fullscreen: root.querySelector('[data-action="fullscreen"]'),
  };
  let current = 0;

  function show(index, focus) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) { slide.classList.toggle("is-current", i === current); });
    position.textContent = root.dataset.labelSlide + " " + (current + 1) + " " +
      root.dataset.labelOf + " " + slides.length;
    buttons.previous.disabled = current === 0;
    buttons.next.disabled = current === slides.length - 1;
    if (focus) {
      const heading = slides[current].querySelector("h1, h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    }
  }

  function fullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (root.requestFullscreen) { root.requestFullscreen(); }
  }

  root.classList.add("is-active");
  Object.values(buttons).forEach(function (b) { b.hidden = false; });
  root.querySelector(".presentation__hint").hidden = false;
  if (!document.fullscreenEnabled) buttons.fullscreen.hidden = true;
  buttons.previous.addEventListener("click", function () { show(current - 1, true); });
  buttons.next.addEventListener("click", function () { show(current + 1, true); });
  buttons.fullscreen.addEventListener("click", fullscreen);
  document.addEventListener("keydown", function (event) {
    const tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (event.key === "ArrowRight" || event.key === "PageDown") { show(current + 1, true); event.preventDefault(); }
    else if (event.key === "ArrowLeft" || event.key === "PageUp") { show(current - 1, true); event.preventDefault(); }
    else if (event.key === "f" || event.key === "F") { fullscreen(); }
  });
  show(0, false);
})();
