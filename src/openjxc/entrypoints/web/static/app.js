/* OpenJXC browser code: small Alpine components for the forms and the bill editor. */
"use strict";

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]').content;
}

document.addEventListener("alpine:init", () => {
  /* the "other units" rows of the product form; errors come from the server by field path */
  Alpine.data("unitRows", (initial) => ({
    rows: [],
    errors: {},
    next: 0,
    init() {
      const el = document.getElementById("unit-errors");
      this.errors = el ? JSON.parse(el.textContent) : {};
      this.rows = (initial || []).map((u) => this.row(u));
    },
    row(u) {
      this.next += 1;
      return { key: this.next, name: u.name || "", factor: u.factor || "", barcode: u.barcode || "" };
    },
    add() { this.rows.push(this.row({})); },
    remove(i) { this.rows.splice(i, 1); this.errors = {}; },
  }));
});

/* Add one to a decimal written as text, exactly (no floating point): "2.5" -> "3.5". */
function addOne(text) {
  const s = String(text || "0").trim() || "0";
  if (!/^\d+(\.\d+)?$/.test(s)) return s;
  const [whole, frac = ""] = s.split(".");
  const scaled = BigInt(whole + frac) + 10n ** BigInt(frac.length);
  const digits = scaled.toString().padStart(frac.length + 1, "0");
  return frac.length ? digits.slice(0, -frac.length) + "." + digits.slice(-frac.length) : digits;
}

/* Exact decimals for the editor's preview of line amounts (BigInt, never floating point). */
const Dec = {
  parse(text) {
    const s = String(text ?? "").trim();
    if (!/^\d+(\.\d+)?$/.test(s)) return null;
    const [whole, frac = ""] = s.split(".");
    return { n: BigInt(whole + frac), s: frac.length };
  },
  /* num / den rounded half-up (both positive) */
  div(num, den) { return (2n * num + den) / (2n * den); },
  cents(a) {
    return a.s <= 2 ? a.n * 10n ** BigInt(2 - a.s) : Dec.div(a.n, 10n ** BigInt(a.s - 2));
  },
  text(cents) {
    const digits = cents.toString().padStart(3, "0");
    return digits.slice(0, -2) + "." + digits.slice(-2);
  },
};

/* The amounts of one line in cents, as the server computes them (domain/trading/tax.py):
   tax-exclusive: net = qty × price, tax = net × rate; tax-inclusive: total = qty × price,
   net = total / (1 + rate). Each figure rounded half-up to 0.01. */
/* a tax rate as typed, as a percent: "13", "13%" and "0.13" are 13 (the server's
   tax.parse_tax_rate reads it the same way; this is only the preview) */
function ratePercent(typed) {
  const text = String(typed || "0").trim();
  const bare = text.endsWith("%") ? text.slice(0, -1).trim() : text;
  const r = Dec.parse(bare);
  if (!r || text.endsWith("%") || !bare.includes(".") || r.n >= 10n ** BigInt(r.s)) return r;
  /* a fraction below 1: n / 10^s is (n / 10^(s-2)) percent */
  return r.s >= 2 ? { n: r.n, s: r.s - 2 } : { n: r.n * 10n ** BigInt(2 - r.s), s: 0 };
}

function lineCents(qty, price, percent, included) {
  const q = Dec.parse(qty);
  const p = Dec.parse(price);
  const r = ratePercent(percent);
  if (!q || !p || !r) return null;
  const gross = Dec.cents({ n: q.n * p.n, s: q.s + p.s });
  const hundred = 100n * 10n ** BigInt(r.s);
  if (included) {
    const net = Dec.div(gross * hundred, hundred + r.n);
    return { net, tax: gross - net, total: gross };
  }
  const tax = Dec.div(gross * r.n, hundred);
  return { net: gross, tax, total: gross + tax };
}

function feedback(ok) {
  if (navigator.vibrate) navigator.vibrate(ok ? 40 : [80, 40, 80]);
}

document.addEventListener("alpine:init", () => {
  /* the bill editor's line grid: picker, keyboard-wedge scan box, rows */
  Alpine.data("billEditor", (initial, messages, taxIncluded, partnerRates, partner, batchPick) => ({
    lines: [],
    messages,
    taxIncluded: Boolean(taxIncluded),
    partnerRates, /* null on stock documents */
    partner: partner || "",
    batchPick: Boolean(batchPick), /* issue lines of batch-tracked products choose a batch */
    init() {
      this.lines = (initial || []).map((l) => this.line(l));
      this.reloadBatches();
      if (this.partnerRates) {
        this.lines.forEach((l) => this.quote(l));
        this.$watch("partner", () => this.lines.forEach((l) => this.quote(l)));
        this.$watch("taxIncluded", () => this.lines.forEach((l) => this.quote(l)));
      }
    },
    /* the price the server applies when none is typed: shown as the placeholder, previewed */
    async quote(line) {
      const kind = document.querySelector('#bill [name="type"]').value;
      const query = new URLSearchParams({
        type: kind, product: line.product, unit: line.unit, partner: this.partner,
        tax_rate: line.tax_rate || "", tax_included: this.taxIncluded ? "true" : "false",
      });
      const response = await fetch("/lookup/price?" + query, { headers: { "X-CSRF-Token": csrfToken() } });
      line.default_price = response.ok ? (await response.json()).price || "" : "";
    },
    /* the product's batches in the document's warehouse, FEFO order; "" stays automatic FEFO */
    async loadBatches(line) {
      if (!this.batchPick || line.tracking !== "batch") return;
      const query = new URLSearchParams({
        product: line.product,
        warehouse: document.getElementById("f-warehouse").value,
        day: document.getElementById("f-date").value,
      });
      const response = await fetch("/lookup/batches?" + query, { headers: { "X-CSRF-Token": csrfToken() } });
      const found = response.ok ? (await response.json()).batches : [];
      /* a batch already on the line stays choosable even when it has no stock left here */
      if (line.batch && !found.some((b) => b.batch === line.batch)) {
        found.push({ batch: line.batch, expiry: "", available: "0", expired: false, on_hold: false });
      }
      line.batches = found;
    },
    reloadBatches() { this.lines.forEach((l) => this.loadBatches(l)); },
    batchLabel(b, line) {
      const marks = [b.expired ? this.messages.expired : "", b.on_hold ? this.messages.on_hold : ""].filter(Boolean);
      const expiry = b.expiry || this.messages.no_expiry;
      const text = `${b.batch} · ${expiry} · ${this.messages.available} ${b.available} ${line.base_unit}`;
      return marks.length ? `${text} (${marks.join(", ")})` : text;
    },
    next: 0,
    scanCode: "",
    scanMessage: "",
    scanOk: true,
    line(l) {
      this.next += 1;
      return {
        key: this.next, product: l.product || "", product_name: l.product_name || "",
        units: l.units || [l.unit], unit: l.unit || (l.units || [""])[0], qty: l.qty || "1",
        cost: l.cost || "", batch: l.batch || "", expiry: l.expiry || "",
        tracking: l.tracking || "none", error: l.error || "", base_unit: l.base_unit || "", batches: [],
        price: l.price || "", tax_rate: l.tax_rate || "", source: l.source || "", default_price: "",
      };
    },
    /* a scan or a pick of the same product and unit adds 1 to its line */
    add(product, unit) {
      const same = this.lines.find((l) => l.product === product.product && l.unit === unit && !l.batch);
      if (same) {
        same.qty = addOne(same.qty);
        same.error = "";
        return same;
      }
      const fresh = this.line({ ...product, unit, qty: "1" });
      if (this.partnerRates) {
        /* the default the server applies too: the partner's rate, else the product's */
        fresh.tax_rate = this.partnerRates[this.partner] ?? (product.product_tax_rate || "");
      }
      this.lines.push(fresh);
      const live = this.lines[this.lines.length - 1]; /* Alpine's reactive copy */
      if (this.partnerRates) this.quote(live);
      this.loadBatches(live);
      return live;
    },
    /* a picker button carries its product as JSON (JSON is out of reach of CSP expressions) */
    pickFrom(button) { this.pick(JSON.parse(button.dataset.product)); },
    /* the picker by keyboard: ↓/↑ move through the results, Enter picks, Esc closes */
    pickerItems() { return [...document.querySelectorAll("#picker-results .picker-item")]; },
    pickerMove(step) {
      const items = this.pickerItems();
      if (!items.length) return;
      const at = items.findIndex((b) => b.classList.contains("active"));
      const next = at < 0 ? (step > 0 ? 0 : items.length - 1) : Math.min(Math.max(at + step, 0), items.length - 1);
      items.forEach((b, i) => {
        b.classList.toggle("active", i === next);
        b.setAttribute("aria-selected", String(i === next));
      });
      items[next].scrollIntoView({ block: "nearest" });
    },
    pickerDown() { this.pickerMove(1); },
    pickerUp() { this.pickerMove(-1); },
    /* the highlighted result, else the only one: never a stale first row of an earlier search */
    pickerEnter() {
      const items = this.pickerItems();
      const chosen = items.find((b) => b.classList.contains("active")) || (items.length === 1 ? items[0] : null);
      if (chosen) this.pickFrom(chosen);
    },
    pickerClose() { document.getElementById("picker-results").innerHTML = ""; },
    /* Enter in a field does not submit the bill (a keyboard-wedge scanner ends with Enter) */
    stayOnEnter(event) { if (event.target.tagName === "INPUT") event.preventDefault(); },
    pick(product) {
      this.add(product, product.units[0]);
      const picker = document.getElementById("picker");
      picker.value = "";
      document.getElementById("picker-results").innerHTML = "";
      document.getElementById("scan").focus();
    },
    async scan() {
      const code = this.scanCode.trim();
      this.scanCode = "";
      if (!code) return;
      const response = await fetch("/lookup/barcode?code=" + encodeURIComponent(code), {
        headers: { "X-CSRF-Token": csrfToken() },
      });
      const body = await response.json();
      if (!response.ok) {
        this.scanOk = false;
        this.scanMessage = body.error || this.messages.unknown;
        feedback(false);
        return;
      }
      const line = this.add(body, body.unit);
      this.scanOk = true;
      this.scanMessage = `${this.messages.added}: ${body.product} ${body.product_name} × ${line.qty} ${line.unit}`;
      feedback(true);
    },
    remove(i) { this.lines.splice(i, 1); },
    /* a preview only: the server recomputes every amount when the document is saved */
    cents(line) {
      /* typed or offered, a price is on the document's basis (含税 when the switch is on) */
      return lineCents(line.qty, line.price || line.default_price, line.tax_rate, this.taxIncluded);
    },
    amounts(line) {
      const c = this.cents(line);
      return c ? { net: Dec.text(c.net), tax: Dec.text(c.tax), total: Dec.text(c.total) } : { net: "", tax: "", total: "" };
    },
    totals() {
      const sum = { net: 0n, tax: 0n, total: 0n };
      for (const l of this.lines) {
        const c = this.cents(l);
        if (c) { sum.net += c.net; sum.tax += c.tax; sum.total += c.total; }
      }
      return { net: Dec.text(sum.net), tax: Dec.text(sum.tax), total: Dec.text(sum.total) };
    },
    totalQty() {
      return this.lines.reduce((sum, l) => (/^\d+$/.test(l.qty) ? sum + BigInt(l.qty) : sum), 0n).toString();
    },
  }));
});

/* charts: an element with data-chart holds its ECharts option as JSON */
function drawCharts(root) {
  if (!window.echarts) return;
  root.querySelectorAll("[data-chart]").forEach((el) => {
    const chart = echarts.getInstanceByDom(el) || echarts.init(el);
    chart.setOption(JSON.parse(el.dataset.chart));
    window.addEventListener("resize", () => chart.resize());
  });
}
window.addEventListener("load", () => drawCharts(document));
document.addEventListener("htmx:load", (event) => drawCharts(event.target));

/* 核销 "as chosen": spread the payment's amount over the open documents, oldest first,
   in exact cents (the server checks every amount again). */
function fillOldestFirst(form) {
  const amount = Dec.parse(form.querySelector('[name="amount"]').value);
  const fixed = form.querySelector("#unapplied");
  let left = fixed ? Dec.cents(Dec.parse(fixed.textContent.replace(/,/g, "")) || { n: 0n, s: 0 }) : amount ? Dec.cents(amount) : 0n;
  form.querySelectorAll(".open-row").forEach((row) => {
    const open = Dec.cents(Dec.parse(row.dataset.open) || { n: 0n, s: 0 });
    const take = left < open ? left : open;
    row.querySelector(".settle-amount").value = take > 0n ? Dec.text(take) : "";
    left -= take;
  });
}

/* 打印 in a list's toolbar: the ticked documents on one print page. */
function printTicked(form) {
  const refs = [...form.querySelectorAll('input[name="numbers"]:checked')].map((box) => box.value);
  const query = refs.map((ref) => "ref=" + encodeURIComponent(ref)).join("&");
  window.location.assign("/print/batch" + (query ? "?" + query : ""));
}

/* Behaviour the templates ask for by data attributes: the Content Security Policy runs no
   inline handlers (onclick=…), so every one of them is here, delegated from the document. */
document.addEventListener("click", (event) => {
  const confirmed = event.target.closest("[data-confirm]");
  if (confirmed && !window.confirm(confirmed.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (event.target.closest("[data-print]")) window.print();
  if (event.target.closest("#bulk-print")) printTicked(event.target.closest("form"));
  const fill = event.target.closest("[data-fill]");
  if (fill) fillOldestFirst(document.getElementById(fill.dataset.fill));
});
document.addEventListener("change", (event) => {
  const select = event.target;
  if (select.matches("[data-autosubmit]")) select.form.submit();
  if (select.matches("[data-navigate]")) window.location.href = select.dataset.navigate + select.value;
});
/* a form whose address ends in what is typed into its "number" field (the mobile task forms) */
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.dataset.actionPrefix) return;
  if (!form.number.value) {
    event.preventDefault();
    return;
  }
  form.action = form.dataset.actionPrefix + encodeURIComponent(form.number.value);
});
