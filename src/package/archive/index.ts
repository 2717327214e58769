export { defaultArchiveLimits, ratioFloorBytes, type ArchiveLimits } from './archive-limits.js';
export {
  extractArchive,
  type ExtractArchiveOptions,
  type ExtractedArchive,
} from './extract-archive.js';
export { safeEntryPath, type EntryPath } from './entry-path.js';
