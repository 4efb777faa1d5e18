/* Preview only (never in output/site/): reload this page when it or the style changes, show content errors. */
(function () {
  "use strict";
  var page = decodeURIComponent(location.pathname.replace(/^\//, "")) || "index.html";
  var served = Number(document.currentScript.getAttribute("data-version"));
  var source = new EventSource("/__apercu/evenements");
  function overlay(text) {
    var box = document.getElementById("apercu-erreurs");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "apercu-erreurs";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:1000;overflow:auto;background:rgba(20,20,20,.92);" +
        "color:#fff;font:15px/1.5 monospace;padding:2rem;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = text + "\n\nLes pages précédentes restent affichées. Corrigez puis enregistrez.";
  }
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    overlay(state.error);
    // The first message is the state as it is now: reload only if the page changed since it was served.
    var mine = state.changed.some(function (name) { return name === page || name.indexOf("assets/") === 0; });
    if (state.version !== served && !state.error && mine) location.reload();
    served = state.version;
  };
})();
