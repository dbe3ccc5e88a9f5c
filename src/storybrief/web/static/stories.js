// Live stories page: polls /api/stories and re-renders when the store changes (no reload).
"use strict";

// ?interval= in milliseconds, bounded as the server bounds it (web/stories.py, poll_interval)
const POLL_MS = (() => {
  const asked = Number(new URLSearchParams(location.search).get("interval") ?? 3000);
  return Number.isFinite(asked) ? Math.min(Math.max(asked, 2000), 3600000) : 3000;
})();

const state = { version: null, seen: new Map(), timer: null, busy: false };

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso.endsWith("Z") || iso.includes("+") ? iso : iso + "Z");
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

function docId(story, d) {
  return `story-${story.id}-doc-${d + 1}`;
}

// The digest: [n] is a button that shows article n (outlet, title, time, link) in the
// list under the digest, as the summarize page's citations show their sources.  A
// developing story whose latest development leads is marked "Latest" / "Before that".
function digest(story) {
  const summary = story.summary;
  const p = el("p", { class: "digest" });
  if (!summary || !summary.sentences || !summary.sentences.length) {
    p.textContent = "No digest: nothing summarizable in these articles yet.";
    return p;
  }
  const chrono = summary.chronology || {};
  const latest = chrono.latest_first ? chrono.developments - 1 : null;
  summary.sentences.forEach((s, i) => {
    if (latest !== null && i === 0) p.append(el("span", { class: "mark latest dev", text: "Latest" }), " ");
    if (latest !== null && i > 0 && s.development !== latest && summary.sentences[i - 1].development === latest) {
      p.append(el("span", { class: "mark dev", text: "Before that" }), " ");
    }
    if (i) p.append(" ");
    p.append(el("span", { class: "sent", text: s.text }));
    for (const d of s.sources) {
      const doc = summary.documents[d] || {};
      const label = [doc.name, doc.title || doc.label].filter(Boolean).join(" — ") || `article ${d + 1}`;
      p.append(el("button", {
        type: "button", class: "cite", "data-doc": d, "aria-controls": docId(story, d),
        "aria-pressed": "false", "aria-label": `Source ${d + 1}: ${label}`, title: label, text: `[${d + 1}]`,
      }));
    }
  });
  return p;
}

// The articles the digest cites, numbered as its [n]: outlet, title (linked), time.
function digestSources(story) {
  const summary = story.summary;
  const docs = (summary && summary.documents) || [];
  const list = el("ol", { class: "docs", "aria-label": "Articles the digest cites" });
  for (const doc of docs) {
    const d = doc.index;
    const href = safeHref(doc.url);
    const title = doc.title || doc.label || doc.url || `article ${d + 1}`;
    list.append(el("li", { id: docId(story, d), value: d + 1, "data-doc": d, tabindex: "-1" },
      el("span", { class: "src", text: (doc.name || "unknown source") + ": " }),
      href ? el("a", { href, rel: "noopener noreferrer", target: "_blank", text: title }) : el("span", { text: title }),
      doc.date ? el("time", { datetime: doc.date, text: " " + when(doc.date) }) : null));
  }
  return list;
}

// A click on [n] pins article n (highlighted and scrolled to; a second click or Escape
// unpins); hover and keyboard focus highlight it for as long as they last.
function highlight(card, doc, on) {
  for (const li of card.querySelectorAll("ol.docs li")) li.classList.toggle("hl", on && li.dataset.doc === doc);
}

function wireCitations(list) {
  const cardOf = (b) => b.closest("li.story");
  list.addEventListener("click", (e) => {
    const b = e.target.closest("button.cite");
    if (!b) return;
    const card = cardOf(b);
    const was = b.getAttribute("aria-pressed") === "true";
    for (const other of card.querySelectorAll("button.cite[aria-pressed=true]")) other.setAttribute("aria-pressed", "false");
    b.setAttribute("aria-pressed", was ? "false" : "true");
    highlight(card, b.dataset.doc, !was);
    if (!was) {
      const li = document.getElementById(b.getAttribute("aria-controls"));
      if (li) li.scrollIntoView({ block: "nearest" });
    }
  });
  const pinned = (card) => card.querySelector("button.cite[aria-pressed=true]");
  const show = (e) => {
    const b = e.target.closest("button.cite");
    if (b) highlight(cardOf(b), b.dataset.doc, true);
  };
  const hide = (e) => {
    const b = e.target.closest("button.cite");
    if (!b) return;
    const card = cardOf(b), pin = pinned(card);
    highlight(card, pin ? pin.dataset.doc : null, Boolean(pin));
  };
  list.addEventListener("mouseover", show);
  list.addEventListener("focusin", show);
  list.addEventListener("mouseout", hide);
  list.addEventListener("focusout", hide);
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    for (const b of list.querySelectorAll("button.cite[aria-pressed=true]")) {
      b.setAttribute("aria-pressed", "false");
      highlight(cardOf(b), null, false);
    }
  });
}

function timeline(story) {
  const list = el("ol", { class: "timeline" });
  for (const e of story.timeline || []) {
    const title = e.title || e.id;
    const item = el("li", { "data-id": e.id },
      el("time", { datetime: e.time || "", text: e.time ? when(e.time) : "undated" }),
      el("span", { class: "src", text: (e.source || "unknown source") + ": " }),
      safeHref(e.link) ? el("a", { href: safeHref(e.link), rel: "noopener noreferrer", text: title }) : el("span", { text: title }));
    if (e.copies && e.copies.length) {
      item.append(el("span", { class: "also", text: " (also " + e.copies.map((c) => c.source || c.id).join(", ") + ")" }));
    }
    if (e.first_report) item.append(el("span", { class: "mark first", text: "first report" }));
    if (e.latest_development) item.append(el("span", { class: "mark latest", text: "latest development" }));
    list.append(item);
  }
  return list;
}

function card(story, fresh) {
  const prev = state.seen.get(story.id);
  const isNew = state.version !== null && prev === undefined;
  const isUpdated = prev !== undefined && prev !== story.digest_version + ":" + story.updated;
  const head = el("h2", { id: `story-${story.id}-h` }, story.title || `Story ${story.id}`);
  if (isNew) head.append(el("span", { class: "badge new", text: "new" }));
  else if (isUpdated) head.append(el("span", { class: "badge updated", text: "updated" }));
  if (story.status === "quiet") head.append(el("span", { class: "badge quiet", text: "quiet" }));
  const copies = story.n_copies ? ` + ${story.n_copies} ${story.n_copies === 1 ? "copy" : "copies"}` : "";
  const meta = el("p", { class: "meta" },
    `${story.n_articles} ${story.n_articles === 1 ? "article" : "articles"}${copies} · ${story.sources.length} ${story.sources.length === 1 ? "source" : "sources"} · last update `,
    el("time", { class: "updated", datetime: story.updated, text: when(story.updated) }),
    story.last_published ? ` · latest article ${when(story.last_published)}` : "",
    ` · digest v${story.digest_version}`);
  const sources = el("p", { class: "sources" }, el("strong", { text: "Sources: " }),
    story.sources.map((s) => `${s.source} (${s.articles})`).join(", "));
  const shown = (story.timeline || []).length;
  const total = shown + (story.timeline_omitted || 0);
  const details = el("details", { open: shown <= 4 ? true : null },
    el("summary", { text: total > shown ? `Timeline (${shown} of ${total})` : `Timeline (${total})` }),
    timeline(story));
  const li = el("li", { class: "story" + (fresh && (isNew || isUpdated) ? " fresh" : ""), id: `story-${story.id}`,
    "data-id": story.id, "aria-labelledby": `story-${story.id}-h` }, head, meta, digest(story), digestSources(story), sources, details);
  return li;
}

function render(data) {
  const list = $("stories");
  const open = new Set([...list.querySelectorAll("li.story details[open]")].map((d) => d.closest("li.story").dataset.id));
  const fresh = state.version !== null;
  const items = data.stories.map((s) => {
    const li = card(s, fresh);
    if (open.has(String(s.id))) li.querySelector("details").open = true;
    return li;
  });
  list.replaceChildren(...items);
  state.seen = new Map(data.stories.map((s) => [s.id, s.digest_version + ":" + s.updated]));
  state.version = data.version;
  $("empty").hidden = data.stories.length > 0;
  const shown = data.stories.length < data.total ? `${data.stories.length} of ${data.total}` : `${data.total}`;
  $("status").textContent = `${shown} ${data.total === 1 ? "story" : "stories"} · checked ${new Date().toLocaleTimeString()}`;
}

async function poll() {
  if (state.busy) return;
  state.busy = true;
  try {
    const url = state.version === null ? "/api/stories?limit=100" : `/api/stories?limit=100&since=${state.version}`;
    const resp = await fetch(url, { headers: { Accept: "application/json" } });
    const data = await resp.json();
    if (!resp.ok) throw new Error(data.message || `HTTP ${resp.status}`);
    $("error").hidden = true;
    if (data.changed) render(data);
    else $("status").textContent = $("status").textContent.replace(/checked .*$/, `checked ${new Date().toLocaleTimeString()}`);
  } catch (err) {
    $("error").textContent = `Could not load the stories: ${err.message}. Retrying.`;
    $("error").hidden = false;
  } finally {
    state.busy = false;
  }
}

function schedule() {
  clearInterval(state.timer);
  if ($("live").checked) state.timer = setInterval(poll, POLL_MS);
}

document.addEventListener("DOMContentLoaded", () => {
  wireCitations($("stories"));
  $("live").addEventListener("change", () => { schedule(); if ($("live").checked) poll(); });
  poll();
  schedule();
});
