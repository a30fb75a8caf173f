/**
 * JSON Schemas for the rule files (build-time only). Shape problems are reported with file and path before any
 * meaning is checked; `rules.ts` then checks names, citations and quotes.
 */

const localized = {
  type: 'object',
  required: ['zh', 'en'],
  additionalProperties: false,
  properties: { zh: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
};

const labelRef = { oneOf: [localized, { type: 'string', pattern: '^[a-z][a-zA-Z0-9.-]*$' }] };

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

const id = { type: 'string', pattern: '^[a-z][a-z0-9-]*$' };

const citation = {
  type: 'object',
  required: ['doc'],
  additionalProperties: false,
  properties: {
    doc: { type: 'string', minLength: 1 },
    where: { type: 'string' },
    quote: { type: 'string' },
    // A document of another region cited where the rule applies beyond it: why, shown with the citation.
    reading: localized,
  },
};

const paramValue = {
  oneOf: [
    { type: 'number' },
    { type: 'boolean' },
    { type: 'string' },
    { type: 'null' },
    {
      type: 'object',
      required: ['min', 'max'],
      additionalProperties: false,
      properties: { min: { type: 'number' }, max: { type: 'number' }, typical: { type: 'number' } },
    },
    { type: 'object', required: ['atLeast'], additionalProperties: false, properties: { atLeast: { type: 'number' } } },
  ],
};

const datedValue = {
  type: 'object',
  required: ['from', 'value', 'strength', 'source'],
  additionalProperties: false,
  properties: {
    from: date,
    value: paramValue,
    strength: { enum: ['seed', 'national', 'planned', 'unknown'] },
    source: citation,
    note: localized,
    // The last day the source states the figure for (see rules/README.md, "Horizons").
    horizon: date,
  },
};

export const sourcesSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['kind', 'title'],
    additionalProperties: false,
    properties: {
      kind: { enum: ['seed', 'national'] },
      title: localized,
      file: { type: 'string' },
      region: { type: 'string', minLength: 2 },
    },
  },
};

export const parametersSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['label', 'unit'],
    additionalProperties: false,
    properties: {
      label: localized,
      unit: { enum: ['yuan-month', 'yuan-year', 'yuan', 'ratio', 'years', 'count', 'multiplier', 'flag', 'grade', 'text'] },
    },
  },
};

export const stringsSchema = { type: 'object', additionalProperties: localized };

export const regionSchema = {
  type: 'object',
  required: ['id', 'name', 'parent', 'lastVerified'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^cn(-[a-z]+)*$' },
    name: localized,
    parent: { oneOf: [{ type: 'string' }, { type: 'null' }] },
    code: { type: 'string', pattern: '^[1-9]\\d{5}$' },
    lastVerified: date,
    note: localized,
    parameters: { type: 'object', additionalProperties: { type: 'array', minItems: 1, items: datedValue } },
  },
};

const condition = {
  $id: 'condition',
  type: 'object',
  oneOf: [
    { required: ['all'] },
    { required: ['any'] },
    { required: ['not'] },
    { required: ['test'] },
    { required: ['discretionary'] },
  ],
  additionalProperties: false,
  properties: {
    id,
    label: labelRef,
    // One citation, or several: each region shows the first that applies there.
    source: { oneOf: [citation, { type: 'array', minItems: 1, items: citation }] },
    unit: { enum: ['yuan-month', 'yuan-year', 'yuan', 'ratio', 'years', 'count', 'multiplier', 'flag', 'grade', 'text'] },
    all: { type: 'array', minItems: 1, items: { $ref: 'condition' } },
    any: { type: 'array', minItems: 1, items: { $ref: 'condition' } },
    not: { $ref: 'condition' },
    test: { type: 'string', minLength: 1 },
    discretionary: { const: true },
    gate: { const: true },
  },
};

export const conditionSchema = condition;

const incomeRules = {
  type: 'object',
  required: ['notCounted'],
  additionalProperties: false,
  properties: {
    notCounted: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'reason', 'source'],
        additionalProperties: false,
        properties: { kind: { type: 'string' }, reason: labelRef, source: citation },
      },
    },
  },
};

export const programmeSchema = {
  type: 'object',
  required: ['id', 'name', 'unit', 'kind', 'regions', 'sources', 'eligibility'],
  additionalProperties: false,
  properties: {
    id,
    name: localized,
    unit: { enum: ['household', 'person'] },
    kind: { enum: ['cash', 'in-kind', 'service', 'status'] },
    regions: { type: 'array', minItems: 1, items: { type: 'string' } },
    receivedAs: { type: 'string' },
    sensitive: { const: true },
    choice: {
      type: 'object',
      required: ['id', 'order', 'source'],
      additionalProperties: false,
      properties: { id, order: { type: 'integer', minimum: 0 }, source: citation },
    },
    sources: { type: 'array', minItems: 1, items: citation },
    notes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['zh', 'en'],
        additionalProperties: false,
        // `regions`: a note about some regions only (a city's reading) is shown only there.
        properties: { zh: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 }, regions: { type: 'array', minItems: 1, items: { type: 'string' } } },
      },
    },
    documents: { type: 'array', items: { type: 'string' } },
    let: {
      type: 'object',
      additionalProperties: {
        oneOf: [
          { type: 'string' },
          {
            type: 'object',
            required: ['expr'],
            additionalProperties: false,
            properties: {
              expr: { type: 'string' },
              label: labelRef,
              unit: { enum: ['yuan-month', 'yuan-year', 'yuan', 'ratio', 'years', 'count', 'multiplier', 'flag', 'grade', 'text'] },
              source: citation,
            },
          },
        ],
      },
    },
    members: {
      oneOf: [
        { type: 'object', required: ['sameAs'], additionalProperties: false, properties: { sameAs: id } },
        {
          type: 'object',
          required: ['exclude'],
          additionalProperties: false,
          properties: { exclude: { type: 'array', items: { $ref: 'condition' } } },
        },
      ],
    },
    income: {
      oneOf: [
        { type: 'object', required: ['sameAs'], additionalProperties: false, properties: { sameAs: id } },
        incomeRules,
      ],
    },
    eligibility: { $ref: 'condition' },
    amount: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['expr', 'period'],
          additionalProperties: false,
          properties: {
            expr: { type: 'string' },
            period: { enum: ['month', 'year', 'once'] },
            when: { type: 'string' },
            source: citation,
          },
        },
      ],
    },
    headline: { type: 'string' },
    estimate: {
      type: 'object',
      required: ['when', 'steps'],
      additionalProperties: false,
      properties: {
        when: { type: 'string' },
        steps: { type: 'array', minItems: 1, items: { type: 'string' } },
        omits: { type: 'array', items: localized },
      },
    },
  },
};

export const casesSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'checks', 'date', 'household', 'expect'],
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      checks: { type: 'string', minLength: 3 },
      date: date,
      household: { type: 'object' },
      expect: { type: 'object' },
    },
  },
};
