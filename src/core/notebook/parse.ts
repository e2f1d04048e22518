import { AwsfxError } from '../errors';
import { findJsonError } from './jsonLocation';
import { migrate } from './migrate';
import { FORMAT_VERSION, sourceLines, type AwsfxNotebook, type JsonObject, type JsonValue } from './model';
import { validateCell, validateMetadata } from './validate';

/** A new, empty notebook: what an empty file opens as. */
export function emptyNotebook(): AwsfxNotebook {
  return { awsfx: FORMAT_VERSION, metadata: {}, cells: [] };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads an .awsfx file. Throws AwsfxError naming the problem; never returns a partial notebook, so a
 * caller cannot save over a file it failed to read.
 */
export function parseNotebook(content: Uint8Array | string): AwsfxNotebook {
  let text: string;
  try {
    text = typeof content === 'string' ? content : decoder.decode(content);
  } catch (cause) {
    throw new AwsfxError('notebook.notJson', 'This file is not UTF-8 text, so it is not an .awsfx notebook.', { cause });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A file created empty (New File in the Explorer) is a new notebook, not a broken one.
  if (text.trim() === '') return emptyNotebook();

  let raw: JsonValue;
  try {
    raw = JSON.parse(text) as JsonValue;
  } catch (cause) {
    throw jsonError(text, cause);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AwsfxError('notebook.invalid', `The top level of an .awsfx file is an object {"awsfx": 1, "metadata": {...}, "cells": [...]}; this file holds ${Array.isArray(raw) ? 'an array' : JSON.stringify(raw)}.`);
  }
  const doc = migrate(raw);
  if (doc.metadata === undefined) doc.metadata = {};
  validateMetadata(doc.metadata);
  if (!Array.isArray(doc.cells)) {
    throw new AwsfxError('notebook.invalid', doc.cells === undefined ? 'cells: missing (expected a list of cells, possibly empty).' : 'cells: expected a list of cells.', { subject: 'cells' });
  }
  const ids = new Set<string>();
  doc.cells.forEach((cell, i) => validateCell(cell, i, ids));
  for (const cell of doc.cells as JsonObject[]) {
    if (typeof cell.source === 'string') cell.source = sourceLines(cell.source);
  }
  return doc as unknown as AwsfxNotebook;
}

function jsonError(text: string, cause: unknown): AwsfxError {
  const located = findJsonError(text);
  if (!located) {
    return new AwsfxError('notebook.notJson', `This .awsfx file is not valid JSON (${cause instanceof Error ? cause.message : String(cause)}). The file was left unchanged.`, { cause });
  }
  const before = text.slice(0, located.offset);
  const line = before.split('\n').length;
  const column = located.offset - before.lastIndexOf('\n');
  const found = located.offset >= text.length ? 'the end of the file' : JSON.stringify(text.slice(located.offset, located.offset + 12));
  return new AwsfxError(
    'notebook.notJson',
    `This .awsfx file is not valid JSON at line ${line}, column ${column}: expected ${located.expected}, found ${found}. The file was left unchanged.`,
    { cause, range: { line, column } },
  );
}
