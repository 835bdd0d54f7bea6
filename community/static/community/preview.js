/* "Voorbeeld": shows how a post will look, rendered by the server through the same function that
   stores it. Without JavaScript the button stays hidden and posting works as before. */
(function () {
  if (!window.fetch || !window.FormData) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-preview]"), function (box) {
    var form = box.closest("form");
    var button = box.querySelector("[data-preview-button]");
    var output = box.querySelector("[data-preview-output]");
    if (!form || !button || !output) { return; }
    box.hidden = false;
    button.addEventListener("click", function () {
      var data = new FormData();
      var body = form.querySelector("textarea[name=body]");
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      data.append("body", body ? body.value : "");
      data.append("csrfmiddlewaretoken", token ? token.value : "");
      button.disabled = true;
      fetch(box.getAttribute("data-preview"), {method: "POST", body: data, credentials: "same-origin"})
        .then(function (response) { return response.text().then(function (text) { return {ok: response.ok, text: text}; }); })
        .then(function (result) {
          // The server's fragment is already sanitised; an error message is plain text.
          if (result.ok) { output.innerHTML = result.text; } else { output.textContent = result.text; }
          output.hidden = false;
        })
        .catch(function () { output.textContent = "Het voorbeeld lukte niet; je tekst is niet verloren."; output.hidden = false; })
        .then(function () { button.disabled = false; });
    });
  });
})();
