/**
 * Statutory returns (issue 16): the Children in Need census, written child by child to a file
 * (a temporary name, renamed when complete: no file is ever written partly) or to a stream, and
 * validated against DfE's rules as it goes. The CLI and the data team's page both come here.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import type { Kysely } from 'kysely';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import {
  CENSUS_YEARS,
  censusChild,
  censusChildXml,
  censusPeriod,
  censusPeriodOn,
  censusXmlClosing,
  censusXmlOpening,
  isCensusYear,
  returnRuleCheck,
  validateCensusChild,
  type CensusChild,
  type CensusYear,
  type CensusFailure,
  type CensusHeader,
  type CensusPeriod,
} from '../../core/returns/index.js';
import type { Database } from '../db/index.js';
import {
  auditReturn,
  authoriseReturns,
  censusChildren,
  censusWorkOf,
} from '../repositories/census-repository.js';
import type { ChildRecord } from '../repositories/index.js';
import type { Session } from '../session/index.js';
import { londonDay } from '../../core/calendar/index.js';

/** What a census run needs: the year asked for, the deployment's pack, and the time now. */
export interface CensusRequest {
  year: string;
  pack: ResolvedPack;
  /** The loaded packs: a step's role (what it meant) is read from the pack its work runs under. */
  packs: ReadonlyMap<string, ResolvedPack>;
  /** ISO time, read once by the caller. */
  now: string;
  /** Baton's version, written as the header's Release. */
  release: string;
}

/** Counts of a census run: what an audit row records (never names). */
export interface CensusSummary {
  year: string;
  /**
   * The day the records were read as at when the year has not ended (null once it has): rules
   * 8736 and 8740 wait for the year's end (docs/returns.md, "A year still under way").
   */
  asOf: string | null;
  children: number;
  episodes: number;
  errors: number;
  queries: number;
  /** Failures by rule: id, severity, message and how many children fail it. */
  byRule: { rule: string; severity: 'error' | 'query'; message: string; children: number }[];
}

/** The census period for a year, or BATON_UNKNOWN_CENSUS_YEAR. */
export function periodFor(year: string): CensusPeriod {
  if (!isCensusYear(year))
    throw new BatonError('BATON_UNKNOWN_CENSUS_YEAR', {
      message: `Baton cannot write a census for "${year}". Give one of ${CENSUS_YEARS.join(', ')}.`,
      extra: { year, years: CENSUS_YEARS },
    });
  return censusPeriod(year);
}

/** The census header, or BATON_NO_LA_NUMBER when the pack has none. */
export function headerFor(req: CensusRequest): CensusHeader {
  // A year still under way is read as the records stand today, and says so.
  const period = censusPeriodOn(periodFor(req.year).year, londonDay(req.now));
  if (req.pack.dfeLaNumber === null)
    throw new BatonError('BATON_NO_LA_NUMBER', { extra: { pack: req.pack.id } });
  return {
    period,
    lea: req.pack.dfeLaNumber,
    softwareCode: 'Baton',
    release: req.release,
    serialNo: '1',
    dateTime: req.now,
  };
}

/** Tallies failures by rule as children stream past. */
export class CensusTally {
  children = 0;
  episodes = 0;
  /** The day the records were read as at, while the year is under way. */
  asOf: string | null = null;
  private readonly rules = new Map<string, CensusSummary['byRule'][number]>();
  private readonly across = returnRuleCheck();
  readonly failures: CensusFailure[] = [];

  constructor(
    private readonly year: string,
    private readonly keep: boolean,
  ) {}

  /** Count one child and its failures (kept for printing when asked). */
  add(child: CensusChild, failures: readonly CensusFailure[]): void {
    this.children += 1;
    this.episodes += child.episodes.length;
    this.across.add(child);
    this.count(failures);
  }

  /** Once every child is in: the rules over the whole return (1520, 8510). */
  finish(): void {
    this.count(this.across.failures());
  }

  private count(failures: readonly CensusFailure[]): void {
    for (const f of failures) {
      const r = this.rules.get(f.rule) ?? {
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        children: 0,
      };
      r.children += 1;
      this.rules.set(f.rule, r);
      if (this.keep) this.failures.push(f);
    }
  }

  summary(): CensusSummary {
    const byRule = [...this.rules.values()].sort(
      (a, b) => b.children - a.children || a.rule.localeCompare(b.rule),
    );
    const count = (s: 'error' | 'query') =>
      byRule.filter((r) => r.severity === s).reduce((n, r) => n + r.children, 0);
    return {
      year: this.year,
      asOf: this.asOf,
      children: this.children,
      episodes: this.episodes,
      errors: count('error'),
      queries: count('query'),
      byRule,
    };
  }
}

/**
 * The census XML in pieces, each child validated as it is written. The first child is read
 * before anything is given out, so a database with no children gives BATON_NO_CHILDREN and
 * never half a file.
 */
export async function* censusXml(
  db: Kysely<Database>,
  req: CensusRequest,
  tally: CensusTally,
): AsyncGenerator<string> {
  const header = headerFor(req);
  const children = censusChildren(db, header.period, req.packs);
  const first = await children.next();
  if (first.done === true) throw new BatonError('BATON_NO_CHILDREN', { extra: { year: req.year } });
  tally.asOf = header.period.asOf ?? null;
  yield censusXmlOpening(header);
  let next: IteratorResult<CensusChild> = first;
  while (next.done !== true) {
    tally.add(next.value, validateCensusChild(next.value, header.period));
    yield censusChildXml(next.value, header.period.year);
    next = await children.next();
  }
  tally.finish();
  yield censusXmlClosing();
}

/** Validate the census without writing it. */
export async function validateCensus(
  db: Kysely<Database>,
  req: CensusRequest,
  keepFailures: boolean,
): Promise<CensusTally> {
  const tally = new CensusTally(req.year, keepFailures);
  const pieces = censusXml(db, req, tally);
  // Only the tally is wanted: read the pieces and let each go.
  while ((await pieces.next()).done !== true);
  return tally;
}

/**
 * Write the census to `path`: to a temporary name beside it, renamed over `path` only once the
 * whole file is written and flushed. On any failure the temporary file is removed.
 */
export async function writeCensusFile(
  db: Kysely<Database>,
  req: CensusRequest,
  path: string,
  keepFailures: boolean,
): Promise<CensusTally> {
  const tally = new CensusTally(req.year, keepFailures);
  const temp = `${path}.${randomBytes(6).toString('hex')}.partial`;
  // Opened first, so a directory that does not exist fails here, before any reading.
  const out = (await open(temp, 'wx')).createWriteStream({ encoding: 'utf8' });
  const stream: { failed: Error | null } = { failed: null };
  out.on('error', (e) => {
    stream.failed = e;
  });
  try {
    for await (const piece of censusXml(db, req, tally)) {
      if (stream.failed !== null) throw stream.failed;
      if (!out.write(piece)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    await rename(temp, path);
  } catch (e) {
    out.destroy();
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  return tally;
}

/** A census request from a signed-in session: the deployment's pack, the request's time. */
function requestFor(session: Session, year: string): CensusRequest {
  return {
    year,
    pack: session.packFor(session.packId),
    packs: session.packs,
    now: session.ctx.now,
    release: RELEASE,
  };
}

/** Baton's version, written as the census header's Release. */
export const RELEASE = '0.1.0';

/**
 * The census for the data team to download: refused (and audited) for anyone else. The first
 * piece is read before this returns, so a coded error comes before any of the file; the
 * download is audited with its counts once the last piece is written.
 */
export async function censusDownload(
  session: Session,
  year: string,
): Promise<{ filename: string; pieces: AsyncGenerator<string> }> {
  await authoriseReturns(session.db, session.ctx, 'returns.cin.download');
  const tally = new CensusTally(year, false);
  const xml = censusXml(session.db, requestFor(session, year), tally);
  const first = await xml.next();
  async function* pieces(): AsyncGenerator<string> {
    if (first.done !== true) yield first.value;
    for await (const piece of xml) yield piece;
    await auditReturn(
      session.db,
      session.ctx,
      'returns.cin.download',
      censusCounts(tally.summary()),
    );
  }
  return { filename: `cin-census-${year}.xml`, pieces: pieces() };
}

/** What a census run records in the audit: its counts, never names. */
function censusCounts(s: CensusSummary, via?: string): Record<string, string | number> {
  return {
    year: s.year,
    ...(s.asOf === null ? {} : { 'as at': s.asOf }),
    children: s.children,
    episodes: s.episodes,
    errors: s.errors,
    queries: s.queries,
    ...(via === undefined ? {} : { via }),
  };
}

/**
 * The census made at the command line by a named member of the data team (`--as`): written to
 * `out`, or only validated when `out` is null. Refused and audited for anyone else, like the
 * page; every run is audited with its counts, as the page's are.
 */
export async function censusRun(
  session: Session,
  req: CensusRequest,
  out: string | null,
  keepFailures: boolean,
): Promise<CensusTally> {
  const action = out === null ? 'returns.cin.validate' : 'returns.cin.write';
  await authoriseReturns(session.db, session.ctx, action);
  const tally =
    out === null
      ? await validateCensus(session.db, req, keepFailures)
      : await writeCensusFile(session.db, req, out, keepFailures);
  await auditReturn(session.db, session.ctx, action, censusCounts(tally.summary(), 'command line'));
  return tally;
}

/** Run the census rules for the data team: counts by rule, audited. */
export async function censusValidation(session: Session, year: string): Promise<CensusSummary> {
  await authoriseReturns(session.db, session.ctx, 'returns.cin.validate');
  const s = (await validateCensus(session.db, requestFor(session, year), false)).summary();
  await auditReturn(session.db, session.ctx, 'returns.cin.validate', censusCounts(s));
  return s;
}

/** The data team's page may open: refused and audited for anyone else. */
export async function requireReturnsRole(session: Session): Promise<void> {
  await authoriseReturns(session.db, session.ctx, 'returns.read');
}

/** The census year that contains `day` (1 April to 31 March), if Baton writes it; else the latest. */
export function censusYearOn(day: string): CensusYear {
  const y = Number(day.slice(0, 4));
  const first = day.slice(5) >= '04-01' ? y : y - 1;
  const year = `${String(first)}-${String(first + 1).slice(2)}`;
  if (isCensusYear(year)) return year;
  return first < 2025 ? CENSUS_YEARS[0] : CENSUS_YEARS[1];
}

/** What the census rules say about one child as the record stands today (issue 16 §2). */
export interface CensusCheck {
  year: CensusYear;
  inCensus: boolean;
  failures: CensusFailure[];
}

/**
 * Continuous data quality (issue 16 §2): the census rules run on one child's record as it is
 * today, for the census year under way, so the record shows what would fail and why. Called with
 * the record just read (its access check covers this read, and its person row holds the census
 * details); only the work's census facts are read here. Audited as `child.census-check`.
 */
export async function censusCheckOfRecord(
  session: Session,
  record: Pick<ChildRecord, 'child' | 'access'>,
): Promise<CensusCheck> {
  const today = londonDay(session.ctx.now);
  const year = censusYearOn(today);
  // As the record stands today: the period ends today, not on 31 March (and says it is as at
  // today, so the rules that wait for the year's end wait).
  const base = censusPeriodOn(year, today);
  const period = { ...base, end: today < base.end ? today : base.end };
  const c = record.child;
  const [workBy] = await Promise.all([
    censusWorkOf(session.db, [c.id], session.packs),
    // Its own row, so the audit says the census rules were run over the child's details for
    // statutory returns; the access decision is the record's (same reader, child and request).
    session.audit({
      action: 'child.census-check',
      objectType: 'child',
      objectId: c.id,
      outcome: 'allowed',
      reason: record.access === 'break-glass' ? 'emergency access' : null,
    }),
  ]);
  const child = censusChild(
    {
      id: c.id,
      localId: c.localId,
      upn: c.upn,
      formerUpn: c.formerUpn,
      upnUnknownReason: c.upnUnknownReason,
      dateOfBirth: c.dateOfBirth,
      expectedDate: c.expectedDate,
      sex: c.sex,
      ethnicity: c.ethnicity,
      disabilities: Array.isArray(c.disabilityCodes) ? c.disabilityCodes : null,
      dateOfDeath: c.dateOfDeath,
    },
    workBy.get(c.id) ?? [],
    period,
  );
  return {
    year,
    inCensus: child !== null,
    failures: child === null ? [] : validateCensusChild(child, period),
  };
}
