/*
 * 党建343 - site-wide behaviour. Plain ES2017, no build step.
 * The CSP forbids inline JS, so every page behaviour lives here and is
 * driven by data-* attributes:
 *   <meta name="csrf-token" content="...">      -> X-CSRFToken header on htmx requests
 *   data-confirm="确定删除？"   (form / button / a) -> window.confirm before submit/follow
 *   <select data-autosubmit>                      -> submit the enclosing form on change
 *   <div data-echarts="opt-id"> + <script type="application/json" id="opt-id">{...}</script>
 *                                                 -> ECharts chart (page must load echarts.min.js)
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

  // (d) ECharts.
  var PALETTE = ["#c62828", "#d4a017", "#37474f", "#ef6c00", "#2e7d32", "#6a1b9a", "#00838f", "#8d6e63"];

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

  // Initial page, then any content htmx swaps in; dispose charts htmx removes.
  document.addEventListener("DOMContentLoaded", function () { initCharts(document); initBars(document); });
  document.addEventListener("htmx:load", function (evt) { initCharts(evt.target); initBars(evt.target); });
  document.addEventListener("htmx:beforeCleanupElement", function (evt) {
    if (typeof window.echarts !== "undefined" && evt.target.matches && evt.target.matches("[data-echarts]")) {
      var chart = window.echarts.getInstanceByDom(evt.target);
      if (chart) {
        chart.dispose();
      }
    }
  });
})();
