/**
 * What routing needs in memory: regions, the dispatch catalogue, the special units, and the learnt
 * models; reloaded after `ttlMs` (an admin's upload is in force everywhere within it, and at once
 * on the instance that made it).
 */
import type { Database } from '../db/database';
import type { Executor } from '../cases/cases.repo';
import type { Region, RegionGeometry } from '../../core/routing/territory';
import type { CatalogueEntry, RoutingUnits } from '../../core/routing/route-case';
import type { ClassifierModel } from '../../core/routing/classifier';

export interface UnitInfo {
  id: string;
  code: string;
  name: string;
  type: string;
  parentId: string | null;
}

export interface RoutingData {
  regions: Region[];
  catalogue: CatalogueEntry[];
  special: RoutingUnits;
  units: Map<string, UnitInfo>;
  /** The active categories' names by code (registration checks a case's category against them). */
  categories: Map<string, string>;
  models: { category: ClassifierModel | null; unit: ClassifierModel | null; trainedAt: Date | null };
}

const cache = new WeakMap<object, { at: number; data: Promise<RoutingData> }>();

export async function loadRegions(db: Executor): Promise<Region[]> {
  const rows = await db
    .selectFrom('regions as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.unit_id', 'u.code', 'r.name', 'u.type', 'u.parent_id', 'r.aliases', 'r.geometry'])
    .where('u.active', '=', true)
    .execute();
  return rows.map((r) => ({
    unitId: r.unit_id,
    unitCode: r.code,
    name: r.name,
    level: r.type === 'street' ? 'street' : 'district',
    parentUnitId: r.parent_id,
    aliases: r.aliases,
    geometry: r.geometry as RegionGeometry,
  }));
}

async function load(db: Database): Promise<RoutingData> {
  const [regions, catalogueRows, unitRows, modelRows, categoryRows] = [
    await loadRegions(db),
    await db.selectFrom('dispatch_catalogue').selectAll().execute(),
    await db.selectFrom('units').select(['id', 'code', 'name', 'type', 'parent_id', 'active']).execute(),
    await db.selectFrom('routing_models').select(['kind', 'model', 'trained_at']).execute(),
    await db.selectFrom('categories').select(['code', 'name']).where('active', '=', true).execute(),
  ];
  const units = new Map(unitRows.filter((u) => u.active).map((u) => [u.id, { id: u.id, code: u.code, name: u.name, type: u.type, parentId: u.parent_id }]));
  const first = (type: string) => unitRows.find((u) => u.type === type && u.active)?.id ?? null;
  const model = (kind: 'category' | 'unit') => (modelRows.find((m) => m.kind === kind)?.model as ClassifierModel | undefined) ?? null;
  return {
    regions,
    catalogue: catalogueRows.map((r) => ({ categoryCode: r.category_code, regionUnitId: r.region_unit_id, territorial: r.territorial, leadUnitId: r.lead_unit_id, coUnitIds: r.co_unit_ids })),
    special: { disciplineUnitId: first('discipline'), politicalLegalUnitId: first('political_legal') },
    units,
    categories: new Map(categoryRows.map((c) => [c.code, c.name])),
    models: { category: model('category'), unit: model('unit'), trainedAt: modelRows[0]?.trained_at ?? null },
  };
}

export function routingData(db: Database, ttlMs = 30_000): Promise<RoutingData> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < ttlMs) return hit.data;
  const data = load(db);
  cache.set(db, { at: Date.now(), data });
  data.catch(() => cache.delete(db));
  return data;
}

export function invalidateRouting(db: Database): void {
  cache.delete(db);
}
