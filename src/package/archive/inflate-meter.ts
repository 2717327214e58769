import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { RuntimeError } from '../../errors/index.js';
import { ratioFloorBytes, type ArchiveLimits } from './archive-limits.js';

/**
 * Counts the bytes one entry really inflates to, as they pass, and stops the stream the moment
 * a limit is crossed. Headers are only claims: a header that says 100 bytes while the data
 * inflates to gigabytes is cut off here, long before the disk fills.
 */

/** Bytes inflated so far across the whole archive, shared by the meters of its entries. */
export interface InflateTally {
  extractedBytes: number;
}

export interface InflateMeterOptions {
  /** The entry name, for messages. */
  name: string;
  compressedBytes: number;
  /** What the header claims; compared with what arrived once the entry ends. */
  declaredBytes: number;
  declaredCrc32: number;
  limits: ArchiveLimits;
  tally: InflateTally;
}

export class InflateMeter extends Transform {
  private entryBytes = 0;
  private checksum = 0;

  constructor(private readonly options: InflateMeterOptions) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const { limits, tally, name, compressedBytes } = this.options;
    this.entryBytes += chunk.length;
    tally.extractedBytes += chunk.length;

    if (tally.extractedBytes > limits.maxExtractedBytes) {
      done(
        new RuntimeError(
          'PAR_ERR_ARCHIVE_TOO_LARGE',
          `expected the archive to inflate to at most ${limits.maxExtractedBytes} bytes ` +
            `(MAX_EXTRACTED_SIZE_MB), got more while inflating ${JSON.stringify(name)}`,
          { details: { entry: name, limitBytes: limits.maxExtractedBytes } }
        )
      );
      return;
    }
    const ratio = this.entryBytes / Math.max(compressedBytes, 1);
    if (this.entryBytes > ratioFloorBytes && ratio > limits.maxCompressionRatio) {
      done(ratioError(name, limits.maxCompressionRatio, compressedBytes, this.entryBytes));
      return;
    }

    this.checksum = crc32(chunk, this.checksum);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const { name, declaredBytes, declaredCrc32 } = this.options;
    if (this.entryBytes !== declaredBytes) {
      done(
        corrupt(name, `inflated to ${this.entryBytes} bytes, its header declares ${declaredBytes}`)
      );
      return;
    }
    if (this.checksum >>> 0 !== declaredCrc32 >>> 0) {
      done(corrupt(name, 'its CRC-32 does not match its data'));
      return;
    }
    done();
  }
}

/** The same ratio refusal, for headers that already declare a bomb (checked before inflating). */
export function ratioError(
  name: string,
  maxRatio: number,
  compressedBytes: number,
  inflatedBytes: number
): RuntimeError {
  return new RuntimeError(
    'PAR_ERR_ARCHIVE_RATIO',
    `expected ${JSON.stringify(name)} to inflate to at most ${maxRatio} times its ` +
      `${compressedBytes} compressed bytes (MAX_COMPRESSION_RATIO), got ${inflatedBytes} bytes`,
    { details: { entry: name, compressedBytes, inflatedBytes, maxRatio } }
  );
}

function corrupt(name: string, what: string): RuntimeError {
  return new RuntimeError(
    'PAR_ERR_ARCHIVE_CORRUPT',
    `expected entry ${JSON.stringify(name)} to match its header, but ${what}`,
    { details: { entry: name } }
  );
}
