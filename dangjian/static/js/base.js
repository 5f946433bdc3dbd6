/*
 * 党建343 - site-wide behaviour. Plain ES2017, no build step.
 * The CSP forbids inline JS, so every page behaviour lives here and is
 * driven by data-* attributes:
 *   <meta name="csrf-token" content="...">      -> X-CSRFToken header on htmx requests
 *   data-confirm="确定删除？"   (form / button / a) -> window.confirm before submit/follow
 *   <select data-autosubmit>                      -> submit the enclosing form on change
 *   <a data-back href="/">                        -> history.back() when there is a page to go back to
 *   <div data-echarts="opt-id"> + <script type="application/json" id="opt-id">{...}</script>
 *                                                 -> ECharts chart (page must load echarts.min.js)
 *   <select data-picker [data-org-field="organization"]> -> filter box for person selects (lib/people.py)
 *   <button data-check-all="members">            -> tick every enabled checkbox named "members"
 */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // (a) htmx: send the CSRF token on every request.
  document.addEventListener("htmx:configRequest", function (evt) {
    var token = csrfToken();
    if (token) {
      evt.detail.headers["X-CSRFToken"] = token;
    }
  });

  // htmx does not swap error responses by default: tell the user instead of failing silently.
  document.addEventListener("htmx:responseError", function (evt) {
    var status = evt.detail.xhr ? evt.detail.xhr.status : "";
    window.alert("请求失败（" + status + "），请刷新页面后重试。");
  });
  document.addEventListener("htmx:sendError", function () {
    window.alert("网络连接失败，请检查网络后重试。");
  });

  // (b) data-confirm on buttons/links (click) and on forms (submit).
  // Capture phase, so a cancelled confirm also stops htmx from seeing the event.
  document.addEventListener("click", function (evt) {
    var el = evt.target.closest ? evt.target.closest("button[data-confirm], input[data-confirm], a[data-confirm]") : null;
    if (el && !el.disabled && !window.confirm(el.getAttribute("data-confirm"))) {
      evt.preventDefault();
      evt.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
      evt.preventDefault();
      evt.stopImmediatePropagation();
    }
  }, true);

  // data-back: go back to the page the user came from (the href is the fallback when there is none).
  document.addEventListener("click", function (evt) {
    var el = evt.target.closest ? evt.target.closest("a[data-back]") : null;
    if (el && window.history.length > 1 && document.referrer) {
      evt.preventDefault();
      window.history.back();
    }
  });

  // (c) auto-submit filter dropdowns.
  document.addEventListener("change", function (evt) {
    var el = evt.target;
    if (!el.matches || !el.matches("[data-autosubmit]") || !el.form) {
      return;
    }
    if (typeof el.form.requestSubmit === "function") {
      el.form.requestSubmit(); // fires "submit", so htmx/data-confirm still apply
    } else {
      el.form.submit();
    }
  });

  // (c2) tick-all buttons of checklists.
  document.addEventListener("click", function (evt) {
    var el = evt.target.closest ? evt.target.closest("[data-check-all]") : null;
    if (!el) {
      return;
    }
    var name = el.getAttribute("data-check-all");
    document.querySelectorAll("input[type=checkbox]:not(:disabled)").forEach(function (box) {
      if (box.name === name) {
        box.checked = true;
      }
    });
  });

  // (d) ECharts.
  // Neutral, distinguishable hues: red is kept for problems and the primary action.
  var PALETTE = ["#455a64", "#6d8fa8", "#a1887f", "#7e9b6e", "#b59a4a", "#8e7cc3", "#5f9ea0", "#9e9e9e", "#546e7a", "#c0a98e"];

  function initCharts(root) {
    if (typeof window.echarts === "undefined" || !root || !root.querySelectorAll) {
      return;
    }
    var nodes = Array.prototype.slice.call(root.querySelectorAll("[data-echarts]"));
    if (root.matches && root.matches("[data-echarts]")) {
      nodes.push(root);
    }
    nodes.forEach(function (el) {
      if (window.echarts.getInstanceByDom(el)) {
        return;
      }
      var source = document.getElementById(el.getAttribute("data-echarts"));
      if (!source) {
        return;
      }
      var option;
      try {
        option = JSON.parse(source.textContent);
      } catch (e) {
        console.error("data-echarts: invalid JSON in #" + source.id, e);
        return;
      }
      if (!option.color) {
        option.color = PALETTE;
      }
      // HTML tooltips put style="" attributes into innerHTML, which the CSP blocks;
      // canvas-rendered (richText) tooltips are CSP-safe.
      [].concat(option.tooltip || []).forEach(function (t) {
        if (t && !t.renderMode) {
          t.renderMode = "richText";
        }
      });
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
    });
  }

  var resizeQueued = false;
  window.addEventListener("resize", function () {
    if (resizeQueued || typeof window.echarts === "undefined") {
      return;
    }
    resizeQueued = true;
    window.requestAnimationFrame(function () {
      resizeQueued = false;
      document.querySelectorAll("[data-echarts]").forEach(function (el) {
        var chart = window.echarts.getInstanceByDom(el);
        if (chart) {
          chart.resize();
        }
      });
    });
  });

  // Progress bars: their width from data-width (a style attribute would be refused by the CSP).
  function initBars(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      el.style.width = Math.max(0, Math.min(100, Number(el.dataset.width) || 0)) + "%";
    });
  }

  // Person pickers: a filter box above <select data-picker> (options carry data-search: name, pinyin initials,
  // full pinyin, 工号); one match is selected at once. With data-org-field, the members of the organization chosen
  // in that field (or the fixed data-org) come first (options' data-orgs). Options are removed and re-added, not hidden: phones' native
  // pickers ignore hidden options.
  function initPicker(select) {
    if (select.dataset.pickerReady) {
      return;
    }
    select.dataset.pickerReady = "1";
    var all = Array.prototype.slice.call(select.options);
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1";
    input.placeholder = "输入姓名、拼音首字母或工号筛选";
    input.autocomplete = "off";
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    input.setAttribute("aria-label", "筛选" + (label ? label.textContent.replace("*", "").trim() : ""));
    select.parentNode.insertBefore(input, select);
    var orgField = select.dataset.orgField && select.form ? select.form.elements[select.dataset.orgField] : null;

    function show() {
      var query = input.value.trim().toLowerCase();
      var org = " " + (orgField ? orgField.value : select.dataset.org || "") + " ";
      var chosen = select.value;
      var matches = all.filter(function (opt) {
        var key = opt.getAttribute("data-search") || opt.text.toLowerCase();
        return !opt.value || opt.value === chosen || !query || key.indexOf(query) !== -1;
      });
      if (org.trim()) {
        var member = function (opt) { return (" " + (opt.getAttribute("data-orgs") || "") + " ").indexOf(org) !== -1; };
        matches = matches.filter(function (opt) { return !opt.value; })
          .concat(matches.filter(function (opt) { return opt.value && member(opt); }))
          .concat(matches.filter(function (opt) { return opt.value && !member(opt); }));
      }
      while (select.options.length) {
        select.remove(0);
      }
      matches.forEach(function (opt) { select.add(opt); });
      select.value = chosen;
      var people = matches.filter(function (opt) { return opt.value; });
      if (query && people.length === 1 && select.value !== people[0].value) {
        select.value = people[0].value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    input.addEventListener("input", show);
    if (orgField) {
      orgField.addEventListener("change", show);
    }
    if (orgField || select.dataset.org) {
      show();
    }
  }
  function initPickers(root) {
    root.querySelectorAll("select[data-picker]").forEach(initPicker);
  }

  // Filters on phones: a list's filter form (form.dj-filters) folds behind one 筛选 button that counts the
  // filters in use; the CSS folds it below 576 px only, so wider screens and pages without script show it whole.
  function initFilters(root) {
    root.querySelectorAll("form.dj-filters:not([data-folding])").forEach(function (form) {
      form.setAttribute("data-folding", "");
      var used = Array.prototype.filter.call(form.querySelectorAll("select, input[type=search], input[type=text], input[type=date]"), function (field) {
        return field.value !== "" && field.type !== "hidden";
      }).length;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-secondary btn-sm w-100 dj-filters-toggle";
      button.setAttribute("aria-expanded", "false");
      button.textContent = used ? "筛选（已选 " + used + " 项）" : "筛选";
      button.addEventListener("click", function () {
        var open = form.classList.toggle("dj-filters-open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
      form.insertBefore(button, form.firstChild);
    });
  }

  // Initial page, then any content htmx swaps in; dispose charts htmx removes.
  document.addEventListener("DOMContentLoaded", function () { initCharts(document); initBars(document); initPickers(document); initFilters(document); });
  document.addEventListener("htmx:load", function (evt) { initCharts(evt.target); initBars(evt.target); initPickers(evt.target); initFilters(evt.target); });
  document.addEventListener("htmx:beforeCleanupElement", function (evt) {
    if (typeof window.echarts !== "undefined" && evt.target.matches && evt.target.matches("[data-echarts]")) {
      var chart = window.echarts.getInstanceByDom(evt.target);
      if (chart) {
        chart.dispose();
      }
    }
  });
})();
