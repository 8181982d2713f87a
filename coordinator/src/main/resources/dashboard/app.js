// FleetLearn dashboard: reads the REST API once, then follows the event stream.
// No build step and no framework: one state object, render functions that rebuild from it.
"use strict";

(function () {
  const API = "/api/v1";
  const TOKEN_KEY = "fleetlearn.token";
  // Rounds are whole numbers: no 1.5 on the x axis.
  const ROUND_AXIS = { label: "round", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] };
  const state = {
    trainings: [],
    selected: null,
    rounds: [],
    devices: new Map(),
    charts: {},
  };

  // ---- HTTP -------------------------------------------------------------------------------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function headers(extra) {
    const h = Object.assign({ Accept: "application/json" }, extra || {});
    if (token()) h.Authorization = "Bearer " + token();
    return h;
  }

  // Reads are open by default; when the coordinator protects them, a 401 asks for the token once.
  async function getJson(path, retried) {
    const r = await fetch(path, { headers: headers() });
    if (r.status === 401 && !retried && askToken("Reading needs the API token")) {
      return getJson(path, true);
    }
    if (!r.ok) throw new Error(path + ": " + (await problem(r)));
    return r.json();
  }

  async function post(method, path, body) {
    if (!token() && !askToken("This action needs the coordinator's API token")) return null;
    const init = { method, headers: headers(body ? { "Content-Type": "application/json" } : {}) };
    if (body) init.body = JSON.stringify(body);
    const r = await fetch(path, init);
    if (r.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      alert("The token was refused: " + (await problem(r)));
      return null;
    }
    if (!r.ok) {
      alert(await problem(r));
      return null;
    }
    return r.json();
  }

  async function problem(r) {
    try {
      const p = await r.json();
      return p.detail || p.title || r.statusText;
    } catch (e) {
      return r.status + " " + r.statusText;
    }
  }

  function askToken(why) {
    const t = window.prompt(why + " (API_TOKEN):");
    if (!t) return false;
    sessionStorage.setItem(TOKEN_KEY, t.trim());
    return true;
  }

  // ---- Event stream (fetch, so that a protected stream can carry the token) ---------------

  async function follow() {
    const live = document.getElementById("live");
    let delay = 1000;
    for (;;) {
      try {
        const r = await fetch(API + "/events", { headers: headers({ Accept: "text/event-stream" }) });
        if (!r.ok || !r.body) throw new Error("event stream: " + r.status);
        live.textContent = "live";
        live.classList.add("up");
        delay = 1000;
        // Whatever happened while we were away: reload the views, then apply events on top.
        await reload();
        await readEvents(r.body.getReader());
      } catch (e) {
        console.warn(e);
      }
      live.textContent = "reconnecting…";
      live.classList.remove("up");
      await new Promise((ok) => setTimeout(ok, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 30000);
    }
  }

  async function readEvents(reader) {
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = "message";
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) type = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
        }
        if (data) onEvent(type, JSON.parse(data));
      }
    }
  }

  let roundRefresh = null;

  function onEvent(type, data) {
    if (type === "training") {
      upsert(state.trainings, data, (t) => t.id === data.id, true);
      if (!state.selected) state.selected = data.id;
      renderTrainings();
    } else if (type === "round") {
      if (data.trainingId === state.selected) {
        upsert(state.rounds, data, (r) => r.round === data.round, false);
        state.rounds.sort((a, b) => a.round - b.round);
        renderRounds();
      }
    } else if (type === "device") {
      state.devices.set(data.deviceId, data);
      renderDevices();
    } else if (type === "update") {
      // An update changes its round's counts; fetch that round at most once a second.
      if (data.trainingId === state.selected && !roundRefresh) {
        roundRefresh = setTimeout(async () => {
          roundRefresh = null;
          try {
            const r = await getJson(API + "/trainings/" + data.trainingId + "/rounds/" + data.round);
            onEvent("round", r);
          } catch (e) {
            console.warn(e);
          }
        }, 1000);
      }
    }
  }

  function upsert(list, item, same, front) {
    const i = list.findIndex(same);
    if (i >= 0) list[i] = item;
    else if (front) list.unshift(item);
    else list.push(item);
  }

  // ---- Loading ------------------------------------------------------------------------------

  async function reload() {
    state.trainings = await getJson(API + "/trainings");
    if (!state.trainings.some((t) => t.id === state.selected)) {
      const running = state.trainings.find((t) => t.state === "RUNNING");
      state.selected = (running || state.trainings[0] || {}).id || null;
    }
    const devices = await getJson(API + "/devices");
    state.devices = new Map(devices.map((d) => [d.deviceId, d]));
    await loadRounds();
    renderTrainings();
    renderDevices();
  }

  async function loadRounds() {
    state.rounds = state.selected
      ? await getJson(API + "/trainings/" + encodeURIComponent(state.selected) + "/rounds")
      : [];
    renderRounds();
  }

  // ---- Rendering ----------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  function selectedTraining() {
    return state.trainings.find((t) => t.id === state.selected) || null;
  }

  function renderTrainings() {
    const select = document.getElementById("training-select");
    select.replaceChildren(
      ...state.trainings.map((t) => {
        const o = el("option", { value: t.id }, t.request.name + " (" + t.id + ")");
        o.selected = t.id === state.selected;
        return o;
      })
    );
    const t = selectedTraining();
    const badge = document.getElementById("training-state");
    badge.textContent = t ? t.state.toLowerCase() : "no training";
    badge.className = "badge " + (t ? t.state : "");
    document.getElementById("start-training").disabled =
      !t || t.state === "RUNNING" || t.state === "COMPLETED";
    document.getElementById("stop-training").disabled = !t || t.state !== "RUNNING";
  }

  function renderRounds() {
    renderProgress();
    renderQuality();
    renderBytes();
    renderRejections();
  }

  function renderProgress() {
    const box = document.getElementById("round-progress");
    const t = selectedTraining();
    const r = state.rounds[state.rounds.length - 1];
    if (!r) {
      box.dataset.round = "0";
      box.replaceChildren(el("p", { class: "empty" }, "No round yet. Start a training with devices online."));
      return;
    }
    const count = (o) => r.assignments.filter((a) => a.outcome === o).length;
    // Evaluation rounds are numbered with the training rounds; the plan counts training rounds.
    const trained = state.rounds.filter((x) => x.type === "train" && x.state === "CLOSED").length;
    const selected = r.assignments.length;
    const done = count("ACCEPTED");
    const rejected = count("REJECTED");
    const pct = (n) => (selected ? (100 * n) / selected : 0).toFixed(1) + "%";
    const left = r.state === "OPEN" ? Math.max(0, Math.round((r.deadlineMillis - Date.now()) / 1000)) : null;
    box.dataset.round = String(r.round);
    box.replaceChildren(
      el(
        "div",
        { class: "progress-head" },
        el("strong", {}, "Round " + r.round),
        el("span", {}, trained + (t ? " of " + t.request.rounds : "") + " training rounds"),
        el("span", {}, r.type + " · " + r.state.toLowerCase()),
        el("span", {}, "model v" + r.modelVersion + (r.newModelVersion != null ? " → v" + r.newModelVersion : "")),
        el("span", {}, left != null ? left + " s to deadline" : "")
      ),
      el(
        "div",
        { class: "bar", title: done + " of " + selected + " accepted" },
        Object.assign(el("span", {}), { style: "width:" + pct(done) }),
        Object.assign(el("span", { class: "rejected" }), {
          style: "left:" + pct(done) + ";width:" + pct(rejected),
        })
      ),
      el(
        "div",
        { class: "outcomes" },
        ...["ASSIGNED", "ACCEPTED", "DECLINED", "REJECTED", "MISSED", "LATE"].map((o) =>
          el("span", {}, o.toLowerCase() + " ", el("b", {}, count(o)))
        ),
        el("span", {}, "samples ", el("b", {}, r.samples))
      )
    );
  }

  function chart(id, opts, data) {
    const box = document.getElementById(id);
    const width = Math.max(280, box.clientWidth || box.parentElement.clientWidth - 36);
    if (state.charts[id]) state.charts[id].destroy();
    state.charts[id] = new uPlot(Object.assign({ width, height: 240 }, opts), data, box);
    box.dataset.points = String(data[0].length);
  }

  function renderQuality() {
    const rs = state.rounds.filter((r) => r.evalAccuracy != null || r.trainLoss != null || r.evalLoss != null);
    document.getElementById("quality-empty").hidden = rs.length > 0;
    chart(
      "chart-quality",
      {
        scales: { x: { time: false }, acc: { range: [0, 1] } },
        axes: [
          ROUND_AXIS,
          { scale: "acc", label: "accuracy" },
          { scale: "loss", side: 1, label: "loss", grid: { show: false } },
        ],
        series: [
          { label: "round" },
          // Training and evaluation rounds alternate: each series skips the other kind's rounds.
          { label: "eval accuracy", scale: "acc", stroke: "#2e9e5b", width: 2, spanGaps: true, points: { show: true } },
          { label: "eval loss", scale: "loss", stroke: "#c8463d", width: 2, spanGaps: true, points: { show: true } },
          { label: "train loss", scale: "loss", stroke: "#d98e04", width: 1.5, spanGaps: true, dash: [6, 4], points: { show: true } },
        ],
      },
      [
        rs.map((r) => r.round),
        rs.map((r) => r.evalAccuracy),
        rs.map((r) => r.evalLoss),
        rs.map((r) => r.trainLoss),
      ]
    );
  }

  function renderBytes() {
    const rs = state.rounds.filter((r) => r.bytesDown > 0 || r.bytesUp > 0);
    document.getElementById("bytes-empty").hidden = rs.length > 0;
    const kb = (n) => (n > 0 ? n / 1024 : null);
    chart(
      "chart-bytes",
      {
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [ROUND_AXIS, { label: "KiB (log)" }],
        series: [
          { label: "round" },
          { label: "down", stroke: "#2f6fdb", width: 2, spanGaps: true, points: { show: true } },
          { label: "down fp32", stroke: "#2f6fdb", spanGaps: true, dash: [6, 4] },
          { label: "up", stroke: "#2e9e5b", width: 2, spanGaps: true, points: { show: true } },
          { label: "up fp32", stroke: "#2e9e5b", spanGaps: true, dash: [6, 4] },
        ],
      },
      [
        rs.map((r) => r.round),
        rs.map((r) => kb(r.bytesDown)),
        rs.map((r) => kb(r.denseBytesDown)),
        rs.map((r) => kb(r.bytesUp)),
        rs.map((r) => kb(r.denseBytesUp)),
      ]
    );
    const sum = (f) => rs.reduce((s, r) => s + r[f], 0);
    const ratio = (a, b) => (sum(a) > 0 ? (sum(b) / sum(a)).toFixed(1) + "×" : "–");
    document.getElementById("bytes-ratio").textContent = rs.length
      ? "Compression over all rounds: download " + ratio("bytesDown", "denseBytesDown") +
        ", upload " + ratio("bytesUp", "denseBytesUp") + " smaller than fp32."
      : "";
  }

  function renderRejections() {
    const totals = new Map();
    for (const r of state.rounds) {
      for (const [reason, n] of Object.entries(r.rejections || {})) {
        totals.set(reason, (totals.get(reason) || 0) + n);
      }
    }
    const rows = [...totals.entries()].sort((a, b) => b[1] - a[1]);
    const max = rows.length ? rows[0][1] : 1;
    document.getElementById("rejections-empty").hidden = rows.length > 0;
    document.getElementById("rejections").replaceChildren(
      ...rows.map(([reason, n]) =>
        el(
          "div",
          { class: "reason" },
          el("span", {}, reason),
          el("div", { class: "bar" }, Object.assign(el("span", {}), { style: "width:" + (100 * n) / max + "%" })),
          el("span", { class: "n" }, n)
        )
      )
    );
  }

  function fmtBytes(n) {
    if (n == null) return "–";
    const mb = n / (1024 * 1024);
    return mb >= 1024 ? (mb / 1024).toFixed(1) + " GiB" : mb.toFixed(0) + " MiB";
  }

  function fmtAgo(ms) {
    const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    return s < 90 ? s + " s ago" : Math.round(s / 60) + " min ago";
  }

  function renderDevices() {
    const devices = [...state.devices.values()].sort((a, b) => a.deviceId.localeCompare(b.deviceId));
    document.getElementById("device-count").textContent = String(devices.length);
    document.getElementById("devices-empty").hidden = devices.length > 0;
    document.querySelector("#devices tbody").replaceChildren(
      ...devices.map((d) => {
        const r = d.resources || {};
        const num = (v) => el("td", { class: "num" }, v);
        return el(
          "tr",
          { "data-device": d.deviceId },
          el("td", {}, d.deviceId),
          el("td", {}, el("span", { class: "dot " + d.state }), d.state),
          num(fmtBytes(r.memAvailableBytes) + " / " + fmtBytes(r.memTotalBytes)),
          num(r.cpus != null ? r.cpus : "–"),
          num(r.load1 != null ? r.load1.toFixed(2) : "–"),
          num(r.batteryPercent != null ? Math.round(r.batteryPercent) + "%" + (r.charging ? " ⚡" : "") : "mains"),
          num(r.linkBytesPerSecond != null ? (r.linkBytesPerSecond / 1024).toFixed(0) + " KiB/s" : "–"),
          num(d.widthPpm != null ? (d.widthPpm / 10000).toFixed(1) + "%" : "–"),
          num(d.roundsCompleted),
          num(fmtAgo(d.lastSeenMillis))
        );
      })
    );
  }

  // ---- Actions ------------------------------------------------------------------------------

  function wire() {
    document.getElementById("training-select").addEventListener("change", async (e) => {
      state.selected = e.target.value;
      renderTrainings();
      await loadRounds();
    });
    document.getElementById("start-training").addEventListener("click", () => act("start"));
    document.getElementById("stop-training").addEventListener("click", () => act("stop"));
    document.getElementById("new-training").addEventListener("click", async () => {
      const name = window.prompt("Name of the new training (defaults: FedAvg, CNN, 10 rounds):");
      if (!name) return;
      const t = await post("POST", API + "/trainings", { name });
      if (t) {
        state.selected = t.id;
        upsert(state.trainings, t, (x) => x.id === t.id, true);
        renderTrainings();
        await loadRounds();
      }
    });
    let resize = null;
    window.addEventListener("resize", () => {
      clearTimeout(resize);
      resize = setTimeout(renderRounds, 200);
    });
    // Deadlines count down between events.
    setInterval(renderProgress, 1000);
  }

  async function act(what) {
    const t = selectedTraining();
    if (!t) return;
    const updated = await post("POST", API + "/trainings/" + encodeURIComponent(t.id) + "/" + what);
    if (updated) onEvent("training", updated);
  }

  wire();
  follow();
})();
