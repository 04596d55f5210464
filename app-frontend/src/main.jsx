// archcheck 档案室自查问卷: one page per inspection area, drawn by react-jsonschema-form from the
// form description the local server generates out of the unit schema.
import React, { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import Form from "@rjsf/core";
import validator from "./validator.js";
import { api, START_FILE } from "./api.js";
import { CardObject, CardsArray, CsvUpload, ListField, RowObject, SectionObject, TableArray, WordsField, YesNo } from "./widgets.jsx";
import "./style.css";

const TEMPLATES = { table: TableArray, cards: CardsArray, row: RowObject, card: CardObject };
const widgets = { yesno: YesNo, csvupload: CsvUpload };
const fields = { words: WordsField, list: ListField };

// The server's uiSchema names templates by string; give rjsf the components.
function withComponents(ui) {
  if (Array.isArray(ui) || typeof ui !== "object" || ui === null) return ui;
  const out = {};
  for (const [key, value] of Object.entries(ui)) {
    if ((key === "ui:ArrayFieldTemplate" || key === "ui:ObjectFieldTemplate") && typeof value === "string") out[key] = TEMPLATES[value];
    else out[key] = withComponents(value);
  }
  return out;
}

function pick(object, keys) {
  const out = {};
  for (const key of keys) if (object && object[key] !== undefined) out[key] = object[key];
  return out;
}

const fmt = (n) => (n === null || n === undefined ? "–" : String(Math.round(n * 100) / 100));

function pageScore(page, areas) {
  const mine = areas.filter((a) => page.areas.includes(a.area));
  if (!mine.length) return null;
  return { score: mine.reduce((s, a) => s + a.score, 0), max: mine.reduce((s, a) => s + a.max, 0) };
}

function fieldId(pointer) {
  const parts = (pointer || "").split("/").filter(Boolean).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  for (let n = parts.length; n > 0; n--) {
    const id = ["root", ...parts.slice(0, n)].join("_");
    if (document.getElementById(id)) return id;
  }
  return null;
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function App() {
  const [form, setForm] = useState(null);
  const [files, setFiles] = useState([]);
  const [chosen, setChosen] = useState(START_FILE);
  const [file, setFile] = useState(null); // {path, format}
  const [doc, setDoc] = useState(null);
  const [dirty, setDirty] = useState(false);
  const [page, setPage] = useState("basic");
  const [summary, setSummary] = useState({ areas: [], problems: [], invalid: [], total: null, grade: null });
  const [status, setStatus] = useState("");
  const [checks, setChecks] = useState(0); // answers received, for whoever waits for the score
  const [report, setReport] = useState(null);
  const [newName, setNewName] = useState("");
  const pending = useRef(null);
  const pendingJump = useRef(null);
  const checkSeq = useRef(0);

  useEffect(() => {
    api.form().then(setForm).catch((e) => setStatus(`无法载入问卷：${e.message}`));
    api.files().then((a) => setFiles(a.files)).catch(() => {});
  }, []);

  const runCheck = useCallback((path, data) => {
    const seq = ++checkSeq.current;
    setStatus("正在计算得分…");
    api.check(path, data).then((answer) => {
      if (seq !== checkSeq.current) return;
      setSummary(answer);
      setChecks((n) => n + 1);
      setStatus(answer.valid ? "得分已更新" : "有字段需要修改（见右侧）");
    }).catch((e) => seq === checkSeq.current && setStatus(`计算得分失败：${e.message}`));
  }, []);

  const open = useCallback(async (path) => {
    if (!path) return;
    if (dirty && !window.confirm("当前文件有未保存的修改，仍要打开另一个文件吗？")) return;
    try {
      const answer = await api.open(path);
      setFile({ path: answer.path, format: answer.format });
      setDoc(answer.data);
      setDirty(false);
      setReport(null);
      setPage("basic");
      setStatus(`已打开 ${answer.path}`);
      runCheck(answer.path, answer.data);
    } catch (e) {
      setStatus(`无法打开：${e.message}`);
    }
  }, [dirty, runCheck]);

  useEffect(() => { if (form && START_FILE) open(START_FILE); }, [form]);

  const save = useCallback(async () => {
    if (!file || !doc) return;
    try {
      const answer = await api.save(file.path, doc);
      setDirty(false);
      setStatus(`已保存 ${answer.saved}（${answer.at}）`);
      api.files().then((a) => setFiles(a.files)).catch(() => {});
    } catch (e) {
      setStatus(`保存失败：${e.message}`);
    }
  }, [file, doc]);

  useEffect(() => {
    const onKey = (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(); }
    };
    const onLeave = (e) => { if (dirty) { e.preventDefault(); e.returnValue = ""; } };
    window.addEventListener("keydown", onKey);
    window.addEventListener("beforeunload", onLeave);
    return () => { window.removeEventListener("keydown", onKey); window.removeEventListener("beforeunload", onLeave); };
  }, [save, dirty]);

  const create = async () => {
    try {
      const answer = await api.create(newName, "");
      setFiles((await api.files()).files);
      setChosen(answer.path);
      setNewName("");
      await open(answer.path);
    } catch (e) {
      setStatus(`无法新建：${e.message}`);
    }
  };

  const current = form && form.pages.find((p) => p.id === page);
  const pageSchema = useMemo(() => {
    if (!form || !current) return null;
    return {
      type: "object",
      properties: pick(form.properties, current.sections),
      required: form.required.filter((r) => current.sections.includes(r)),
    };
  }, [form, current]);
  const pageUi = useMemo(() => {
    if (!form || !current) return {};
    const ui = withComponents(pick(form.ui, current.sections));
    for (const section of current.sections) {
      const s = form.properties[section];
      if (s && s.type === "object") ui[section] = { "ui:ObjectFieldTemplate": SectionObject, ...(ui[section] || {}) };
    }
    ui["ui:submitButtonOptions"] = { norender: true };
    return ui;
  }, [form, current]);

  const onChange = ({ formData }) => {
    setDoc((before) => {
      const next = { ...before };
      for (const section of current.sections) {
        if (formData[section] === undefined) delete next[section];
        else next[section] = formData[section];
      }
      clearTimeout(pending.current);
      pending.current = setTimeout(() => runCheck(file.path, next), 500);
      return next;
    });
    setDirty(true);
  };

  const jump = (item) => {
    setReport(null);
    if (item.page !== page) {
      pendingJump.current = item.pointer;
      setPage(item.page);
    } else focus(item.pointer);
  };
  const focus = (pointer) => {
    const id = fieldId(pointer);
    if (!id) return;
    const element = document.getElementById(id);
    element.scrollIntoView({ block: "center", behavior: "smooth" });
    element.classList.add("flash");
    setTimeout(() => element.classList.remove("flash"), 1600);
    if (element.focus) element.focus({ preventScroll: true });
  };
  useEffect(() => {
    window.scrollTo(0, 0); // a new page starts at its top
    if (pendingJump.current !== null) {
      const pointer = pendingJump.current;
      pendingJump.current = null;
      setTimeout(() => focus(pointer), 50);
    }
  }, [page]);

  const showReport = async () => {
    try {
      const response = await api.report(file.path, doc, "html");
      setReport(await response.text());
    } catch (e) {
      setStatus(`无法生成报告：${e.message}`);
    }
  };
  const fetchDownload = async (format) => {
    try {
      const response = await api.report(file.path, doc, format);
      const name = { docx: "自查报告.docx", html: "自查报告.html", ledger: "整改台账.xlsx" }[format];
      download(await response.blob(), name);
      setStatus(`已下载 ${name}`);
    } catch (e) {
      setStatus(`无法下载：${e.message}`);
    }
  };

  if (!form) return <div className="loading">{status || "正在载入问卷…"}</div>;
  const here = summary.problems.filter((p) => p.page === page);
  const invalid = summary.invalid || [];
  const formContext = { upload: (f) => api.upload(file.path, f) };

  return (
    <div className="app">
      <header>
        <h1>档案室自查问卷</h1>
        <div className="file">
          <select id="file-select" value={chosen} onChange={(e) => setChosen(e.target.value)} aria-label="选择单位描述文件">
            <option value="">（选择本文件夹中的单位描述文件）</option>
            {files.map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
          <button id="open" type="button" onClick={() => open(chosen)} disabled={!chosen}>打开</button>
          <input id="new-name" type="text" value={newName} placeholder="新文件名，如 我的单位.yaml" onChange={(e) => setNewName(e.target.value)} />
          <button id="create" type="button" onClick={create} disabled={!newName.trim()}>新建</button>
          <button id="save" type="button" className="primary" onClick={save} disabled={!file}>保存{dirty ? "*" : ""}</button>
        </div>
        <div id="status" className="status" role="status" data-checks={checks}>{file ? `${file.path} · ${dirty ? "有未保存的修改" : "已保存"} · ` : ""}{status}</div>
      </header>
      {!file && <main className="welcome"><p>请在上方选择一个单位描述文件（YAML 或 JSON）后点击“打开”，或输入文件名新建一个。</p>
        <p>问卷只读写“{form.folder}”文件夹中的文件。</p></main>}
      {file && (
        <div className="columns">
          <nav aria-label="检查领域">
            {form.pages.map((p) => {
              const s = pageScore(p, summary.areas);
              const open = summary.problems.filter((x) => x.page === p.id).length;
              return (
                <button key={p.id} id={`page-${p.id}`} type="button" className={p.id === page && !report ? "active" : ""}
                  onClick={() => { setReport(null); setPage(p.id); }}>
                  <span className="name">{p.title}</span>
                  {s && <span className="score" id={`score-${p.id}`}>{fmt(s.score)}/{fmt(s.max)}</span>}
                  {open > 0 && <span className="count" title="待完善">{open}</span>}
                </button>
              );
            })}
            <button id="page-report" type="button" className={report ? "active" : ""} onClick={showReport}>
              <span className="name">自查报告与下载</span>
            </button>
          </nav>
          <main>
            {report === null ? (
              <>
                <h2 className="page-title">{current.title}</h2>
                <Form key={`${file.path}:${page}`} schema={pageSchema} uiSchema={pageUi} formData={pick(doc, current.sections)}
                  validator={validator} widgets={widgets} fields={fields} formContext={formContext} onChange={onChange}
                  noHtml5Validate showErrorList={false} idPrefix="root" idSeparator="_"
                  experimental_defaultFormStateBehavior={{ emptyObjectFields: "skipDefaults", arrayMinItems: { populate: "never" } }} />
              </>
            ) : (
              <div className="report">
                <div className="downloads">
                  <button id="download-docx" type="button" onClick={() => fetchDownload("docx")}>下载 Word 自查报告（.docx）</button>
                  <button id="download-html" type="button" onClick={() => fetchDownload("html")}>下载网页版（.html）</button>
                  <button id="download-ledger" type="button" onClick={() => fetchDownload("ledger")}>下载整改台账（.xlsx）</button>
                </div>
                <iframe id="report-frame" title="自查报告" sandbox="" srcDoc={report} />
              </div>
            )}
          </main>
          <aside>
            <div className="total">
              <div className="label">自查总分</div>
              <div id="total-score" className="big">{fmt(summary.total)}</div>
              <div id="grade" className="grade">{summary.grade || ""}</div>
            </div>
            {invalid.length > 0 && (
              <section className="invalid">
                <h3>需要修改（{invalid.length}）</h3>
                <ul>{invalid.map((p, i) => (
                  <li key={i}><a href="#" onClick={(e) => { e.preventDefault(); jump({ page: (form.section_page[(p.where || "").split("/")[1]] || "basic"), pointer: p.where }); }}>
                    {p.zh}</a></li>))}</ul>
              </section>
            )}
            <section className="missing">
              <h3>本页待完善（{here.length}）</h3>
              {here.length === 0 && <p className="ok">本页没有待完善的项目。</p>}
              <ul id="problems">{here.map((p, i) => (
                <li key={i} className={p.missing ? "no-evidence" : "fail"}>
                  <a href="#" data-pointer={p.pointer} onClick={(e) => { e.preventDefault(); jump(p); }}>
                    <span className="tag">{p.missing ? "未提供证据" : "不符合"}</span> {p.title}：{p.message}
                  </a>
                  <div className="remedy">{p.remedy}</div>
                </li>))}</ul>
              <p className="others">其他页待完善：{summary.problems.length - here.length} 项</p>
            </section>
          </aside>
        </div>
      )}
    </div>
  );
}

createRoot(document.getElementById("root")).render(<App />);
