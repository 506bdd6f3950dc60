// The course's live chart (src/digileder/ui/live_chart.py): ONE vega view per widget, kept
// between redraws. When only the data, title or size changed, the view gets the new rows by a
// changeset and the title and size as signals; when the spec's shape changed, the chart is
// embedded again in the same element.
// vega-embed, vega-lite and vega come from bundle.js (tools/build_live_chart_bundle.py), which
// the kernel sends once per page by a message; the page imports it from memory (no network).
const FAILED = "Diagrammet kunne ikke tegnes. Tallene står i tabellen under. "
  + "Kør cellen igen, og sig det til din underviser, hvis det bliver ved.";
const SIZES = ["width", "height"];  // signals that vega's view sets by view.width()/height()

// One import of the bundle per page, shared by every chart. Each chart asks its own kernel
// until one answers: a kernel that never answers (restarted while asked) leaves no chart blank.
function sharedLoad() {
  if (!globalThis.digilederVegaEmbed) {
    const shared = { settled: false };
    shared.promise = new Promise((resolve, reject) => {
      shared.resolve = resolve;
      shared.reject = reject;
    });
    globalThis.digilederVegaEmbed = shared;
  }
  return globalThis.digilederVegaEmbed;
}

function loadVegaEmbed(model) {
  const shared = sharedLoad();
  if (shared.settled) return shared.promise;
  const receive = async (message) => {
    if (!message || message.kind !== "bundle") return;
    model.off("msg:custom", receive);
    if (shared.settled) return;
    shared.settled = true;
    const url = URL.createObjectURL(new Blob([message.source], { type: "text/javascript" }));
    try {
      shared.resolve((await import(url)).default);
    } catch (error) {
      globalThis.digilederVegaEmbed = null;  // the next chart asks again
      shared.reject(error);
    } finally {
      URL.revokeObjectURL(url);
    }
  };
  model.on("msg:custom", receive);
  model.send({ need: "bundle" });
  return shared.promise;
}

function render({ model, el }) {
  const chart = document.createElement("div");
  chart.className = "digileder-chart digileder-live-chart";
  const drawing = document.createElement("div");
  const message = document.createElement("p");
  message.className = "digileder-chart-error";
  message.setAttribute("role", "alert");
  message.style.color = "#A84A00";  // palette.ERROR_TEXT: 4.5:1 or more (1.4.3)
  message.hidden = true;
  const table = document.createElement("div");
  chart.append(drawing, message, table);
  el.appendChild(chart);
  let view = null;
  let finalize = null;
  let drawnShape = null;
  // Redraws run one after another, and only the newest state is drawn: a toggle flipped
  // quickly back and forth ends in the last state's chart.
  let running = Promise.resolve();
  let wanted = 0;

  function label() {
    const text = model.get("description");
    // vega-embed names its element (drawing itself) and vega the SVG from the description.
    for (const named of [drawing, ...drawing.querySelectorAll("svg")]) {
      if (named.hasAttribute("aria-label")) named.setAttribute("aria-label", text);
    }
    // Vega names the title's text marks in English ("Title text '...'") even when the title
    // has aria: false; the chart's Danish name already says the title and subtitle.
    for (const guide of drawing.querySelectorAll(".role-title-text, .role-title-subtitle")) {
      for (const name of ["role", "aria-label", "aria-roledescription"]) {
        guide.removeAttribute(name);
      }
      guide.setAttribute("aria-hidden", "true");
    }
  }

  let shownTable = null;
  function showTable() {
    if (model.get("table_html") === shownTable) return;  // an open table stays as it is
    shownTable = model.get("table_html");
    const parsed = document.createElement("template");
    parsed.innerHTML = shownTable;
    const old = table.querySelector("details");
    const oldSummary = old && old.querySelector(":scope > summary");
    const fresh = parsed.content.querySelector("details");
    const freshSummary = fresh && fresh.querySelector(":scope > summary");
    if (!oldSummary || !freshSummary) {
      table.replaceChildren(parsed.content);
      return;
    }
    // New rows in the same <details>: an open "Vis som tabel" stays open, and a keyboard
    // user on its <summary> keeps the focus there (a new element would drop it to the page).
    if (oldSummary.textContent !== freshSummary.textContent) {
      oldSummary.replaceChildren(...freshSummary.childNodes);
    }
    for (const child of [...old.childNodes]) if (child !== oldSummary) child.remove();
    for (const child of [...fresh.childNodes]) if (child !== freshSummary) old.append(child);
  }

  // No chart on show: also vega-embed's name and role on the element go, or a screen reader
  // would still find the last chart's name (and numbers) where nothing is drawn.
  function forget() {
    if (finalize) finalize();
    finalize = view = drawnShape = null;
    drawing.replaceChildren();
    drawing.removeAttribute("class");
    for (const name of ["role", "aria-label", "aria-roledescription"]) {
      drawing.removeAttribute(name);
    }
  }

  function fail(error) {
    console.error("digileder live chart:", error);
    forget();
    message.textContent = FAILED;
    message.hidden = false;
  }

  // The whole chart: the shape with its data, its description and its signals put back
  // (a title's text and subtitle as params, a fixed width and height as they were).
  function full(spec, datasets, signals) {
    const chart = { ...structuredClone(spec), datasets: structuredClone(datasets),
                    description: model.get("description") };
    const params = [...(chart.params || [])];
    for (const [name, value] of Object.entries(signals)) {
      if (SIZES.includes(name)) chart[name] = value;
      else params.push({ name, value: structuredClone(value) });
    }
    if (params.length) chart.params = params;
    return chart;
  }

  function setSignals(signals) {
    for (const [name, value] of Object.entries(signals)) {
      if (SIZES.includes(name)) view[name](value);
      else view.signal(name, structuredClone(value));
    }
  }

  async function draw(ticket) {
    if (ticket !== wanted) return;  // a newer state is coming
    const spec = model.get("spec");
    const datasets = model.get("datasets");
    const signals = model.get("signals") || {};
    const shape = JSON.stringify([spec, Object.keys(signals).sort()]);
    message.hidden = true;
    if (!spec || Object.keys(spec).length === 0) {
      forget();
      return;
    }
    if (view && shape === drawnShape) {
      for (const [name, rows] of Object.entries(datasets)) {
        view.change(name, view.changeset().remove(() => true).insert(structuredClone(rows)));
      }
      setSignals(signals);
      await view.runAsync();
    } else {
      if (finalize) finalize();  // vega-embed replaces what the element shows
      finalize = view = drawnShape = null;
      const vegaEmbed = await loadVegaEmbed(model);
      if (ticket !== wanted) return;
      const result = await vegaEmbed(drawing, full(spec, datasets, signals),
                                     structuredClone(model.get("embed_options")));
      view = result.view;
      finalize = result.finalize;
      drawnShape = shape;
    }
    label();
  }

  function redraw() {
    const ticket = ++wanted;
    showTable();
    running = running.then(() => draw(ticket)).catch(fail);
    return running;
  }

  model.on("change:revision", redraw);
  redraw();
  return () => { if (finalize) finalize(); };
}

export default { render };
