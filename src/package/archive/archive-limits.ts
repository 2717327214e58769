/**
 * The limits an archive is unpacked under. Defaults match the documented defaults of the
 * MAX_* variables (docs/configuration.md); the runtime passes the configured values.
 */
export interface ArchiveLimits {
  /** The largest archive file accepted, in bytes (MAX_PACKAGE_SIZE_MB). */
  readonly maxPackageBytes: number;
  /** The most entries, files and folders together (MAX_PACKAGE_ENTRIES). */
  readonly maxEntries: number;
  /** The most bytes all entries may inflate to, counted as they inflate (MAX_EXTRACTED_SIZE_MB). */
  readonly maxExtractedBytes: number;
  /** How many times its compressed size one entry may inflate to (MAX_COMPRESSION_RATIO). */
  readonly maxCompressionRatio: number;
}

const megabyte = 1024 * 1024;

export const defaultArchiveLimits: ArchiveLimits = Object.freeze({
  maxPackageBytes: 100 * megabyte,
  maxEntries: 20_000,
  maxExtractedBytes: 1024 * megabyte,
  maxCompressionRatio: 200,
});

/**
 * The ratio is judged only once an entry has inflated past this many bytes: a small file of
 * spaces legitimately compresses 500:1, and it cannot hurt anyone.
 */
export const ratioFloorBytes = megabyte;
