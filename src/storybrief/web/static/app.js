// storybrief web page: collect articles, call POST /api/summarize, show the summary with
// citations linked to the source sentences.  No framework, no external requests.
"use strict";

(() => {
  const $ = (sel) => document.querySelector(sel);
  const list = $("#article-list");
  const tpl = $("#article-tpl");
  const form = $("#form");
  const statusEl = $("#status");
  const errorEl = $("#error");
  const submitBtn = $("#submit");
  const results = $("#results");
  let limits = { timeout_s: 30, max_documents: 100, max_words: 2000 };
  let lastResult = null;
  let pinned = null; // the citation button whose highlight is pinned
  let hovered = null; // the citation button under the mouse
  let focused = null; // the citation button with keyboard focus

  // ---- articles ---------------------------------------------------------------------
  function renumber() {
    [...list.children].forEach((li, i) => {
      const n = i + 1;
      const label = li.querySelector(".article-label");
      label.textContent = `Article ${n}`;
      const ta = li.querySelector("textarea");
      if (ta) {
        ta.id = `article-${n}`;
        label.htmlFor = ta.id;
        li.querySelector("input.title").setAttribute("aria-label", `Article ${n} title (optional)`);
      }
      li.querySelector(".remove").setAttribute("aria-label", `Remove article ${n}`);
    });
  }

  function newItem() {
    const li = tpl.content.firstElementChild.cloneNode(true);
    li.querySelector(".remove").addEventListener("click", () => {
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      if (!list.children.length) addArticle();
      renumber();
      const target = (next && next.isConnected ? next : list.lastElementChild).querySelector(".remove");
      if (target) target.focus();
    });
    return li;
  }

  function addArticle(text = "", title = "", focus = false) {
    const li = newItem();
    li.querySelector("textarea").value = text;
    li.querySelector("input.title").value = title || "";
    list.appendChild(li);
    renumber();
    if (focus) li.querySelector("textarea").focus();
    return li;
  }

  function addFile(file) {
    // Replace a single empty text box rather than leaving it behind.
    const items = [...list.children];
    if (items.length === 1 && isEmpty(items[0])) items[0].remove();
    const li = newItem();
    li.dataset.kind = "file";
    li.fileObj = file;
    li.querySelector("input.title").remove();
    const ta = li.querySelector("textarea");
    const info = document.createElement("p");
    info.className = "file-info";
    const code = document.createElement("code");
    code.textContent = file.name;
    info.append("File: ", code, ` (${formatBytes(file.size)})`);
    ta.replaceWith(info);
    list.appendChild(li);
    renumber();
  }

  function isEmpty(li) {
    const ta = li.querySelector("textarea");
    return ta && !ta.value.trim();
  }

  function formatBytes(n) {
    if (n < 1024) return `${n} bytes`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }

  const ACCEPT = /\.(txt|text|md|html?|xhtml)$/i;
  function addFiles(files) {
    const bad = [];
    for (const f of files) {
      if (ACCEPT.test(f.name)) addFile(f);
      else bad.push(f.name);
    }
    if (bad.length) showError(`Skipped ${bad.join(", ")}: only .txt, .md and .html files can be summarized.`);
  }

  $("#add-article").addEventListener("click", () => addArticle("", "", true));
  $("#choose-files").addEventListener("click", () => $("#file-input").click());
  $("#file-input").addEventListener("change", (e) => {
    addFiles(e.target.files);
    e.target.value = "";
  });

  const drop = $("#dropzone");
  ["dragenter", "dragover"].forEach((t) =>
    drop.addEventListener(t, (e) => {
      e.preventDefault();
      drop.classList.add("over");
    }),
  );
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
  });

  $("#load-example").addEventListener("click", async () => {
    clearError();
    try {
      const data = await getJSON("/api/example");
      list.replaceChildren();
      data.documents.forEach((d) => addArticle(d.text, d.title || ""));
      setStatus(`Loaded the example: ${data.documents.length} articles about one story. Press Summarize.`);
    } catch (err) {
      showError(err.message);
    }
  });

  // ---- server info ---------------------------------------------------------------------
  async function getJSON(url) {
    let resp;
    try {
      resp = await fetch(url);
    } catch {
      throw new Error("Could not reach the storybrief server. Is it still running?");
    }
    const data = await resp.json().catch(() => null);
    if (!resp.ok) throw new Error((data && data.message) || `Request failed (HTTP ${resp.status}).`);
    return data;
  }

  async function init() {
    addArticle();
    try {
      const [health, methods] = await Promise.all([getJSON("/api/health"), getJSON("/api/methods")]);
      limits = health.limits;
      $("#max-words").max = String(limits.max_words);
      $("#save-field").hidden = !health.save;
      const sel = $("#method");
      sel.replaceChildren();
      const def = document.createElement("option");
      def.value = "default";
      def.textContent = `default (${methods.default})`;
      sel.appendChild(def);
      const help = {};
      for (const m of methods.methods) {
        const o = document.createElement("option");
        o.value = m.name;
        o.textContent = m.name;
        sel.appendChild(o);
        help[m.name] = m.description;
      }
      const showHelp = () => {
        const name = sel.value === "default" ? methods.default : sel.value;
        $("#method-help").textContent = `Method ${name}: ${help[name] || ""}`;
      };
      sel.addEventListener("change", showHelp);
      showHelp();
    } catch (err) {
      showError(err.message);
    }
  }

  // ---- status and errors --------------------------------------------------------------
  function setStatus(text, spinning = false) {
    statusEl.replaceChildren();
    if (spinning) {
      const sp = document.createElement("span");
      sp.className = "spinner";
      sp.setAttribute("aria-hidden", "true");
      statusEl.appendChild(sp);
    }
    if (text) statusEl.append(text);
  }
  function showError(msg) {
    errorEl.textContent = msg;
    errorEl.hidden = false;
  }
  function clearError() {
    errorEl.hidden = true;
    errorEl.textContent = "";
  }

  // ---- summarize ----------------------------------------------------------------------
  function buildRequest() {
    const items = [...list.children];
    const maxWords = $("#max-words").value.trim();
    const method = $("#method").value;
    const save = $("#save").checked;
    const hasFiles = items.some((li) => li.dataset.kind === "file");
    const texts = items.filter((li) => li.dataset.kind === "file" || !isEmpty(li));
    if (!texts.length) throw new Error("Add at least one article: paste text, choose files, or press Load example.");
    if (texts.length > limits.max_documents) throw new Error(`Too many articles: ${texts.length} (the server takes at most ${limits.max_documents}).`);
    const n = Number(maxWords);
    if (!Number.isInteger(n) || n < 1 || n > limits.max_words) throw new Error(`Length must be a whole number of words from 1 to ${limits.max_words}.`);
    if (!hasFiles) {
      const documents = texts.map((li) => {
        const title = li.querySelector("input.title").value.trim();
        const text = li.querySelector("textarea").value;
        return title ? { text, title } : text;
      });
      return {
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ documents, max_words: n, method, save }),
      };
    }
    const fd = new FormData();
    for (const li of texts) {
      if (li.dataset.kind === "file") fd.append("documents", li.fileObj, li.fileObj.name);
      else fd.append("documents", li.querySelector("textarea").value);
    }
    fd.append("max_words", String(n));
    fd.append("method", method);
    if (save) fd.append("save", "true");
    return { headers: {}, body: fd };
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearError();
    let req;
    try {
      req = buildRequest();
    } catch (err) {
      showError(err.message);
      return;
    }
    submitBtn.disabled = true;
    form.setAttribute("aria-busy", "true");
    setStatus("Summarizing…", true);
    const started = Date.now();
    const slow = setInterval(() => {
      const s = Math.round((Date.now() - started) / 1000);
      setStatus(`Still working (${s} s)… large clusters take longer; the server stops after ${limits.timeout_s} s.`, true);
    }, 3000);
    const ctrl = new AbortController();
    const giveUp = setTimeout(() => ctrl.abort(), (limits.timeout_s + 30) * 1000);
    try {
      let resp;
      try {
        resp = await fetch("/api/summarize", { method: "POST", headers: req.headers, body: req.body, signal: ctrl.signal });
      } catch (err) {
        throw new Error(err.name === "AbortError" ? "The server did not answer in time." : "Could not reach the storybrief server. Is it still running?");
      }
      const data = await resp.json().catch(() => null);
      if (!resp.ok || !data) {
        const msg = (data && data.message) || `The server answered HTTP ${resp.status}.`;
        throw new Error(`Could not summarize: ${msg}`);
      }
      lastResult = data;
      render(data);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      setStatus(`Done in ${secs} s.${data.saved ? ` Saved as #${data.saved.id}.` : ""}`);
      results.focus({ preventScroll: false });
    } catch (err) {
      setStatus("");
      showError(err.message);
    } finally {
      clearInterval(slow);
      clearTimeout(giveUp);
      submitBtn.disabled = false;
      form.removeAttribute("aria-busy");
    }
  });

  // ---- results ------------------------------------------------------------------------
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render(data) {
    pinned = null;
    hovered = null;
    focused = null;
    const docs = data.documents;
    // Summary with citation buttons.
    const summary = $("#summary");
    summary.replaceChildren();
    const p = el("p");
    data.sentences.forEach((s, i) => {
      // The last word and the citations never wrap apart.
      const cut = s.text.trimEnd().lastIndexOf(" ");
      const span = el("span", "sum-sent", s.text.slice(0, cut + 1));
      span.dataset.idx = String(i);
      const cites = el("span", "cites", s.text.slice(cut + 1).trimEnd() + "\u00a0");
      span.append(cites);
      p.append(span, " ");
      for (const d of s.sources) {
        const b = el("button", "cite", `[${d + 1}]`);
        b.type = "button";
        b.dataset.sent = String(i);
        b.dataset.doc = String(d);
        b.setAttribute("aria-pressed", "false");
        const title = docs[d] ? docs[d].label : `article ${d + 1}`;
        b.setAttribute("aria-label", `Source ${d + 1}: ${title}. Show the source sentence.`);
        b.title = title;
        cites.append(b);
      }
    });
    summary.appendChild(p);
    $("#summary-meta").textContent = `${data.n_words} words · method ${data.method} · ${docs.length} article${docs.length === 1 ? "" : "s"} · ${data.sentences.length} sentences`;

    const warn = $("#warnings");
    warn.replaceChildren();
    warn.hidden = !data.warnings.length;
    for (const w of data.warnings) warn.appendChild(el("p", "", `Warning: ${w}`));

    renderAnalysis(data);

    // Which sentences are used, and which were merged as duplicates.
    const used = new Set();
    data.sentences.forEach((s) => s.positions.forEach((pos) => used.add(`${pos.doc}-${pos.sentence}`)));
    const dupInfo = new Map(); // "doc-sent" -> group
    const dupCount = docs.map(() => 0);
    data.duplicates.forEach((g) => {
      let repSeen = false;
      for (const m of g.members) {
        const isRep = !repSeen && m.text === g.text;
        if (isRep) repSeen = true;
        dupInfo.set(`${m.doc}-${m.sentence}`, { group: g, rep: isRep });
        if (!isRep) dupCount[m.doc] += 1;
      }
    });

    const sources = $("#sources");
    sources.replaceChildren();
    const perDoc = data.document_sentences || docs.map(() => []);
    docs.forEach((d, i) => {
      const card = el("article", "doc");
      card.id = `doc-${i}`;
      const h = el("h3");
      h.append(el("span", "num", `[${i + 1}]`), d.label);
      card.appendChild(h);
      const meta = [d.url, d.date, d.name && d.name !== d.label ? d.name : null].filter(Boolean).join(" · ");
      if (meta) {
        const p = el("p", "doc-meta", meta);
        // the url becomes a link only when it is http(s): the server's `link`, checked again
        const href = safeHref((data.document_links || [])[i]);
        if (href && d.url) {
          p.replaceChildren();
          const a = el("a", null, d.url);
          a.href = href;
          a.rel = "noopener noreferrer";
          p.append(a, meta.slice(d.url.length));
        }
        card.appendChild(p);
      }
      const src = (data.sources || [])[i];
      if (src && (src.junk || src.stale)) {
        const why = (src.reasons || []).join("; ");
        card.appendChild(el("p", "flag", `Set aside as ${src.junk ? "off-topic or junk" : "stale"}${why ? `: ${why}` : ""}`));
      }
      const removed = data.removed.filter((r) => r.doc === i);
      const sents = perDoc[i] || [];
      card.appendChild(
        el("p", "counts", `Kept ${sents.length} sentence${sents.length === 1 ? "" : "s"} · removed ${removed.length} as boilerplate · ${dupCount[i]} merged as duplicate${dupCount[i] === 1 ? "" : "s"}${d.truncated ? " · truncated" : ""}`),
      );
      let para = null;
      let paraIdx = null;
      for (const s of sents) {
        if (para === null || s.paragraph !== paraIdx) {
          para = el("p", "para");
          paraIdx = s.paragraph;
          card.appendChild(para);
        }
        const key = `${i}-${s.sentence}`;
        const span = el("span", "s", s.text);
        span.id = `src-${key}`;
        const dup = dupInfo.get(key);
        if (used.has(key)) span.classList.add("used");
        if (dup && !dup.rep) {
          span.classList.add("dup");
          const others = [...new Set(dup.group.members.map((m) => m.doc + 1))].map((n) => `[${n}]`).join("");
          span.title = `Merged as a duplicate of: “${dup.group.text}” (in ${others})`;
        }
        para.append(span, " ");
      }
      if (!sents.length) card.appendChild(el("p", "hint", "No sentences were kept from this article."));
      if (removed.length) {
        const det = el("details");
        det.appendChild(el("summary", "", `Removed as boilerplate (${removed.length})`));
        const ul = el("ul");
        for (const r of removed) {
          const li = el("li");
          li.append(el("span", "removed-text", r.text), " ", el("span", "reason", `— ${r.reason}${r.line >= 0 ? `, line ${r.line}` : ""}`));
          ul.appendChild(li);
        }
        det.appendChild(ul);
        card.appendChild(det);
      }
      const groups = data.duplicates.filter((g) => g.members.some((m) => m.doc === i && !dupInfo.get(`${m.doc}-${m.sentence}`).rep));
      if (groups.length) {
        const det = el("details");
        det.appendChild(el("summary", "", `Merged as duplicates (${dupCount[i]})`));
        const ul = el("ul");
        for (const g of groups) {
          const others = [...new Set(g.members.map((m) => m.doc + 1))].map((n) => `[${n}]`).join("");
          for (const m of g.members.filter((m) => m.doc === i && !dupInfo.get(`${m.doc}-${m.sentence}`).rep)) {
            const li = el("li");
            li.append(el("span", "", m.text), " ", el("span", "reason", `— same as “${g.text}” ${others}`));
            ul.appendChild(li);
          }
        }
        det.appendChild(ul);
        card.appendChild(det);
      }
      sources.appendChild(card);
    });
    results.hidden = false;
  }

  // Quotes and disagreements found across the articles (present when the server computes them).
  function citeText(sources) {
    return (sources || []).map((d) => `[${d + 1}]`).join("");
  }
  function renderAnalysis(data) {
    const box = $("#analysis");
    box.replaceChildren();
    const quotes = Array.isArray(data.quotes) ? data.quotes : [];
    const dis = Array.isArray(data.disagreements) ? data.disagreements : [];
    if (quotes.length) {
      const det = el("details", "analysis");
      det.appendChild(el("summary", "", `Quotes (${quotes.length})`));
      const ul = el("ul");
      for (const q of quotes) {
        const who = [q.speaker, q.role].filter(Boolean).join(", ");
        ul.appendChild(el("li", "", `“${q.text}”${who ? ` — ${who}` : ""} ${citeText(q.sources)}`));
      }
      det.appendChild(ul);
      box.appendChild(det);
    }
    if (dis.length) {
      const det = el("details", "analysis");
      det.open = true;
      det.appendChild(el("summary", "", `Sources disagree (${dis.length})`));
      const ul = el("ul");
      for (const d of dis) {
        const vals = (d.values || []).map((v) => `${v.value} ${citeText(v.sources)}`).join(" vs ");
        ul.appendChild(el("li", "", `${d.about}: ${vals}`));
      }
      det.appendChild(ul);
      box.appendChild(det);
    }
  }

  // ---- citation highlighting ---------------------------------------------------------------
  function targets(btn) {
    const s = lastResult.sentences[Number(btn.dataset.sent)];
    const doc = Number(btn.dataset.doc);
    return s.positions.filter((p) => p.doc === doc).map((p) => document.getElementById(`src-${p.doc}-${p.sentence}`)).filter(Boolean);
  }
  function clearHighlight() {
    document.querySelectorAll("#sources .s.hl").forEach((e) => e.classList.remove("hl"));
    document.querySelectorAll(".sum-sent.active").forEach((e) => e.classList.remove("active"));
  }
  function highlight(btn) {
    clearHighlight();
    if (!btn) return;
    targets(btn).forEach((e) => e.classList.add("hl"));
    const sent = document.querySelector(`.sum-sent[data-idx="${btn.dataset.sent}"]`);
    if (sent) sent.classList.add("active");
  }
  // What is highlighted follows three separate states, most specific first: the citation
  // under the mouse, else the one with keyboard focus, else the pinned (clicked) one.  Each
  // event changes only its own state.  (A single shared state let a mouseout -- fired when
  // the page scrolls away under a resting pointer -- wipe the highlight of the citation that
  // still had keyboard focus: the flaky step of the browser test, issue 12.)
  function refresh() {
    highlight(hovered || focused || pinned);
  }
  const summaryEl = $("#summary");
  summaryEl.addEventListener("mouseover", (e) => {
    const b = e.target.closest("button.cite");
    if (b && b !== hovered) {
      hovered = b;
      refresh();
    }
  });
  summaryEl.addEventListener("mouseout", (e) => {
    const b = e.target.closest("button.cite");
    if (b && b === hovered && !b.contains(e.relatedTarget)) {
      hovered = null;
      refresh();
    }
  });
  summaryEl.addEventListener("focusin", (e) => {
    const b = e.target.closest("button.cite");
    focused = b || null;
    refresh();
  });
  summaryEl.addEventListener("focusout", (e) => {
    if (focused && e.target === focused) {
      focused = null;
      refresh();
    }
  });
  summaryEl.addEventListener("click", (e) => {
    const b = e.target.closest("button.cite");
    if (!b) return;
    if (pinned) pinned.setAttribute("aria-pressed", "false");
    pinned = pinned === b ? null : b;
    if (pinned) pinned.setAttribute("aria-pressed", "true");
    // a click is a deliberate choice: show the pinned one now, whatever the pointer rests on
    hovered = null;
    refresh();
    const first = pinned && targets(pinned)[0];
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  });
  document.addEventListener("keydown", (e) => {
    // Escape dismisses every highlight; the next hover or focus move shows one again
    if (e.key === "Escape" && (pinned || focused || hovered)) {
      if (pinned) pinned.setAttribute("aria-pressed", "false");
      pinned = hovered = focused = null;
      refresh();
    }
  });

  // ---- copy and download ----------------------------------------------------------------------
  $("#copy-md").addEventListener("click", async () => {
    if (!lastResult) return;
    const md = lastResult.markdown;
    try {
      await navigator.clipboard.writeText(md);
    } catch {
      const ta = document.createElement("textarea");
      ta.value = md;
      document.body.appendChild(ta);
      ta.select();
      document.execCommand("copy");
      ta.remove();
    }
    setStatus("Summary copied as Markdown.");
  });
  $("#download-json").addEventListener("click", () => {
    if (!lastResult) return;
    const blob = new Blob([JSON.stringify(lastResult, null, 2)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `storybrief-summary${lastResult.id ? `-${lastResult.id}` : ""}.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });

  init();
})();
