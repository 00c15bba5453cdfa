// Draws the Vega-Lite chart of the page (its spec is the JSON in #dyad-chart) with the inlined vega-embed.
(function () {
  var spec = JSON.parse(document.getElementById('dyad-chart').textContent);
  var target = document.getElementById('chart');
  vegaEmbed(target, spec, { actions: false, renderer: 'svg' }).then(function () {
    target.setAttribute('data-drawn', 'yes');
  }).catch(function (error) {
    target.textContent = 'The chart could not be drawn: ' + error;
  });
})();
