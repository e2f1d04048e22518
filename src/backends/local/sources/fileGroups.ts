/**
 * Files read alike go through one DuckDB reader call: a call per file would bind thousands of times.
 * A folder whose files all belong to one group, with nothing a pattern would also pick up, is named
 * as `folder/*`: thousands of quoted paths made a 600 KB statement that took ~35 ms more to bind.
 *
 * DuckDB reads every path it is given as a file pattern, so `* ? [ ] { }` in a path (a Lambda log
 * stream is called `2024/05/13/[$LATEST]…`) are each put in a character class of their own: the
 * pattern then matches that one file and nothing else.
 */
import { join } from 'node:path';
import { quoteString } from '../../../core/sql';
import { readPathOf, type EvidenceFile, type PlainFolders } from './evidenceSource';

export interface FileGroup {
  /** A file of the group, standing for how all of them are read. */
  sample: EvidenceFile;
  files: EvidenceFile[];
  /** What the reader call is given: patterns each matching one file, or `folder/*`. */
  sources: string[];
}

/** How a file is read, as a key: files with equal keys share a reader call. */
export function readKey(file: EvidenceFile): string {
  const fields = file.fields ? fieldsKey(file.fields) : '';
  return `${file.type}\u0000${file.layout}\u0000${file.gzip}\u0000${file.lines}\u0000${file.header ?? ''}\u0000${fields}`;
}

function groupOf(groups: Map<string, Group>, file: EvidenceFile): Group {
  const key = readKey(file);
  let group = groups.get(key);
  if (!group) groups.set(key, (group = { sample: file, files: [], byFolder: new Map() }));
  return group;
}

/** Whether two files are read alike (equal read keys), without making the keys. */
function readAlike(a: EvidenceFile, b: EvidenceFile): boolean {
  return a.type === b.type && a.layout === b.layout && a.gzip === b.gzip && a.lines === b.lines && (a.header ?? '') === (b.header ?? '') && (a.fields === b.fields || (a.fields !== undefined && b.fields !== undefined && fieldsKey(a.fields) === fieldsKey(b.fields)));
}

/** Files sniffed alike share one fields array (evidenceMemory.ts), so its key is made once, not per file. */
const fieldKeys = new WeakMap<ReadonlyArray<string | undefined>, string>();

function fieldsKey(fields: ReadonlyArray<string | undefined>): string {
  let key = fieldKeys.get(fields);
  if (key === undefined) fieldKeys.set(fields, (key = fields.map((f) => f ?? '?').join(' ')));
  return key;
}

interface Group {
  sample: EvidenceFile;
  files: EvidenceFile[];
  /** Paths by folder, in the order met. */
  byFolder: Map<string, string[]>;
}

export function groupFiles(files: readonly EvidenceFile[], folders: PlainFolders): FileGroup[] {
  const groups = new Map<string, Group>();
  // Files come folder by folder, mostly read alike: the previous file's group and folder are tried
  // first, which spares making a key and two hash lookups per file (thousands per query).
  let previous: { file: EvidenceFile; group: Group; folder: string; paths: string[] } | undefined;
  for (const file of files) {
    const group = previous && readAlike(previous.file, file) ? previous.group : groupOf(groups, file);
    group.files.push(file);
    const path = readPathOf(file);
    const folder = file.readPath === undefined && file.folder !== undefined ? file.folder : folderOf(path);
    if (previous && previous.group === group && folder === previous.folder) {
      previous.paths.push(path);
      previous.file = file;
      continue;
    }
    let paths = group.byFolder.get(folder);
    if (paths) paths.push(path);
    else group.byFolder.set(folder, (paths = [path]));
    previous = { file, group, folder, paths };
  }
  return [...groups.values()].map(({ sample, files: members, byFolder }) => {
    const sources: string[] = [];
    for (const [folder, paths] of byFolder) {
      if (folders.get(folder) === paths.length) sources.push(join(literalPattern(folder), '*'));
      else sources.push(...paths.map(literalPattern));
    }
    return { sample, files: members, sources };
  });
}

/** Everything before the last separator (path.dirname normalises, which costs more). */
function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
}

/** One SELECT per group of files read alike, made one relation. */
export function eachGroup(files: readonly EvidenceFile[], folders: PlainFolders, branch: (group: FileGroup) => string): string {
  return unionAll(groupFiles(files, folders).map(branch));
}

export function unionAll(selects: readonly string[]): string {
  return selects.join('\nUNION ALL\n');
}

/** A reader's file list as SQL: a list of quoted literals. */
export function fileList(patterns: readonly string[]): string {
  return `[${patterns.map(quoteString).join(', ')}]`;
}

/** A pattern that matches exactly this path. */
export function literalPattern(path: string): string {
  return path.replace(/[*?[\]{}]/g, '[$&]');
}

/** The reader's file list for one file alone (a probe, a payload read). */
export function oneFile(file: EvidenceFile): string[] {
  return [literalPattern(readPathOf(file))];
}

/** Compression as the DuckDB readers spell it. */
export function compression(file: EvidenceFile): string {
  return file.gzip ? `compression = 'gzip'` : `compression = 'uncompressed'`;
}
