// Suggests existing tags for taggit's comma-separated tags field: a <datalist> whose options
// are the whole field value with its last (partly typed) tag completed.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-suggest-url]").forEach((input) => {
    const list = document.createElement("datalist");
    list.id = `${input.id}-suggestions`;
    input.after(list);
    input.setAttribute("list", list.id);
    let pending;
    input.addEventListener("input", () => {
      clearTimeout(pending);
      pending = setTimeout(async () => {
        const parts = input.value.split(",");
        const typed = parts.pop().trim();
        if (!typed) return;
        const prefix = parts.length ? parts.map((part) => part.trim()).join(", ") + ", " : "";
        const url = `${input.dataset.suggestUrl}?q=${encodeURIComponent(typed)}`;
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) return;
        const { results } = await response.json();
        list.replaceChildren(
          ...results.map((name) => {
            const option = document.createElement("option");
            option.value = prefix + (name.includes(" ") ? `"${name}"` : name);
            return option;
          }),
        );
      }, 150);
    });
  });
});
