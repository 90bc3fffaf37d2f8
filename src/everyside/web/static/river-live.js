// Shows stories that appear or grow while the river is open, from the server-sent events
// of /api/v1/stream, without a reload. Text comes from articles, so it is written with
// textContent, never innerHTML. Without this script (or EventSource) the page is unchanged.
"use strict";
(function () {
  const notice = document.getElementById("river-live");
  if (!notice || !window.EventSource) return;
  const list = document.querySelector("ol.river");
  const storyUrl = notice.dataset.storyUrl;
  const source = new EventSource(notice.dataset.stream);

  source.addEventListener("story", (event) => {
    const story = JSON.parse(event.data);
    const old = document.getElementById("live-" + story.id);
    if (old) old.remove();
    const item = document.createElement("li");
    item.className = "card";
    item.id = "live-" + story.id;
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = storyUrl + encodeURIComponent(story.id);
    link.textContent = story.headline || "untitled story";
    heading.appendChild(link);
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = "new · " + story.outlets.length + " outlet(s) · " + story.size +
      " article(s) · " + (story.languages.join(", ") || "language unknown");
    item.append(heading, meta);
    list.prepend(item);
    notice.hidden = false;
    notice.textContent = "New stories arrived: shown at the top.";
  });
})();
