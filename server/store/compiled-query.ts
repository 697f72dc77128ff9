// A query built and compiled once, then run with new values: Kysely builds and compiles a query
// at every call otherwise, which was a sixth of the lab's CPU while 200 students saved every 2 s
// (a profile of `npm run bench -- --only class`). The builder is given a stand-in for each value;
// the compiled query's parameters are then the stand-ins (and any constant the builder added, such
// as a limit), and each run puts the values in their places.
import type { Compilable, CompiledQuery, Kysely, QueryResult, RawBuilder } from "kysely";

const STAND_IN = "\u0000value:";

/**
 * `build(v)` gets stand-ins for the values (`v.studentId` and so on): it must pass them to the
 * builder as values (where, set, values, sql`${…}`), never compute with them. A query written
 * with sql`…` may hold builders (compiled inline, their values in order).
 */
export function compileOnce<Values extends Record<string, unknown>, Row>(
  db: Kysely<any>,
  build: (v: Values) => Compilable<Row> | RawBuilder<Row>,
): (values: Values, on?: Kysely<any>) => Promise<QueryResult<Row>> {
  const standIns = new Proxy({}, { get: (_, name) => STAND_IN + String(name) }) as Values;
  const query = build(standIns);
  const compiled = "isRawBuilder" in query ? query.compile(db) : query.compile();
  const places = compiled.parameters.map((p): { name: string } | { constant: unknown } => (typeof p === "string" && p.startsWith(STAND_IN) ? { name: p.slice(STAND_IN.length) } : { constant: p }));
  return (values, on = db) => {
    const parameters = places.map((p) => {
      if (!("name" in p)) return p.constant;
      const value = values[p.name];
      if (value === undefined) throw new Error(`compileOnce: no value for ${p.name} in ${compiled.sql}`);
      return value;
    });
    return on.executeQuery({ ...compiled, parameters } as CompiledQuery<Row>);
  };
}
