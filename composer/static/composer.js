/* Composer: small progressive enhancements. Every action also works as a plain form without this file. */
(function () {
  "use strict";

  // Typing not saved yet: a field of a form that saves (POST) whose value is not what the page was served with.
  var SKIPPED_TYPES = /^(hidden|submit|button|reset|image|checkbox|radio|file|password|color|number|range)$/;

  function isTyped(el) {
    return !!el.name && /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) && !SKIPPED_TYPES.test(el.type);
  }

  function initialValue(el) {
    if (el.tagName !== "SELECT") { return el.defaultValue; }
    for (var i = 0; i < el.options.length; i++) { if (el.options[i].defaultSelected) { return el.options[i].value; } }
    return el.options.length ? el.options[0].value : "";
  }

  function isUnsaved(el) {
    return isTyped(el) && !el.matches(":disabled") && el.value !== initialValue(el);
  }

  function unsavedFields(root, except) {
    var found = [];
    root.querySelectorAll("form[method=post]").forEach(function (form) {
      if (form !== except) { found = found.concat(Array.prototype.filter.call(form.elements, isUnsaved)); }
    });
    return found;
  }

  function hasUnsaved(form) {
    return Array.prototype.some.call(form.elements, isUnsaved);
  }

  function showUnsaved(form) {
    var note = form.querySelector("[data-unsaved]");
    if (note) { note.hidden = !hasUnsaved(form); }
  }

  // A form is known by where it saves (the query string only carries the library search along).
  function formPath(form) {
    return (form.getAttribute("action") || "").split("?")[0];
  }

  function labelOf(el) {
    var by = el.getAttribute("data-label-id");
    var label = (by && document.getElementById(by)) || (el.id && document.querySelector("label[for='" + el.id + "']"));
    return label ? label.textContent.trim() : el.name;
  }

  // What the editor typed and had not saved, carried from the workspace being replaced into the fresh one
  // (another action refreshed it in place). If a colleague saved that same field meanwhile, the form keeps
  // the version it was typed on, so saving shows the conflict instead of overwriting. Text that has nowhere
  // to go (the issue became read-only) is shown to copy, never dropped silently.
  // The text of the intro's HTML, to copy: one paragraph (heading, item, quote) a line, a blank line between.
  function textOf(html) {
    var doc = new DOMParser().parseFromString(html.replace(/<\/(p|h2|h3|li|blockquote)>|<br\s*\/?>/gi, "$&\n"), "text/html");
    return doc.body.textContent.replace(/\n(?=\S)/g, "\n\n").trim();
  }

  function carryOver(fields, fresh) {
    var forms = {};
    fresh.querySelectorAll("form[method=post]").forEach(function (form) { forms[formPath(form)] = form; });
    var lost = [];
    fields.forEach(function (field) {
      var form = forms[field.action];
      var el = form && form.elements.namedItem(field.name);
      if (!el || !isTyped(el) || el.matches(":disabled")) { lost.push(field); return; }
      var original = form.elements.namedItem("original_" + field.name);
      if (original) { original.value = field.initial; }  // a colleague's change to it meanwhile shows as a conflict
      if (initialValue(el) !== field.initial) {
        ["version", "seen_revision"].forEach(function (name) {
          if (form.elements.namedItem(name) && field[name] !== null) { form.elements.namedItem(name).value = field[name]; }
        });
      }
      el.value = field.value;
      el.dispatchEvent(new Event("input", { bubbles: true }));  // character count, "unsaved changes"
    });
    var flashes = document.querySelector(".flashes");
    var workspace = document.getElementById("workspace");
    lost.forEach(function (field) {
      var note = document.createElement("div");
      note.className = "flash flash-error flash-keep";  // stays through later actions, until dismissed
      var text = document.createElement("p");
      text.textContent = workspace.getAttribute("data-lost").replace("__FIELD__", field.label);
      var copy = document.createElement("textarea");
      copy.readOnly = true;
      copy.rows = 3;
      copy.value = field.rich ? textOf(field.value) : field.value;
      text.id = "lost-" + field.name + "-" + Date.now();
      copy.setAttribute("aria-labelledby", text.id);
      note.appendChild(text);
      note.appendChild(copy);
      flashes.appendChild(note);
    });
    dismissible(flashes);
  }

  // Every message can be dismissed (with JavaScript; without it, they go with the next page).
  function dismissible(flashes) {
    flashes.querySelectorAll(".flash").forEach(function (note) {
      if (note.querySelector(".flash-close")) { return; }
      var close = document.createElement("button");
      close.type = "button";
      close.className = "flash-close";  // its × is drawn by the stylesheet; its name is the label
      close.setAttribute("aria-label", flashes.getAttribute("data-dismiss") || "×");
      close.addEventListener("click", function () { note.remove(); });
      note.appendChild(close);
    });
  }

  // An error page (the request refused, the server down) is said above the workspace, which stays as it
  // was, typing included, rather than replacing it.
  function alertAbove(text) {
    var note = document.createElement("p");
    note.className = "flash flash-error";
    note.setAttribute("role", "alert");
    note.textContent = text;
    document.querySelector(".flashes").appendChild(note);
    dismissible(document.querySelector(".flashes"));
  }

  function showError(doc) {
    var heading = doc.querySelector("main h1");
    var message = doc.querySelector(".error-message");
    alertAbove([heading && heading.textContent.trim(), message && message.textContent.trim()]
      .filter(Boolean).join(" — "));
  }

  // The session ended before a save arrived: nothing on the page changes (the typing stays); a dialog says so,
  // offers to log in again in a new tab, then sends the same form again with the new session's token.
  function sessionEnded(doc, form) {
    var ended = doc.getElementById("session-ended");
    var dialog = document.createElement("dialog");
    dialog.className = "session-dialog";
    dialog.setAttribute("aria-labelledby", "session-dialog-title");
    var title = document.createElement("h2");
    title.id = "session-dialog-title";
    title.textContent = ended.querySelector("h1").textContent;
    var text = document.createElement("p");
    text.textContent = ended.querySelector(".error-message").textContent;
    var login = ended.querySelector("a[target]").cloneNode(true);
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "primary";
    retry.textContent = ended.querySelector(".resend button[type=submit]").textContent;
    retry.addEventListener("click", function () {
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) { return response.ok && !/\/login/.test(response.url) ? response.text() : null; })
        .then(function (html) {
          if (!html) { login.focus(); return; }  // still logged out: log in first
          var meta = new DOMParser().parseFromString(html, "text/html").querySelector("meta[name=csrf-token]");
          if (!meta) { return; }
          var token = meta.getAttribute("content");
          document.querySelector("meta[name=csrf-token]").setAttribute("content", token);
          document.querySelectorAll("input[name=csrf_token]").forEach(function (input) { input.value = token; });
          dialog.close();
          dialog.remove();
          submitInPlace(form, form.lastSubmitter || null, null);
        });
    });
    [title, text, login, retry].forEach(function (el) { dialog.appendChild(el); });
    document.body.appendChild(dialog);
    dialog.showModal();
    login.focus();
  }

  function swapFrom(html, submitted, ok) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("workspace");
    var current = document.getElementById("workspace");
    if (!fresh && current && doc.getElementById("session-ended") && submitted) { sessionEnded(doc, submitted); return "error"; }
    if (!fresh && current && !ok && doc.querySelector(".error-message")) { showError(doc); return "error"; }
    if (!fresh || !current) { return "none"; }
    var typed = unsavedFields(current, submitted).map(function (el) {
      var saved = function (name) { var f = el.form.elements.namedItem(name); return f ? f.value : null; };
      return { action: formPath(el.form), name: el.name, value: el.value, rich: !!el.getAttribute("data-enhanced"),
               initial: el.hasAttribute("data-server-value") ? el.getAttribute("data-server-value") : initialValue(el),
               label: labelOf(el), version: saved("version"), seen_revision: saved("seen_revision") };
    });
    var detailsOpen = current.querySelector("details.issue-details[open]");
    current.replaceWith(fresh);
    var flashes = doc.querySelector(".flashes");
    var shown = document.querySelector(".flashes");
    if (flashes) {
      var kept = Array.prototype.slice.call(shown.querySelectorAll(".flash-keep"));
      shown.innerHTML = flashes.innerHTML;
      kept.forEach(function (note) { shown.appendChild(note); });
      dismissible(shown);
    }
    init(fresh);
    carryOver(typed, fresh);
    richText(fresh);
    // The details stay open if the editor had opened them, or if typing not saved was carried into them.
    var details = fresh.querySelector("details.issue-details");
    if (details && (detailsOpen || Array.prototype.some.call(details.querySelectorAll("input, textarea, select"), isUnsaved))) {
      details.open = true;
    }
    return "swapped";
  }

  // The workspace replaced by the page a request answers (sent: the form posted, whose fields are not
  // carried over; focusId: what to focus afterwards; fallback: the plain navigation if fetching fails).
  function replaceInPlace(request, sent, focusId, fallback) {
    document.body.classList.add("busy");
    return request
      .then(function (response) { return response.text().then(function (text) { return [response, text]; }); })
      .then(function (pair) {
        var url = pair[0].url;
        var outcome = swapFrom(pair[1], sent, pair[0].ok);
        if (outcome === "none") { window.location.href = url; return; }
        if (outcome === "error") { return; }
        if (pair[0].redirected || !sent || sent.method !== "post") { history.replaceState(null, "", url); }
        var marked = document.querySelector("#workspace [autofocus]");
        var again = marked || (focusId && document.getElementById(focusId));
        if (again) { again.focus(); again.scrollIntoView({ block: "nearest" }); }
      })
      .catch(fallback)
      .finally(function () {
        document.body.classList.remove("busy");
        if (sent) { sent.removeAttribute("aria-busy"); }
        document.querySelectorAll(".is-busy").forEach(function (b) { b.classList.remove("is-busy"); });
      });
  }

  function submitInPlace(form, submitter, focusId) {
    if (form.getAttribute("aria-busy") === "true") { return Promise.resolve(); }  // a double click: sent once
    form.setAttribute("aria-busy", "true");
    if (submitter) { submitter.classList.add("is-busy"); }
    form.lastSubmitter = submitter;
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    return replaceInPlace(fetch(form.action, { method: "POST", body: data, credentials: "same-origin" }), form, focusId,
                          function () {
                            var workspace = document.getElementById("workspace");
                            alertAbove(workspace ? workspace.getAttribute("data-offline") : "");
                          });
  }

  function getInPlace(url, focusId, discarded) {
    return replaceInPlace(fetch(url, { credentials: "same-origin" }), discarded || null, focusId,
                          function () { window.location.href = url; });
  }

  function init(root) {
    root.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var status = form.querySelector(".busy-status");
        if (status) { status.textContent = form.getAttribute("data-busy"); }
        document.body.classList.add("busy");
      });
    });
    // An action that would leave typing elsewhere on the page with nowhere to go asks first.
    root.querySelectorAll("form[data-unsaved-elsewhere]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (unsavedFields(document, form).length && !window.confirm(form.getAttribute("data-unsaved-elsewhere"))) {
          event.preventDefault();
          event.stopImmediatePropagation();
        }
      });
    });
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        // A second click while the first is on its way is not asked again: it is the same action.
        if (form.getAttribute("aria-busy") === "true" ||
            !window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); event.stopImmediatePropagation(); return; }
        if (form.hasAttribute("data-leaves")) { form.setAttribute("aria-busy", "true"); }
      });
    });
    root.querySelectorAll("form[method=post]").forEach(function (form) {
      if (!form.querySelector("[data-unsaved]")) { return; }
      form.addEventListener("input", function () { showUnsaved(form); });
      form.addEventListener("change", function () { showUnsaved(form); });
    });
    var workspace = root.id === "workspace" ? root : root.querySelector("#workspace");
    if (!workspace) { return; }
    workspace.querySelectorAll("form[method=post]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        // A form that leaves the issue (to the trash) goes as a plain navigation: its next page has the message.
        if (event.defaultPrevented || form.hasAttribute("data-leaves")) { return; }
        event.preventDefault();
        var item = form.closest(".item");
        submitInPlace(form, event.submitter, item ? item.id : null);
      });
    });
    workspace.querySelectorAll("form[method=get]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        getInPlace(form.action.split("?")[0] + "?" + new URLSearchParams(new FormData(form)).toString(), null);
      });
    });
    workspace.querySelectorAll("a[data-in-place]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
        event.preventDefault();
        // « Close » on a form: what was typed in it is given up, after asking.
        var form = link.hasAttribute("data-discard") ? link.closest("form") : null;
        if (form && hasUnsaved(form) && !window.confirm(link.getAttribute("data-discard"))) { return; }
        getInPlace(link.href.split("#")[0], link.getAttribute("data-in-place"), form);
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
    initResolve(workspace);
  }

  // « Garder la mienne / Reprendre la leur »: resolved in place, the form saved when the editor is ready.
  function initResolve(workspace) {
    workspace.querySelectorAll(".field-conflict button[data-take], .field-conflict button[data-keep]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var box = button.closest(".field-conflict");
        var name = button.getAttribute("data-take");
        var field = name && button.form.elements.namedItem(name);
        if (field) { field.value = button.getAttribute("data-theirs"); field.dispatchEvent(new Event("input", { bubbles: true })); }
        var input = button.form.elements.namedItem(name || button.getAttribute("data-keep"));
        var rich = input && input.getAttribute && input.getAttribute("data-enhanced") && document.querySelector("trix-editor[input='" + input.id + "']");
        if (rich) {  // the intro's editor shows the text taken, and takes the focus
          if (field) { rich.editor.loadHTML(field.value); }
          input = rich;
        }
        box.remove();
        if (input && input.focus) { input.focus(); }
      });
    });
    // « Annuler » after a removal: offered for 10 seconds (unless the editor is on it); without JavaScript it
    // stays until the next page.
    workspace.querySelectorAll("form[data-undo-seconds]").forEach(function (undo) {
      var seconds = parseInt(undo.getAttribute("data-undo-seconds"), 10) * 1000;
      function expire() {
        if (undo.contains(document.activeElement)) { window.setTimeout(expire, 2000); return; }
        undo.remove();
      }
      window.setTimeout(expire, seconds);
    });
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

  // Soft lock: tell the server at once, then every 30 s, that this editor has the issue open, and show who else
  // has. The page itself only reads who is there: without JavaScript an editor is not announced to the others
  // (they still cannot overwrite each other: every save carries the version it was made on).
  function initPresence() {
    if (!document.getElementById("presence")) { return; }
    var token = document.querySelector("meta[name=csrf-token]").getAttribute("content");
    function beat(evenHidden) {
      var line = document.getElementById("presence");
      if (!line || (document.hidden && !evenHidden)) { return; }
      fetch(line.getAttribute("data-url"), { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (!answer) { return; }
          var names = answer.others.map(function (other) { return other.name; }).join(", ");
          line.textContent = names ? line.getAttribute("data-template").replace("__NAMES__", names) : "";
          line.hidden = !names;
        })
        .catch(function () { /* offline for a moment: the next beat tries again */ });
    }
    beat(true);  // on load, even in a background tab: the editor opened it
    window.setInterval(function () { beat(false); }, 30000);
  }

  // Ctrl+S (⌘S on a Mac) in a form with a Save button saves that form, rather than the web page.
  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== "s") { return; }
    var form = event.target.closest ? event.target.closest("form[method=post]") : null;
    var save = form && form.querySelector("button[aria-keyshortcuts]");
    if (!save) { return; }
    event.preventDefault();
    form.requestSubmit(save);
  });

  // Leaving a page (a link, closing the tab) with typing not saved asks first; the form being sent does not count.
  var leaving = null;
  document.addEventListener("submit", function (event) { leaving = event.defaultPrevented ? null : event.target; });
  window.addEventListener("beforeunload", function (event) {
    var unsaved = unsavedFields(document, leaving);
    leaving = null;
    if (unsaved.length) { event.preventDefault(); event.returnValue = ""; }
  });

  // Back to a page kept in the browser's cache: the form that left it can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-leaves][aria-busy]").forEach(function (form) { form.removeAttribute("aria-busy"); });
  });

  // The details stay as the editor left them, open or folded, on the next pages (the server reads it).
  document.addEventListener("click", function (event) {
    var summary = event.target.closest ? event.target.closest("details.issue-details > summary") : null;
    if (!summary) { return; }
    var opening = !summary.parentElement.open;
    document.cookie = "details_open=" + (opening ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
  });

  // The intro as rich text, where the editor (Trix, from the pinned npm package) is installed: it writes its HTML
  // into the textarea it replaces, which the form sends as before (sanitized on save). Plain text typed in the
  // textarea (blank line = paragraph) is shown as paragraphs. Without it, the textarea stays.
  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function richText(root) {
    if (!window.Trix || !window.customElements) { return; }  // Trix defines its elements a moment later
    root.querySelectorAll("textarea[data-rich-text]").forEach(function (area) {
      if (area.getAttribute("data-enhanced")) { return; }
      try { Object.assign(Trix.config.lang, JSON.parse(area.getAttribute("data-rich-text"))); } catch (e) { /* keep */ }
      Trix.config.blockAttributes.default.tagName = "p";
      Trix.config.blockAttributes.heading1.tagName = "h2";
      var pristine = area.value === area.defaultValue;
      if (area.value.trim() && !/<[a-z][^>]*>/i.test(area.value)) {
        area.value = area.value.replace(/\r\n/g, "\n").split(/\n\s*\n/).filter(function (p) { return p.trim(); })
          .map(function (p) { return "<p>" + escapeHtml(p.trim()).replace(/\n/g, "<br>") + "</p>"; }).join("");
      }
      area.setAttribute("data-server-value", area.defaultValue);  // as the server sent it, to compare with
      var id = area.id;
      var label = document.querySelector("label[for='" + id + "']");
      area.id = id + "-html";
      area.setAttribute("data-enhanced", "1");
      area.hidden = true;
      var editor = document.createElement("trix-editor");
      editor.id = id;  // the field's label now names the editor
      editor.className = "rich-text";
      editor.setAttribute("input", area.id);
      if (label) {
        label.id = label.id || id + "-label";
        editor.setAttribute("aria-labelledby", label.id);
        area.setAttribute("data-label-id", label.id);
      }
      if (area.getAttribute("aria-describedby")) { editor.setAttribute("aria-describedby", area.getAttribute("aria-describedby")); }
      editor.addEventListener("trix-initialize", function () {
        if (pristine) { area.defaultValue = area.value; }  // Trix's own HTML of the same text is not a change
      });
      editor.addEventListener("trix-file-accept", function (event) { event.preventDefault(); });  // no attachments
      editor.addEventListener("trix-change", function () { area.dispatchEvent(new Event("input", { bubbles: true })); });
      area.parentNode.insertBefore(editor, area.nextSibling);
    });
  }

  // Options that are a GET form (the preview's dark mode, images, profile) apply as soon as they change.
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit")) { form.requestSubmit(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    var flashes = document.querySelector(".flashes");
    if (flashes) { dismissible(flashes); }
    init(document);
    richText(document);
    initCopy();
    initPresence();
  });
})();
