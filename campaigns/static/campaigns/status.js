/* Fills in what differs per visitor; without it the page still reads. */
(function () {
  var root = document.querySelector("[data-campaign-status]");
  if (!root || !window.fetch) { return; }
  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }
  each("form[data-campaign-form]", function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) { b.disabled = true; });
    });
  });
  fetch(root.getAttribute("data-campaign-status"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (state) {
      if (!state) { return; }
      each("input[data-csrf]", function (input) { input.value = state.csrf; });
      each("[data-for=visitor]", function (el) { el.hidden = state.authenticated; });
      each("[data-for=member]", function (el) { el.hidden = !state.authenticated; });
      each("[data-tip-link]", function (el) { el.value = state.tip_link || ""; });
      each("[data-offer]", function (el) {
        var offer = (state.offers || {})[el.getAttribute("data-offer")];
        if (!offer) { return; }
        Array.prototype.forEach.call(el.querySelectorAll("[data-offer-left]"), function (n) { n.textContent = offer.left; });
        Array.prototype.forEach.call(el.querySelectorAll("[data-offer-bar]"), function (n) { n.style.width = (100 * offer.claimed / offer.total) + "%"; });
        Array.prototype.forEach.call(el.querySelectorAll("[data-offer-mine]"), function (n) { n.hidden = !offer.mine; });
        Array.prototype.forEach.call(el.querySelectorAll("[data-offer-full]"), function (n) { n.hidden = offer.mine || offer.left > 0; });
        Array.prototype.forEach.call(el.querySelectorAll("[data-offer-open]"), function (n) { n.hidden = offer.mine || offer.left <= 0; });
      });
    })
    .catch(function () {});
})();
