/**
 * The one explicit state of a digest in progress, shared by its stages (general-path, pairs-check,
 * lane-record, lane-aggs, aggregate, prepare). One class with every field set in its constructor,
 * so V8 gives every run one shape and the stages' reads of it stay monomorphic.
 */
import type { AttrType, BoolAgg, NumAgg, StrAgg } from './class-aggregate';
import type { ClassState, DigestState } from './digest-state';
import { newDigestState } from './digest-state';
import { activeFilter, type DigestFilter } from './digest-filter';
import type * as fast from './fast-entry';
import * as lane from './lane-scan';
import { createNPlusOneTracker, type NPlusOneOptions } from './n-plus-one';
import type { UserHost } from './slow-log.record';

/** Options of a digest run. */
export interface DigestOptions {
  /** Reproduce pt-query-digest exactly (bucketed percentiles, its banner and attribute quirks). */
  ptCompatible?: boolean;
  /** Attribute the worst sample is chosen by and classes are ranked by (default Query_time). */
  orderBy?: string;
  filter?: DigestFilter;
  nPlusOne?: Partial<NPlusOneOptions>;
  /** Longest entry kept (default 16 MiB). */
  maxEntryBytes?: number;
  /** Inherited `db`/`ts` for a worker range that starts mid-file. */
  inherited?: { db?: string; ts?: string };
  /**
   * Attribute types fixed by the ranges before a worker range (an attribute's type is its first
   * value's in the whole log): the range aggregates those attributes as typed there.
   */
  types?: Readonly<Record<string, AttrType>>;
  /** Byte offset of the first pushed byte (a worker range). */
  baseOffset?: number;
  /**
   * Read entries of the common MySQL shape in place (default true; see `fastRecord`); false
   * reads every entry the general way, which gives the same digest (tests compare the two).
   */
  fastLane?: boolean;
}

/** An attribute of this digest: its type (fixed by its first value; undefined when ignored) and slot. */
export interface AttrSlot {
  name: string;
  type: AttrType | undefined;
  idx: number;
  queryTime: boolean;
  order: boolean;
  /** Read by the event preparation (or needing the plain path): a lazy event with it in its pairs line is read in full. */
  special: boolean;
  /** The lazy check that last saw this attribute, and whether it came before the pairs line there. */
  stamp: number;
  before: boolean;
}

/** A class being digested: its state plus the slot-indexed aggregates that settle into it at the end. */
export interface ClassWork {
  /** Aggregates indexed by attribute slot. */
  aggs: (NumAgg | BoolAgg | StrAgg | undefined)[];
  /** Slot indexes in first-use order; -1 is Query_length. */
  order: number[];
  cls: ClassState;
  queryLength: NumAgg | undefined;
  orderAgg: NumAgg | undefined;
  /** The fast lane's byte copies of string extremes, by attribute slot (see Extremes). */
  extremes: (Extremes | undefined)[];
  extremesLive: boolean;
  /** Per pair of the lane's names (version `laneAggsVersion`): the lane scanner's aggregate adding its values, or -1. */
  laneAggs: number[];
  laneAggsVersion: number;
  /** The numeric aggregates the lane scanner adds to (see `attachAggs`). */
  attached: Attached[];
  /** The class's worst sample when the lane chose it last: read in full only at the end (`settleSamples`). */
  pending: PendingSample | undefined;
}

/**
 * A worst sample the fast lane chose, kept as its record's text and what its preparation
 * inherited: a class whose samples tie (equal Query_time values) replaces its sample at every
 * entry, and reading each in full cost more than the rest of the entry.
 */
export interface PendingSample {
  rec: string;
  pos: number;
  /** Where the statement starts in `rec`. */
  argFrom: number;
  ts: string | undefined;
  timeMs: number | undefined;
  orderValue: number;
  dbBefore: string | undefined;
  tsBefore: string | undefined;
}

/** A class's numeric aggregate while the lane scanner adds its values. */
export interface Attached {
  j: number;
  agg: NumAgg;
  lane: number;
}

/**
 * The bytes of the min and max of a string aggregate the lane updates without value counts
 * (Start, End: a new max nearly every entry), so that a value is compared four bytes at a time
 * and a new extreme copies bytes instead of making a string.
 */
export interface Extremes {
  agg: StrAgg;
  work: ClassWork;
  idx: number;
  min: fast.Bytes;
  max: fast.Bytes;
  stale: boolean;
}

/** A header shape the lane could not learn a layout from: how many slots there were then, and how many of its entries waited since. */
export interface LearnFailure {
  slots: number;
  waits: number;
}

/** A `# User@Host:` line the fast lane has met, by its bytes (chained per hash), with what userHostOf reads in it. */
export interface FastUserHost {
  line: fast.Words;
  uh: UserHost | null;
  next: FastUserHost | undefined;
}

/** Everything a digest keeps between two entries, stage by stage. */
export class DigestRun {
  // Run-wide: the state the digest returns, and its options.
  readonly state: DigestState = newDigestState();
  readonly orderBy: string;
  readonly filter: DigestFilter | undefined;
  readonly textNeedle: string | undefined;
  readonly nplus1: ReturnType<typeof createNPlusOneTracker>;

  // Event preparation: the db/ts/time an entry without its own inherits.
  lastDb: string | undefined;
  lastTs: string | undefined;
  /** The ts the state's tsMin/tsMax last took in (an entry with the same one changes neither). */
  tsSeen: string | undefined = undefined;
  /** Whether the state has typed Query_length (it never untypes one). */
  queryLengthTyped = false;
  lastTimeMs: number | undefined = undefined;
  /** ms spent in the stages after parse (parse's own time is the rest of a push). */
  inPipeline = 0;

  // Fingerprint stage: statement key → fingerprint.
  readonly fpCache = new Map<string, string>();

  // Aggregate stage: attributes by name, each fixed to the type its first value had (pt's `type_for`).
  readonly attrs = new Map<string, AttrSlot>();
  readonly attrList: AttrSlot[] = [];
  readonly works = new Map<string, ClassWork>();
  /** Slot indexes (-1: Query_length) in the order they first appeared in any class: the global
   * aggregates are added up from the classes' at the end (pushing every value twice, per class
   * and globally, cost about a third of the digest). */
  readonly globalOrder: number[] = [];
  readonly inGlobal = new Set<number>();
  readonly queryLength: AttrSlot = { name: 'Query_length', type: 'num', idx: -1, queryTime: false, order: false, special: false, stamp: 0, before: false };
  /** The order-by value of the event being aggregated. */
  orderValue: number | undefined = undefined;

  // Lazy pairs check: pair offsets (scanPairs) and slots of the lazy event being digested.
  readonly offs: number[] = [];
  readonly pairSlots: AttrSlot[] = [];
  /** The slot each pair position had last time: names repeat in the same order from entry to entry. */
  readonly guess: (AttrSlot | undefined)[] = [];
  /** The names of `guess`, and how many pairs the last checked line had (all of them known). */
  readonly guessNames: string[] = [];
  guessCount = 0;
  stampNo = 0;
  /** Pair index of Query_time, Thread_id (the last one) and Start in the lazy event, or -1. */
  qtJ = -1;
  tidJ = -1;
  startJ = -1;

  /**
   * The fast lane's view of the last pairs line checkPairs accepted: how many pairs it had (0:
   * none accepted since the guesses last changed), their slots, where Query_time, Thread_id and
   * Start were, and whether a typed Thread_id was among them (it then clashes with the one a
   * `User@Host` line sets). Its names are `guessNames[0, fastCount)`.
   */
  fastCount = 0;
  readonly fastSlots: AttrSlot[] = [];
  /** The expected names' bytes (given to the lane scanner), changed with `fastNamesVersion`. */
  readonly fastNames: Uint8Array[] = [];
  readonly fastNameTexts: string[] = [];
  fastNamesVersion = 0;
  fastQtJ = -1;
  fastTidJ = -1;
  fastStartJ = -1;
  fastTidTyped = false;
  /** How many of the names each `Name: value` line of the lane's layout holds, in order. */
  fastLines: number[] = [];
  /** The pair index of MariaDB's `Schema` (read as `db`, never aggregated) in the layout, or -1. */
  fastSchemaJ = -1;
  /** The slot the layout gives `Schema`: no type, so nothing aggregates it (prepare deletes it). */
  readonly schemaSlot: AttrSlot = { name: 'Schema', type: undefined, idx: -2, queryTime: false, order: false, special: true, stamp: 0, before: false };
  /**
   * The slots the layout gives Percona Server's `Log_slow_rate_type` and `Log_slow_rate_limit`: no type, so nothing aggregates
   * them; the lane folds them into `rate_limit` as pt's preparation does (or leaves the entry to the general path).
   */
  readonly rateTypeSlot: AttrSlot = {
    name: 'Log_slow_rate_type',
    type: undefined,
    idx: -3,
    queryTime: false,
    order: false,
    special: true,
    stamp: 0,
    before: false,
  };
  readonly rateLimitSlot: AttrSlot = {
    name: 'Log_slow_rate_limit',
    type: undefined,
    idx: -4,
    queryTime: false,
    order: false,
    special: true,
    stamp: 0,
    before: false,
  };
  /** The pair indexes of those two in the layout, or -1. */
  fastRateTypeJ = -1;
  fastRateLimitJ = -1;
  /** The last `Schema` value or `use` line's db text the lane read, as bytes and as the db it names. */
  fastDb: string | undefined = undefined;
  fastDbWords: fast.Words = { len: -1, words: new Int32Array(0) };
  /**
   * Header shapes (lane-layout's headerShape) a layout could not be learned from: an entry of such a shape waits for a new
   * slot or LEARN_EVERY entries of its shape (a log of several servers' entries moves between shapes every few entries).
   */
  readonly learnFails = new Map<number, LearnFailure>();
  /**
   * Layouts learned before, by the header shape of the entry they were learned from: a log that
   * moves between servers' layouts takes one back without reading an entry's header lines again.
   */
  readonly layouts = new Map<number, { slots: AttrSlot[]; lines: number[] }>();
  /** The header shape whose remembered layout learnLayout took last, or 0 (learned from the entry). */
  layoutShape = 0;

  // Fast lane record reader.
  /**
   * The class of each statement key id the lane scanner gave (its ids are the same for the same key bytes in every digest
   * of the thread, and start afresh in a new generation), and the generation they belong to.
   */
  readonly classWorks: (ClassWork | undefined)[] = new Array<ClassWork | undefined>(lane.MAX_CLASS_IDS).fill(undefined);
  classGen = -1;
  fastEvents = 0;
  /** The last `ts` the fast lane read, and its bytes. */
  fastTs: string | undefined = undefined;
  fastTsWords: fast.Words = { len: -1, words: new Int32Array(0) };
  /** This thread's lane scanner, and this digest's token in it. */
  readonly scanner: lane.LaneScan = lane.laneScan();
  readonly me = {};
  /** The chunk the fast lane last read, and a DataView of it (for reads four bytes at a time). */
  viewOf: Buffer | undefined = undefined;
  view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  readonly fastUserHosts = new Map<number, FastUserHost>();
  /** One string per user, host or ip text: the value counts find equal ones by identity. */
  readonly uhTexts = new Map<string, string>();
  /** Thread ids below 10^6 written without leading zeros, as strings (the N+1 tracker's keys). */
  readonly threadIds: (string | undefined)[] = [];
  /** The slots of the props the fast lane sets besides the pairs, once they exist. */
  readonly propSlots: (AttrSlot | undefined)[] = [];

  // Lane aggregates: the classes whose numeric aggregates the scanner adds to, and the values it added.
  readonly attachedWorks = new Set<ClassWork>();
  /** The works whose class may have a pending sample (see `ClassWork.pending`). */
  readonly pendingWorks = new Set<ClassWork>();
  laneValues = 0;
  /**
   * The lane's Extremes in use, and those whose bytes changed since their strings were made.
   * The strings are made (`settleExtremes`) before the general path aggregates an entry and at
   * the end; the bytes are then dropped, as the general path may change the strings.
   */
  readonly liveExtremes: Extremes[] = [];
  readonly staleExtremes: Extremes[] = [];

  constructor(options: DigestOptions) {
    for (const [name, type] of Object.entries(options.types ?? {})) this.state.types.set(name, type);
    this.orderBy = options.orderBy ?? 'Query_time';
    this.filter = activeFilter(options.filter);
    this.textNeedle = this.filter?.text?.toLowerCase();
    this.nplus1 = createNPlusOneTracker(options.nPlusOne);
    this.lastDb = options.inherited?.db === undefined ? undefined : unquoteDb(options.inherited.db);
    this.lastTs = options.inherited?.ts;
  }
}

/** A database name without one leading and one trailing backtick, as pt-query-digest's sanitize_event leaves it. */
export function unquoteDb(name: string): string {
  const from = name.length > 0 && name.charCodeAt(0) === 96 ? 1 : 0;
  const to = name.length > from && name.charCodeAt(name.length - 1) === 96 ? name.length - 1 : name.length;
  return from === 0 && to === name.length ? name : name.slice(from, to);
}
