// Keeps a dashboard page current: one event stream for every batch and job the page shows
// (data-watch), applied to the rows that show them (data-work, data-job). Events replay each target
// from its start, so the page's state is built from them alone and comes out the same however old the
// page was; the server-rendered figures stand until the replay has seen every job.
"use strict";

(function () {
  const watched = Array.from(document.querySelectorAll("[data-watch]"))
    .flatMap((element) => element.dataset.watch.split(" "))
    .filter((target) => target.length > 0);
  if (watched.length === 0 || typeof EventSource === "undefined") {
    return;
  }

  const order = ["succeeded", "running", "queued", "failed", "cancelled"];
  const jobsOf = new Map(); // work ("b:ID" / "j:ID") -> Map(job id -> state)
  const detailPage = document.querySelector("table.jobs") !== null;

  function field(container, name) {
    return container.querySelector('[data-field="' + name + '"]');
  }

  function workState(counts) {
    const queued = counts.queued || 0;
    const open = (counts.running || 0) + queued;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if ((counts.running || 0) > 0 || (queued > 0 && queued < total)) return "running";
    if (open > 0) return "queued";
    if ((counts.failed || 0) > 0) return "failed";
    if ((counts.cancelled || 0) > 0 && (counts.succeeded || 0) === 0) return "cancelled";
    return "finished";
  }

  function setState(element, state) {
    if (!element) return;
    element.textContent = state;
    element.className = "state " + state;
  }

  function showWork(work) {
    const jobs = jobsOf.get(work);
    document.querySelectorAll('[data-work="' + CSS.escape(work) + '"]').forEach((row) => {
      const total = Number(row.dataset.total || "0");
      if (!jobs || jobs.size < total) return; // the replay has not reached every job yet
      const counts = {};
      jobs.forEach((state) => { counts[state] = (counts[state] || 0) + 1; });
      setState(field(row, "state"), workState(counts));
      const text = order.filter((s) => counts[s] > 0).map((s) => counts[s] + " " + s).join(" · ");
      const countsCell = field(row, "counts");
      if (countsCell) countsCell.textContent = text;
      const ended = (counts.succeeded || 0) + (counts.failed || 0) + (counts.cancelled || 0);
      const bar = field(row, "ended");
      if (bar) bar.value = ended;
    });
  }

  function showJob(event) {
    const row = document.querySelector('tr[data-job="' + CSS.escape(event.job) + '"]');
    if (!row) return;
    if (event.state) setState(field(row, "state"), event.state);
    const bar = field(row, "fraction");
    if (bar && typeof event.fraction === "number") bar.value = event.fraction;
    const message = field(row, "message");
    if (message && event.message) message.textContent = event.message;
    const attempt = field(row, "attempt");
    if (attempt && typeof event.attempt === "number") attempt.textContent = String(event.attempt);
    if (event.state === "succeeded" || event.state === "failed" || event.state === "cancelled") {
      const cancel = field(row, "cancel");
      if (cancel) cancel.remove();
    }
  }

  const query = watched.map((target) => "watch=" + encodeURIComponent(target)).join("&");
  const stream = new EventSource("/events?" + query);
  stream.addEventListener("job", (message) => {
    const event = JSON.parse(message.data);
    if (!jobsOf.has(event.work)) jobsOf.set(event.work, new Map());
    if (event.state) jobsOf.get(event.work).set(event.job, event.state);
    showJob(event);
    showWork(event.work);
  });
  stream.addEventListener("batch", (message) => {
    const event = JSON.parse(message.data);
    showWork(event.work);
  });
  stream.addEventListener("missing", () => stream.close());
  stream.addEventListener("end", () => {
    stream.close();
    document.body.dataset.live = "ended";
    // The work has ended: a detail page reloads to show the final states and offer the final report
    // (a page of ended work watches nothing, so this happens once).
    if (detailPage) window.location.reload();
  });
  stream.addEventListener("open", () => { document.body.dataset.live = "open"; });
  stream.addEventListener("error", () => {
    // Signed out (401) or the server went away: the browser retries by itself while it can.
    document.body.dataset.live = stream.readyState === EventSource.CLOSED ? "closed" : "retrying";
  });
})();
