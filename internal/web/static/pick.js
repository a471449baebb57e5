// The filter of a long picker: an input whose data-filter names a <select multiple> keeps in
// view the options whose text holds every word typed, and those already chosen, so that a
// choice never disappears from under the user. The input is hidden in the page and shown
// here: without script the list is whole, as it always was.
(function () {
  'use strict';
  function words(s) {
    return s.toLowerCase().split(/[\s,，、　]+/).filter(Boolean);
  }
  Array.prototype.forEach.call(document.querySelectorAll('input[data-filter]'), function (input) {
    var select = document.getElementById(input.getAttribute('data-filter'));
    if (!select) {
      return;
    }
    var none = document.getElementById(input.getAttribute('data-filter') + '-none');
    var texts = Array.prototype.map.call(select.options, function (o) { return o.text.toLowerCase(); });
    function apply() {
      var ws = words(input.value), matched = 0;
      Array.prototype.forEach.call(select.options, function (o, i) {
        var match = ws.every(function (w) { return texts[i].indexOf(w) >= 0; });
        if (match) {
          matched++;
        }
        o.hidden = !match && !o.selected;
      });
      if (none) {
        none.hidden = matched > 0;
      }
    }
    input.addEventListener('input', apply);
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault(); // Enter filters; it does not send the form half filled
      }
    });
    input.hidden = false;
    apply();
  });
})();
