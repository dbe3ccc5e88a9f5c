// storybrief web pages (index.html, stories.html): the one check of a link before it is shown.
"use strict";

// A link only to http(s) (a javascript: or data: url would run in this origin).  The server
// sends links only for those (storybrief.text.links); this check stands behind it.
function safeHref(url) {
  if (typeof url !== "string" || /[\u0000-\u001f\u007f]/.test(url)) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}
