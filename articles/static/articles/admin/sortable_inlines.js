// Drag-and-drop ordering for the admin's tabular inlines that have a hidden "position" field
// (bylines, Don't Miss picks): drag a row by its handle, or focus the handle and use the arrow
// keys. Positions are renumbered in the order shown whenever it changes and before saving.
"use strict";
(function () {
  const t = window.gettext || ((s) => s);

  const rowsOf = (group) =>
    [...group.querySelectorAll("tbody tr.form-row")].filter(
      (row) => !row.classList.contains("empty-form") && row.querySelector("input[name$='-position']"),
    );

  // Only rows with a choice made are numbered: changing an empty extra row's position would
  // make Django validate it as a new row with nothing chosen.
  function renumber(group) {
    rowsOf(group)
      .filter((row) => [...row.querySelectorAll("select")].some((select) => select.value))
      .forEach((row, index) => {
        row.querySelector("input[name$='-position']").value = index;
      });
  }

  function addHandle(group, row) {
    if (row.querySelector(".desk-drag")) return;
    const cell = document.createElement(row.parentElement.tagName === "THEAD" ? "th" : "td");
    cell.className = "desk-drag";
    if (cell.tagName === "TD") {
      const handle = document.createElement("button");
      handle.type = "button";
      handle.className = "desk-drag__handle";
      handle.textContent = "⇅";
      handle.title = t("Drag to reorder, or use the arrow keys");
      handle.setAttribute("aria-label", t("Move this row: up and down arrow keys"));
      handle.addEventListener("keydown", (event) => {
        if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
        event.preventDefault();
        const rows = rowsOf(group);
        const index = rows.indexOf(row);
        const target = rows[index + (event.key === "ArrowUp" ? -1 : 1)];
        if (!target) return;
        if (event.key === "ArrowUp") target.before(row);
        else target.after(row);
        renumber(group);
        handle.focus();
      });
      handle.addEventListener("mousedown", () => (row.draggable = true));
      cell.append(handle);
      row.addEventListener("dragstart", (event) => {
        group.dragged = row;
        row.classList.add("desk-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", "");
      });
      row.addEventListener("dragend", () => {
        row.classList.remove("desk-dragging");
        row.draggable = false;
        group.dragged = null;
        renumber(group);
      });
      row.addEventListener("dragover", (event) => {
        const dragged = group.dragged;
        if (!dragged || dragged === row) return;
        event.preventDefault();
        const { top, height } = row.getBoundingClientRect();
        if (event.clientY < top + height / 2) row.before(dragged);
        else row.after(dragged);
      });
      row.addEventListener("drop", (event) => event.preventDefault());
    }
    row.prepend(cell);
  }

  function setUp(group) {
    group.classList.add("desk-sortable");
    const header = group.querySelector("thead tr");
    if (header) addHandle(group, header);
    // Not the hidden template row: Django clones it for "Add another", without its listeners.
    group.querySelectorAll("tbody tr.form-row:not(.empty-form)").forEach((row) => addHandle(group, row));
    group.closest("form")?.addEventListener("submit", () => renumber(group));
  }

  function start() {
    document.querySelectorAll(".inline-group[data-inline-type=tabular]").forEach((group) => {
      if (group.querySelector("tbody input[name$='-position']")) setUp(group);
    });
    // Rows added with "Add another" get a handle and go last.
    document.addEventListener("formset:added", (event) => {
      const group = event.target.closest(".inline-group.desk-sortable");
      if (!group) return;
      addHandle(group, event.target);
      renumber(group);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
