/* 移动扫码: the mobile scan page. A keyboard-wedge scanner types the code and Enter into the
   scan box; the camera reads codes with BarcodeDetector (native, or the vendored zxing-wasm
   ponyfill, loaded only when the camera is first used). Each scan beeps and vibrates. */

let audio = null;

function beep(ok) {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = ok ? 1760 : 220;
    tone.type = ok ? "sine" : "square";
    gain.gain.value = 0.1;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + (ok ? 0.08 : 0.3));
  } catch (e) {
    /* no audio: the message and the colour still say it */
  }
  if (navigator.vibrate) navigator.vibrate(ok ? 40 : [120, 60, 120]);
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.appendChild(script);
  });
}

/* The BarcodeDetector class: the browser's own, else the ponyfill with our local .wasm. */
async function barcodeDetector(polyfill, wasm) {
  if ("BarcodeDetector" in window) return window.BarcodeDetector;
  if (!window.BarcodeDetectionAPI) await loadScript(polyfill);
  const api = window.BarcodeDetectionAPI;
  api.prepareZXingModule({
    overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasm : prefix + path) },
    equalityFn: Object.is,
    fireImmediately: true,
  });
  return api.BarcodeDetector;
}

/* The JSON answer; an HTML page instead means the session ended: reload to log in again. */
async function answerOf(response) {
  if (!(response.headers.get("content-type") || "").includes("json")) {
    window.location.reload();
    return null;
  }
  return response.json();
}

function csrf() {
  return document.querySelector('meta[name="csrf-token"]').content;
}

document.addEventListener("alpine:init", () => {
  Alpine.data("mobileScan", (config) => ({
    task: config.task,
    messages: config.messages,
    expected: Object.fromEntries(config.expected.map((e) => [e.product, e])),
    lines: config.counted.map((c) => ({ ...c, error: "" })),
    code: "",
    message: "",
    ok: true,
    saving: false,
    cameraOn: false,
    stream: null,
    lastCode: "",
    lastAt: 0,
    /* a batch-tracked product: which batch? (counting: the scanned code waits in ask.code;
       receiving: the looked-up product waits in ask.found) */
    ask: null,
    askBatch: "",
    lastBatch: {},

    /* scanned lines first, in scan order, then what is still expected */
    rows() {
      const seen = new Set(this.lines.map((l) => l.product));  /* any batch of it */
      const waiting = Object.values(this.expected)
        .filter((e) => !seen.has(e.product))
        .map((e) => ({ product: e.product, product_name: e.product_name, unit: e.unit, qty: "", error: "" }));
      return [...this.lines, ...waiting].map((l) => ({
        ...l,
        key: l.key || l.product,
        expected: this.expected[l.product] ? this.expected[l.product].expected : "",
        expected_in_units: this.expected[l.product] ? this.expected[l.product].expected_in_units || "" : "",
      }));
    },
    tell(ok, text) {
      this.ok = ok;
      this.message = text;
      beep(ok);
    },
    scanTyped() {
      const code = this.code.trim();
      this.code = "";
      if (code) this.scan(code);
    },
    async scan(code) {
      if (this.ask) {
        /* while a batch is asked for, a scan is the batch label */
        this.askBatch = code;
        return this.confirmBatch();
      }
      if (this.task === "count") return this.count(code);
      let response;
      try {
        response = await fetch("/lookup/barcode?code=" + encodeURIComponent(code), {
          headers: { Accept: "application/json" },
        });
      } catch (e) {
        return this.tell(false, this.messages.network);
      }
      const body = await answerOf(response);
      if (!body) return;
      if (!response.ok) return this.tell(false, body.error || `${this.messages.unknown}: ${code}`);
      this.add(body);
    },
    add(found, batch = "") {
      const wanted = this.expected[found.product];
      if (Object.keys(this.expected).length && !wanted) {
        return this.tell(false, `${this.messages.not_on_document}: ${found.product} ${found.product_name}`);
      }
      const receiving = this.task === "receive" || this.task === "receipt";
      if ((receiving || this.task === "pick") && found.tracking === "batch" && !batch) {
        /* goods coming in or going out under a batch: ask for its number first (picking
           offers the delivery's and the warehouse's batches too), with what is scanned of it */
        const known = this.lines.filter((l) => l.product === found.product && l.batch);
        const offered = ((wanted && wanted.batches) || []).map((b) => b.batch);
        const batches = [...new Set([...offered, ...known.map((l) => l.batch)])].map((b) => ({
          batch: b,
          counted: (known.find((l) => l.batch === b) || { qty: "0" }).qty,
        }));
        return this.askFor("", { ...found, batches }, found);
      }
      let line = this.lines.find((l) => l.product === found.product && (l.batch || "") === batch);
      const before = this.lines.filter((l) => l.product === found.product).reduce((sum, l) => sum + Number(l.qty), 0);
      const next = before + Number(found.factor);
      if (wanted && next > Number(wanted.limit)) {
        if (line) line.error = `${this.messages.over}: ${next} > ${wanted.limit}`;
        return this.tell(false, `${this.messages.over}: ${found.product} ${next} > ${wanted.limit} ${found.base_unit}`);
      }
      if (!line) {
        line = {
          product: found.product,
          product_name: found.product_name,
          unit: found.base_unit,
          batch,
          key: batch ? `${found.product} ${batch}` : found.product,
          qty: "0",
          error: "",
        };
        this.lines.push(line);
      }
      line.qty = String(Number(line.qty) + Number(found.factor));
      line.error = "";
      this.tell(true, `${this.messages.added}: ${found.product} ${found.product_name} = ${line.qty} ${line.unit}` + (batch ? ` · ${this.messages.batch} ${batch}` : ""));
    },
    async count(code, batch = "") {
      const body = new URLSearchParams({ barcode: code });
      if (batch) body.append("batch", batch);
      let response;
      try {
        response = await fetch(config.scanUrl, {
          method: "POST",
          body,
          headers: { "X-CSRF-Token": csrf(), Accept: "application/json" },
        });
      } catch (e) {
        return this.tell(false, this.messages.network);
      }
      const answer = await answerOf(response);
      if (!answer) return;
      if (!response.ok && answer.need_batch) return this.askFor(code, answer.need_batch);
      if (!response.ok) return this.tell(false, answer.error || `${this.messages.unknown}: ${code}`);
      this.lines = answer.lines.map((l) => ({ ...l, error: "" }));
      this.tell(true, `${this.messages.added}: ${code}` + (batch ? ` · ${this.messages.batch} ${batch}` : ""));
    },
    askFor(code, need, found = null) {
      this.ask = { ...need, code, found };
      this.askBatch = this.lastBatch[need.product] || "";
      this.ok = true;
      this.message = `${this.messages.which_batch}: ${need.product} ${need.product_name}`;
      this.$nextTick(() => {
        const input = document.getElementById("batch-input");
        input.focus();
        input.select();
      });
    },
    confirmBatch(batch) {
      const chosen = (batch || this.askBatch).trim();
      if (!chosen || !this.ask) return;
      const { code, product, found } = this.ask;
      this.lastBatch[product] = chosen;
      this.ask = null;
      this.askBatch = "";
      document.getElementById("mobile-code").focus();
      return found ? this.add(found, chosen) : this.count(code, chosen);
    },
    cancelBatch() {
      this.ask = null;
      this.askBatch = "";
      this.message = "";
      document.getElementById("mobile-code").focus();
    },
    async save() {
      this.saving = true;
      const body = new URLSearchParams();
      for (const l of this.lines) {
        body.append("scan_product", l.product);
        body.append("scan_unit", l.unit);
        body.append("scan_qty", l.qty);
        body.append("scan_batch", l.batch || "");
      }
      /* what the page was built from: the server refuses the save if the document changed */
      if (config.version) body.append("version", config.version);
      try {
        const response = await fetch(config.saveUrl, {
          method: "POST",
          body,
          headers: { "X-CSRF-Token": csrf(), Accept: "application/json" },
        });
        const answer = await answerOf(response);
        if (!answer) return;
        if (!response.ok) return this.tell(false, answer.error || this.messages.network);
        this.tell(true, `${this.messages.saved}: ${answer.number}`);
        window.location.href = answer.url;
      } catch (e) {
        this.tell(false, this.messages.network);
      } finally {
        this.saving = false;
      }
    },
    async toggleCamera() {
      if (this.cameraOn) return this.stopCamera();
      try {
        const Detector = await barcodeDetector(config.polyfill, config.wasm);
        const detector = new Detector();
        this.stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
        const video = document.getElementById("camera");
        video.srcObject = this.stream;
        this.cameraOn = true;
        await video.play();
        this.watch(detector, video);
      } catch (e) {
        this.stopCamera();
        this.tell(false, this.messages.camera_failed);
      }
    },
    /* read a frame every 250 ms; the same code is taken again only after 1.5 s */
    async watch(detector, video) {
      while (this.cameraOn) {
        try {
          const codes = await detector.detect(video);
          const now = Date.now();
          const code = codes.length ? codes[0].rawValue : "";
          if (code && (code !== this.lastCode || now - this.lastAt > 1500)) {
            this.lastCode = code;
            this.lastAt = now;
            await this.scan(code);
          }
        } catch (e) {
          /* a frame that cannot be read: try the next one */
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    stopCamera() {
      this.cameraOn = false;
      if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
      this.stream = null;
      document.getElementById("mobile-code").focus();
    },
  }));
});
