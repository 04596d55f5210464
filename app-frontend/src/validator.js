// The form does not validate in the browser: the server checks the whole description exactly as
// `archcheck check` does and lists what is wrong beside the form. react-jsonschema-form still asks
// whether a value matches a schema when it picks among `oneOf` choices (our dropdowns); this answers
// that without a JSON-Schema compiler (which would need eval, refused by the page's CSP).
function matches(schema, data) {
  if (!schema || typeof schema !== "object") return true;
  if (schema.const !== undefined) return data === schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.includes(data);
  const type = schema.type;
  if (type === "string") return typeof data === "string";
  if (type === "boolean") return typeof data === "boolean";
  if (type === "integer") return Number.isInteger(data);
  if (type === "number") return typeof data === "number";
  if (type === "array") return Array.isArray(data);
  if (type === "object") return data !== null && typeof data === "object" && !Array.isArray(data);
  return true;
}

const validator = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  toErrorList: () => [],
  isValid: (schema, data) => matches(schema, data),
  rawValidation: () => ({ errors: [], validationError: undefined }),
};

export default validator;
