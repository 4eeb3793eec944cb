// The article editor's live hints: headline length, and the body's word count and reading time.
// Strings go through Django's JavaScript catalogue (admin:jsi18n, loaded by the change form).
"use strict";
(function () {
  const t = window.gettext || ((s) => s);
  const nt = window.ngettext || ((s, p, n) => (n === 1 ? s : p));
  const fmt = window.interpolate || ((s, o) => s.replace(/%\((\w+)\)s/g, (_, k) => o[k]));
  const WORDS_PER_MINUTE = 230;

  function headlineHint(input) {
    const limit = Number(input.dataset.lengthHint);
    const hint = document.createElement("div");
    hint.className = "desk-hint";
    hint.id = `${input.id}_length`;
    hint.setAttribute("aria-live", "polite");
    input.after(hint);
    input.setAttribute("aria-describedby", `${hint.id} ${input.getAttribute("aria-describedby") || ""}`.trim());
    const update = () => {
      const length = input.value.length;
      hint.textContent = fmt(t("%(length)s of about %(limit)s characters; search results cut longer headlines."), { length, limit }, true);
      hint.classList.toggle("desk-hint--over", length > limit);
    };
    input.addEventListener("input", update);
    // A headline is one line, even in a box that wraps it.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
    update();
  }

  function countWords(text) {
    return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) || []).length;
  }

  function bodyStats(editable) {
    editable.setAttribute("spellcheck", "true");
    const stats = document.createElement("p");
    stats.className = "desk-wordcount";
    stats.setAttribute("aria-live", "polite");
    (editable.closest(".prose-editor") || editable).after(stats);
    const update = () => {
      const words = countWords(editable.innerText || "");
      const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
      stats.textContent = `${fmt(nt("%(count)s word", "%(count)s words", words), { count: words }, true)} · ${fmt(nt("%(minutes)s minute to read", "%(minutes)s minutes to read", minutes), { minutes }, true)}`;
    };
    new MutationObserver(update).observe(editable, { subtree: true, childList: true, characterData: true });
    update();
  }

  function whenEditorAppears(field, callback) {
    const found = field.querySelector(".ProseMirror[contenteditable]");
    if (found) return callback(found);
    const observer = new MutationObserver(() => {
      const editable = field.querySelector(".ProseMirror[contenteditable]");
      if (editable) {
        observer.disconnect();
        callback(editable);
      }
    });
    observer.observe(field, { subtree: true, childList: true });
  }

  function start() {
    document.querySelectorAll("[data-length-hint]").forEach(headlineHint);
    const body = document.querySelector(".form-row.field-body");
    if (body) whenEditorAppears(body, bodyStats);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
