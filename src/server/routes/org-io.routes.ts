/**
 * /api/org-io: the unit tree, 权责清单, 派单目录 and the staff registry, as .xlsx / CSV files
 * (export, all-or-nothing import) and as JSON lists for the web app.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app';
import { invalidateRouting } from '../routing/routing.store';
import { requireRole, requireUser } from '../http/auth';
import { DomainError } from '../../core/errors';
import { CENTRE_ROLES } from '../../core/case-lifecycle';
import type { Role } from '../../core/enums';
import {
  DATASETS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  SHEET_FORMATS,
  STAFF_DUTIES,
  buildCatalogueFromDuties,
  exportDataset,
  importDataset,
  listCatalogue,
  listDuties,
  listStaff,
  type Dataset,
  type SheetFormat,
} from '../org/org-io';
import { enumOf, errorResponses, isoInstant, nullable, uuid } from './schemas';

const TAGS = ['organisation'];

/** The staff registry holds officials' mobile numbers: the centre's roles only. */
const READERS: Record<Dataset['key'], readonly Role[] | 'any'> = { units: 'any', duties: 'any', catalogue: 'any', staff: CENTRE_ROLES };

const unitRef = { type: 'object', properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' } } } as const;
const importResult = {
  type: 'object',
  properties: { created: { type: 'integer' }, updated: { type: 'integer' }, unchanged: { type: 'integer' } },
  required: ['created', 'updated', 'unchanged'],
} as const;
const fileResponse = {
  description: '.xlsx (default) or UTF-8 CSV with BOM; Chinese headers; the name is in Content-Disposition (RFC 5987)',
  type: 'string',
  format: 'binary',
} as const;

function canRead(req: FastifyRequest, key: Dataset['key']) {
  const roles = READERS[key];
  return roles === 'any' ? requireUser(req) : requireRole(req, roles);
}

/** RFC 5987 / RFC 6266: an ASCII fallback, then the real (Chinese) name percent-encoded. */
function contentDisposition(ascii: string, name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

async function readUpload(req: FastifyRequest): Promise<{ data: Buffer; format: SheetFormat }> {
  if (!req.isMultipart()) throw new DomainError('validation.failed', '请以 multipart/form-data 上传文件（字段 file）', 'upload the file as multipart/form-data, field "file"', { field: 'file' });
  const file = await req.file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } });
  if (!file || file.fieldname !== 'file') throw new DomainError('validation.failed', '缺少文件（字段 file）', 'no file in field "file"', { field: 'file' });
  const data = await file.toBuffer();
  if (file.file.truncated) throw new DomainError('validation.failed', '文件不能超过 10 MB', 'the file is larger than 10 MB', { field: 'file' });
  const ext = /\.(xlsx|csv)$/i.exec(file.filename)?.[1]?.toLowerCase();
  if (!ext) throw new DomainError('validation.failed', '只支持 .xlsx 或 .csv 文件', 'only .xlsx or .csv files', { field: 'file' });
  return { data, format: ext as SheetFormat };
}

export function registerOrgIoRoutes(app: FastifyInstance, deps: AppDeps): void {
  const db = deps.db.db;

  for (const ds of DATASETS) {
    const headers = ds.columns.map((c) => `${c.label}${c.required ? '*' : ''}`).join('、');
    app.get(
      `/api/org-io/${ds.key}/export`,
      {
        schema: {
          tags: TAGS,
          summary: `导出${ds.title} — export the ${ds.titleEn}${READERS[ds.key] === 'any' ? '' : ' (centre roles)'}`,
          description: `Columns: ${headers}`,
          querystring: { type: 'object', additionalProperties: false, properties: { format: { ...enumOf(SHEET_FORMATS), default: 'xlsx' } } },
          response: { 200: fileResponse, ...errorResponses },
        },
      },
      async (req, reply) => {
        canRead(req, ds.key);
        const { format } = req.query as { format: SheetFormat };
        const file = await exportDataset(db, ds, format, deps.clock());
        return reply.header('content-type', file.mime).header('content-disposition', contentDisposition(file.asciiFilename, file.filename)).send(file.data);
      },
    );

    app.post(
      `/api/org-io/${ds.key}/import`,
      {
        schema: {
          tags: TAGS,
          summary: `导入${ds.title} — import the ${ds.titleEn} from .xlsx or .csv, all or nothing (admin)`,
          description:
            `Multipart field "file", at most 10 MB and ${MAX_IMPORT_ROWS} rows. Columns (* required): ${headers}. ` +
            'Rows are upserted by their key; a column left out keeps the stored values. If any row is bad nothing is written ' +
            'and the answer is 400 validation.failed with details.rows: [{ row, field, message, messageEn }].',
          consumes: ['multipart/form-data'],
          response: { 200: importResult, ...errorResponses },
        },
      },
      async (req) => {
        requireRole(req, ['admin']);
        const { data, format } = await readUpload(req);
        const result = await importDataset(db, ds, data, format, deps.clock());
        invalidateRouting(db); // units, duties and the catalogue feed routing at once
        return result;
      },
    );
  }

  app.post(
    '/api/org-io/catalogue/build-from-duties',
    {
      schema: {
        tags: TAGS,
        summary: '由权责清单生成派单目录 — add a catalogue row (anywhere) for each category a duty names and the catalogue lacks (admin)',
        description: 'When several units claim one category, the first by unit code leads and the others become co-units; such categories are listed in conflicts.',
        response: {
          200: {
            type: 'object',
            properties: {
              created: { type: 'integer' },
              conflicts: { type: 'array', items: { type: 'object', properties: { category: { type: 'string' }, units: { type: 'array', items: { type: 'string' } } } } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, ['admin']);
      const result = await buildCatalogueFromDuties(db, deps.clock());
      invalidateRouting(db);
      return result;
    },
  );

  app.get(
    '/api/org-io/duties',
    {
      schema: {
        tags: TAGS,
        summary: '权责清单 — every unit’s list of duties',
        querystring: { type: 'object', additionalProperties: false, properties: { unit: { type: 'string', description: 'unit code' }, category: { type: 'string' } } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: { id: uuid, unit: unitRef, item: { type: 'string' }, categoryCode: nullable({ type: 'string' }), categoryName: nullable({ type: 'string' }), keywords: { type: 'array', items: { type: 'string' } }, basis: nullable({ type: 'string' }) },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireUser(req);
      return listDuties(db, req.query as { unit?: string; category?: string });
    },
  );

  app.get(
    '/api/org-io/catalogue',
    {
      schema: {
        tags: TAGS,
        summary: '派单目录 — category × region → lead and co-units',
        querystring: { type: 'object', additionalProperties: false, properties: { category: { type: 'string' } } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: uuid,
                categoryCode: { type: 'string' },
                categoryName: nullable({ type: 'string' }),
                region: nullable({ ...unitRef, description: 'null: anywhere' }),
                territorial: { type: 'boolean', description: '属地: the street or district the case lies in leads' },
                lead: nullable(unitRef),
                coUnits: { type: 'array', items: unitRef },
                note: nullable({ type: 'string' }),
                updatedAt: isoInstant,
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireUser(req);
      return listCatalogue(db, req.query as { category?: string });
    },
  );

  app.get(
    '/api/org-io/staff',
    {
      schema: {
        tags: TAGS,
        summary: '单位人员名录 — each unit’s principal, leader in charge, office director and liaison with their phones (centre roles)',
        querystring: { type: 'object', additionalProperties: false, properties: { unit: { type: 'string', description: 'unit code' } } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: uuid,
                unit: unitRef,
                duty: enumOf(STAFF_DUTIES),
                dutyLabel: { type: 'string' },
                name: { type: 'string' },
                title: nullable({ type: 'string' }),
                officePhone: nullable({ type: 'string' }),
                mobile: nullable({ type: 'string' }),
                updatedAt: isoInstant,
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, CENTRE_ROLES);
      return listStaff(db, req.query as { unit?: string });
    },
  );
}
