/* Search and filters of recherche.html. Without this script every action stays listed and linked. */
(function () {
  "use strict";
  var form = document.getElementById("filtres");
  var list = document.getElementById("liste");
  if (!form || !list || !"".normalize) return;
  var items = Array.prototype.slice.call(list.children);
  var status = document.getElementById("resultat");
  var word = form.elements.q, axis = form.elements.axe, place = form.elements.lieu;

  // The same key as the build's search_key(): no accents, no case, one apostrophe.
  function key(text) {
    return text.replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/\u2019/g, "'").toLowerCase().split(/\s+/).join(" ").trim();
  }

  function apply() {
    var words = key(word.value).split(" ").filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var text = item.getAttribute("data-texte");
      var ok = words.every(function (w) { return text.indexOf(w) !== -1; }) &&
        (!axis.value || item.getAttribute("data-axe") === axis.value) &&
        (!place.value || item.getAttribute("data-lieux").split("|").indexOf(place.value) !== -1);
      item.hidden = !ok;
      if (ok) shown += 1;
    });
    status.textContent = shown === 0 ? "Aucune action ne correspond." :
      (shown === items.length ? "Les " + shown + " actions sont affichées." :
        shown + (shown > 1 ? " actions affichées" : " action affichée") + " sur " + items.length + ".");
  }

  var query = new URLSearchParams(window.location.search);
  word.value = query.get("q") || "";
  axis.value = query.get("axe") || "";
  place.value = query.get("lieu") || "";
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  apply();
})();
