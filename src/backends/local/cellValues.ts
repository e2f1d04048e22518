/**
 * DuckDB values and types → the engine-neutral CellValue and ColumnKind of a ResultSet.
 * Results must be plain JSON: integers beyond 2^53 become decimal strings, timestamps ISO-8601 text,
 * structs objects, lists arrays, maps objects, blobs base64.
 */
import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBArrayValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  DuckDBUnionValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { CellValue, ColumnKind } from '../../common/resultSet';

export function columnKind(type: DuckDBType): ColumnKind {
  if (type.alias?.toUpperCase() === 'JSON') return 'json';
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.TIME_NS:
    case DuckDBTypeId.INTERVAL:
    case DuckDBTypeId.BIT:
      return 'string';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return 'integer';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return 'number';
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.UNION:
      return 'struct';
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return 'list';
    case DuckDBTypeId.MAP:
      return 'map';
    case DuckDBTypeId.BLOB:
      return 'binary';
    default:
      return 'unknown';
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function integer(value: bigint): number | string {
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString();
}

/** ISO-8601 from microseconds since the epoch; `zone` adds the Z of an instant. */
function isoFromMicros(micros: bigint, zone: boolean): string {
  const millis = micros / 1000n;
  const date = new Date(Number(millis));
  if (Number.isNaN(date.getTime())) return micros.toString();
  const sub = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const base = date.toISOString().slice(0, 19);
  // Keep the precision the value has: whole seconds stay short, microseconds are not rounded away.
  const fraction = sub === 0n ? '' : sub % 1000n === 0n ? `.${String(sub / 1000n).padStart(3, '0')}` : `.${String(sub).padStart(6, '0')}`;
  return `${base}${fraction}${zone ? 'Z' : ''}`;
}

function isoTimestamp(value: DuckDBValue): string {
  if (value instanceof DuckDBTimestampTZValue) return value.isFinite ? isoFromMicros(value.micros, true) : value.toString();
  if (value instanceof DuckDBTimestampValue) return value.isFinite ? isoFromMicros(value.micros, false) : value.toString();
  if (value instanceof DuckDBTimestampMillisecondsValue) return isoFromMicros(value.millis * 1000n, false);
  if (value instanceof DuckDBTimestampSecondsValue) return isoFromMicros(value.seconds * 1_000_000n, false);
  if (value instanceof DuckDBTimestampNanosecondsValue) return isoFromMicros(value.nanos / 1000n, false);
  return String(value);
}

function mapKey(key: CellValue): string {
  return typeof key === 'string' ? key : JSON.stringify(key);
}

/** Converts one DuckDB value of the given column type. */
export function cellValue(value: DuckDBValue, type: DuckDBType): CellValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return integer(value);
  }
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) {
    const itemType = type.typeId === DuckDBTypeId.LIST || type.typeId === DuckDBTypeId.ARRAY ? type.valueType : type;
    return value.items.map((item) => cellValue(item, itemType));
  }
  if (value instanceof DuckDBStructValue) {
    const out: { [key: string]: CellValue } = {};
    for (const [name, entry] of Object.entries(value.entries)) {
      const entryType = type.typeId === DuckDBTypeId.STRUCT ? type.typeForEntry(name) : type;
      out[name] = cellValue(entry, entryType);
    }
    return out;
  }
  if (value instanceof DuckDBMapValue) {
    const out: { [key: string]: CellValue } = {};
    if (type.typeId === DuckDBTypeId.MAP) {
      for (const entry of value.entries) out[mapKey(cellValue(entry.key, type.keyType))] = cellValue(entry.value, type.valueType);
    }
    return out;
  }
  if (value instanceof DuckDBUnionValue) {
    const memberType = type.typeId === DuckDBTypeId.UNION ? type.memberTypeForTag(value.tag) : type;
    return cellValue(value.value, memberType);
  }
  if (value instanceof DuckDBDecimalValue) {
    // Up to 15 significant digits a double holds exactly; wider decimals keep their text.
    return value.width <= 15 ? value.toDouble() : value.toString();
  }
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes).toString('base64');
  if (value instanceof DuckDBDateValue) return value.toString();
  if (columnKind(type) === 'timestamp') return isoTimestamp(value);
  return String(value);
}
