import { posix } from "node:path";
import { portError, TEMP_FILE_NAME, type EntryKind, type FileSystem } from "../fs/file-system.js";
import { seededWords } from "./seeded-random.js";

/** One call the stores made on the disk, numbered from 0 in the order they happened. */
export interface DiskCall {
  readonly index: number;
  readonly op: DiskOp;
  readonly path: string;
}

/** `replaceFile` is traced as its steps (open, write, fsync, close, rename) so faults can hit each. */
export type DiskOp =
  | "mkdir"
  | "readdir"
  | "readFile"
  | "exists"
  | "kindOf"
  | "open"
  | "write"
  | "fsync"
  | "close"
  | "rename"
  | "unlink"
  | "syncDir";

/** Decides whether a call fails, and with which errno. */
export type FaultPlan = (call: DiskCall) => string | undefined;

export interface SimulatedDiskOptions {
  readonly fault?: FaultPlan;
  /** The process dies at this call: calls before it complete, it and every later call throw. */
  readonly crashAt?: number;
}

/** Thrown at and after the crash point: the process is dead, nothing it does reaches the disk. */
export class ProcessCrashed extends Error {
  constructor(readonly at: number) {
    super(`simulated crash at disk call ${at}`);
    this.name = "ProcessCrashed";
  }
}

interface FileNode {
  readonly kind: "file";
  /** What readers see now (the page cache). */
  data: Uint8Array;
  /** What fsync made durable; a file never fsynced comes back empty after a power loss. */
  synced: Uint8Array;
}

/** One atomic change of a directory's entries: each name gets a node, or is removed (undefined). */
type EntryChange = ReadonlyArray<readonly [string, number | undefined]>;

interface DirNode {
  readonly kind: "dir";
  /** Entries as readers see them now. */
  entries: Map<string, number>;
  /** Entries made durable by the last fsync of this directory. */
  synced: Map<string, number>;
  /** The changes since that fsync, in the order they were made. */
  pending: EntryChange[];
}

/** Sectors of an unsynced file survive a power loss independently of each other. */
const SECTOR = 512;

type Node = FileNode | DirNode;

const ROOT = 0;
/** The pid in the simulated disk's temp names; one simulated process at a time uses a disk. */
const SIMULATED_PID = 4242;

const errnoError = (code: string, op: string, path: string): Error =>
  Object.assign(new Error(`${code}: simulated failure, ${op} '${path}'`), { code, syscall: op, path });

const emptyDir = (): DirNode => ({ kind: "dir", entries: new Map(), synced: new Map(), pending: [] });

/**
 * A disk with a page cache, for tests. Writes land in the cache; `fsync` makes a file's bytes
 * durable and `syncDir` makes a directory's entries durable. `afterPowerLoss()` returns the disk
 * as it comes back after the power went out: only what was fsynced survives, so a rename whose
 * directory was never fsynced vanishes. `afterProcessCrash()` returns the disk a restarted process
 * sees after `kill -9`: everything in the cache survives, including half-done temp files.
 */
export class SimulatedDisk implements FileSystem {
  readonly calls: DiskCall[] = [];
  private readonly nodes: Map<number, Node>;
  private nextNode: number;
  private tempCounter = 0;
  private dead = false;

  constructor(private readonly options: SimulatedDiskOptions = {}, nodes?: Map<number, Node>) {
    this.nodes = nodes ?? new Map([[ROOT, emptyDir()]]);
    this.nextNode = Math.max(...this.nodes.keys()) + 1;
  }

  /** A fresh disk holding `files` (path → text), all durable. */
  static withFiles(files: Readonly<Record<string, string>>, options: SimulatedDiskOptions = {}): SimulatedDisk {
    const setup = new SimulatedDisk();
    for (const [path, text] of Object.entries(files)) setup.putDurable(path, text);
    return setup.reopen(options);
  }

  /** The same bytes, durable state and cache, under new options (a fresh process on this disk). */
  reopen(options: SimulatedDiskOptions = {}): SimulatedDisk {
    return new SimulatedDisk(options, cloneNodes(this.nodes));
  }

  afterProcessCrash(options: SimulatedDiskOptions = {}): SimulatedDisk {
    return this.reopen(options);
  }

  /**
   * The disk after a power loss. By default only durable state survives. With
   * `keepUnsyncedEntries`, directory changes survive but file bytes still revert to their last
   * fsync: a file system that journals metadata before data, where a rename of a file whose bytes
   * were never fsynced comes back as an empty file.
   *
   * With `chaos` (a seed), the loss is as ugly as real disks allow (ALICE, LazyFS): each directory
   * change made since that directory's last fsync survives or not, independently of the others
   * and of their order (a later rename may survive an earlier one), though each change stays
   * atomic; and a file's bytes written since its last fsync come back torn, every 512-byte sector
   * old or new on its own, at the old or the new length.
   */
  afterPowerLoss(options: SimulatedDiskOptions & { keepUnsyncedEntries?: boolean; chaos?: number } = {}): SimulatedDisk {
    const coin = options.chaos === undefined ? undefined : seededCoin(options.chaos);
    const survivors = new Map<number, Node>();
    const visit = (id: number): void => {
      const node = this.nodes.get(id);
      if (node === undefined || survivors.has(id)) return;
      if (node.kind === "file") {
        const data = coin === undefined ? node.synced : tornBytes(node.synced, node.data, coin);
        survivors.set(id, { kind: "file", data, synced: data });
        return;
      }
      const entries = new Map(options.keepUnsyncedEntries === true ? node.entries : node.synced);
      if (coin !== undefined) for (const change of node.pending) if (coin()) applyChange(entries, change);
      survivors.set(id, { kind: "dir", entries, synced: new Map(entries), pending: [] });
      for (const child of entries.values()) visit(child);
    };
    visit(ROOT);
    return new SimulatedDisk({ fault: options.fault, crashAt: options.crashAt }, survivors);
  }

  // ---- the port ----

  async mkdir(path: string): Promise<void> {
    this.step("mkdir", path);
    const { dir, name } = this.parentOf(path, "mkdir");
    if (dir.entries.has(name)) throw errnoError("EEXIST", "mkdir", path);
    change(dir, [[name, this.add(emptyDir())]]);
  }

  async readdir(path: string): Promise<string[]> {
    this.step("readdir", path);
    return [...this.dirAt(path, "readdir").entries.keys()];
  }

  async readFile(path: string, maxBytes: number): Promise<Uint8Array> {
    this.step("readFile", path);
    const node = this.nodeAt(path, "readFile");
    if (node.kind === "dir") throw errnoError("EISDIR", "readFile", path);
    if (node.data.byteLength > maxBytes) throw portError("EFBIG", `more than the limit of ${maxBytes} bytes`, path);
    return node.data.slice();
  }

  async exists(path: string): Promise<boolean> {
    this.step("exists", path);
    return this.lookup(path) !== undefined;
  }

  /** The model has files and directories only (no links, no FIFOs). */
  async kindOf(path: string): Promise<EntryKind | undefined> {
    this.step("kindOf", path);
    const node = this.lookup(path);
    return node === undefined ? undefined : node.kind === "dir" ? "directory" : "file";
  }

  /** A simulated disk serves one simulated process at a time (`reopen` starts the next), so the lock is always free. */
  async lockWriter(_dir: string): Promise<void> {}

  async replaceFile(path: string, data: Uint8Array): Promise<void> {
    const tempPath = `${path}.tmp-${SIMULATED_PID}-${(this.tempCounter += 1)}`;
    this.step("open", tempPath);
    const { dir, name } = this.parentOf(path, "open");
    const tempName = posix.basename(tempPath);
    const file: FileNode = { kind: "file", data: new Uint8Array(), synced: new Uint8Array() };
    const fileId = this.add(file);
    change(dir, [[tempName, fileId]]);
    try {
      this.step("write", tempPath);
      file.data = data.slice();
      this.step("fsync", tempPath);
      file.synced = file.data;
      this.step("close", tempPath);
      this.step("rename", path);
      change(dir, [
        [name, fileId],
        [tempName, undefined],
      ]);
    } catch (error) {
      // Like NodeFileSystem: a live process removes its temp file; a dead one cannot.
      if (!(error instanceof ProcessCrashed)) change(dir, [[tempName, undefined]]);
      throw error;
    }
  }

  isTempFile(name: string): boolean {
    return TEMP_FILE_NAME.test(name);
  }

  async rename(from: string, to: string): Promise<void> {
    this.step("rename", from);
    const source = this.parentOf(from, "rename");
    const id = source.dir.entries.get(source.name);
    if (id === undefined) throw errnoError("ENOENT", "rename", from);
    const target = this.parentOf(to, "rename");
    if (target.dir === source.dir) {
      change(source.dir, [
        [target.name, id],
        [source.name, undefined],
      ]);
    } else {
      change(target.dir, [[target.name, id]]);
      change(source.dir, [[source.name, undefined]]);
    }
  }

  async unlink(path: string): Promise<void> {
    this.step("unlink", path);
    const { dir, name } = this.parentOf(path, "unlink");
    const id = dir.entries.get(name);
    if (id === undefined) throw errnoError("ENOENT", "unlink", path);
    if (this.nodes.get(id)?.kind === "dir") throw errnoError("EISDIR", "unlink", path);
    change(dir, [[name, undefined]]);
  }

  async syncDir(path: string): Promise<void> {
    this.step("syncDir", path);
    const dir = this.dirAt(path, "syncDir");
    dir.synced = new Map(dir.entries);
    dir.pending = [];
  }

  // ---- inspection for tests (not traced, never faulted) ----

  /** The text a reader would see now, or undefined when there is no such file. */
  text(path: string): string | undefined {
    const node = this.lookup(path);
    return node?.kind === "file" ? new TextDecoder().decode(node.data) : undefined;
  }

  /** Every file path on the disk, sorted. */
  files(): string[] {
    const out: string[] = [];
    const walk = (id: number, prefix: string): void => {
      const node = this.nodes.get(id);
      if (node?.kind !== "dir") return;
      for (const [name, child] of node.entries) {
        const path = `${prefix}/${name}`;
        if (this.nodes.get(child)?.kind === "file") out.push(path);
        else walk(child, path);
      }
    };
    walk(ROOT, "");
    return out.sort();
  }

  /** Writes a file and every missing parent, all durable: test setup outside the traced calls. */
  putDurable(path: string, content: string | Uint8Array): void {
    const parts = split(path);
    let dir = this.nodes.get(ROOT) as DirNode;
    for (const part of parts.slice(0, -1)) {
      let id = dir.entries.get(part);
      if (id === undefined) {
        id = this.add(emptyDir());
        dir.entries.set(part, id);
        dir.synced.set(part, id);
      }
      const next = this.nodes.get(id);
      if (next?.kind !== "dir") throw new Error(`${part} is not a directory`);
      dir = next;
    }
    const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content.slice();
    const id = this.add({ kind: "file", data: bytes, synced: bytes });
    dir.entries.set(parts.at(-1)!, id);
    dir.synced.set(parts.at(-1)!, id);
  }

  /**
   * Writes a file into the cache only, as a naive writer without fsync would (no durable bytes,
   * no durable entry): lets tests show what the fsyncs of a durable write protect against.
   */
  writeUnsynced(path: string, content: string): void {
    const { dir, name } = this.parentOf(path, "write");
    change(dir, [[name, this.add({ kind: "file", data: new TextEncoder().encode(content), synced: new Uint8Array() })]]);
  }

  // ---- internals ----

  private step(op: DiskOp, path: string): void {
    if (this.dead) throw new ProcessCrashed(this.calls.length);
    const call: DiskCall = { index: this.calls.length, op, path: normalise(path) };
    this.calls.push(call);
    if (this.options.crashAt !== undefined && call.index >= this.options.crashAt) {
      this.dead = true;
      throw new ProcessCrashed(call.index);
    }
    const code = this.options.fault?.(call);
    if (code !== undefined) throw errnoError(code, op, path);
  }

  private add(node: Node): number {
    const id = this.nextNode;
    this.nextNode += 1;
    this.nodes.set(id, node);
    return id;
  }

  private lookup(path: string): Node | undefined {
    let node: Node | undefined = this.nodes.get(ROOT);
    for (const part of split(path)) {
      if (node?.kind !== "dir") return undefined;
      const id = node.entries.get(part);
      node = id === undefined ? undefined : this.nodes.get(id);
    }
    return node;
  }

  private nodeAt(path: string, op: string): Node {
    const node = this.lookup(path);
    if (node === undefined) throw errnoError("ENOENT", op, path);
    return node;
  }

  private dirAt(path: string, op: string): DirNode {
    const node = this.nodeAt(path, op);
    if (node.kind !== "dir") throw errnoError("ENOTDIR", op, path);
    return node;
  }

  private parentOf(path: string, op: string): { dir: DirNode; name: string } {
    const parts = split(path);
    const name = parts.at(-1);
    if (name === undefined) throw errnoError("EINVAL", op, path);
    return { dir: this.dirAt(`/${parts.slice(0, -1).join("/")}`, op), name };
  }
}

const normalise = (path: string): string => posix.resolve("/", path);
const split = (path: string): string[] => normalise(path).split("/").filter((part) => part !== "");

const cloneNodes = (nodes: ReadonlyMap<number, Node>): Map<number, Node> =>
  new Map(
    [...nodes].map(([id, node]): [number, Node] => [
      id,
      node.kind === "file"
        ? { kind: "file", data: node.data, synced: node.synced }
        : { kind: "dir", entries: new Map(node.entries), synced: new Map(node.synced), pending: [...node.pending] },
    ]),
  );

const applyChange = (entries: Map<string, number>, entryChange: EntryChange): void => {
  for (const [name, id] of entryChange) {
    if (id === undefined) entries.delete(name);
    else entries.set(name, id);
  }
};

/** Applies a change now (what readers see) and remembers it until the directory is fsynced. */
const change = (dir: DirNode, entryChange: EntryChange): void => {
  applyChange(dir.entries, entryChange);
  dir.pending.push(entryChange);
};

/** A reproducible coin for a given seed. */
const seededCoin = (seed: number): (() => boolean) => {
  const next = seededWords(seed);
  return () => next() % 2 === 0;
};

/** Unsynced bytes after a power loss: the old or the new length, each sector old or new on its own. */
const tornBytes = (synced: Uint8Array, data: Uint8Array, coin: () => boolean): Uint8Array => {
  if (synced === data) return synced;
  const length = coin() ? data.byteLength : synced.byteLength;
  const out = new Uint8Array(length);
  for (let start = 0; start < length; start += SECTOR) {
    const source = coin() ? data : synced;
    out.set(source.subarray(start, Math.min(start + SECTOR, length)), start);
  }
  return out;
};
