/* WIJS Onderzoeksbank: filter the questions of /vragen/ by wijk, thema and niveau.
   Without JavaScript every question is listed and the filter form stays hidden. The filters
   are in the address (?wijk=selwerd&niveau=hbo), so a filtered list can be shared. Texts come
   from the page's data attributes. */
(function () {
  "use strict";

  var form = document.getElementById("wijs-vraagfilter");
  var status = document.getElementById("wijs-vraagstatus");
  if (!form || !status) {
    return;
  }
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var cards = Array.prototype.slice.call(document.querySelectorAll("li.wijs-vraag"));
  var lists = Array.prototype.slice.call(document.querySelectorAll("ul.wijs-vragen"));

  var params = new URLSearchParams(window.location.search);
  selects.forEach(function (select) {
    var wanted = params.get(select.name);
    var known = Array.prototype.some.call(select.options, function (option) {
      return option.value === wanted;
    });
    if (wanted && known) {
      select.value = wanted;
    }
  });

  function matches(card) {
    return selects.every(function (select) {
      if (!select.value) {
        return true;
      }
      var values = (card.getAttribute("data-" + select.name) || "").split(" ");
      return values.indexOf(select.value) >= 0;
    });
  }

  function apply() {
    var shown = 0;
    var open = 0;
    cards.forEach(function (card) {
      var match = matches(card);
      card.hidden = !match;
      if (match) {
        shown += 1;
        if (card.closest("#vragen-open")) {
          open += 1;
        }
      }
    });
    lists.forEach(function (list) {
      var empty = list.nextElementSibling;
      if (empty && empty.classList.contains("wijs-vragen-leeg")) {
        empty.hidden = list.querySelector("li.wijs-vraag:not([hidden])") !== null;
      }
    });
    var active = selects.some(function (select) {
      return select.value;
    });
    var text = "";
    if (active) {
      var key = shown === 0 ? "geen" : shown === 1 ? "een" : "meer";
      text = status.getAttribute("data-" + key).replace("{n}", shown).replace("{open}", open);
    }
    status.textContent = text;
    var query = new URLSearchParams();
    selects.forEach(function (select) {
      if (select.value) {
        query.set(select.name, select.value);
      }
    });
    var search = query.toString();
    window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  selects.forEach(function (select) {
    select.addEventListener("change", apply);
  });
  form.addEventListener("reset", function () {
    window.setTimeout(apply, 0);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.hidden = false;
  apply();
})();
