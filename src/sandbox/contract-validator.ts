import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The committed copy of ../shared/cce/carbon-tracker.yaml (CI checks that they match). */
export const CONTRACT_PATH = path.resolve(__dirname, '../../contract/cce/carbon-tracker.yaml');
const CONTRACT_ID = 'cce-contract';

export interface FieldViolation {
  /** Dotted path in the request body, e.g. `expiryInfo.month`; `(body)` for the body itself. */
  readonly field: string;
  readonly message: string;
}

type OpenApiDocument = {
  paths: Record<string, Record<string, { responses?: Record<string, { $ref?: string }> }>>;
  components: { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
};

/** JSON-schema validation of request and response bodies against the CCE OpenAPI document. */
export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    // OpenAPI 3.0 schemas carry `example` and other annotations ajv does not know (strict: false);
    // some patterns use escapes such as `\_` that are only legal outside unicode mode.
    this.ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, CONTRACT_ID);
  }

  static load(file: string = CONTRACT_PATH): ContractValidator {
    return new ContractValidator(parse(readFileSync(file, 'utf8')) as OpenApiDocument);
  }

  /** Validates against `#/components/schemas/<name>`. */
  validateSchema(name: string, data: unknown): FieldViolation[] {
    return this.run(`#/components/schemas/${name}`, data);
  }

  /** Validates against the JSON schema of `#/components/requestBodies/<name>`. */
  validateRequestBody(name: string, data: unknown): FieldViolation[] {
    return this.run(`#/components/requestBodies/${name}/content/application~1json/schema`, data);
  }

  /** Validates a response body against what the contract declares for this operation and status. */
  validateResponse(apiPath: string, method: string, status: number, data: unknown): FieldViolation[] {
    const declared = this.document.paths[apiPath]?.[method.toLowerCase()]?.responses?.[String(status)];
    if (!declared)
      return [{ field: '(response)', message: `${method} ${apiPath} declares no ${status} response` }];
    const responseName = declared.$ref?.replace('#/components/responses/', '');
    if (!responseName || !this.document.components.responses[responseName]?.content?.['application/json']) {
      return [{ field: '(response)', message: `${method} ${apiPath} ${status} has no JSON schema` }];
    }
    return this.run(`#/components/responses/${responseName}/content/application~1json/schema`, data);
  }

  private run(pointer: string, data: unknown): FieldViolation[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(`${CONTRACT_ID}${pointer}`);
      if (!validate) throw new Error(`the contract has no schema at ${pointer}`);
      this.compiled.set(pointer, validate);
    }
    return validate(data) ? [] : (validate.errors ?? []).map(toViolation);
  }
}

function toViolation(error: ErrorObject): FieldViolation {
  const segments = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  const field = segments.length > 0 ? segments.join('.') : '(body)';
  // ajv's messages name the rule (pattern, length, type), never the submitted value.
  const message =
    error.keyword === 'required' ? `${field} is required` : `${field} ${error.message ?? 'is invalid'}`;
  return { field, message };
}
