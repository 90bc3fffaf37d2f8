// Uploads the chosen or dropped files to the API with progress, then lists each file's outcome.
// Without this script the form still posts to the API; everything is written with textContent,
// never innerHTML, because file names and titles come from the files.
"use strict";
(function () {
  const form = document.getElementById("ingest-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const input = document.getElementById("files");
  const dropZone = document.getElementById("drop-zone");
  const chosen = document.getElementById("chosen");
  const keyInput = document.getElementById("api-key");
  const progress = document.getElementById("ingest-progress");
  const message = document.getElementById("ingest-message");
  const results = document.getElementById("ingest-results");
  const events = document.getElementById("ingest-events");
  const articleUrl = form.dataset.articleUrl;
  const OUTCOMES = {
    added: "added",
    near_duplicate: "near copy of a stored article (stored, linked)",
    exact_duplicate: "exact copy of a stored article (linked)",
    already_stored: "already stored",
    failed: "failed",
  };
  let files = [];

  document.querySelectorAll(".when-js").forEach((element) => { element.hidden = false; });

  function choose(list) {
    files = Array.from(list);
    chosen.textContent = files.length
      ? files.length + " file(s): " + files.map((file) => file.name).join(", ")
      : "";
  }

  input.addEventListener("change", () => choose(input.files));
  ["dragenter", "dragover"].forEach((name) => dropZone.addEventListener(name, (event) => {
    event.preventDefault();
    dropZone.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((name) => dropZone.addEventListener(name, () => {
    dropZone.classList.remove("over");
  }));
  dropZone.addEventListener("drop", (event) => {
    event.preventDefault();
    choose(event.dataTransfer.files);
  });

  function cell(row, content) {
    const td = document.createElement("td");
    if (content instanceof Node) td.appendChild(content); else td.textContent = content || "";
    row.appendChild(td);
  }

  function articleLink(event) {
    if (!event.article_id) return "";
    const link = document.createElement("a");
    link.href = articleUrl.replace("ARTICLE_ID", encodeURIComponent(event.article_id));
    link.textContent = event.title || event.article_id;
    return link;
  }

  function show(report) {
    events.replaceChildren();
    report.events.forEach((event) => {
      const row = document.createElement("tr");
      if (event.outcome === "failed") row.className = "conflict";
      cell(row, event.locator);
      cell(row, OUTCOMES[event.outcome] || event.outcome);
      cell(row, articleLink(event));
      cell(row, event.message);
      events.appendChild(row);
    });
    const counts = report.counts || {};
    message.textContent = "Read " + report.files + " file(s): " + (counts.added || 0) +
      " added, " + (counts.failed || 0) + " failed.";
    results.hidden = false;
  }

  function problem(xhr) {
    try {
      const detail = JSON.parse(xhr.responseText).detail;
      return typeof detail === "string" ? detail : JSON.stringify(detail);
    } catch (error) {
      return xhr.statusText || "no answer from the server";
    }
  }

  form.addEventListener("submit", (submitted) => {
    submitted.preventDefault();
    if (!files.length) choose(input.files);
    if (!files.length) {
      message.textContent = "Choose or drop at least one file first.";
      return;
    }
    const body = new FormData();
    files.forEach((file) => body.append("files", file, file.name));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action"));
    xhr.setRequestHeader("Accept", "application/json");
    if (keyInput && keyInput.value) xhr.setRequestHeader("X-API-Key", keyInput.value);
    progress.hidden = false;
    progress.value = 0;
    message.textContent = "Uploading…";
    xhr.upload.addEventListener("progress", (step) => {
      if (step.lengthComputable) progress.value = Math.round((100 * step.loaded) / step.total);
    });
    xhr.upload.addEventListener("load", () => {
      progress.value = 100;
      message.textContent = "Uploaded; the server is reading the files…";
    });
    xhr.addEventListener("load", () => {
      progress.hidden = true;
      let report = null;
      try { report = JSON.parse(xhr.responseText); } catch (error) { report = null; }
      if (report && Array.isArray(report.events)) show(report);
      else message.textContent = "The upload was refused (" + xhr.status + "): " + problem(xhr);
    });
    xhr.addEventListener("error", () => {
      progress.hidden = true;
      message.textContent = "The upload failed: the server could not be reached.";
    });
    xhr.send(body);
  });
})();
