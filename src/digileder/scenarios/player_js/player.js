// The scenario player's page side (src/digileder/scenarios/player.py). The kernel sends the
// whole scenario once as escaped HTML pieces (`view`); this page shows each step itself the
// moment a choice is pressed, then tells the kernel the path (choice numbers from the start).
// The kernel checks it, saves it at an ending and answers with `status`. A path the kernel
// changes (cut to what fits the scenario, or set from Python) is drawn again as it is.
// HTML comes only from the kernel's pieces; texts (choices, dimensions) are set as text.
const CELL = "padding:0.2em 0.6em 0.2em 0;text-align:left;vertical-align:middle;"
  + "overflow-wrap:anywhere";

function make(tag, className = "", text = null) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== null) element.textContent = text;
  return element;
}

// Set HTML only when it changed: an unchanged part keeps its DOM (and a screen reader is not
// told the same thing again).
function setHTML(element, html) {
  if (element.digilederHTML !== html) {
    element.innerHTML = html;
    element.digilederHTML = html;
  }
}

// Hide or show an element, and set a class, only when it changes (no needless DOM change).
function setHidden(element, hidden) {
  if (element.hidden !== hidden) element.hidden = hidden;
}

function setClass(element, name, on) {
  if (element.classList.contains(name) !== on) element.classList.toggle(name, on);
}

// view.situations[id] for a situation the scenario has: a teacher may name one "constructor"
// or "toString", which every object already has.
function own(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function sameSteps(a, b) {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length
    && a.every((value, i) => value === b[i]);
}

function signed(value) {
  return value > 0 ? `+${value}` : value === 0 ? "0" : `\u2212${Math.abs(value)}`;
}

// Where PATH leads: the choices made (as far as they fit), the node reached and the scores.
// Only choice numbers fit: ipywidgets shows a view what another view sent before the kernel
// cuts it ("0", [0], "length" would be read as choices or throw).
function walk(view, path) {
  const wanted = Array.isArray(path) ? path : [];
  const made = [];
  const scores = Object.fromEntries(view.dimensions.map(([key]) => [key, 0]));
  let node = view.start;
  for (const index of wanted) {
    const situation = own(view.situations, node);
    const choice = situation && Number.isInteger(index) && index >= 0
      ? situation.choices[index] : undefined;
    if (!choice) break;
    for (const [key, change] of Object.entries(choice.effects)) {
      scores[key] = (scores[key] || 0) + change;
    }
    made.push(choice);
    node = choice.to;
  }
  return { steps: wanted.slice(0, made.length), made, node, scores };
}

// The ending's chart: a table (caption, a header per column and row) with a bar beside each
// number; the bar holds no text, the direction is also written as a word.
function chartTable(view, labels, scores) {
  const table = make("table", "digileder-dimension-chart");
  table.style.cssText = "border-collapse:collapse;margin:0.6em 0;width:100%;max-width:40em;"
    + "table-layout:fixed";
  const caption = make("caption");
  caption.style.cssText = "text-align:left;caption-side:top;padding-bottom:0.4em";
  const title = make("b", "", labels.chart_title);
  title.style.fontSize = "15px";
  const subtitle = make("span", "", labels.chart_subtitle);
  subtitle.style.cssText = "color:#555;font-size:12px";
  caption.append(title, make("br"), subtitle);
  const head = make("tr");
  labels.columns.forEach((name, i) => {
    const th = make("th", "", name);
    th.scope = "col";
    th.style.cssText = `${CELL};width:${labels.widths[i]}`;
    head.append(th);
  });
  const body = make("tbody");
  const values = view.dimensions.map(([key]) => scores[key] || 0);
  const reach = Math.max(view.reach, ...values.map(Math.abs));
  view.dimensions.forEach(([_key, label], i) => {
    const score = values[i];
    const word = score > 0 ? labels.up : score < 0 ? labels.down : labels.same;
    const th = make("th", "", label);
    th.scope = "row";
    th.style.cssText = CELL;
    const bar = make("span");
    bar.style.cssText = "position:relative;display:inline-block;width:calc(100% - 3.4em);"
      + "height:22px;vertical-align:middle;margin-right:0.4em";
    const zero = make("span");
    zero.style.cssText = "position:absolute;left:50%;top:0;bottom:0;width:1px;background:#222";
    const half = (50 * Math.abs(score)) / reach;
    const fill = make("span", "digileder-bar");
    const colour = score > 0 ? view.colours.up : score < 0 ? view.colours.down : "transparent";
    fill.style.cssText = `position:absolute;left:${(score >= 0 ? 50 : 50 - half).toFixed(2)}%;`
      + `width:${half.toFixed(2)}%;top:3px;bottom:3px;background:${colour}`;
    bar.append(zero, fill);
    const number = make("td");
    number.style.cssText = `${CELL};white-space:nowrap`;
    number.append(bar, make("b", "", signed(score)));
    const direction = make("td", "", word);
    direction.style.cssText = CELL;
    const row = make("tr");
    row.append(th, number, direction);
    body.append(row);
  });
  const thead = make("thead");
  thead.append(head);
  table.append(caption, thead, body);
  return table;
}

// A polite live region: a screen reader reads it out when it changes, and the focus stays on
// the next choices. It is live before anything is in it (a region made live together with its
// text is often not read out).
function liveRegion() {
  const region = make("div", "digileder-live");
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  return region;
}

function render({ model, el }) {
  const labels = model.get("labels");
  const view = model.get("view");
  const root = make("div", "digileder-scenario");
  const title = make("div");
  const intro = make("div");  // the intro; folded into "Om scenariet" after the first choice
  const folded = make("details");
  const foldedIntro = make("div");
  folded.append(make("summary", "", labels.about), foldedIntro);
  const consequence = liveRegion();
  const ending = liveRegion();
  const chart = make("div");  // not a live region: a whole table
  const situation = make("div");
  const choices = make("div", "digileder-choices");
  const pathBox = make("details");
  pathBox.open = true;
  const pathSummary = make("summary");
  pathSummary.append(make("b", "", labels.path));
  const pathList = make("ol");
  pathBox.append(pathSummary, pathList);
  const status = make("div");
  const restart = make("button", "jupyter-button widget-button digileder-restart",
                       labels.restart);
  restart.type = "button";
  restart.title = labels.restart_tip;
  root.append(title, intro, folded, consequence, ending, chart, situation, choices, pathBox,
              status, restart);
  root.addEventListener("keydown", (event) => {
    // A held Enter or Space repeats: only the press chooses, not the repeats (the focus is on
    // the next step's first choice by then, so each repeat would choose again).
    if (event.repeat && (event.key === "Enter" || event.key === " ")
        && event.target.tagName === "BUTTON") event.preventDefault();
    // Up and down move between the choices. The key stops in the player: in Lab it would
    // select the next cell and take the keyboard out of the scenario, also from "Start
    // forfra" (where the focus is at an ending), a folded part or a link. Off the choices it
    // still scrolls.
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.stopPropagation();
    const buttons = [...choices.children];
    const at = buttons.indexOf(event.target);
    if (at < 0) return;
    event.preventDefault();
    const next = buttons[at + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) next.focus();
  });
  el.append(root);

  let shown = null;  // the path on show
  let finished = false;  // it reached an ending
  // An ending chosen here that the kernel has not said it saved: "saving", after
  // labels.wait_ms "late" (a busy kernel, or one restarted or culled under the page). Only a
  // player that saves has labels.saving.
  let pending = null;
  let timer = null;

  function drawIntro() {
    const isFolded = shown.length > 0;
    setHTML(isFolded ? foldedIntro : intro, model.get("intro_html"));
    setHTML(isFolded ? intro : foldedIntro, "");
    setHidden(intro, isFolded);
    setHidden(folded, !isFolded);
  }

  // The kernel's message, never the last run's while this one is not saved yet.
  function drawStatus() {
    if (finished && pending) {
      const key = `pending:${pending}`;  // no kernel HTML looks like this
      if (status.digilederHTML === key) return;
      const late = pending === "late";
      const text = make("span", "", late ? labels.not_saved : labels.saving);
      if (late) text.style.fontWeight = "bold";
      status.replaceChildren(text);
      status.digilederHTML = key;
    } else {
      setHTML(status, finished ? model.get("status") : "");
    }
  }

  function stopWaiting() {
    clearTimeout(timer);
    pending = null;
  }

  function awaitSave() {
    stopWaiting();
    if (!finished || !labels.saving) return;
    pending = "saving";
    timer = setTimeout(() => {
      if (pending) {
        pending = "late";
        drawStatus();
      }
    }, labels.wait_ms);
  }

  function choiceButton(steps, index, text) {
    const button = make("button", "jupyter-button widget-button digileder-choice", text);
    button.type = "button";
    button.title = text;
    button.addEventListener("click", (event) => {
      // The second click of a double click, or a click on a step that is gone: no choice.
      if (event.detail > 1 || !sameSteps(steps, shown)) return;
      choose([...steps, index]);
    });
    return button;
  }

  // Show PATH; FOCUS (after a choice or "Start forfra", not when the page opens) moves the
  // keyboard to the first new choice, or to "Start forfra" at an ending.
  function draw(wanted, focus) {
    const run = walk(view, wanted);
    const node = own(view.situations, run.node);
    shown = run.steps;
    finished = !node;
    if (focus) awaitSave();  // the participant's own choice (or "Start forfra")
    drawIntro();
    const last = run.made[run.made.length - 1];
    setHTML(consequence, last ? last.consequence : "");
    setHTML(pathList, run.made.map(choice => choice.step).join(""));
    setHidden(pathBox, !shown.length);
    if (finished) {
      // The focus moves before the pressed choice is removed, so it never falls to the page.
      setClass(restart, "mod-primary", true);
      setHidden(restart, false);
      if (focus) restart.focus();
      choices.replaceChildren();
      setHidden(choices, true);
      setHTML(situation, "");
      setHTML(ending, own(view.endings, run.node) || "");
      chart.replaceChildren(chartTable(view, labels, run.scores));
      drawStatus();
      return;
    }
    setClass(restart, "mod-primary", false);
    setHTML(ending, "");
    chart.replaceChildren();
    situation.innerHTML = node.html;
    situation.digilederHTML = null;
    const number = situation.querySelector(".digileder-decision");
    if (number) number.textContent = labels.decision.replace("{n}", shown.length + 1);
    const steps = [...shown];
    const buttons = node.choices.map((choice, i) => choiceButton(steps, i, choice.text));
    setHidden(choices, false);
    choices.replaceChildren(...buttons);
    if (focus && buttons.length) buttons[0].focus();
    setHidden(restart, !shown.length);  // at the start it would do nothing
    drawStatus();
  }

  function choose(wanted) {
    draw(wanted, true);
    model.set("path", shown);
    model.save_changes();
  }

  restart.addEventListener("click", () => choose([]));
  const redraw = () => {
    const wanted = model.get("path");
    if (sameSteps(wanted, shown)) return;
    stopWaiting();  // another view's path, or one the kernel cut
    draw(wanted, false);
  };
  model.on("change:path", redraw);
  model.on("change:status", () => {
    // "" only clears the last run's message (after "Start forfra"); a text is the answer.
    if (model.get("status")) stopWaiting();
    drawStatus();
  });
  model.on("change:intro_html", () => drawIntro());
  model.on("change:title_html", () => setHTML(title, model.get("title_html")));
  setHTML(title, model.get("title_html"));
  draw(model.get("path"), false);
}

export default { render };
