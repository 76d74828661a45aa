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
