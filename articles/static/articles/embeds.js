// Click-to-load embeds: the page holds only a facade (articles/embeds.py); the provider's
// player frame is created when the reader asks for it, so nothing third-party loads before.
"use strict";
document.addEventListener("click", function (event) {
  var button = event.target.closest(".embed__load");
  if (!button) return;
  var facade = button.closest(".embed__facade");
  var src = facade && facade.dataset.embedSrc;
  if (!src || src.indexOf("https://") !== 0) return;
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = facade.dataset.embedTitle || "";
  frame.className = "embed__frame";
  frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
  facade.replaceWith(frame);
  frame.focus();
});
