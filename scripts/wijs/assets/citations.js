/* WIJS Onderzoeksbank: the "Kopieer verwijzing" button of "Citeer dit".
   The button stays hidden without JavaScript; its messages come from data attributes. */
(function () {
  "use strict";

  function copyWithSelection(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    return done;
  }

  function copy(element) {
    var text = element.textContent.replace(/\s+/g, " ").trim();
    if (navigator.clipboard && window.isSecureContext) {
      var html = element.innerHTML;
      if (window.ClipboardItem) {
        var item = new window.ClipboardItem({
          "text/plain": new Blob([text], { type: "text/plain" }),
          "text/html": new Blob([html], { type: "text/html" })
        });
        return navigator.clipboard.write([item]).catch(function () {
          return navigator.clipboard.writeText(text);
        });
      }
      return navigator.clipboard.writeText(text);
    }
    return copyWithSelection(element) ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function setUp(button) {
    var target = document.getElementById(button.getAttribute("data-wijs-copy"));
    if (!target) {
      return;
    }
    var status = button.parentNode.querySelector("[role=status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(target).then(
        function () {
          button.setAttribute("data-wijs-state", "copied");
          if (status) {
            status.textContent = button.getAttribute("data-wijs-copied");
          }
        },
        function () {
          copyWithSelection(target);
          if (status) {
            status.textContent = button.getAttribute("data-wijs-failed");
          }
        }
      );
    });
  }

  function start() {
    var buttons = document.querySelectorAll("[data-wijs-copy]");
    for (var i = 0; i < buttons.length; i++) {
      setUp(buttons[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
