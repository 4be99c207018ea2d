/* Availability matrix filters: several counties, plans and Community Supports at once (checkboxes), kept in the
   URL fragment (#county=fresno,alameda&plan=kp&service=recuperative_care, documented in the README) so a link
   or a reload shows the same view. The notes and sources under the table follow the view; "Download this view"
   cuts the site's own availability CSV down to the rows shown (no other request); a print says what it shows.
   Progressive enhancement: without JavaScript the full table is there and the form stays hidden. Runs on every
   page through Material's document$ (instant navigation does not re-run scripts); does nothing without a
   matrix, and nothing but wiring until someone filters. All words come from the page (content/ui.yaml). */
(function () {
  "use strict";

  var GROUPS = ["county", "plan", "service"];
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function norm(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  // "#county=a,b&plan=c" -> {county: ["a", "b"], plan: ["c"]}; null for an ordinary anchor such as #conflicts.
  function readFragment(hash) {
    var text = hash.replace(/^#/, "");
    if (text.indexOf("=") === -1) return null;
    var out = {};
    text.split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at < 1) return;
      try {
        out[decodeURIComponent(pair.slice(0, at))] = decodeURIComponent(pair.slice(at + 1)).split(",");
      } catch (e) { /* a malformed escape: that key is ignored */ }
    });
    return out;
  }

  // Links from before the fragment (?service=x&county=Contra%20Costa) still open the same view.
  function readQuery(search, boxes) {
    var params = new URLSearchParams(search);
    var out = {};
    GROUPS.forEach(function (g) {
      var value = params.get(g);
      if (!value) return;
      var want = norm(value);
      out[g] = boxes[g].filter(function (box) {
        return box.value === value || (g === "county" && norm(box.parentNode.textContent).indexOf(want) !== -1);
      }).map(function (box) { return box.value; });
    });
    return out;
  }

  // One CSV file as its records (header first), each the exact text of its line(s); quoted fields may hold
  // commas, quotes and line breaks (Python's csv module, as sitebuild/open_data.py writes it).
  function csvRecords(text) {
    var out = [], start = 0, quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (c === 10 && !quoted) { out.push(text.slice(start, i)); start = i + 1; }
    }
    if (start < text.length) out.push(text.slice(start));
    return out;
  }

  function csvFields(record) {
    var out = [], cur = "", quoted = false;
    for (var i = 0; i < record.length; i++) {
      var c = record[i];
      if (quoted) {
        if (c !== '"') cur += c;
        else if (record[i + 1] === '"') { cur += c; i++; } else quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === ",") { out.push(cur); cur = ""; } else cur += c;
    }
    out.push(cur);
    return out;
  }

  function init() {
    var form = document.getElementById("matrix-filters");
    var table = document.getElementById("availability-matrix");
    if (!form || !table || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");

    var article = form.closest("article") || document.body;
    var block = document.getElementById("matrix-block");
    var count = document.getElementById("mf-count");
    var showing = document.getElementById("mf-showing");
    var find = document.getElementById("mf-find");
    var findNone = document.getElementById("mf-find-none");
    var text = function (name) { return form.getAttribute("data-" + name + "-text") || ""; };
    var boxes = {};
    GROUPS.forEach(function (g) {
      boxes[g] = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name=" + g + "]"));
    });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var allServices = boxes.service.length;
    var dom = null; // looked up on the first filtering only

    function lookUp() {
      return {
        serviceCells: Array.prototype.slice.call(table.querySelectorAll("[data-service]")),
        noPlanCells: Array.prototype.slice.call(table.querySelectorAll("td.no-plan")),
        noted: Array.prototype.slice.call(table.querySelectorAll("td[data-notes]")),
        notes: Array.prototype.slice.call(article.querySelectorAll("[data-note]")),
        asOf: Array.prototype.slice.call(article.querySelectorAll("ul.as-of > li[data-plan]")),
        sources: Array.prototype.slice.call(article.querySelectorAll("ol.page-sources > li[id]")),
        cites: Array.prototype.slice.call(article.querySelectorAll("sup.cite a[href*='#src-']")),
        lists: ["matrix-conflicts", "matrix-notes"].map(function (id) { return document.getElementById(id); })
          .filter(Boolean)
      };
    }

    function chosen() {
      var out = {};
      GROUPS.forEach(function (g) {
        out[g] = boxes[g].filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      });
      return out;
    }

    function setChosen(values) {
      GROUPS.forEach(function (g) {
        var want = values[g] || [];
        boxes[g].forEach(function (b) { b.checked = want.indexOf(b.value) !== -1; });
      });
    }

    function names(g, values) {
      return boxes[g].filter(function (b) { return values.indexOf(b.value) !== -1; })
        .map(function (b) { return b.parentNode.textContent.trim(); });
    }

    function writeFragment(sel) {
      var parts = GROUPS.filter(function (g) { return sel[g].length; }).map(function (g) {
        return g + "=" + sel[g].map(encodeURIComponent).join(",");
      });
      var hash = parts.length ? "#" + parts.join("&") : "";
      var current = window.location.hash;
      if (hash === current || (!hash && readFragment(current) === null)) return; // keep an ordinary anchor
      window.history.replaceState(window.history.state, "", window.location.pathname + hash);
      document.dispatchEvent(new Event("site:fragment")); // the language switch keeps the view (lang-switch.js)
    }

    function apply() {
      var sel = chosen();
      var filtered = GROUPS.some(function (g) { return sel[g].length; });
      if (!dom) {
        if (!filtered) { writeFragment(sel); return; } // the page as built already shows everything
        dom = lookUp();
        dom.sources.forEach(function (li, i) { li.value = i + 1; }); // numbers stay when some are hidden
      }
      var inSet = function (list, value) { return !list.length || list.indexOf(value) !== -1; };
      var shown = 0, plans = {};
      rows.forEach(function (row) {
        var ok = inSet(sel.county, row.getAttribute("data-county")) && inSet(sel.plan, row.getAttribute("data-plan"));
        row.hidden = !ok;
        if (ok) { shown += 1; plans[row.getAttribute("data-plan")] = true; }
      });
      dom.serviceCells.forEach(function (cell) { cell.hidden = !inSet(sel.service, cell.getAttribute("data-service")); });
      var services = sel.service.length || allServices;
      dom.noPlanCells.forEach(function (cell) { cell.colSpan = services; });

      // Notes under the table: those of the cells on show (each cell lists its notes in data-notes).
      var notes = {};
      dom.noted.forEach(function (cell) {
        if (cell.hidden || cell.parentNode.hidden) return;
        cell.getAttribute("data-notes").split(" ").forEach(function (id) { notes[id] = true; });
      });
      dom.notes.forEach(function (li) { li.hidden = filtered && !notes[li.getAttribute("data-note")]; });
      dom.lists.forEach(function (list) {
        var empty = !list.querySelector("li:not([hidden])");
        list.hidden = empty;
        var heading = list.previousElementSibling;
        if (heading && /^H[2-6]$/.test(heading.tagName)) heading.hidden = empty;
      });
      dom.asOf.forEach(function (li) { li.hidden = filtered && !plans[li.getAttribute("data-plan")]; });
      // Sources: those still cited by something on show (the list keeps its numbers: each item has its value).
      // A source cited only by the introduction (which a filtered print leaves out) is left out of that print too.
      var cited = {}, intro = {};
      dom.cites.forEach(function (a) {
        if (!a.closest("[hidden]")) (a.closest(".mf-intro") ? intro : cited)[a.hash.slice(1)] = true;
      });
      dom.sources.forEach(function (li) {
        li.hidden = filtered && !cited[li.id] && !intro[li.id];
        li.classList.toggle("mf-intro", filtered && !cited[li.id]);
      });

      var words = {}; // in full for the print; the summaries on screen name at most three
      form.querySelectorAll(".mf-group").forEach(function (group) {
        var g = group.getAttribute("data-group");
        var out = group.querySelector(".mf-chosen");
        var list = sel[g].length ? names(g, sel[g]) : [out.getAttribute("data-all")];
        words[g] = list.join(", ");
        out.textContent = list.length <= 3 ? words[g]
          : fill(text("more"), { names: list.slice(0, 2).join(", "), n: String(list.length - 2) });
      });
      count.textContent = shown ? fill(text("count"), {
        shown: String(shown), total: String(rows.length), services: String(services), all_services: String(allServices)
      }) : text("none");
      showing.textContent = fill(text("print"), { filter: GROUPS.map(function (g) { return words[g]; }).join(" · ") });
      showing.hidden = !filtered;
      if (block) block.toggleAttribute("data-filtered", filtered);
      writeFragment(sel);
    }

    function filterCounties() {
      var want = norm(find.value);
      var any = false;
      boxes.county.forEach(function (box) {
        var ok = !want || norm(box.parentNode.textContent).indexOf(want) !== -1;
        box.parentNode.hidden = !ok;
        any = any || ok;
      });
      findNone.hidden = any;
    }

    function fileName(sel, url) {
      var base = url.split("/").pop().replace(/\.csv$/, "");
      GROUPS.forEach(function (g) {
        var ids = sel[g];
        if (!ids.length) return;
        base += "-" + ids.slice(0, 3).join("+") + (ids.length > 3 ? "+" + (ids.length - 3) : "");
      });
      return base + ".csv";
    }

    // The view as CSV: the same file as the full download (same columns, header and text), only the rows shown.
    function download() {
      var url = form.getAttribute("data-csv");
      var sel = chosen();
      window.fetch(url).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      }).then(function (csv) {
        var records = csvRecords(csv);
        var header = csvFields(records[0]);
        var at = { county: header.indexOf("county_id"), plan: header.indexOf("plan_id"),
          service: header.indexOf("service_id") };
        var keep = records.slice(1).filter(function (record) {
          if (!record) return false;
          var f = csvFields(record);
          return GROUPS.every(function (g) {
            var value = g === "plan" ? (f[at.plan] || "none") : f[at[g]];
            return !sel[g].length || sel[g].indexOf(value) !== -1;
          });
        });
        var blob = new Blob([[records[0]].concat(keep).join("\n") + "\n"], { type: "text/csv;charset=utf-8" });
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = fileName(sel, url);
        link.hidden = true;
        document.body.appendChild(link);
        link.click();
        window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      }).catch(function () { count.textContent = text("failed"); });
    }

    function restore() {
      var values = readFragment(window.location.hash);
      if (values === null && window.location.search) {
        values = readQuery(window.location.search, boxes);
        window.history.replaceState(window.history.state, "", window.location.pathname + window.location.hash);
      }
      if (values === null) return false;
      setChosen(values);
      return true;
    }

    form.addEventListener("change", function (event) { if (event.target !== find) apply(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { if (find) filterCounties(); apply(); }, 0);
    });
    if (find) find.addEventListener("input", filterCounties);
    document.getElementById("mf-download").addEventListener("click", download);
    document.getElementById("mf-copy").addEventListener("click", function () {
      var done = function (ok) { count.textContent = text(ok ? "copied" : "copy-failed"); };
      if (!navigator.clipboard) { done(false); return; } // an http page: the address bar has the same link
      navigator.clipboard.writeText(window.location.href).then(function () { done(true); }, function () { done(false); });
    });
    form.hidden = false;
    current = function () { if (document.getElementById("matrix-filters") === form && restore()) apply(); };
    current();
  }

  // The view follows the address: a link opened in this tab, Back, or Material's instant navigation (which may
  // set the address after the new page is in place).
  var current = null;
  var sync = function () { if (current) current(); };
  window.addEventListener("hashchange", sync);
  if (typeof window.location$ !== "undefined" && window.location$.subscribe) window.location$.subscribe(sync);

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
