/* Reports a campaign visit to our own server: where the visitor came from (the UTM
 * parameters of this address) and, once, that they read on (15 seconds or half the page).
 * No cookies are read or written here and nothing goes to a third party. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URLSearchParams) { return; }
  var endpoint = script.getAttribute("data-endpoint");
  var campaign = script.getAttribute("data-campaign") || "";
  var search = window.location.search || "";
  if (!campaign && search.indexOf("utm_") === -1) { return; }

  function send(event) {
    var body = new URLSearchParams();
    body.set("e", event);
    body.set("c", campaign);
    body.set("q", search);
    body.set("p", window.location.pathname);
    return fetch(endpoint, {method: "POST", body: body, credentials: "same-origin", keepalive: true})
      .catch(function () {});
  }

  var visit = send("bezoek");
  if (!campaign) { return; }
  var done = false;
  function engaged() {
    if (done) { return; }
    done = true;
    window.removeEventListener("scroll", onScroll);
    // After the visit is in, so the server knows the session it belongs to.
    visit.then(function () { send("gelezen"); });
  }
  function onScroll() {
    var page = document.documentElement;
    if (window.scrollY + window.innerHeight >= page.scrollHeight / 2) { engaged(); }
  }
  window.addEventListener("scroll", onScroll, {passive: true});
  window.setTimeout(engaged, 15000);
})();
