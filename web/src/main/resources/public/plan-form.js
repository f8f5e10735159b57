// The plan editor: a problem's "line N" link puts the caret at the start of that line of the
// text area and focuses it, and the line the caret is on is shown under the text area.
// Loaded as a file because the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  const source = document.getElementById("plan-source");
  const caret = document.getElementById("plan-caret");
  if (!source) {
    return;
  }

  // The offset where 1-based line `line` starts; the end of the text for a line past it.
  function startOfLine(text, line) {
    let offset = 0;
    for (let current = 1; current < line; current++) {
      const newline = text.indexOf("\n", offset);
      if (newline < 0) {
        return text.length;
      }
      offset = newline + 1;
    }
    return offset;
  }

  function lineAt(text, offset) {
    return text.slice(0, offset).split("\n").length;
  }

  function showCaretLine() {
    if (caret) {
      caret.textContent = "Caret on line " + lineAt(source.value, source.selectionStart);
    }
  }

  // Scrolls the text area so the line stands a third of the way down, not under its bottom edge.
  function scrollToLine(line) {
    const style = window.getComputedStyle(source);
    const height = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
    source.scrollTop = Math.max(0, (line - 1) * height - source.clientHeight / 3);
  }

  document.querySelectorAll("a.to-line[data-line]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      const line = Number(link.dataset.line);
      const offset = startOfLine(source.value, line);
      source.focus();
      source.setSelectionRange(offset, offset);
      scrollToLine(line);
      showCaretLine();
    });
  });
  ["keyup", "click", "focus", "input"].forEach(function (name) {
    source.addEventListener(name, showCaretLine);
  });
})();
