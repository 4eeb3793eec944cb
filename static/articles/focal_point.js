// Focal point picker for the photo admin: clicking the preview writes the click position, as
// fractions of width and height, into the focal_x / focal_y number fields (which still work
// on their own, from the keyboard or without JavaScript), and moves the marker to match.
// On a new photo the preview is the chosen file, shown before anything is uploaded, so the
// point is set in the same form (and the same popup) that adds the photo. A read-only view
// (data-x, data-y) only places the marker.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const picker of document.querySelectorAll(".focal-point-picker")) {
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-point-marker");
    const place = (x, y) => {
      marker.style.left = `${Number(x) * 100}%`;
      marker.style.top = `${Number(y) * 100}%`;
    };
    if (picker.dataset.x !== undefined) {
      place(picker.dataset.x, picker.dataset.y);
      continue;
    }
    const inputX = document.getElementById(picker.dataset.xInput);
    const inputY = document.getElementById(picker.dataset.yInput);
    if (!inputX || !inputY || !image || !marker) continue;

    const placeMarker = () => place(inputX.value, inputY.value);
    const clamp = (value) => Math.min(1, Math.max(0, value));

    image.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect();
      inputX.value = clamp((event.clientX - box.left) / box.width).toFixed(3);
      inputY.value = clamp((event.clientY - box.top) / box.height).toFixed(3);
      placeMarker();
    });
    inputX.addEventListener("input", placeMarker);
    inputY.addEventListener("input", placeMarker);
    placeMarker();

    const file = document.getElementById(picker.dataset.fileInput);
    file?.addEventListener("change", () => {
      if (!file.files.length) return;
      if (image.src.startsWith("blob:")) URL.revokeObjectURL(image.src);
      image.src = URL.createObjectURL(file.files[0]);
      picker.hidden = false;
    });
  }
});
