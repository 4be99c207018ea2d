// Appended to Material's search worker by sitebuild/material_patch.py (Material 9.8.1, lunr 2.3.9).
//
// With a stemmer in the index pipeline (the Spanish site: lunr-languages' Spanish stemmer), the index holds word
// stems ("viviend" for "vivienda" and "viviendas"). Material's type-ahead adds a trailing "*" to every term typed,
// and lunr skips the search pipeline (the stemmer) for a term with a wildcard, so "vivienda*" was looked up as
// typed and found nothing once the word was complete. Here a type-ahead term is stemmed with the index's own
// search pipeline before the wildcard: "viviendas*" becomes "viviend*", which finds every form of the word, and
// a partly typed word keeps matching as before. Without a stemmer (Material's English default) nothing changes.
(function () {
  var lunr = self.lunr;
  if (!lunr || !lunr.Query || !lunr.Builder) return;
  var searchPipeline = null;

  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    searchPipeline = this.searchPipeline; // the query-side pipeline: the language's stemmer, if any
    return build.apply(this, arguments);
  };

  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (spec) {
    var term = spec && typeof spec.term === "string" ? spec.term : "";
    if (searchPipeline && spec.usePipeline === false && /^[^*]+\*$/.test(term)) {
      var stems = searchPipeline.runString(term.slice(0, -1));
      if (stems.length === 1 && stems[0]) spec.term = stems[0] + "*";
    }
    return clause.call(this, spec);
  };
})();
