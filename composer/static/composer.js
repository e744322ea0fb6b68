/* Composer: small progressive enhancements. Every action also works as a plain form without this file. */
(function () {
  "use strict";

  function swapFrom(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("workspace");
    var current = document.getElementById("workspace");
    if (!fresh || !current) { return false; }
    current.replaceWith(fresh);
    var flashes = doc.querySelector(".flashes");
    if (flashes) { document.querySelector(".flashes").innerHTML = flashes.innerHTML; }
    init(fresh);
    return true;
  }

  function submitInPlace(form, submitter, focusId) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    document.body.classList.add("busy");
    return fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.text().then(function (text) { return [response, text]; }); })
      .then(function (pair) {
        var url = pair[0].url;
        if (!swapFrom(pair[1])) { window.location.href = url; return; }
        if (pair[0].redirected) { history.replaceState(null, "", url); }
        if (focusId) {
          var again = document.getElementById(focusId);
          if (again) { again.focus(); }
        }
      })
      .catch(function () { form.submit(); })
      .finally(function () { document.body.classList.remove("busy"); });
  }

  function init(root) {
    root.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var status = form.querySelector(".busy-status");
        if (status) { status.textContent = form.getAttribute("data-busy"); }
        document.body.classList.add("busy");
      });
    });
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); event.stopImmediatePropagation(); }
      });
    });
    var workspace = root.id === "workspace" ? root : root.querySelector("#workspace");
    if (!workspace) { return; }
    workspace.querySelectorAll("form[method=post]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (event.defaultPrevented) { return; }
        event.preventDefault();
        var item = form.closest(".item");
        submitInPlace(form, event.submitter, item ? item.id : null);
      });
    });
    workspace.querySelectorAll("[data-count]").forEach(function (input) {
      var hint = document.getElementById(input.id + "-hint");
      if (!hint) { return; }
      input.addEventListener("input", function () {
        hint.textContent = hint.textContent.replace(/^\d+/, String(input.value.length));
      });
    });
    initDragAndDrop(workspace);
  }

  function initDragAndDrop(workspace) {
    var moveForm = document.getElementById("dnd-move");
    if (!moveForm) { return; }
    var dragged = null;
    workspace.querySelectorAll(".item[draggable=true]").forEach(function (item) {
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        item.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.getAttribute("data-item"));
      });
      item.addEventListener("dragend", function () { item.classList.remove("dragging"); });
      item.addEventListener("keydown", function (event) {
        if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown") || event.target !== item) { return; }
        event.preventDefault();
        var button = item.querySelector("[data-move=" + (event.key === "ArrowUp" ? "up" : "down") + "]");
        if (button && !button.disabled) { submitInPlace(button.form, button, item.id); }
      });
    });
    workspace.querySelectorAll("ol.items").forEach(function (list) {
      list.addEventListener("dragover", function (event) { if (dragged) { event.preventDefault(); list.classList.add("drop-target"); } });
      list.addEventListener("dragleave", function () { list.classList.remove("drop-target"); });
      list.addEventListener("drop", function (event) {
        event.preventDefault();
        list.classList.remove("drop-target");
        if (!dragged) { return; }
        var items = Array.prototype.filter.call(list.querySelectorAll(".item"), function (el) { return el !== dragged; });
        var position = items.length;
        for (var i = 0; i < items.length; i++) {
          var box = items[i].getBoundingClientRect();
          if (event.clientY < box.top + box.height / 2) { position = i; break; }
        }
        moveForm.action = moveForm.getAttribute("data-action").replace(/\/items\/0\//, "/items/" + dragged.getAttribute("data-item") + "/");
        moveForm.elements.section.value = list.getAttribute("data-section");
        moveForm.elements.position.value = String(position);
        var id = dragged.id;
        dragged = null;
        submitInPlace(moveForm, null, id);
      });
    });
  }

  function initCopy() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.classList.remove("js-only");
      button.addEventListener("click", function () {
        var source = document.querySelector(button.getAttribute("data-copy"));
        var status = button.parentElement.querySelector(".copy-status");
        navigator.clipboard.writeText(source.value).then(function () {
          if (status) { status.textContent = button.getAttribute("data-done"); }
        }, function () {
          source.select();
        });
      });
    });
  }

  // Soft lock: tell the server every 30 s that this editor still has the issue open, and show who else has.
  function initPresence() {
    if (!document.getElementById("presence")) { return; }
    var token = document.querySelector("meta[name=csrf-token]").getAttribute("content");
    window.setInterval(function () {
      var line = document.getElementById("presence");
      if (!line || document.hidden) { return; }
      fetch(line.getAttribute("data-url"), { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (!answer) { return; }
          var names = answer.others.map(function (other) { return other.name; }).join(", ");
          line.textContent = names ? line.getAttribute("data-template").replace("__NAMES__", names) : "";
          line.hidden = !names;
        })
        .catch(function () { /* offline for a moment: the next beat tries again */ });
    }, 30000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    init(document);
    initCopy();
    initPresence();
  });
})();
