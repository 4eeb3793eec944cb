// Focal point picker for the photo admin: clicking the preview writes the click position, as
// fractions of width and height, into the focal_x / focal_y number fields (which still work
// on their own, from the keyboard or without JavaScript), and moves the marker to match.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const picker of document.querySelectorAll(".focal-point-picker")) {
    const inputX = document.getElementById(picker.dataset.xInput);
    const inputY = document.getElementById(picker.dataset.yInput);
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-point-marker");
    if (!inputX || !inputY || !image || !marker) continue;

    const placeMarker = () => {
      marker.style.left = `${Number(inputX.value) * 100}%`;
      marker.style.top = `${Number(inputY.value) * 100}%`;
    };
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
  }
});
