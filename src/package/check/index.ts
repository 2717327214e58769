export { checkFolder, envFileWarning, type FolderCheck } from './check-folder.js';
export { examinePackage, type ExamineOptions, type PackageExamination } from './examine-package.js';
export { folderContents, type PackageContents } from './folder-contents.js';
export type { PackageProblem } from './package-problem.js';
