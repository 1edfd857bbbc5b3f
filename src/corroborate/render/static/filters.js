// Story page filters: disputed only, by outlet, speaker and language. Every filterable row or
// block carries data-outlets and data-langs ("|"-separated), data-disputed and, for quotes,
// data-speaker; the filter hides what does not match and counts what is left.
(function () {
  const form = document.getElementById("filters");
  if (!form) return;
  const items = Array.from(document.querySelectorAll(".item"));
  const has = (el, key, value) => !value || (el.dataset[key] || "").split("|").includes(value);
  function apply() {
    const disputed = form.elements.disputed.checked;
    const outlet = form.elements.outlet.value;
    const speaker = form.elements.speaker.value;
    const lang = form.elements.lang.value;
    let shown = 0;
    for (const el of items) {
      const isQuote = el.dataset.speaker !== undefined;
      const ok = (!disputed || el.dataset.disputed === "1")
        && has(el, "outlets", outlet)
        && (!lang || !el.dataset.langs || has(el, "langs", lang))
        && (!speaker || (isQuote && el.dataset.speaker === speaker));
      el.hidden = !ok;
      if (ok) shown += 1;
    }
    const any = disputed || outlet || speaker || lang;
    document.getElementById("filter-count").textContent =
      any ? `${shown} of ${items.length} items shown` : "";
  }
  form.addEventListener("change", apply);
  apply();
})();
