/* Pasting an article keeps the page's structure: when the clipboard holds HTML (headings, paragraphs, links,
   lists, quotes, captions), it goes to the form's hidden "html" field and the text area shows the plain text.
   Without JavaScript, or when the clipboard has text only, the text is what is read. */
(function () {
  "use strict";
  var area = document.querySelector("textarea[data-paste-html]");
  if (!area || !area.form) { return; }
  var hidden = area.form.querySelector("input[name=html]");
  var status = document.getElementById("paste-status");
  if (!hidden) { return; }

  function say(key) { if (status) { status.textContent = key ? status.getAttribute("data-" + key) : ""; } }

  function plainText(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll("script, style, noscript, template").forEach(function (el) { el.remove(); });
    doc.querySelectorAll("p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, div, tr, br").forEach(function (el) {
      el.insertAdjacentText("afterend", "\n");
    });
    return (doc.body ? doc.body.textContent : "").replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
  }

  area.addEventListener("paste", function (event) {
    var data = event.clipboardData;
    var html = data ? data.getData("text/html") : "";
    if (!html) { hidden.value = ""; say(""); return; }  // text only: the browser pastes it as usual
    event.preventDefault();
    var text = data.getData("text/plain") || plainText(html);
    var start = area.selectionStart, end = area.selectionEnd;
    area.value = area.value.slice(0, start) + text + area.value.slice(end);
    area.selectionStart = area.selectionEnd = start + text.length;
    hidden.value = html;
    say("kept");
    area.dispatchEvent(new Event("change", { bubbles: true }));
  });

  area.addEventListener("input", function () {
    if (hidden.value) { hidden.value = ""; say("dropped"); }  // typed by hand after the paste: the text wins
  });
}());
