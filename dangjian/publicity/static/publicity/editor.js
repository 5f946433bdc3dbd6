/*
 * 党建动态 editor: Quill 2 (vendor/quill) over a plain <textarea data-rich-editor>.
 * The textarea stays the form field: it is hidden once Quill starts and receives Quill's semantic HTML
 * on every change, so the page works without JavaScript too (then the textarea takes HTML directly).
 * Only formats the server keeps are enabled (no colours, fonts or sizes: those would need style
 * attributes, which our CSP forbids and the server strips anyway). The server sanitizes whatever arrives.
 */
(function () {
  "use strict";

  var FORMATS = ["header", "bold", "italic", "underline", "list", "blockquote", "link"];
  var TOOLBAR = [
    [{ header: [2, 3, 4, false] }],
    ["bold", "italic", "underline"],
    [{ list: "ordered" }, { list: "bullet" }],
    ["blockquote", "link"],
    ["clean"]
  ];
  var LABELS = {
    bold: "加粗", italic: "斜体", underline: "下划线", blockquote: "引用", link: "插入链接", clean: "清除格式",
    ordered: "编号列表", bullet: "项目列表"
  };

  function labelButtons(toolbar) {
    toolbar.querySelectorAll("button").forEach(function (button) {
      var format = (button.className.match(/ql-([a-z]+)/) || [])[1];
      var label = format === "list" ? LABELS[button.value] : LABELS[format];
      if (label) {
        button.setAttribute("aria-label", label);
        button.setAttribute("title", label);
      }
    });
    var header = toolbar.querySelector(".ql-header .ql-picker-label");
    if (header) {
      header.setAttribute("aria-label", "段落格式");
      header.setAttribute("title", "段落格式");
    }
  }

  function init(textarea) {
    if (typeof window.Quill === "undefined" || textarea.getAttribute("data-editor-ready")) {
      return;
    }
    textarea.setAttribute("data-editor-ready", "1");
    var wrap = document.createElement("div");
    wrap.className = "dj-editor-wrap";
    if (textarea.closest(".dj-field-invalid") || textarea.getAttribute("aria-invalid") === "true") {
      wrap.classList.add("dj-field-invalid");
    }
    var host = document.createElement("div");
    wrap.appendChild(host);
    textarea.parentNode.insertBefore(wrap, textarea);
    textarea.classList.add("d-none");

    var quill = new window.Quill(host, {
      theme: "snow",
      formats: FORMATS,
      modules: { toolbar: TOOLBAR },
      placeholder: "在此输入正文……"
    });
    quill.setContents(quill.clipboard.convert({ html: textarea.value }), "silent");
    quill.history.clear();

    var synced = textarea.value;
    function sync() {
      synced = textarea.value = quill.getText().trim() ? quill.getSemanticHTML() : "";
    }
    quill.on("text-change", sync);
    if (textarea.form) {
      // Catch a change Quill has not reported yet; leave alone a value set by other means.
      textarea.form.addEventListener("submit", function () {
        if (textarea.value === synced) {
          sync();
        }
      });
    }

    var label = textarea.id ? document.querySelector('label[for="' + textarea.id + '"]') : null;
    quill.root.setAttribute("role", "textbox");
    quill.root.setAttribute("aria-multiline", "true");
    quill.root.setAttribute("aria-label", label ? label.textContent.replace("*", "").trim() : "正文");
    if (textarea.getAttribute("aria-describedby")) {
      quill.root.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
    if (label) {
      label.addEventListener("click", function () { quill.focus(); });
    }
    var toolbar = wrap.querySelector(".ql-toolbar");
    if (toolbar) {
      labelButtons(toolbar);
    }
    var linkInput = wrap.querySelector(".ql-tooltip input[type=text]");
    if (linkInput) {
      linkInput.setAttribute("data-link", "https://");
      linkInput.setAttribute("aria-label", "链接地址");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-rich-editor]").forEach(init);
  });
})();
