/* Availability matrix filters: county name, plan and Community Support, kept in the URL query
   (?county=...&plan=...&service=...) so a link shows the same view. Progressive enhancement: without
   JavaScript the full table is there and the (hidden) form stays hidden. Runs on every page through
   Material's document$ (instant navigation does not re-run scripts) and does nothing where there is no matrix. */
(function () {
  "use strict";

  function norm(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\bcounty\b/g, "").replace(/\s+/g, " ").trim();
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function init() {
    var form = document.getElementById("matrix-filters");
    var table = document.getElementById("availability-matrix");
    if (!form || !table || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");

    var county = form.elements.namedItem("county");
    var plan = form.elements.namedItem("plan");
    var service = form.elements.namedItem("service");
    var count = document.getElementById("mf-count");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var serviceCells = Array.prototype.slice.call(table.querySelectorAll("[data-service]"));
    var noPlanCells = Array.prototype.slice.call(table.querySelectorAll("td.no-plan"));
    var fullSpan = noPlanCells.length ? noPlanCells[0].colSpan : 1;
    var countText = form.getAttribute("data-count-text") || "";
    var noneText = form.getAttribute("data-none-text") || "";

    var params = new URLSearchParams(window.location.search);
    county.value = params.get("county") || "";
    var p = params.get("plan") || "";
    plan.value = hasOption(plan, p) ? p : "";
    var s = params.get("service") || "";
    service.value = hasOption(service, s) ? s : "";

    function apply() {
      var q = norm(county.value);
      var pv = plan.value;
      var sv = service.value;
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!q || norm(row.getAttribute("data-county-name")).indexOf(q) !== -1) &&
          (!pv || row.getAttribute("data-plan") === pv);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      serviceCells.forEach(function (cell) {
        cell.hidden = !!sv && cell.getAttribute("data-service") !== sv;
      });
      noPlanCells.forEach(function (cell) { cell.colSpan = sv ? 1 : fullSpan; });
      count.textContent = shown ? countText.replace("{shown}", shown).replace("{total}", rows.length) : noneText;

      var next = new URLSearchParams(window.location.search);
      [["county", county.value.trim()], ["plan", pv], ["service", sv]].forEach(function (pair) {
        if (pair[1]) next.set(pair[0], pair[1]); else next.delete(pair[0]);
      });
      var query = next.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
      }
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.hidden = false;
    apply();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
