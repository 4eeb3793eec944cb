// Suggests existing tags, one tag at a time, for taggit's comma-separated tags field: as you type
// a tag, the tags containing what you typed appear below the field; pick one with the mouse, or
// with the arrow keys and Enter. It replaces the tag being typed and leaves the others alone.
"use strict";
(function () {
  const t = window.gettext || ((s) => s);

  function setUp(input) {
    const list = document.createElement("ul");
    list.id = `${input.id}-suggestions`;
    list.className = "desk-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", t("Existing tags"));
    list.hidden = true;
    input.after(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    let active = -1;
    let pending;
    let asked = 0;

    const options = () => [...list.querySelectorAll("[role=option]")];
    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    };
    const highlight = (index) => {
      const all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    };
    // The tag under the caret: the text between the last comma before it and the next one.
    const currentTag = () => {
      const value = input.value;
      const caret = input.selectionStart ?? value.length;
      const start = value.lastIndexOf(",", caret - 1) + 1;
      const next = value.indexOf(",", caret);
      const end = next === -1 ? value.length : next;
      return { start, end, text: value.slice(start, end).trim() };
    };
    const pick = (name) => {
      const { start, end } = currentTag();
      const value = input.value;
      const quoted = name.includes(",") ? `"${name}"` : name;
      const before = value.slice(0, start).replace(/\s*$/, start ? " " : "");
      const after = value.slice(end).replace(/^,?\s*/, "");
      input.value = `${before}${quoted}, ${after}`.replace(/,\s*$/, ", ");
      const caret = before.length + quoted.length + 2;
      input.setSelectionRange(caret, caret);
      close();
      input.focus();
    };
    const show = (names) => {
      list.replaceChildren(
        ...names.map((name, index) => {
          const option = document.createElement("li");
          option.id = `${list.id}-${index}`;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.textContent = name;
          option.addEventListener("mousedown", (event) => {
            event.preventDefault();
            pick(name);
          });
          return option;
        }),
      );
      list.hidden = !names.length;
      input.setAttribute("aria-expanded", String(!!names.length));
      active = -1;
    };

    input.addEventListener("input", () => {
      clearTimeout(pending);
      const { text } = currentTag();
      if (!text) return close();
      pending = setTimeout(async () => {
        const ask = ++asked;
        const response = await fetch(`${input.dataset.suggestUrl}?q=${encodeURIComponent(text)}`, {
          credentials: "same-origin",
        });
        if (!response.ok || ask !== asked) return;
        const { results } = await response.json();
        const typed = input.value.split(",").map((tag) => tag.trim().toLowerCase());
        show(results.filter((name) => !typed.includes(name.toLowerCase()) || name.toLowerCase() === text.toLowerCase()));
      }, 150);
    });
    input.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        pick(options()[active].textContent);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  function start() {
    document.querySelectorAll("input[data-suggest-url]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
