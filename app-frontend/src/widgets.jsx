// Widgets and templates the questionnaire adds to react-jsonschema-form: 是/否 switch, word lists,
// the climate-log CSV upload, and tables for lists of records.
import React, { useEffect, useState } from "react";

export function YesNo({ id, value, onChange, disabled, readonly }) {
  const pick = (v) => () => !(disabled || readonly) && onChange(v);
  return (
    <span className="yesno" id={id} role="radiogroup" data-value={value === true ? "yes" : value === false ? "no" : ""}>
      <button type="button" role="radio" aria-checked={value === true} className={value === true ? "on yes" : ""}
        onClick={pick(true)}>是</button>
      <button type="button" role="radio" aria-checked={value === false} className={value === false ? "on no" : ""}
        onClick={pick(false)}>否</button>
      <button type="button" className="clear" title="清除（未填写）" aria-label="清除"
        onClick={pick(undefined)} disabled={value === undefined}>×</button>
    </span>
  );
}

const SPLIT = /[、，,；;\n]+/;

// A list of short texts typed as one line: 办公室、财务科
export function WordsField({ formData, onChange, idSchema, schema, uiSchema, required }) {
  const join = (list) => (Array.isArray(list) ? list.join("、") : "");
  const [text, setText] = useState(join(formData));
  useEffect(() => {
    if (join(formData) !== text.split(SPLIT).map((s) => s.trim()).filter(Boolean).join("、")) setText(join(formData));
  }, [formData]);
  const label = uiSchema && uiSchema["ui:label"] === false ? null : schema.title;
  return (
    <div className="words">
      {label && <label htmlFor={idSchema.$id}>{label}{required ? "*" : ""}</label>}
      <input id={idSchema.$id} type="text" value={text} placeholder="多项用顿号“、”分隔"
        onChange={(e) => {
          setText(e.target.value);
          const list = e.target.value.split(SPLIT).map((s) => s.trim()).filter(Boolean);
          onChange(list.length ? list : undefined);
        }} />
      {label && schema.description && <div className="help">{schema.description}</div>}
    </div>
  );
}

export function CsvUpload({ id, value, onChange, formContext }) {
  const [note, setNote] = useState("");
  const upload = async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    setNote("正在上传…");
    try {
      const answer = await formContext.upload(file);
      onChange(answer.csv);
      setNote(`已保存为 ${answer.csv}（与单位描述文件同一文件夹）`);
    } catch (error) {
      setNote(`上传失败：${error.message}`);
    }
  };
  return (
    <div className="csv-upload">
      <input id={id} type="text" value={value || ""} placeholder="温湿度记录 CSV 文件名"
        onChange={(e) => onChange(e.target.value || undefined)} />
      <label className="button">
        选择 CSV 文件上传
        <input id={`${id}__file`} type="file" accept=".csv,text/csv" onChange={upload} hidden />
      </label>
      <div className="help">列为 at,room,temperature_c,humidity_pct（记录时间、用房编号、温度、相对湿度）。{note}</div>
    </div>
  );
}

function columnsOf(schema) {
  const items = schema.items || {};
  return Object.entries(items.properties || {}).map(([key, s]) => ({ key, title: s.title || key, required: (items.required || []).includes(key) }));
}

export function TableArray(props) {
  const { items, canAdd, onAddClick, title, schema, idSchema, required } = props;
  const columns = columnsOf(schema);
  return (
    <fieldset className="list table" id={idSchema.$id}>
      <legend>{title || schema.title}{required ? "*" : ""}</legend>
      {schema.description && <p className="help">{schema.description}</p>}
      {items.length > 0 && (
        <div className="grid" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(7.5rem, 1fr)) 3.5rem` }}>
          {columns.map((c) => <div className="head" key={c.key}>{c.title}{c.required ? "*" : ""}</div>)}
          <div className="head" />
          {items.map((item) => (
            <React.Fragment key={item.key}>
              {item.children}
              <div className="cell actions">
                <button type="button" className="remove" title="删除本行" onClick={item.onDropIndexClick(item.index)}>删除</button>
              </div>
            </React.Fragment>
          ))}
        </div>
      )}
      {items.length === 0 && <p className="empty">（尚无记录）</p>}
      {canAdd && <button type="button" className="add" onClick={onAddClick}>＋ 添加一行</button>}
    </fieldset>
  );
}

export function CardsArray(props) {
  const { items, canAdd, onAddClick, title, schema, idSchema, required } = props;
  return (
    <fieldset className="list cards" id={idSchema.$id}>
      <legend>{title || schema.title}{required ? "*" : ""}</legend>
      {schema.description && <p className="help">{schema.description}</p>}
      {items.map((item) => (
        <div className="card" key={item.key}>
          <div className="card-head">
            <span>第 {item.index + 1} 项</span>
            <button type="button" className="remove" onClick={item.onDropIndexClick(item.index)}>删除</button>
          </div>
          {item.children}
        </div>
      ))}
      {items.length === 0 && <p className="empty">（尚无记录）</p>}
      {canAdd && <button type="button" className="add" onClick={onAddClick}>＋ 添加一项</button>}
    </fieldset>
  );
}

// One record of a table: its fields become the row's cells.
export function RowObject({ properties }) {
  return <div className="row">{properties.filter((p) => !p.hidden).map((p) => <div className="cell" key={p.name}>{p.content}</div>)}</div>;
}

export function SectionObject({ title, description, properties, idSchema }) {
  return (
    <fieldset className="object" id={idSchema.$id}>
      {title && <legend>{title}</legend>}
      {description && <p className="help">{description}</p>}
      {properties.filter((p) => !p.hidden).map((p) => <React.Fragment key={p.name}>{p.content}</React.Fragment>)}
    </fieldset>
  );
}

// One record shown as a card: its fields in a compact grid, without repeating the list's title.
export function CardObject({ properties }) {
  return <div className="card-fields">{properties.filter((p) => !p.hidden).map((p) => <React.Fragment key={p.name}>{p.content}</React.Fragment>)}</div>;
}

// A list of records, plus the difference between "not filled in" (absent: no evidence) and
// "there are none" (an empty list: e.g. no incidents), which an empty table cannot show.
export function ListField(props) {
  const { ArrayField } = props.registry.fields;
  const empty = Array.isArray(props.formData) && props.formData.length === 0;
  const absent = props.formData === undefined || props.formData === null;
  return (
    <div className="list-field">
      <ArrayField {...props} />
      {(absent || empty) && (
        <div className="none-toggle" id={`${props.idSchema.$id}__none`}>
          {absent ? <>未填写（算作未提供证据）。<button type="button" onClick={() => props.onChange([])}>确认没有</button></>
            : <>已确认：没有。<button type="button" onClick={() => props.onChange(undefined)}>撤销</button></>}
        </div>
      )}
    </div>
  );
}
