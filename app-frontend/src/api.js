// Calls to the local server; every one carries the run's token.
const params = new URLSearchParams(window.location.search);
if (params.get("token")) sessionStorage.setItem("archcheck-token", params.get("token"));
export const TOKEN = sessionStorage.getItem("archcheck-token") || "";
export const START_FILE = params.get("file") || "";

async function call(method, url, body, raw) {
  const headers = { "X-Archcheck-Token": TOKEN };
  let payload;
  if (body instanceof Blob) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(url, { method, headers, body: payload });
  if (!response.ok) {
    let message = `${response.status}`;
    try {
      const answer = await response.json();
      message = [answer.error && answer.error.zh, ...(answer.problems || []).map((p) => `${p.where ? p.where + "：" : ""}${p.zh}`)]
        .filter(Boolean).join("；");
    } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return raw ? response : response.json();
}

export const api = {
  form: () => call("GET", "/api/form"),
  files: () => call("GET", "/api/files"),
  open: (path) => call("GET", `/api/open?path=${encodeURIComponent(path)}`),
  save: (path, data) => call("PUT", "/api/save", { path, data }),
  create: (path, unit) => call("POST", "/api/new", { path, unit }),
  check: (path, data) => call("POST", "/api/check", { path, data }),
  report: (path, data, format) => call("POST", "/api/report", { path, data, format }, true),
  upload: (unit, file) => call("POST", `/api/upload?unit=${encodeURIComponent(unit)}&name=${encodeURIComponent(file.name)}`, file),
};
