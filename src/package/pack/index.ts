export { listPackFiles, type PackFileList, type PackFileListOptions } from './pack-file-list.js';
export { packFolder, type PackFolderOptions, type PackResult } from './pack-folder.js';
export { writeApkg, type WriteApkgOptions } from './write-apkg.js';
