// crossroads web: the little JavaScript the pages need (no inline scripts; CSP script-src 'self').
// - every range slider shows its value in its <output>;
// - the "assumption" picker sets the range of the assumption slider to the registry's range.
(function () {
  "use strict";
  function showValue(input) {
    var id = input.getAttribute("data-output");
    var out = id && document.getElementById(id);
    if (out) { out.textContent = input.disabled ? "—" : String(input.value); }
  }
  document.addEventListener("input", function (ev) {
    var t = ev.target;
    if (t && t.matches && t.matches("input[type=range][data-output]")) { showValue(t); }
  });
  document.addEventListener("change", function (ev) {
    var sel = ev.target;
    if (!sel || !sel.matches || !sel.matches("select[data-assumption]")) { return; }
    var slider = document.getElementById("w-assumption_value");
    var opt = sel.options[sel.selectedIndex];
    if (!slider) { return; }
    if (!opt || !opt.value) { slider.disabled = true; showValue(slider); return; }
    var lo = parseFloat(opt.getAttribute("data-low")), hi = parseFloat(opt.getAttribute("data-high"));
    slider.min = String(lo); slider.max = String(hi);
    slider.step = String((hi - lo) / 100 || "any");
    slider.value = opt.getAttribute("data-value");
    slider.disabled = false;
    showValue(slider);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=range][data-output]").forEach(showValue);
  });
})();
