import { integerIn } from '../env-value.js';
import { envValue } from '../env-value.js';

/**
 * Limits on unpacking an `.apkg`. They bound what a hostile archive can cost (disk, inodes,
 * time) and are enforced on the bytes actually inflated, never on what the headers claim.
 */
export const archiveSettings = {
  MAX_PACKAGE_ENTRIES: envValue(
    {
      default: '20000',
      rule: 'integer 1-1000000: the most entries (files and folders) an archive may hold',
    },
    integerIn(1, 1_000_000, 20_000)
  ),
  MAX_EXTRACTED_SIZE_MB: envValue(
    { default: '1024', rule: 'integer 1-1048576 (MiB): the most bytes an archive may inflate to' },
    integerIn(1, 1_048_576, 1024)
  ),
  MAX_COMPRESSION_RATIO: envValue(
    {
      default: '200',
      rule: 'integer 1-100000: how many times its compressed size an entry may inflate to',
    },
    integerIn(1, 100_000, 200)
  ),
};
