// The inbox's only script: live rows over server-sent events, and click-to-zoom on page images.
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  if (queue && window.EventSource) {
    var source = new EventSource("/events");
    source.addEventListener("open", function () { document.body.dataset.live = "on"; });
    source.addEventListener("error", function () { document.body.dataset.live = "off"; });
    source.addEventListener("changed", function () {
      fetch(queue.dataset.live, {credentials: "same-origin", headers: {"Accept": "text/html"}})
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { queue.innerHTML = html; document.body.dataset.refreshed = String(Date.now()); })
        .catch(function () { /* the next event or a reload brings the rows */ });
    });
  }
  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (t && t.classList && t.classList.contains("page")) { t.classList.toggle("zoomed"); }
  });
})();
