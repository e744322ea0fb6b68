// Follows a job (imports page, link check on the compose page): polls its JSON status, moves the <progress> bar, and reloads the page once
// the job has ended so its result (or the reason it failed) shows as the server writes it.
(function () {
  "use strict";
  function follow(section) {
    if (section.getAttribute("data-following")) { return; }
    section.setAttribute("data-following", "1");
    var url = section.getAttribute("data-job-url");
    var bar = section.querySelector("progress");
    var status = section.querySelector(".job-status");
    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) { window.setTimeout(poll, 3000); return; }
          if (job.total) { bar.max = job.total; bar.value = job.done; } else { bar.removeAttribute("value"); }
          if (status.textContent !== job.label) { status.textContent = job.label; }
          if (job.finished) { window.location.reload(); } else { window.setTimeout(poll, 700); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 300);
  }
  function followAll(root) {
    if (root.matches && root.matches("[data-job-url]")) { follow(root); }
    if (root.querySelectorAll) { root.querySelectorAll("[data-job-url]").forEach(follow); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    followAll(document);
    // A job started by an action the compose page applied in place (« Vérifier les liens »): its block is new.
    new MutationObserver(function (changes) {
      changes.forEach(function (change) { change.addedNodes.forEach(followAll); });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
