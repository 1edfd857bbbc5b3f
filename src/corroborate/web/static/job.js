// Polls the job's JSON and updates the page until the job is done or failed.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var id = box.getAttribute("data-job");

  function list(id, items, make) {
    var ul = document.getElementById(id);
    while (ul.firstChild) { ul.removeChild(ul.firstChild); }
    items.forEach(function (item) { ul.appendChild(make(item)); });
  }

  function show(job) {
    box.setAttribute("data-state", job.state);
    document.getElementById("job-state").textContent = job.state;
    document.getElementById("job-message").textContent = job.message;
    var bar = document.getElementById("job-progress");
    bar.max = job.total || 1;
    bar.value = job.state === "done" ? bar.max : (job.total ? job.done : 0);
    list("job-errors", job.errors, function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      return li;
    });
    list("job-stories", job.stories, function (story) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = story.href;
      a.textContent = story.title;
      li.appendChild(a);
      return li;
    });
  }

  function poll() {
    fetch("/api/jobs/" + encodeURIComponent(id), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        if (job.ok === false) { return; }
        show(job);
        if (job.state === "queued" || job.state === "running") { setTimeout(poll, 700); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }

  if (box.getAttribute("data-state") === "queued" || box.getAttribute("data-state") === "running") {
    poll();
  }
})();
