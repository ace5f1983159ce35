/* crdesk web front: show_if fields and keyboard shortcuts for the call screen. No inline scripts (CSP). */
(function () {
  function valuesOf(form, name) {
    var out = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox")) { if (el.checked) out.push(el.value); }
      else if (el.value) out.push(el.value);
    });
    return out;
  }
  function applyShowIf(root) {
    root.querySelectorAll("[data-show-if]").forEach(function (box) {
      var form = box.closest("form");
      if (!form) return;
      var wanted = (box.dataset.showValues || "").split("|").filter(Boolean);
      var given = valuesOf(form, box.dataset.showIf);
      var parent = form.querySelector('[data-field="' + box.dataset.showIf + '"]');
      var visible = given.length > 0 && (wanted.length === 0 || given.some(function (v) { return wanted.indexOf(v) >= 0; }));
      if (parent && parent.hidden) visible = false;
      box.hidden = !visible;
      box.querySelectorAll("input, textarea, select").forEach(function (el) { el.disabled = !visible; });
    });
  }
  document.addEventListener("change", function (e) { if (e.target.form) applyShowIf(e.target.form); });
  document.addEventListener("DOMContentLoaded", function () { applyShowIf(document); });
  document.addEventListener("htmx:afterSwap", function (e) { applyShowIf(e.target); });
  /* Alt+1..8 choose an outcome, Alt+R reveals the number, Alt+N goes to the next call. */
  document.addEventListener("keydown", function (e) {
    if (!e.altKey) return;
    var target = document.querySelector('[data-key="' + e.key.toLowerCase() + '"]');
    if (target) { e.preventDefault(); target.focus(); target.click(); }
  });
})();
