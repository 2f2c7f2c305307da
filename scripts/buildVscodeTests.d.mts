// Types of buildVscodeTests.mjs, for the TypeScript tests that import it.
export const harnessFolderName: string;
export function buildVscodeTests(): Promise<{ testsPath: string; harnessDir: string }>;
